package neardup

import (
	"context"
	"math/bits"
	"slices"
	"sync/atomic"
)

// candidates finds the window pairs worth verifying: pairs of identical
// windows (ident) and pairs the LSH brings together (lsh, sorted), each
// x<<32 | y with x < y in different documents. Identical windows (equal
// keys) are collapsed first: each group is indexed once, through its first
// window, and its other windows are paired with that one, so a passage
// repeated in many documents costs time in proportion to its copies. The
// LSH then runs band by band over the distinct windows. It consumes the
// windows' keys and band keys.
func (c *corpus) candidates(ctx context.Context, w *windows) (ident, lsh []uint64) {
	n := len(w.doc)
	// Collapse identical windows. Most windows' keys are unique, and such
	// a window is its group's first: a repeatFilter finds them. The others
	// are split by a counting sort on the keys' top bits into parts of a
	// few thousand, in id order; each part, on its own worker, maps every
	// key to its first window through a small table that stays in cache.
	isRep := make([]bool, n)
	var f repeatFilter
	f.reset(n)
	for _, k := range w.key {
		f.add(k)
	}
	var maybe []uint32
	for y, k := range w.key {
		if f.repeated(k) {
			maybe = append(maybe, uint32(y))
		} else {
			isRep[y] = true
		}
	}
	pbits := partBits(len(maybe))
	count := make([]int32, 1<<pbits+1)
	for _, y := range maybe {
		count[w.key[y]>>(63-pbits)>>1+1]++
	}
	for d := 1; d < len(count); d++ {
		count[d] += count[d-1]
	}
	keys := make([]uint64, len(maybe))
	ids := make([]uint32, n) // the first len(maybe) for the parts, then all for reps
	at := slices.Clone(count)
	for _, y := range maybe {
		k := w.key[y]
		d := k >> (63 - pbits) >> 1
		keys[at[d]], ids[at[d]] = k, y
		at[d]++
	}
	w.key = nil
	parts := make([][]uint64, 1<<pbits)
	tables := make([]partTable, c.o.workers())
	_ = forEach(ctx, 1<<pbits, len(tables), func(wk, d int) {
		lo, hi := count[d], count[d+1]
		parts[d] = tables[wk].firsts(w, keys[lo:hi], ids[lo:hi], pbits, isRep, nil)
	})
	for _, p := range parts {
		ident = append(ident, p...)
	}
	keys = nil
	reps := ids[:0]
	for i, r := range isRep {
		if r {
			reps = append(reps, uint32(i))
		}
	}
	return ident, c.lshPairs(ctx, w, reps)
}

// partBits returns the number of top key bits that split n keys into parts
// of at most about partSize on average.
func partBits(n int) uint {
	const partSize = 4096
	b := uint(0)
	for n>>b > partSize {
		b++
	}
	return b
}

// firsts goes through one part of the windows' keys, in id order, marks in
// isRep each window whose key it has not met before, and appends the pair
// (first window, window) of every other window of another document.
func (t *partTable) firsts(w *windows, keys []uint64, ids []uint32, pbits uint, isRep []bool, dst []uint64) []uint64 {
	n := len(keys)
	ids = ids[:n]
	table, tbits := t.reset(n)
	mask := uint64(len(table) - 1)
	for r, k := range keys {
		s := k << pbits >> (64 - tbits)
		for table[s] != 0 && keys[table[s]-1] != k {
			s = (s + 1) & mask
		}
		y := ids[r]
		if table[s] == 0 {
			table[s] = int32(r + 1)
			isRep[y] = true
			continue
		}
		if first := ids[table[s]-1]; w.doc[first] != w.doc[y] {
			dst = append(dst, uint64(first)<<32|uint64(y))
		}
	}
	return dst
}

// lshPairs returns the pairs of windows of different documents that share
// a band bucket, sorted, without repeats. Within a bucket, whose windows
// are taken in id order, each window pairs with at most maxBucket windows
// before it: the same rule as minhash.Index.AppendPairs. Bands run in
// parallel, each freed when done.
//
// Most windows share no band key with any other: a repeatFilter lets
// through only the windows whose key may repeat. Those are split by the
// top bits of their keys into parts of a few thousand windows (a counting
// sort on those bits, which keeps id order); each part then goes through
// a small open-addressing table from key to the bucket's latest window,
// which stays in cache, with a chain from each window to the one before
// it in its bucket: a bucket's pairs come straight off its chain, and
// nothing is sorted.
func (c *corpus) lshPairs(ctx context.Context, w *windows, reps []uint32) []uint64 {
	type local struct {
		filter repeatFilter
		keys   []uint32 // the band's keys of the windows that go on
		ids    []uint32 // their windows
		docs   []int32  // and the windows' documents
		split  []uint32 // keys, ids and docs, part by part
		sids   []uint32
		sdocs  []int32
		count  []int32 // per part: its start, then its end
		pt     partTable
		pairs  []uint64   // the pairs of the band at hand
		segs   [][]uint64 // one sorted segment of pairs per band
		r      radix
	}
	nw := min(c.o.workers(), len(w.bkeys))
	ls := make([]local, nw)
	_ = forEach(ctx, len(w.bkeys), nw, func(wk, b int) {
		l := &ls[wk]
		band := w.bkeys[b]
		f := &l.filter
		f.reset(len(reps))
		for _, y := range reps {
			f.add(uint64(band[y]))
		}
		l.keys, l.ids, l.docs = l.keys[:0], l.ids[:0], l.docs[:0]
		for _, y := range reps {
			k := band[y]
			if f.repeated(uint64(k)) {
				l.keys = append(l.keys, k)
				l.ids = append(l.ids, y)
				l.docs = append(l.docs, w.doc[y])
			}
		}
		w.bkeys[b] = nil
		n := len(l.keys)
		pbits := partBits(n)
		l.split = slices.Grow(l.split[:0], n)[:n]
		l.sids = slices.Grow(l.sids[:0], n)[:n]
		l.sdocs = slices.Grow(l.sdocs[:0], n)[:n]
		l.count = slices.Grow(l.count[:0], 1<<pbits+1)[:1<<pbits+1]
		// Split by the top bits, keeping id order within each part.
		count := l.count
		clear(count)
		for _, k := range l.keys {
			count[k>>(31-pbits)>>1+1]++
		}
		for d := 1; d < len(count); d++ {
			count[d] += count[d-1]
		}
		for i, k := range l.keys {
			d := k >> (31 - pbits) >> 1
			at := count[d]
			count[d] = at + 1
			l.split[at], l.sids[at], l.sdocs[at] = k, l.ids[i], l.docs[i]
		}
		// count[d] is now the end of part d, and the start of part d+1.
		lo := int32(0)
		for d := 0; d < 1<<pbits; d++ {
			hi := count[d]
			if hi-lo > 1 {
				l.pairs = l.pt.bucketPairs(l.split[lo:hi], l.sids[lo:hi], l.sdocs[lo:hi], pbits, l.pairs)
			}
			lo = hi
		}
		// The band's pairs, sorted and without repeats, are one segment;
		// segments are merged at the end, so each pair is sorted once.
		l.segs = append(l.segs, slices.Clone(l.r.sortedSet(l.pairs)))
		l.pairs = l.pairs[:0]
	})
	var segs [][]uint64
	for i := range ls {
		segs = append(segs, ls[i].segs...)
	}
	// Merge pairwise, level by level, the merges of a level in parallel: a
	// pair found by several bands is kept once.
	for len(segs) > 1 {
		next := make([][]uint64, (len(segs)+1)/2)
		_ = forEach(ctx, len(segs)/2, nw, func(_, i int) {
			next[i] = mergeSets(segs[2*i], segs[2*i+1])
		})
		if len(segs)%2 == 1 {
			next[len(next)-1] = segs[len(segs)-1]
		}
		segs = next
	}
	if len(segs) == 0 {
		return nil
	}
	return segs[0]
}

// mergeSets returns the union of two sorted sets.
func mergeSets(a, b []uint64) []uint64 {
	if len(b) == 0 {
		return a
	}
	out := make([]uint64, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// partTable is the open-addressing table of one part of a band, and the
// chains of its buckets.
type partTable struct {
	table []int32 // rank in the part + 1 of a bucket's latest window; 0: empty
	prev  []int32 // rank of the previous window in its bucket; -1: none
}

// reset empties the table for n keys and returns it with the number of
// bits of its slot numbers.
func (t *partTable) reset(n int) ([]int32, uint) {
	tbits := uint(1)
	for 1<<tbits < n+n/3 {
		tbits++
	}
	t.table = slices.Grow(t.table[:0], 1<<tbits)[:1<<tbits]
	clear(t.table)
	return t.table, tbits
}

// bucketPairs appends the pairs of one part of a band: keys, ids and
// documents of its windows, in id order; the keys' top pbits bits are all
// equal. The documents travel with the keys because looking them up by id
// would cost a cache miss per window.
func (t *partTable) bucketPairs(keys []uint32, ids []uint32, docs []int32, pbits uint, dst []uint64) []uint64 {
	n := len(keys)
	ids, docs = ids[:n], docs[:n]
	table, tbits := t.reset(n)
	mask := uint64(len(table) - 1)
	t.prev = slices.Grow(t.prev[:0], n)[:n]
	prev := t.prev
	for r, k := range keys {
		// The bits below the part's make the slot: band keys are well
		// mixed.
		s := uint64(k << pbits >> (32 - tbits))
		for table[s] != 0 && keys[table[s]-1] != k {
			s = (s + 1) & mask
		}
		x := table[s] - 1
		prev[r], table[s] = x, int32(r+1)
		y, dy := ids[r], docs[r]
		for q := 0; q < maxBucket && x >= 0; q++ {
			if docs[x] != dy {
				dst = append(dst, uint64(ids[x])<<32|uint64(y))
			}
			x = prev[x]
		}
	}
	return dst
}

// docPair is a pair of documents to align, a < b.
type docPair struct{ a, b int32 }

// verify checks every candidate window pair, in parallel, and returns the
// document pairs with at least one that passes, sorted: a pair of
// identical windows passes if they are equal shingle for shingle, an LSH
// pair if its exact Jaccard similarity (a merge of sorted hashes) reaches
// the threshold. Once a document pair has passed, its other window pairs
// are skipped. Shingle hashes come from the store, or, for documents it
// does not keep, from a flat array made here, 8 bytes a shingle.
func (c *corpus) verify(ctx context.Context, w *windows, ident, lsh []uint64) ([]docPair, error) {
	need := make([]bool, len(c.docs))
	for _, ps := range [2][]uint64{ident, lsh} {
		for _, p := range ps {
			need[w.doc[p>>32]] = true
			need[w.doc[uint32(p)]] = true
		}
	}
	c.fillHashes(ctx, need)
	defer func() { c.hashes, c.hashOff = nil, nil }()
	nw := c.o.workers()
	workers := c.newWorkers(nw)
	type local struct {
		out  []uint64
		seen []uint64 // direct-mapped: document pairs known to pass
		sink uint64   // keeps the touching loads
	}
	ls := make([]local, nw)
	budget := newMissBudget(c.o.Threshold, c.winLen())
	const chunk = 4096
	total := len(ident) + len(lsh)
	var done atomic.Int64
	err := forEach(ctx, (total+chunk-1)/chunk, nw, func(wk, ci int) {
		wr, l := workers[wk], &ls[wk]
		if l.seen == nil {
			l.seen = make([]uint64, 1<<12)
			wr.sets = newSetCache(c.winLen())
		}
		hi := min(total, (ci+1)*chunk)
		for b0 := ci * chunk; b0 < hi; b0 += prefetch {
			b1 := min(hi, b0+prefetch)
			// Windows y are scattered over all the shingle hashes: first
			// touch, for the whole batch, the memory each will read, in
			// loops whose loads do not wait on one another, so that the
			// cache misses overlap instead of queueing.
			var sink uint64
			for i := b0; i < b1; i++ {
				sink += uint64(w.doc[uint32(pairAt(ident, lsh, i))])
			}
			for i := b0; i < b1; i++ {
				sink += c.touchWindow(w, int32(uint32(pairAt(ident, lsh, i))))
			}
			l.sink += sink
			for i := b0; i < b1; i++ {
				p := pairAt(ident, lsh, i)
				x, y := int32(p>>32), int32(uint32(p))
				key := uint64(w.doc[x])<<32 | uint64(w.doc[y])
				slot := int(key*0x9E3779B97F4A7C15>>52) & (len(l.seen) - 1)
				if l.seen[slot] == key {
					continue
				}
				var pass bool
				if i < len(ident) {
					wr.setA = c.windowHashes(wr.setA[:0], w, x)
					wr.setB = c.windowHashes(wr.setB[:0], w, y)
					pass = slices.Equal(wr.setA, wr.setB)
				} else {
					xs, mask := c.windowSet(wr, w, x)
					wr.setB = c.windowHashes(wr.setB[:0], w, y)
					if !belowThreshold(xs, mask, wr.setB, &budget) {
						pass = jaccard(xs, wr.r.sortedSet(wr.setB)) >= c.o.Threshold
					}
				}
				if pass {
					l.out = append(l.out, key)
					l.seen[slot] = key
				}
			}
		}
		if c.o.Progress != nil {
			c.o.Progress(Progress{Stage: StageVerify, Done: int(done.Add(int64(hi - ci*chunk))), Total: total})
		}
	})
	if err != nil {
		return nil, err
	}
	var keys []uint64
	for _, l := range ls {
		keys = append(keys, l.out...)
	}
	var r radix
	r.sortUint64s(keys)
	keys = slices.Compact(keys)
	pairs := make([]docPair, len(keys))
	for i, k := range keys {
		pairs[i] = docPair{int32(k >> 32), int32(uint32(k))}
	}
	return pairs, nil
}

// fillHashes shingles again, in parallel, the documents that verification
// needs and the store does not keep, and keeps their shingle hashes in one
// flat array.
func (c *corpus) fillHashes(ctx context.Context, need []bool) {
	n := len(c.docs)
	c.hashOff = make([]int, n+1)
	for i := range n {
		c.hashOff[i+1] = c.hashOff[i]
		if need[i] && !c.store.kept(int32(i)) {
			c.hashOff[i+1] += int(c.nsh[i])
		}
	}
	if c.hashOff[n] == 0 {
		return
	}
	c.hashes = make([]uint64, c.hashOff[n])
	workers := c.newWorkers(c.o.workers())
	_ = forEach(ctx, n, len(workers), func(wk, i int) {
		if c.hashOff[i] == c.hashOff[i+1] {
			return
		}
		v := c.view(workers[wk], 0, int32(i))
		dst := c.hashes[c.hashOff[i]:c.hashOff[i+1]]
		for k, s := range v.sh {
			dst[k] = s.Hash
		}
	})
}

// missBudget tells, for a window pair of given sizes, how many distinct
// shingles of the second window missing from the first prove their
// Jaccard similarity below the threshold: with dm of them, it is at most
// min(|xs|, len(ys)-dm) / (|xs|+dm). The bound is worked out once per
// pair of sizes, in floating point exactly as jaccard computes it, so a
// pair rejected on it would fail the full test too.
type missBudget struct {
	l     int     // the largest size
	after []uint8 // after[lx*(l+1)+ly]: misses that reject; missLimit+1 for never
}

// missLimit is the most misses belowThreshold counts before it gives up
// and leaves the pair to the full test.
const missLimit = 16

func newMissBudget(t float64, l int) missBudget {
	b := missBudget{l: l, after: make([]uint8, (l+1)*(l+1))}
	for lx := 0; lx <= l; lx++ {
		for ly := 0; ly <= l; ly++ {
			dm := 1
			for ; dm <= missLimit; dm++ {
				if float64(min(lx, ly-dm))/float64(lx+dm) < t {
					break
				}
			}
			b.after[lx*(l+1)+ly] = uint8(dm)
		}
	}
	return b
}

// belowThreshold reports, looking at as few of ys as it can, that the
// Jaccard similarity of the sorted set xs and the set of the hashes ys is
// certainly below the threshold b was made for; false means it may not
// be. Each distinct y not in xs raises the union and caps the
// intersection (see missBudget). Unrelated windows are told apart after a
// dozen lookups, without sorting ys. Both sets have at most b.l elements.
//
// mask has bit h>>58 set for every h in xs: a y whose bit is clear is not
// in xs, which settles most lookups without a search.
func belowThreshold(xs []uint64, mask uint64, ys []uint64, b *missBudget) bool {
	var misses [missLimit]uint64
	stop := int(b.after[len(xs)*(b.l+1)+len(ys)])
	dm := 0
	for _, y := range ys {
		if mask>>(y>>58)&1 != 0 && sortedContains(xs, y) {
			continue
		}
		if slices.Contains(misses[:dm], y) {
			continue
		}
		misses[dm] = y
		dm++
		if dm == stop {
			return true
		}
		if dm == missLimit {
			return false
		}
	}
	return false
}

// sortedContains reports whether the sorted xs holds y. The search halves
// the range with a conditional move, not a branch: whether y lies above
// a middle element is a coin toss the branch predictor loses, and the
// compiler keeps a branch for the plain comparison.
func sortedContains(xs []uint64, y uint64) bool {
	n := len(xs)
	if n == 0 {
		return false
	}
	base := 0
	for n > 1 {
		half := n >> 1
		// borrow is 1 when y < xs[base+half]: then base stays.
		_, borrow := bits.Sub64(y, xs[base+half], 0)
		base += half & int(borrow-1)
		n -= half
	}
	return xs[base] == y
}

// pairAt returns the i-th of the pairs ident then lsh.
func pairAt(ident, lsh []uint64, i int) uint64 {
	if i < len(ident) {
		return ident[i]
	}
	return lsh[i-len(ident)]
}

// prefetch is how many pairs verify touches ahead of checking them.
const prefetch = 64

// touchWindow reads one shingle hash of window x in every cache line its
// hashes span, and returns their sum: the loads do not depend on one
// another, so the misses of a whole window, and of a batch of windows,
// overlap.
func (c *corpus) touchWindow(w *windows, x int32) uint64 {
	d := w.doc[x]
	lo, hi := c.bounds(w, d, x)
	var sum uint64
	if c.store.kept(d) {
		sh := c.store.sh[d][lo:hi]
		for i := 0; i < len(sh); i += 4 { // four 16-byte shingles a line
			sum += sh[i].Hash
		}
		return sum + sh[len(sh)-1].Hash
	}
	hs := c.hashes[c.hashOff[d]+lo : c.hashOff[d]+hi]
	for i := 0; i < len(hs); i += 8 {
		sum += hs[i]
	}
	return sum + hs[len(hs)-1]
}

// windowHashes appends the shingle hashes of window x to dst, in order.
func (c *corpus) windowHashes(dst []uint64, w *windows, x int32) []uint64 {
	d := w.doc[x]
	lo, hi := c.bounds(w, d, x)
	if c.store.kept(d) {
		return appendHashes(dst, c.store.sh[d][lo:hi])
	}
	off := c.hashOff[d]
	return append(dst, c.hashes[off+lo:off+hi]...)
}

// windowSet returns the sorted distinct shingle hashes of window x, from
// the worker's cache when it has them: a window pairs with about five
// others on average, in pairs that are verified close together. The
// result is valid until the worker's next call.
func (c *corpus) windowSet(wr *worker, w *windows, x int32) (set []uint64, mask uint64) {
	sc := &wr.sets
	slot := int(x) & (len(sc.id) - 1)
	set = sc.sets[slot*sc.l : slot*sc.l+sc.l]
	if sc.id[slot] != x {
		set = wr.r.sortedSet(c.windowHashes(set[:0], w, x))
		sc.id[slot], sc.n[slot], sc.mask[slot] = x, int32(len(set)), hashMask(set)
	}
	return set[:sc.n[slot]], sc.mask[slot]
}

// hashMask sets bit h>>58 for each h of set: a 64-bit filter of it.
func hashMask(set []uint64) uint64 {
	var m uint64
	for _, h := range set {
		m |= 1 << (h >> 58)
	}
	return m
}

// alignAll aligns every verified document pair, in parallel, and returns
// the alignments in pair order.
func (c *corpus) alignAll(ctx context.Context, pairs []docPair) ([]alignment, error) {
	workers := c.newWorkers(c.o.workers())
	out := make([][]alignment, len(pairs))
	// Pairs are handed out by runs of one first document, so that one
	// worker indexes that document once for all its pairs.
	var runs []int
	for i := range pairs {
		if i == 0 || pairs[i].a != pairs[i-1].a {
			runs = append(runs, i)
		}
	}
	runs = append(runs, len(pairs))
	bufs := make([][]alignment, len(workers))
	var done atomic.Int64
	err := forEach(ctx, len(runs)-1, len(workers), func(wk, r int) {
		wr := workers[wk]
		for i := runs[r]; i < runs[r+1]; i++ {
			p := pairs[i]
			bufs[wk] = wr.al.align(bufs[wk][:0], p.a, p.b, c.view(wr, 0, p.a), c.view(wr, 1, p.b))
			if len(bufs[wk]) > 0 {
				out[i] = slices.Clone(bufs[wk])
			}
		}
		if c.o.Progress != nil {
			c.o.Progress(Progress{Stage: StageAlign, Done: int(done.Add(int64(runs[r+1] - runs[r]))), Total: len(pairs)})
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

// setCache keeps the sorted shingle sets of recently verified windows,
// direct-mapped on the window id.
type setCache struct {
	l    int      // room per slot: the window length
	id   []int32  // window in each slot, -1 for none
	n    []int32  // length of each slot's set
	mask []uint64 // hashMask of each slot's set
	sets []uint64 // slot i holds sets[i*l : i*l+n[i]]
}

// setCacheBytes bounds a cache's storage.
const setCacheBytes = 1 << 20

func newSetCache(l int) setCache {
	slots := 1
	for slots*2*l*8 <= setCacheBytes {
		slots *= 2
	}
	c := setCache{l: l, id: make([]int32, slots), n: make([]int32, slots), mask: make([]uint64, slots), sets: make([]uint64, slots*l)}
	for i := range c.id {
		c.id[i] = -1
	}
	return c
}
