package neardup

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/neardup/neardup/minhash"
	"github.com/neardup/neardup/report"
	"github.com/neardup/neardup/shingle"
)

// ErrDuplicateID is returned by Run when two documents share an ID.
var ErrDuplicateID = errors.New("neardup: duplicate document id")

// Progress reports how far a run has come; see Options.Progress.
type Progress struct {
	Stage string // StageSketch, StageVerify, StageAlign
	Done  int    // items done in this stage
	Total int    // items in this stage
	Bytes int64  // bytes of text done (StageSketch)
}

// Stages reported through Options.Progress.
const (
	StageSketch = "sketch" // documents tokenised, shingled and signed
	StageVerify = "verify" // candidate window pairs verified
	StageAlign  = "align"  // verified document pairs aligned
)

// maxBucket bounds the pairs one LSH bucket yields: a window shared by very
// many documents pairs each with a bounded number of others, so its cost
// grows with its copies, not their square. Big buckets are mostly windows
// that share a stock phrase or two and little else (similarity 0.1 to
// 0.3), whose pairs grow far faster than the corpus (51 times from 10 to
// 100 MB of the generated corpus). On 100 MB, 8 instead of 32 cuts the
// LSH's candidate pairs from 677,000 to 384,000 and keeps the recall;
// copies of one passage still pair up through their other windows and
// bands. At 300 MB recall and precision both rise a little (0.9691 to
// 0.9698, 0.886 to 0.892).
const maxBucket = 8

// Run finds the reused passages in docs and returns the report. The report
// depends only on the documents (in any order) and the options, never on
// the number of workers.
//
// Beyond the text, memory peaks at 12 + 4·bands bytes per window (one
// window every Stride words; 52 bytes with the default options) while the
// windows are indexed, and later at 8 bytes per candidate window pair plus
// 8 bytes per word of the documents in them. A corpus of up to about
// 200 MB also keeps its words and shingles (32 bytes a word) so as to
// tokenise each document once; a bigger one tokenises again what the later
// stages need.
func Run(ctx context.Context, docs []Document, opts Options) (*report.Report, error) {
	c, err := newCorpus(docs, opts)
	if err != nil {
		return nil, err
	}
	fams, err := c.detect(ctx)
	if err != nil {
		return nil, err
	}
	return c.build(ctx, fams)
}

// newCorpus validates the options and documents and sorts the documents
// by ID.
func newCorpus(docs []Document, opts Options) (*corpus, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	c := &corpus{o: o, docs: slices.Clone(docs)}
	slices.SortFunc(c.docs, func(a, b Document) int { return cmp.Compare(a.ID, b.ID) })
	c.when = make([]dateKey, len(c.docs))
	for i, d := range c.docs {
		if i > 0 && c.docs[i-1].ID == d.ID {
			return nil, fmt.Errorf("%w: %q", ErrDuplicateID, d.ID)
		}
		t, err := ParseDate(d.Date)
		if err != nil {
			return nil, fmt.Errorf("document %q: %w", d.ID, err)
		}
		c.when[i] = newDateKey(docDate{t: t, known: d.Date != "", dayOnly: len(d.Date) == len("2006-01-02")})
	}
	// Windows hold a few dozen shingles, far fewer than the bins of a
	// 64-value signature: a grouped signer densifies those empty bins by
	// table look-up instead of probing.
	if o.Hashes <= 64 && o.Hashes%8 == 0 {
		c.signer, err = minhash.NewGroupedSigner(o.Hashes, o.Seed)
	} else {
		c.signer, err = minhash.NewSigner(o.Hashes, o.Seed)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidOptions, err)
	}
	if c.bands, c.rows, err = layout(o.Threshold, o.Hashes); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidOptions, err)
	}
	if o.Stopwords != StopwordsKeep {
		c.stop = shingle.NewStopwords(o.Language)
	}
	c.store = newDocStore(c.docs)
	return c, nil
}

// layouts remembers the LSH layouts chosen so far, keyed by threshold and
// signature length: choosing one integrates the candidate curves of every
// layout, a millisecond and a half that would otherwise be spent on every
// run. Options take few values in one process; past layoutsMax of them,
// layouts are computed and not remembered.
var layouts sync.Map

const layoutsMax = 64

var layoutsLen atomic.Int32

type layoutKey struct {
	threshold float64
	hashes    int
}

// layout returns minhash.Bands(threshold, hashes, 0.5, 0.5).
func layout(threshold float64, hashes int) (bands, rows int, err error) {
	key := layoutKey{threshold, hashes}
	if v, ok := layouts.Load(key); ok {
		br := v.([2]int)
		return br[0], br[1], nil
	}
	bands, rows, err = minhash.Bands(threshold, hashes, 0.5, 0.5)
	if err == nil && layoutsLen.Load() < layoutsMax {
		if _, loaded := layouts.LoadOrStore(key, [2]int{bands, rows}); !loaded {
			layoutsLen.Add(1)
		}
	}
	return bands, rows, err
}

// detect runs every stage up to the families: words and boilerplate,
// windows and their band keys, candidates, verification and alignment.
func (c *corpus) detect(ctx context.Context) ([]family, error) {
	boiler := c.scan(ctx)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	w := c.sketch(ctx)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ident, lsh := c.candidates(ctx, w)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	pairs, err := c.verify(ctx, w, ident, lsh)
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
	return append(fams, boiler...), nil
}

func (c *corpus) newAnalyzer() analyzer {
	return analyzer{o: c.o, stop: c.stop}
}

// scan tokenises every document, in parallel, to find the boilerplate
// lines that detection must leave out; it keeps the words while the store
// has room. It returns the boilerplate families and sets c.masks and
// c.nwords.
func (c *corpus) scan(ctx context.Context) []family {
	nw := c.o.workers()
	type local struct {
		an      analyzer
		words   slab[shingle.Word] // the words kept
		scratch []shingle.Word
		refs    []unitRef
	}
	ls := make([]local, nw)
	for i := range ls {
		ls[i].an = c.newAnalyzer()
	}
	c.nwords = make([]int32, len(c.docs))
	// Document i's refs are ls[from[i]].refs[at[i]:end[i]].
	from, at, end := make([]int32, len(c.docs)), make([]int32, len(c.docs)), make([]int32, len(c.docs))
	_ = forEach(ctx, len(c.docs), nw, func(wk, i int) {
		l := &ls[wk]
		text := c.docs[i].Text
		l.scratch = l.an.tok.AppendWords(l.scratch[:0], text)
		words := l.scratch
		c.nwords[i] = int32(len(words))
		from[i], at[i] = int32(wk), int32(len(l.refs))
		l.refs = l.an.appendUnitRefs(l.refs, int32(i), text, words)
		end[i] = int32(len(l.refs))
		c.store.keepWords(i, words, &l.words)
	})
	// The refs by part (see boilerplate), in document order, and in text
	// order within a document: boilerplate sorts them by key, and equal
	// keys stay in this order.
	var size [1 << refPartBits]int
	for _, l := range ls {
		for _, r := range l.refs {
			size[r.key>>(64-refPartBits)]++
		}
	}
	parts := make([][]unitRef, len(size))
	for p, n := range size {
		parts[p] = make([]unitRef, 0, n)
	}
	for i := range c.docs {
		for _, r := range ls[from[i]].refs[at[i]:end[i]] {
			p := r.key >> (64 - refPartBits)
			parts[p] = append(parts[p], r)
		}
	}
	return c.boilerplate(ctx, parts)
}

// windows holds every window of every document in flat arrays, in document
// order: window i belongs to document doc[i]; document d's windows are
// first[d] to first[d+1]. A window's shingle range follows from its rank
// in its document (windowBounds). Band keys are kept band by band, so that
// the index can be built, and freed, one band at a time; full signatures
// are never kept.
type windows struct {
	first []int32
	doc   []int32
	key   []uint64 // hash of the window's shingle sequence: equal text, equal key
	// bkeys[b][i] is window i's key in band b (see setBandKeys). Two
	// unrelated windows share a band key of 32 bits with probability
	// 2^-32, which only adds a candidate that verification rejects, and
	// 32 bits halve the largest structure of a run.
	bkeys [][]uint32
}

// bounds returns the shingle range of window x of document d.
func (c *corpus) bounds(w *windows, d, x int32) (lo, hi int) {
	return windowBounds(int(x-w.first[d]), int(c.nsh[d]), c.winLen(), c.o.Stride)
}

// winLen is the number of shingles in a window.
func (c *corpus) winLen() int { return max(1, c.o.Window-c.o.Shingle+1) }

// sketch shingles every document and computes the key and band keys of
// each of its windows, in parallel; the result is in document order
// whatever the number of workers. Each document's windows are written
// straight into place: a document cannot have more shingles than words,
// which bounds its windows, and the gaps this leaves are closed at the end.
func (c *corpus) sketch(ctx context.Context) *windows {
	o := c.o
	l := c.winLen()
	n := len(c.docs)
	base := make([]int, n+1)
	for i, nw := range c.nwords {
		base[i+1] = base[i] + windowCount(int(nw), l, o.Stride)
	}
	total := base[n]
	bands := c.bands
	// The arrays are made on the workers: a run that reuses memory
	// clears them, and clearing several megabytes on one core leaves the
	// other idle.
	w := &windows{first: make([]int32, n+1), bkeys: make([][]uint32, bands)}
	err := forEach(ctx, 2+bands, o.workers(), func(_, a int) {
		switch a {
		case 0:
			w.doc = make([]int32, total)
		case 1:
			w.key = make([]uint64, total)
		default:
			w.bkeys[a-2] = make([]uint32, total)
		}
	})
	if err != nil {
		return w // the caller sees ctx's error
	}
	c.nsh = make([]int32, n)
	count := make([]int32, n)

	type local struct {
		hashed  []uint64 // shingle hashes as the signer bins them
		pre     []uint64 // the window keys' prefixes (keyPrefixes)
		sig     minhash.Signature
		sh      slab[shingle.Shingle] // the shingles kept
		scratch []shingle.Shingle
	}
	workers := c.newWorkers(o.workers())
	ls := make([]local, len(workers))
	// Windows shorter than l start at shingle 0, whose prefix is 0, so
	// keyBase^l serves every window.
	pow := uint64(1)
	for range l {
		pow *= keyBase
	}
	var done, bytes atomic.Int64
	_ = forEach(ctx, n, len(workers), func(wk, i int) {
		lc := &ls[wk]
		var sh []shingle.Shingle
		if words := c.store.words[i]; words != nil {
			lc.scratch = workers[wk].an.appendShingles(lc.scratch[:0], c.docs[i].Text, words, c.masks[i])
			sh = lc.scratch
		} else {
			sh = c.view(workers[wk], 0, int32(i)).sh
		}
		c.nsh[i] = int32(len(sh))
		cnt := windowCount(len(sh), l, o.Stride)
		count[i] = int32(cnt)
		keys := w.key[base[i] : base[i]+cnt]
		// A shingle is in about two windows: the signer hashes it once.
		hashed := slices.Grow(lc.hashed[:0], len(sh))[:len(sh)]
		lc.hashed = hashed
		for j := range hashed {
			hashed[j] = c.signer.Hash(sh[j].Hash)
		}
		lc.pre = slices.Grow(lc.pre[:0], len(sh)+1)[:len(sh)+1]
		keyPrefixes(lc.pre, sh)
		for k := range keys {
			lo, hi := windowBounds(k, len(sh), l, o.Stride)
			keys[k] = windowKey(lc.pre, lo, hi, pow)
			lc.sig = c.signer.AppendSignatureHashed(lc.sig[:0], hashed[lo:hi])
			setBandKeys(w.bkeys, base[i]+k, lc.sig, c.rows)
		}
		docs := w.doc[base[i] : base[i]+cnt]
		for k := range docs {
			docs[k] = int32(i)
		}
		c.store.keepShingles(i, sh, &lc.sh)
		if o.Progress != nil {
			o.Progress(Progress{Stage: StageSketch, Done: int(done.Add(1)), Total: n, Bytes: bytes.Add(int64(len(c.docs[i].Text)))})
		}
	})
	// Close the gaps: each document's windows move down to follow the
	// previous document's, in each array; the arrays move in parallel.
	at := 0
	for i := range n {
		w.first[i] = int32(at)
		at += int(count[i])
	}
	closeGaps := func(move func(to, from, cnt int)) {
		for i := range n {
			if from, to := base[i], int(w.first[i]); from != to {
				move(to, from, int(count[i]))
			}
		}
	}
	_ = forEach(ctx, 2+len(w.bkeys), o.workers(), func(_, a int) {
		switch a {
		case 0:
			closeGaps(func(to, from, cnt int) { copy(w.doc[to:to+cnt], w.doc[from:from+cnt]) })
		case 1:
			closeGaps(func(to, from, cnt int) { copy(w.key[to:to+cnt], w.key[from:from+cnt]) })
		default:
			bk := w.bkeys[a-2]
			closeGaps(func(to, from, cnt int) { copy(bk[to:to+cnt], bk[from:from+cnt]) })
		}
	})
	w.first[n] = int32(at)
	w.doc, w.key = w.doc[:at], w.key[:at]
	for b := range w.bkeys {
		w.bkeys[b] = w.bkeys[b][:at]
	}
	return w
}
