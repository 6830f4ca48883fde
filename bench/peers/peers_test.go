package peers_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neardup/neardup"
	"github.com/neardup/neardup/bench/peers"
	"github.com/neardup/neardup/internal/pan"
	"github.com/neardup/neardup/report"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The passage the hand-made documents share: 19 words, 17 distinct
// 3-shingles; the edited copy changes the tenth word, and so 3 shingles.
const (
	passage  = "The harbour authority confirmed on Monday that the northern pier will close for repairs until the end of March."
	edited   = "The harbour authority confirmed on Monday that the northern dock will close for repairs until the end of March."
	unrelatA = "Local farmers expect a late harvest this year because the spring rains arrived three weeks after the usual time."
	unrelatB = "The city council approved a new budget for public libraries, adding evening hours at four branches across town."
	furnitur = "Share this story with your friends"
)

// handDocs are four articles: a passage, an edited copy of it (14 of 20
// shingles shared: Jaccard 0.70) and an exact copy,
// dated in that order, besides unrelated paragraphs and a short line of
// site furniture (under MinWords) in three of them.
func handDocs() []neardup.Document {
	return []neardup.Document{
		{ID: "d", Date: "2024-03-01", Source: "x", Text: furnitur + "\n\n" + unrelatB},
		{ID: "c", Date: "2024-01-03", Source: "y", Text: unrelatB + "\n\n" + passage + "\n\n" + furnitur},
		{ID: "a", Date: "2024-01-01", Source: "x", Text: passage + "\n\n" + unrelatA + "\n\n" + furnitur},
		{ID: "b", Date: "2024-01-02", Source: "z", Text: edited},
	}
}

// span finds the bytes of s in the text of the document with the given ID.
func span(t *testing.T, docs []neardup.Document, id, s string) pan.Span {
	t.Helper()
	for _, d := range docs {
		if d.ID == id {
			i := strings.Index(d.Text, s)
			require.GreaterOrEqual(t, i, 0, "%q not in %s", s, id)
			return pan.Span{Doc: id, Start: i, End: i + len(s)}
		}
	}
	t.Fatalf("no document %s", id)
	return pan.Span{}
}

type peer struct {
	name string
	run  func([]neardup.Document, peers.Config) (*peers.Result, error)
}

var allPeers = []peer{{"ekzhu", peers.Ekzhu}, {"dgryski", peers.Dgryski}}

func TestParagraphJob(t *testing.T) {
	docs := handDocs()
	for _, p := range allPeers {
		t.Run(p.name, func(t *testing.T) {
			r, err := p.run(docs, peers.DefaultConfig())
			require.NoError(t, err)
			// Two paragraphs each in c and a, one each in d and b; the
			// furniture lines are too short.
			require.Len(t, r.Paragraphs, 6)
			for _, para := range r.Paragraphs {
				assert.GreaterOrEqual(t, para.Words, 10)
			}
			// unrelatB stands in d and c: an exact pair, so a family too.
			require.Len(t, r.Families, 2)
			var got [][]pan.Span
			for _, f := range r.Families {
				var s []pan.Span
				for _, i := range f {
					para := r.Paragraphs[i]
					s = append(s, pan.Span{Doc: docs[para.Doc].ID, Start: para.Start, End: para.End})
				}
				got = append(got, s)
			}
			// Families come in order of their lowest paragraph (d's comes
			// first in the input), members in order of date.
			assert.Equal(t, [][]pan.Span{
				{span(t, docs, "c", unrelatB), span(t, docs, "d", unrelatB)},
				{span(t, docs, "a", passage), span(t, docs, "b", edited), span(t, docs, "c", passage)},
			}, got)
			assert.Equal(t, []pan.Case{
				{A: span(t, docs, "c", unrelatB), B: span(t, docs, "d", unrelatB)},
				{A: span(t, docs, "a", passage), B: span(t, docs, "b", edited)},
				{A: span(t, docs, "a", passage), B: span(t, docs, "c", passage)},
			}, r.Cases(docs))
			assert.GreaterOrEqual(t, r.Candidates, r.Verified)
			assert.Equal(t, 4, r.Verified, "a-b, a-c, b-c and c-d")
		})
	}
}

func TestThresholdVerified(t *testing.T) {
	// At threshold 0.8 the edited copy (Jaccard 0.71) must be left out
	// even where the LSH proposes it.
	docs := handDocs()
	cfg := peers.DefaultConfig()
	cfg.Threshold = 0.8
	for _, p := range allPeers {
		r, err := p.run(docs, cfg)
		require.NoError(t, err, p.name)
		assert.Equal(t, []pan.Case{
			{A: span(t, docs, "c", unrelatB), B: span(t, docs, "d", unrelatB)},
			{A: span(t, docs, "a", passage), B: span(t, docs, "c", passage)},
		}, r.Cases(docs), p.name)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, change := range []func(*peers.Config){
		func(c *peers.Config) { c.Hashes = 0 },
		func(c *peers.Config) { c.Threshold = 0 },
		func(c *peers.Config) { c.Threshold = 1.5 },
		func(c *peers.Config) { c.Shingle = 0 },
		func(c *peers.Config) { c.MinWords = 0 },
		func(c *peers.Config) { c.Workers = -1 },
	} {
		cfg := peers.DefaultConfig()
		change(&cfg)
		for _, p := range allPeers {
			_, err := p.run(handDocs(), cfg)
			assert.True(t, errors.Is(err, peers.ErrConfig), "%s %+v: %v", p.name, cfg, err)
		}
	}
	_, err := peers.NewBandIndex(0, 4)
	assert.ErrorIs(t, err, peers.ErrConfig)
}

func TestBadDate(t *testing.T) {
	docs := handDocs()
	docs[0].Date = "March 2024"
	for _, p := range allPeers {
		_, err := p.run(docs, peers.DefaultConfig())
		assert.ErrorIs(t, err, neardup.ErrBadDate, p.name)
		assert.ErrorContains(t, err, `"d"`, p.name)
	}
}

func TestBandIndex(t *testing.T) {
	ix, err := peers.NewBandIndex(2, 4)
	require.NoError(t, err)
	s0 := []uint64{1, 2, 3, 4, 5, 6, 7, 8}
	ix.Add(s0)                                       // 0
	ix.Add([]uint64{1, 2, 3, 4, 50, 60, 70, 80})     // 1: first band as 0's
	ix.Add([]uint64{9, 9, 9, 9, 9, 9, 9, 9})         // 2: nothing shared
	ix.Add(s0)                                       // 3: all of 0
	ix.Add([]uint64{1, 2, 3, 40, 5, 6, 7, 80})       // 4: no whole band shared
	ix.Add([]uint64{10, 20, 30, 40, 50, 60, 70, 80}) // 5: second band as 1's
	assert.Equal(t, [][2]int{{0, 1}, {0, 3}, {1, 3}, {1, 5}}, ix.Pairs())
}

func TestGeneratedCorpus(t *testing.T) {
	size := 1 << 20
	if testing.Short() {
		size = 512 << 10
	}
	docs, truth, err := peers.Generate(2, size)
	require.NoError(t, err)
	exact := 0
	for _, c := range truth {
		if c.Label == "exact" {
			exact++
		}
	}
	require.Positive(t, exact, "the corpus has a copy without edits")
	for _, p := range allPeers {
		t.Run(p.name, func(t *testing.T) {
			r, err := p.run(docs, peers.DefaultConfig())
			require.NoError(t, err)
			det := r.Cases(docs)
			s := pan.Measure(pan.Cases(truth), det)
			t.Logf("recall %.3f precision %.3f granularity %.3f over %d cases", s.Recall, s.Precision, s.Granularity, s.Cases)
			// A passage copied unchanged is the paragraph job's easy case:
			// each of its paragraphs is found whole.
			for i, rec := range pan.CaseRecalls(pan.Cases(truth), det) {
				if truth[i].Label == "exact" {
					assert.GreaterOrEqual(t, rec, 0.95, "exact copy %+v", truth[i].Case)
				}
			}
			assert.GreaterOrEqual(t, s.Recall, 0.5)

			// The result does not depend on the order of the documents or
			// the number of workers.
			shuffled := slices.Clone(docs)
			rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			cfg := peers.DefaultConfig()
			cfg.Workers = 1
			r1, err := p.run(shuffled, cfg)
			require.NoError(t, err)
			assert.ElementsMatch(t, det, r1.Cases(shuffled))
			cfg.Workers = 3
			r3, err := p.run(docs, cfg)
			require.NoError(t, err)
			assert.Equal(t, r, r3)
		})
	}
}

func TestNeardupCases(t *testing.T) {
	r := &report.Report{Clusters: []report.Cluster{
		{Kind: report.KindBoilerplate, Passages: []report.Passage{{Doc: "a", Start: 0, End: 5}, {Doc: "b", Start: 0, End: 5}}},
		{Kind: report.KindReuse, Passages: []report.Passage{
			{Doc: "a", Start: 10, End: 50, CanonicalStart: 10, CanonicalEnd: 50},
			{Doc: "a", Start: 60, End: 90, CanonicalStart: 10, CanonicalEnd: 40},
			{Doc: "c", Start: 5, End: 25, CanonicalStart: 20, CanonicalEnd: 40},
		}},
	}}
	// The boilerplate family and the copy in the origin's own document
	// are left out; the origin side is the part the copy reproduces.
	assert.Equal(t, []pan.Case{{A: pan.Span{Doc: "a", Start: 20, End: 40}, B: pan.Span{Doc: "c", Start: 5, End: 25}}}, peers.NeardupCases(r))
}

func TestMeasure(t *testing.T) {
	docs, truth, err := peers.Generate(2, 256<<10)
	require.NoError(t, err)
	require.NotEmpty(t, truth)
	tab, err := peers.Measure(context.Background(), docs, truth, peers.Contenders(peers.DefaultConfig(), neardup.Options{}), 1, 0)
	require.NoError(t, err)
	require.Len(t, tab.Rows, 5)
	assert.Equal(t, peers.TextBytes(docs), tab.Bytes)
	for _, r := range tab.Rows {
		assert.Equal(t, 1, r.Runs, r.Name)
		assert.Positive(t, r.Time, r.Name)
		if r.Floor {
			assert.Zero(t, r.Scores.Recall, r.Name)
			assert.Nil(t, r.ByLabel, r.Name)
		} else {
			assert.Positive(t, r.Scores.Recall, r.Name)
			assert.Positive(t, r.Alloc, r.Name)
			if runtime.GOOS == "linux" {
				assert.GreaterOrEqual(t, r.CPU, 10*time.Microsecond, r.Name)
				assert.LessOrEqual(t, r.SystemCPU, r.CPU, r.Name)
			}
			assert.Equal(t, len(truth), r.Scores.Cases, r.Name)
		}
	}
	var b strings.Builder
	require.NoError(t, tab.WriteMarkdown(&b))
	out := b.String()
	t.Log("\n" + out)
	for _, want := range []string{
		"| tool | time | CPU time | of it, system | MB/s |",
		"\n| neardup | ",
		"\n| ekzhu/minhash-lsh | ",
		"\n| dgryski/go-minhash + band index | ",
		"\n| floor: xxhash | ",
		"- neardup vs ekzhu/minhash-lsh: ",
		"- neardup vs the floor (floor: xxhash + floor: strings.FieldsSeq, ",
	} {
		assert.Contains(t, out, want)
	}
	for _, c := range truth {
		assert.Contains(t, out, "\n| "+c.Label+" | ", "recall of %s copies", c.Label)
	}
	// The header, its rule and the five rows have the same cells.
	header := strings.Count(strings.SplitN(out, "\n", 2)[0], "|")
	for _, line := range strings.Split(out, "\n")[1:7] {
		assert.Equal(t, header, strings.Count(line, "|"), line)
	}
}

// Ratios are taken round by round: a slow round slows every contender in
// it, and the ratios stay put.
func TestRoundRatios(t *testing.T) {
	ms := func(xs ...int) []time.Duration {
		var d []time.Duration
		for _, x := range xs {
			d = append(d, time.Duration(x)*time.Millisecond)
		}
		return d
	}
	tab := &peers.Table{Rows: []peers.Row{
		{Name: peers.NameNeardup, Rounds: ms(100, 200, 110)},
		{Name: peers.NameEkzhu, Rounds: ms(2000, 4400, 2200)},
		{Name: peers.NameXXHash, Floor: true, Rounds: ms(2, 4, 2)},
		{Name: peers.NameWordSplit, Floor: true, Rounds: ms(48, 96, 53)},
	}}
	assert.InDeltaSlice(t, []float64{20, 20, 22}, tab.RoundRatios(peers.NameEkzhu), 1e-9)
	assert.InDeltaSlice(t, []float64{110.0 / 55, 2, 2}, tab.RoundRatios(peers.FloorName), 1e-9)
	assert.Nil(t, tab.RoundRatios(peers.NameDgryski), "no such row")
	short := *tab
	short.Rows = append([]peers.Row{{Name: peers.NameDgryski, Rounds: ms(700)}}, tab.Rows...)
	assert.Nil(t, short.RoundRatios(peers.NameDgryski), "fewer rounds than neardup's")
	var b strings.Builder
	tab.Rows[0].Time, tab.Rows[1].Time, tab.Rows[2].Time, tab.Rows[3].Time = 110*time.Millisecond, 2200*time.Millisecond, 2*time.Millisecond, 53*time.Millisecond
	require.NoError(t, tab.WriteMarkdown(&b))
	assert.Contains(t, b.String(), "round by round 20.0× faster (median of 3 rounds; 20.0-22.0×)")
	assert.Contains(t, b.String(), "round by round 2.0× the floor's time (median of 3 rounds; 2.0-2.0×)")
}
