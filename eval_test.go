package neardup_test

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/neardup/neardup"
	"github.com/neardup/neardup/internal/corpus"
	"github.com/neardup/neardup/internal/pan"
	"github.com/neardup/neardup/report"
	"github.com/stretchr/testify/require"
)

// generated runs the pipeline on a generated corpus and returns the corpus
// with its report.
func generated(t testing.TB, seed uint64, bytes int, o neardup.Options) (*corpus.Corpus, *report.Report) {
	t.Helper()
	cfg := corpus.DefaultConfig()
	cfg.Seed = seed
	cfg.Bytes = bytes
	c, err := corpus.Generate(cfg)
	require.NoError(t, err)
	docs := make([]neardup.Document, len(c.Docs))
	for i, d := range c.Docs {
		docs[i] = neardup.Document{ID: d.ID, Text: d.Text, Title: d.Title, Source: d.Source, Date: d.Date, URL: d.URL}
	}
	r, err := neardup.Run(context.Background(), docs, o)
	require.NoError(t, err)
	return c, r
}

func TestGeneratedReuse(t *testing.T) {
	size := 4 << 20
	if testing.Short() {
		size = 1 << 20
	}
	c, r := generated(t, 7, size, neardup.Options{})
	truth := c.Cases(corpus.KindReuse, corpus.EditRewrite)
	require.NotEmpty(t, truth)
	det := pan.ReportCases(r)
	s := pan.Measure(pan.Cases(truth), det)
	t.Logf("recall %.3f precision %.3f granularity %.3f plagdet %.3f (%d cases, %d detections)",
		s.Recall, s.Precision, s.Granularity, s.Plagdet, s.Cases, s.Detections)
	byLabel := pan.RecallByLabel(truth, det)
	for _, l := range slices.Sorted(maps.Keys(byLabel)) {
		t.Logf("  recall %-14s %.3f", l, byLabel[l])
	}
	for l, v := range byLabel {
		require.GreaterOrEqual(t, v, 0.9, "recall of %s copies", l)
	}
	require.GreaterOrEqual(t, s.Recall, 0.93)
	require.GreaterOrEqual(t, s.Precision, 0.9)
	require.LessOrEqual(t, s.Granularity, 1.1)

	// No chaining: the largest family found is no larger than the largest
	// true one (plus slack for a copy's boilerplate neighbour).
	largestTrue := 0
	for _, f := range c.Families {
		if f.Kind == corpus.KindReuse {
			largestTrue = max(largestTrue, len(f.Occurrences))
		}
	}
	largest := 0
	for _, cl := range r.Clusters {
		if cl.Kind == report.KindReuse {
			largest = max(largest, cl.Documents)
		}
	}
	t.Logf("largest family: %d documents (largest true: %d)", largest, largestTrue)
	require.LessOrEqual(t, largest, largestTrue)
}

// TestGeneratedBoilerplate checks that outlets' site furniture is reported
// as boilerplate and never as reuse.
func TestGeneratedBoilerplate(t *testing.T) {
	c, r := generated(t, 11, 1<<20, neardup.Options{})
	inReuse := func(doc string, s, e int) bool {
		for _, cl := range r.Clusters {
			if cl.Kind != report.KindReuse {
				continue
			}
			for _, p := range cl.Passages {
				if p.Doc == doc && p.Start <= s && e <= p.End {
					return true
				}
			}
		}
		return false
	}
	isBoilerplate := func(doc string, s, e int) bool {
		for _, cl := range r.Clusters {
			if cl.Kind != report.KindBoilerplate {
				continue
			}
			for _, p := range cl.Passages {
				if p.Doc == doc && 2*(min(e, p.End)-max(s, p.Start)) >= e-s {
					return true
				}
			}
		}
		return false
	}
	total, marked, asReuse := 0, 0, 0
	for _, f := range c.Families {
		if f.Kind != corpus.KindBoilerplate {
			continue
		}
		for _, o := range f.Occurrences {
			total++
			if isBoilerplate(o.Doc, o.Start, o.End) {
				marked++
			}
			if inReuse(o.Doc, o.Start, o.End) {
				asReuse++
			}
		}
	}
	t.Logf("boilerplate lines: %d, marked boilerplate: %d, inside reuse passages: %d", total, marked, asReuse)
	require.Positive(t, total)
	require.GreaterOrEqual(t, float64(marked), 0.9*float64(total))
	require.LessOrEqual(t, float64(asReuse), 0.02*float64(total))
}

// TestDefaultHashesLoseNothing backs the default signature length: windows
// are short and a copy spans several, so the default must find what a
// signature of 64 values finds (within a point of recall), on corpora of
// two seeds.
func TestDefaultHashesLoseNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline four times")
	}
	require.Less(t, neardup.DefaultOptions().Hashes, 64)
	for _, seed := range []uint64{7, 8} {
		var recall [2]float64
		for i, h := range []int{0, 64} {
			c, r := generated(t, seed, 4<<20, neardup.Options{Hashes: h})
			s := pan.Measure(pan.Cases(c.Cases(corpus.KindReuse, corpus.EditRewrite)), pan.ReportCases(r))
			recall[i] = s.Recall
			require.GreaterOrEqual(t, s.Precision, 0.9, "seed %d, hashes %d", seed, r.Params.Hashes)
		}
		t.Logf("seed %d: recall %.3f at the default, %.3f at 64", seed, recall[0], recall[1])
		require.GreaterOrEqual(t, recall[0], recall[1]-0.01, "seed %d", seed)
	}
}
