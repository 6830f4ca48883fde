package neardup

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"

	"github.com/neardup/neardup/minhash"
	"github.com/neardup/neardup/report"
	"github.com/neardup/neardup/shingle"
)

// ErrDuplicateID is returned by Run when two documents share an ID.
var ErrDuplicateID = errors.New("neardup: duplicate document id")

// Progress reports how far a run has come; see Options.Progress.
type Progress struct {
	Stage string // StageSketch, StageAlign
	Done  int    // items done in this stage
	Total int    // items in this stage
	Bytes int64  // bytes of text done (StageSketch)
}

// Stages reported through Options.Progress.
const (
	StageSketch = "sketch" // documents tokenised, shingled and signed
	StageAlign  = "align"  // candidate document pairs aligned
)

// maxBucket bounds the pairs one LSH bucket yields: a window shared by very
// many documents pairs each with a bounded number of others, so its cost
// grows with its copies, not their square.
const maxBucket = 32

// Run finds the reused passages in docs and returns the report. The report
// depends only on the documents (in any order) and the options, never on
// the number of workers.
func Run(ctx context.Context, docs []Document, opts Options) (*report.Report, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	c := &corpus{o: o, docs: slices.Clone(docs)}
	slices.SortFunc(c.docs, func(a, b Document) int { return cmp.Compare(a.ID, b.ID) })
	c.dates = make([]docDate, len(c.docs))
	for i, d := range c.docs {
		if i > 0 && c.docs[i-1].ID == d.ID {
			return nil, fmt.Errorf("%w: %q", ErrDuplicateID, d.ID)
		}
		t, err := ParseDate(d.Date)
		if err != nil {
			return nil, fmt.Errorf("document %q: %w", d.ID, err)
		}
		c.dates[i] = docDate{t: t, known: d.Date != "", dayOnly: len(d.Date) == len("2006-01-02")}
	}
	signer, err := minhash.NewSigner(o.Hashes, o.Seed)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidOptions, err)
	}
	bands, rows, err := minhash.Bands(o.Threshold, o.Hashes, 0.5, 0.5)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidOptions, err)
	}

	w, boiler := c.sketch(ctx, signer)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	pairs, err := c.candidates(w, bands, rows)
	if err != nil {
		return nil, err
	}
	aligns, err := c.alignAll(ctx, pairs)
	if err != nil {
		return nil, err
	}
	var fams []family
	for _, occ := range families(aligns) {
		fams = append(fams, family{kind: report.KindReuse, occ: occ})
	}
	fams = append(fams, boiler...)
	return c.build(fams, bands, rows), nil
}

// windows holds every window of every document in flat arrays; window i
// belongs to document doc[i] and covers its shingles [lo[i], hi[i]).
type windows struct {
	doc    []int32
	lo, hi []int32
	key    []uint64 // hash of the window's shingle sequence: equal text, equal key
	sigs   []uint32 // k values per window
}

// sketch analyses every document and signs its windows, in parallel; the
// result is in document order whatever the number of workers. It first
// tokenises every document, to find the boilerplate units that detection
// must leave out, then shingles and signs. It returns the windows and the
// boilerplate families.
func (c *corpus) sketch(ctx context.Context, signer *minhash.Signer) (*windows, []family) {
	o := c.o
	c.data = make([]docData, len(c.docs))
	nw := o.workers()
	var stop *shingle.Stopwords
	if o.Stopwords != StopwordsKeep {
		stop = shingle.NewStopwords(o.Language)
	}
	analyzers := make([]analyzer, nw)
	scratch := make([][]uint64, nw)
	for i := range analyzers {
		analyzers[i] = analyzer{o: o, stop: stop}
	}
	_ = forEach(ctx, len(c.docs), nw, func(wk, i int) {
		c.data[i] = analyzers[wk].tokenize(c.docs[i].Text)
	})
	boiler, masks := c.boilerplate()

	type local struct {
		lo, hi []int32
		key    []uint64
		sigs   []uint32
	}
	per := make([]local, len(c.docs))
	l := max(1, o.Window-o.Shingle+1)
	var done atomic.Int64
	var bytes atomic.Int64
	_ = forEach(ctx, len(c.docs), nw, func(wk, i int) {
		d := &c.data[i]
		analyzers[wk].shingle(d, c.docs[i].Text, masks[i])
		n := len(d.sh)
		cnt := windowCount(n, l, o.Stride)
		loc := local{lo: make([]int32, cnt), hi: make([]int32, cnt), key: make([]uint64, cnt), sigs: make([]uint32, 0, cnt*o.Hashes)}
		for k := 0; k < cnt; k++ {
			lo, hi := windowBounds(k, n, l, o.Stride)
			loc.lo[k], loc.hi[k] = int32(lo), int32(hi)
			buf := scratch[wk][:0]
			key := uint64(0x2545F4914F6CDD1D)
			for _, s := range d.sh[lo:hi] {
				buf = append(buf, s.Hash)
				key = (key ^ s.Hash) * 0x9E3779B185EBCA87
				key ^= key >> 31
			}
			scratch[wk] = buf
			loc.key[k] = key
			loc.sigs = signer.AppendSignature(loc.sigs, buf)
		}
		per[i] = loc
		if o.Progress != nil {
			o.Progress(Progress{Stage: StageSketch, Done: int(done.Add(1)), Total: len(c.docs), Bytes: bytes.Add(int64(len(c.docs[i].Text)))})
		}
	})
	w := &windows{}
	for i, loc := range per {
		for range loc.lo {
			w.doc = append(w.doc, int32(i))
		}
		w.lo = append(w.lo, loc.lo...)
		w.hi = append(w.hi, loc.hi...)
		w.key = append(w.key, loc.key...)
		w.sigs = append(w.sigs, loc.sigs...)
	}
	return w, boiler
}

// docPair is a pair of documents to align, a < b.
type docPair struct{ a, b int32 }

// candidates finds the document pairs worth aligning: pairs with two windows
// that are identical, or that the LSH brings together and that verify at the
// threshold by exact Jaccard similarity.
func (c *corpus) candidates(w *windows, bands, rows int) ([]docPair, error) {
	k := c.o.Hashes
	n := len(w.doc)
	// Collapse identical windows: each group is indexed once, through its
	// first window, and its other windows pair with that one.
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int { return cmp.Or(cmp.Compare(w.key[x], w.key[y]), cmp.Compare(x, y)) })
	var pairs []docPair
	addPair := func(x, y int32) {
		a, b := w.doc[x], w.doc[y]
		if a == b {
			return
		}
		if a > b {
			a, b = b, a
		}
		pairs = append(pairs, docPair{a, b})
	}
	index, err := minhash.NewIndex(bands, rows)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidOptions, err)
	}
	index.Grow(n)
	for i := 0; i < n; {
		j := i + 1
		for j < n && w.key[order[j]] == w.key[order[i]] {
			j++
		}
		rep := order[i]
		index.Add(uint32(rep), w.sigs[int(rep)*k:int(rep+1)*k])
		for _, x := range order[i+1 : j] {
			if c.sameWindow(w, rep, x) {
				addPair(rep, x)
			}
		}
		i = j
	}
	var setA, setB []uint64
	for _, p := range index.AppendPairs(nil, maxBucket) {
		x, y := int32(p.A), int32(p.B)
		if w.doc[x] == w.doc[y] {
			continue
		}
		setA = appendSortedSet(setA[:0], c.data[w.doc[x]].sh, int(w.lo[x]), int(w.hi[x]))
		setB = appendSortedSet(setB[:0], c.data[w.doc[y]].sh, int(w.lo[y]), int(w.hi[y]))
		if jaccard(setA, setB) >= c.o.Threshold {
			addPair(x, y)
		}
	}
	slices.SortFunc(pairs, func(x, y docPair) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) })
	return slices.Compact(pairs), nil
}

// sameWindow verifies that two windows with one key hold the same shingles.
func (c *corpus) sameWindow(w *windows, x, y int32) bool {
	if w.hi[x]-w.lo[x] != w.hi[y]-w.lo[y] {
		return false
	}
	a := c.data[w.doc[x]].sh[w.lo[x]:w.hi[x]]
	b := c.data[w.doc[y]].sh[w.lo[y]:w.hi[y]]
	for i := range a {
		if a[i].Hash != b[i].Hash {
			return false
		}
	}
	return true
}

// alignAll aligns every candidate pair, in parallel, and returns the
// alignments in pair order.
func (c *corpus) alignAll(ctx context.Context, pairs []docPair) ([]alignment, error) {
	nw := c.o.workers()
	aligners := make([]aligner, nw)
	for i := range aligners {
		aligners[i] = aligner{o: c.o}
	}
	out := make([][]alignment, len(pairs))
	var done atomic.Int64
	err := forEach(ctx, len(pairs), nw, func(wk, i int) {
		p := pairs[i]
		out[i] = aligners[wk].align(nil, p.a, p.b, &c.data[p.a], &c.data[p.b])
		if c.o.Progress != nil {
			c.o.Progress(Progress{Stage: StageAlign, Done: int(done.Add(1)), Total: len(pairs)})
		}
	})
	if err != nil {
		return nil, err
	}
	var all []alignment
	for _, a := range out {
		all = append(all, a...)
	}
	return all, nil
}
