package corpus

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/neardup/neardup/internal/pan"
)

// shared is a 6 MB corpus (about 1200 articles) most tests inspect.
var shared = sync.OnceValues(func() (*Corpus, error) {
	cfg := DefaultConfig()
	cfg.Bytes = 6 << 20
	return Generate(cfg)
})

func sharedCorpus(t *testing.T) *Corpus {
	t.Helper()
	c, err := shared()
	require.NoError(t, err)
	return c
}

func TestValidate(t *testing.T) {
	require.NoError(t, DefaultConfig().Validate())
	for name, mod := range map[string]func(*Config){
		"Bytes":           func(c *Config) { c.Bytes = 0 },
		"Outlets":         func(c *Config) { c.Outlets = 0 },
		"Topics":          func(c *Config) { c.Topics = -1 },
		"ReuseRate":       func(c *Config) { c.ReuseRate = 1.5 },
		"ReuseRateNaN":    func(c *Config) { c.ReuseRate = zero / zero },
		"MaxCopies":       func(c *Config) { c.MaxCopies = 0 },
		"BoilerplateRate": func(c *Config) { c.BoilerplateRate = -0.1 },
		"MinWords":        func(c *Config) { c.MinWords = 10 },
		"MaxWords":        func(c *Config) { c.MaxWords = c.MinWords - 1 },
		"Start":           func(c *Config) { c.Start = time.Time{} },
		"Days":            func(c *Config) { c.Days = 0 },
	} {
		cfg := DefaultConfig()
		mod(&cfg)
		err := cfg.Validate()
		require.ErrorIs(t, err, ErrConfig, name)
		assert.Contains(t, err.Error(), strings.TrimSuffix(name, "NaN"), name)
		_, err = Generate(cfg)
		assert.ErrorIs(t, err, ErrConfig, name)
	}
}

var zero float64

func small(seed uint64) Config {
	cfg := DefaultConfig()
	cfg.Seed = seed
	cfg.Bytes = 400 << 10
	return cfg
}

func TestDeterministic(t *testing.T) {
	a, err := Generate(small(7))
	require.NoError(t, err)
	b, err := Generate(small(7))
	require.NoError(t, err)
	require.Equal(t, a.Docs, b.Docs)
	require.Equal(t, a.Families, b.Families)

	c, err := Generate(small(8))
	require.NoError(t, err)
	assert.NotEqual(t, a.Docs[0].Text, c.Docs[0].Text)
	assert.NotEqual(t, a.Docs[0].Source, c.Docs[0].Source)

	// Streaming without ground truth gives the same documents.
	var streamed []Doc
	require.NoError(t, Stream(small(7), func(d Doc) error {
		streamed = append(streamed, d)
		return nil
	}, nil))
	require.Equal(t, a.Docs, streamed)
}

func TestDocsIterator(t *testing.T) {
	want, err := Generate(small(3))
	require.NoError(t, err)
	var got []Doc
	for d, err := range Docs(small(3)) {
		require.NoError(t, err)
		got = append(got, d)
	}
	require.Equal(t, want.Docs, got)

	n := 0
	for range Docs(small(3)) {
		n++
		if n == 5 {
			break
		}
	}
	assert.Equal(t, 5, n)

	bad := small(3)
	bad.Outlets = 0
	for _, err := range Docs(bad) {
		assert.ErrorIs(t, err, ErrConfig)
	}
}

func TestStreamStopsOnError(t *testing.T) {
	boom := errors.New("boom")
	n := 0
	err := Stream(small(1), func(Doc) error {
		n++
		if n == 3 {
			return boom
		}
		return nil
	}, nil)
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, 3, n)

	err = Stream(small(1), func(Doc) error { return nil }, func(Family) error { return boom })
	assert.ErrorIs(t, err, boom)
}

func TestSize(t *testing.T) {
	for _, size := range []int{1, 50 << 10, 1 << 20} {
		cfg := DefaultConfig()
		cfg.Bytes = size
		total := 0
		require.NoError(t, Stream(cfg, func(d Doc) error {
			total += len(d.Text)
			return nil
		}, nil))
		assert.GreaterOrEqual(t, total, size)
		// Less than one article over; the longest is about 1500 words.
		assert.Less(t, total, size+16<<10, "size %d", size)
	}
}

var (
	idRE   = regexp.MustCompile(`^outlet-\d{2}/\d{6}$`)
	dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

func TestDocFields(t *testing.T) {
	c := sharedCorpus(t)
	ids := make(map[string]bool)
	urls := make(map[string]bool)
	lastSeq := make(map[string]string)
	prevDate := ""
	for _, d := range c.Docs {
		require.Regexp(t, idRE, d.ID)
		require.False(t, ids[d.ID], "duplicate id %s", d.ID)
		ids[d.ID] = true
		require.False(t, urls[d.URL], "duplicate url %s", d.URL)
		urls[d.URL] = true
		outlet := d.ID[:strings.IndexByte(d.ID, '/')]
		assert.Less(t, lastSeq[outlet], d.ID, "ids of an outlet sort in order of generation")
		lastSeq[outlet] = d.ID
		require.Regexp(t, dateRE, d.Date)
		assert.GreaterOrEqual(t, d.Date, prevDate, "documents come in order of date")
		prevDate = d.Date
		assert.NotEmpty(t, d.Title)
		assert.NotEmpty(t, d.Source)
		assert.NotEmpty(t, d.Topic)
		assert.True(t, strings.HasPrefix(d.URL, "https://www."), d.URL)
		assert.Contains(t, d.Text, d.Title)
		got, ok := c.Doc(d.ID)
		require.True(t, ok)
		assert.Equal(t, d, got)
	}
	_, ok := c.Doc("no-such-doc")
	assert.False(t, ok)
	// Each outlet has one source name.
	names := make(map[string]string)
	for _, d := range c.Docs {
		outlet := d.ID[:strings.IndexByte(d.ID, '/')]
		if n, ok := names[outlet]; ok {
			assert.Equal(t, n, d.Source)
		}
		names[outlet] = d.Source
	}
	assert.Len(t, names, DefaultConfig().Outlets)
}

func TestTextShape(t *testing.T) {
	c := sharedCorpus(t)
	for _, d := range c.Docs[:50] {
		assert.True(t, strings.HasSuffix(d.Text, "\n"))
		assert.NotContains(t, d.Text, "\n\n\n")
		assert.NotContains(t, d.Text, "  ", "double space in %s", d.ID)
		paras := strings.Split(d.Text, "\n\n")
		assert.Greater(t, len(paras), 4)
		words := len(strings.Fields(d.Text))
		assert.GreaterOrEqual(t, words, 300)
		assert.LessOrEqual(t, words, 2200)
	}
	all := ""
	for _, d := range c.Docs[:100] {
		all += d.Text
	}
	// Quotes, numbers with separators, decimals, money and dashes appear.
	for _, s := range []string{"“", "”", "’s", " percent", "$", " — ", "–", "according to"} {
		assert.Contains(t, all, s)
	}
	assert.Regexp(t, `\d,\d{3} `, all)
	assert.Regexp(t, `(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}`, all)
}

// TestSentenceLengths writes sentences with the grammar directly and
// checks their length in words.
func TestSentenceLengths(t *testing.T) {
	g := newGen(DefaultConfig(), nil)
	g.st = curly
	hist := make(map[int]int)
	for range 5000 {
		g.buf, g.words = g.buf[:0], 0
		target := g.sentenceTarget()
		g.sentence(&g.topics[0], target)
		n := 0
		for _, w := range strings.Fields(string(g.buf)) {
			if strings.ContainsAny(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") {
				n++ // a dash is not a word
			}
		}
		hist[n]++
		require.GreaterOrEqual(t, n, 8, "%q", g.buf)
		require.LessOrEqual(t, n, 35, "%q", g.buf)
		last := string(g.buf[len(g.buf)-1:])
		require.True(t, last == "." || strings.HasSuffix(string(g.buf), ".”"), "%q", g.buf)
		require.True(t, g.buf[0] >= 'A' && g.buf[0] <= 'Z' || strings.HasPrefix(string(g.buf), "“"), "%q", g.buf)
	}
	// Lengths spread over the range rather than bunching at one value.
	assert.Greater(t, len(hist), 20)
}

func familyDoc(t *testing.T, c *Corpus, id string) Doc {
	t.Helper()
	d, ok := c.Doc(id)
	require.True(t, ok, "family names unknown doc %s", id)
	return d
}

// plain undoes typography: straight quotes, hyphens, single spaces.
var plainer = strings.NewReplacer("“", `"`, "”", `"`, "’", "'", " — ", " - ", "–", "-", "\u00a0", " ")

func plain(s string) string {
	return strings.Join(strings.Fields(plainer.Replace(strings.Join(strings.Fields(s), " "))), " ")
}

func isSubsequence(short, long []string) bool {
	i := 0
	for _, w := range long {
		if i < len(short) && short[i] == w {
			i++
		}
	}
	return i == len(short)
}

func wordDiff(a, b []string) int {
	n := 0
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			n++
		}
	}
	return n + max(len(a), len(b)) - min(len(a), len(b))
}

func sortedCopy(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// TestReuseOffsets checks every occurrence of every reuse family: its span
// lies in its document, the origin's span is a run of whole sentences, and
// each copy differs from the origin exactly as its edit label says.
func TestReuseOffsets(t *testing.T) {
	assert.Greater(t, checkReuse(t, sharedCorpus(t)), 50)
	for seed := uint64(100); seed < 106; seed++ {
		cfg := small(seed)
		cfg.Bytes = 1 << 20
		cfg.ReuseRate = 0.4
		c, err := Generate(cfg)
		require.NoError(t, err)
		assert.Greater(t, checkReuse(t, c), 20)
	}
}

// checkReuse checks the reuse families of c and returns how many there are.
func checkReuse(t *testing.T, c *Corpus) int {
	t.Helper()
	n := 0
	for _, f := range c.Families {
		if f.Kind != KindReuse {
			continue
		}
		n++
		require.GreaterOrEqual(t, len(f.Occurrences), 2)
		o := f.Occurrences[0]
		require.Equal(t, f.Origin, o.Doc)
		require.Empty(t, o.Edit)
		od := familyDoc(t, c, o.Doc)
		require.True(t, 0 <= o.Start && o.Start < o.End && o.End <= len(od.Text))
		require.Equal(t, o.Start, o.SrcStart)
		require.Equal(t, o.End, o.SrcEnd)
		orig := od.Text[o.Start:o.End]
		// The origin's passage starts a sentence and ends one.
		require.True(t, o.Start == 0 || od.Text[o.Start-1] == ' ' || od.Text[o.Start-1] == '\n', "%q", orig)
		require.Regexp(t, `^(“|"|[A-Z])`, orig)
		require.Regexp(t, `(\.|\.”|\.")$`, orig)
		require.GreaterOrEqual(t, len(strings.Fields(orig)), 40)
		ow := strings.Fields(orig)
		for _, cp := range f.Occurrences[1:] {
			cd := familyDoc(t, c, cp.Doc)
			require.True(t, 0 <= cp.Start && cp.Start < cp.End && cp.End <= len(cd.Text))
			require.Greater(t, cd.Date, od.Date, "copies are dated after the origin")
			require.True(t, o.Start <= cp.SrcStart && cp.SrcStart < cp.SrcEnd && cp.SrcEnd <= o.End)
			src := od.Text[cp.SrcStart:cp.SrcEnd]
			sw := strings.Fields(src)
			txt := cd.Text[cp.Start:cp.End]
			cw := strings.Fields(txt)
			edit := PrimaryEdit(cp.Edit)
			require.Contains(t, Edits, edit)
			typo := strings.HasSuffix(cp.Edit, "+"+EditTypo)
			msg := fmt.Sprintf("%s in %s:\norigin: %q\ncopy:   %q", cp.Edit, cp.Doc, src, txt)
			if typo {
				// A typo changes one or two words and nothing else.
				require.Equal(t, len(cw), len(wordsAfter(edit, sw, cw)), msg)
				continue
			}
			switch edit {
			case EditExact:
				require.Equal(t, orig, txt, msg)
			case EditEmbed:
				require.Equal(t, orig, txt, msg)
				// New text of the same paragraph on both sides.
				require.True(t, cp.Start >= 2 && cd.Text[cp.Start-1] == ' ' && cd.Text[cp.Start-2] != '\n', msg)
				require.True(t, cp.End+1 < len(cd.Text) && cd.Text[cp.End] == ' ', msg)
			case EditSubstitute:
				require.Equal(t, len(ow), len(cw), msg)
				d := wordDiff(ow, cw)
				require.True(t, d >= 1 && d <= 5, msg)
			case EditDelete:
				d := len(ow) - len(cw)
				require.True(t, d >= 1 && d <= 4, msg)
				require.True(t, isSubsequence(cw, ow), msg)
			case EditDropSentence:
				require.Less(t, len(cw), len(ow), msg)
				require.True(t, isSubsequence(cw, sw), msg)
				require.Equal(t, sw[0], cw[0], msg)
				require.Equal(t, sw[len(sw)-1], cw[len(cw)-1], msg)
			case EditAddSentence:
				require.GreaterOrEqual(t, len(cw)-len(ow), 8, msg)
				require.True(t, isSubsequence(ow, cw), msg)
				require.Equal(t, ow[0], cw[0], msg)
				require.Equal(t, ow[len(ow)-1], cw[len(cw)-1], msg, "the added sentence is inside")
			case EditTruncate:
				require.Equal(t, src, txt, msg)
				require.Less(t, len(txt), len(orig), msg)
				require.True(t, strings.HasPrefix(orig, txt), msg)
			case EditSplit:
				require.Equal(t, ow, cw, msg)
				require.Equal(t, strings.Count(orig, "\n\n")+1, strings.Count(txt, "\n\n"), msg)
			case EditMerge:
				require.Equal(t, ow, cw, msg)
				require.Equal(t, strings.Count(orig, "\n\n")-1, strings.Count(txt, "\n\n"), msg)
			case EditReorder:
				require.NotEqual(t, ow, cw, msg)
				require.Equal(t, sortedCopy(ow), sortedCopy(cw), msg)
			case EditTypography:
				require.NotEqual(t, orig, txt, msg)
				require.Equal(t, plain(orig), plain(txt), msg)
			case EditRewrite:
				require.Equal(t, len(ow), len(cw), msg)
				require.Greater(t, wordDiff(ow, cw), len(ow)/2, msg)
			}
		}
	}
	return n
}

// wordsAfter returns what the copy's words should number given the
// primary edit, for copies that also carry a typo (which keeps the count).
func wordsAfter(edit string, src, cp []string) []string {
	switch edit {
	case EditSplit, EditMerge, EditReorder, EditSubstitute, EditEmbed:
		return src
	}
	return cp // the other edits change the count: nothing to compare
}

func TestEveryEditAppears(t *testing.T) {
	c := sharedCorpus(t)
	count := make(map[string]int)
	for _, f := range c.Families {
		for _, o := range f.Occurrences[1:] {
			if f.Kind == KindReuse {
				count[PrimaryEdit(o.Edit)]++
				if strings.HasSuffix(o.Edit, "+typo") {
					count["+typo"]++
				}
			}
		}
	}
	for _, e := range Edits {
		assert.Greater(t, count[e], 2, "edit %s appears %d times", e, count[e])
	}
	assert.Positive(t, count["+typo"])
	t.Logf("edits: %v", count)
}

func TestReuseRate(t *testing.T) {
	c := sharedCorpus(t)
	copies := make(map[string]bool)
	origins := make(map[string]bool)
	for _, f := range c.Families {
		if f.Kind != KindReuse {
			continue
		}
		origins[f.Origin] = true
		for _, o := range f.Occurrences[1:] {
			require.False(t, copies[o.Doc], "a document carries at most one copy")
			copies[o.Doc] = true
		}
	}
	rate := float64(len(copies)) / float64(len(c.Docs))
	assert.InDelta(t, DefaultConfig().ReuseRate, rate, 0.05, "share of articles carrying a copy")
	for id := range origins {
		assert.False(t, copies[id], "an origin article copies nothing")
	}
	// Most copies cross outlets.
	cross, all := 0, 0
	for _, f := range c.Families {
		if f.Kind == KindReuse {
			src := familyDoc(t, c, f.Origin).Source
			for _, o := range f.Occurrences[1:] {
				all++
				if familyDoc(t, c, o.Doc).Source != src {
					cross++
				}
			}
		}
	}
	assert.Greater(t, float64(cross)/float64(all), 0.8)
}

func TestBoilerplate(t *testing.T) {
	c := sharedCorpus(t)
	perOutlet := make(map[string]int)
	for _, d := range c.Docs {
		perOutlet[d.Source]++
	}
	outlets := make(map[string]bool)
	for _, f := range c.Families {
		if f.Kind != KindBoilerplate {
			continue
		}
		o := f.Occurrences[0]
		require.Equal(t, f.Origin, o.Doc)
		src := familyDoc(t, c, o.Doc).Source
		outlets[src] = true
		first := familyDoc(t, c, o.Doc).Text[o.Start:o.End]
		lastUpdate := strings.HasPrefix(first, "Last update: ")
		for i, occ := range f.Occurrences {
			d := familyDoc(t, c, occ.Doc)
			require.Equal(t, src, d.Source, "boilerplate stays within its outlet")
			require.True(t, 0 <= occ.Start && occ.Start < occ.End && occ.End <= len(d.Text))
			line := d.Text[occ.Start:occ.End]
			require.NotContains(t, line, "\n")
			// A whole line.
			require.True(t, occ.Start == 0 || d.Text[occ.Start-1] == '\n')
			require.Equal(t, byte('\n'), d.Text[occ.End])
			switch {
			case i == 0:
				require.Empty(t, occ.Edit)
			case lastUpdate:
				require.True(t, strings.HasPrefix(line, "Last update: "))
				require.Equal(t, occ.Edit == EditExact, line == first)
			default:
				require.Equal(t, EditExact, occ.Edit)
				require.Equal(t, first, line)
			}
		}
		// Most of the outlet's articles carry it.
		assert.Greater(t, len(f.Occurrences), perOutlet[src]/2, "%q", first)
	}
	assert.Greater(t, len(outlets), DefaultConfig().Outlets/2)
}

// TestHardNegatives checks that articles on one topic without shared
// passages still share names, while unrelated articles share no run of
// words long enough to pass for a reused passage.
func TestHardNegatives(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Bytes = 1 << 20
	c, err := Generate(cfg)
	require.NoError(t, err)
	g := newGen(cfg, nil) // the same cast: topics are drawn first
	related := make(map[[2]string]bool)
	for _, f := range c.Families {
		for _, a := range f.Occurrences {
			for _, b := range f.Occurrences {
				related[[2]string{a.Doc, b.Doc}] = true
			}
		}
	}
	byTopic := make(map[string][]Doc)
	for _, d := range c.Docs {
		byTopic[d.Topic] = append(byTopic[d.Topic], d)
	}
	pairs, sharing := 0, 0
	for ti, tp := range g.topics {
		docs := byTopic[tp.name]
		for i := 0; i+1 < len(docs) && i < 40; i++ {
			a, b := docs[i], docs[i+1]
			if related[[2]string{a.ID, b.ID}] {
				continue
			}
			pairs++
			for _, p := range g.topics[ti].people {
				full := p.first + " " + p.last
				if strings.Contains(a.Text, full) && strings.Contains(b.Text, full) {
					sharing++
					break
				}
			}
		}
	}
	require.Positive(t, pairs)
	assert.Greater(t, float64(sharing)/float64(pairs), 0.8, "same-topic articles share names")

	const n = 20
	seen := make(map[string]string)
	for _, d := range c.Docs {
		w := strings.Fields(d.Text)
		for i := 0; i+n <= len(w); i++ {
			k := strings.Join(w[i:i+n], " ")
			if o, ok := seen[k]; ok && o != d.ID {
				require.True(t, related[[2]string{o, d.ID}], "%s and %s share %q", o, d.ID, k)
			} else if !ok {
				seen[k] = d.ID
			}
		}
	}
}

// TestCasesPerfectDetection feeds the ground truth back as detections: a
// perfect detector scores 1 on every measure.
func TestCasesPerfectDetection(t *testing.T) {
	c := sharedCorpus(t)
	truth := c.Cases(KindReuse, EditRewrite)
	require.NotEmpty(t, truth)
	for _, lc := range truth {
		assert.NotEqual(t, EditRewrite, lc.Label)
		assert.NotContains(t, lc.Label, "+")
	}
	s := pan.Measure(pan.Cases(truth), pan.Cases(truth))
	assert.Equal(t, 1.0, s.Recall)
	assert.Equal(t, 1.0, s.Precision)
	assert.Equal(t, 1.0, s.Granularity)

	// Per family: one case per copy, origin side inside the origin span.
	for _, f := range c.Families[:10] {
		cs := f.Cases()
		require.Len(t, cs, len(f.Occurrences)-1)
		for i, lc := range cs {
			assert.Equal(t, f.Origin, lc.A.Doc)
			assert.Equal(t, f.Occurrences[i+1].Doc, lc.B.Doc)
			assert.Equal(t, PrimaryEdit(f.Occurrences[i+1].Edit), lc.Label)
		}
	}
	all := c.Cases(KindBoilerplate)
	assert.NotEmpty(t, all)
}

func TestPrimaryEdit(t *testing.T) {
	assert.Equal(t, "substitute", PrimaryEdit("substitute+typo"))
	assert.Equal(t, "exact", PrimaryEdit("exact"))
	assert.Equal(t, "", PrimaryEdit(""))
}

func TestSingleOutlet(t *testing.T) {
	cfg := small(5)
	cfg.Outlets = 1
	cfg.Topics = 1
	c, err := Generate(cfg)
	require.NoError(t, err)
	reuse := 0
	for _, f := range c.Families {
		if f.Kind == KindReuse {
			reuse++
		}
	}
	assert.Positive(t, reuse, "with one outlet copies stay inside it")
}

func BenchmarkStream(b *testing.B) {
	cfg := DefaultConfig()
	cfg.Bytes = 8 << 20
	b.ReportAllocs()
	total := 0
	for b.Loop() {
		total = 0
		if err := Stream(cfg, func(d Doc) error { total += len(d.Text); return nil }, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(total))
}

func BenchmarkGenerate(b *testing.B) {
	cfg := DefaultConfig()
	cfg.Bytes = 8 << 20
	b.ReportAllocs()
	total := 0
	for b.Loop() {
		c, err := Generate(cfg)
		if err != nil {
			b.Fatal(err)
		}
		total = 0
		for _, d := range c.Docs {
			total += len(d.Text)
		}
	}
	b.SetBytes(int64(total))
}
