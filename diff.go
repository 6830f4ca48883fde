package neardup

import (
	"math/bits"
	"slices"
	"strings"

	"github.com/neardup/neardup/report"
	"github.com/neardup/neardup/shingle"
)

// maxDiffCells bounds the table of the word diff: past it, the middle of two
// passages that differ too much is shown as one deletion and one insertion.
const maxDiffCells = 1 << 24

// wordDiff returns the runs of words by which occurrence words b (of text
// tb) differ from canonical words a (of text ta). Words compare by their
// normalised hash, so case and typography do not count as changes; the text
// shown is as it stands. Only the part of the canonical text that the
// occurrence covers, [c0, c1) in words, is compared: canonical words the
// occurrence never reached were not copied, which is not an edit.
func (ds *diffScratch) wordDiff(ta string, a []shingle.Word, tb string, b []shingle.Word) (diff []report.DiffOp, c0, c1 int) {
	c0, c1, numbered := ds.coveredRange(a, b)
	return ds.runs(ta, a, c0, c1, tb, b, numbered), c0, c1
}

// diffScratch holds one worker's tables for word diffs.
type diffScratch struct {
	rows    []uint64
	suffix  []int32
	bits    lcsBits
	ops     []run
	segs    []segment
	opBlock []report.DiffOp // ops not yet handed out
	text    textArena
}

// coveredRange returns the shortest range of a that keeps the longest
// common subsequence of a and b whole: the latest start, then the earliest
// end. It runs the bit-parallel LCS twice, O(len(a)·len(b)/64): backwards
// for the LCS of every suffix of a, which gives the latest start, then
// forwards from there until the LCS is whole. numbered reports whether it
// left the words of a and b numbered in ds.bits, for the diff to use again.
func (ds *diffScratch) coveredRange(a, b []shingle.Word) (c0, c1 int, numbered bool) {
	n, m := len(a), len(b)
	if n == 0 || m == 0 || n*m > maxDiffCells {
		return 0, n, false
	}
	if n == m && sameHashes(a, b) {
		return 0, n, false // a whole copy, as most boilerplate is
	}
	// suffix[i] = LCS(a[i:], b) = LCS of both reversed.
	lb := &ds.bits
	lb.number(a, b)
	lb.reset(0, m, true)
	ds.suffix = slices.Grow(ds.suffix[:0], n)[:n]
	for i := n - 1; i >= 0; i-- {
		lb.step(lb.symA[i])
		ds.suffix[i] = int32(lb.length())
	}
	total := ds.suffix[0]
	if total == 0 {
		return 0, n, true
	}
	i0 := 0
	for i0+1 < n && ds.suffix[i0+1] == total {
		i0++
	}
	// Earliest end: the LCS of a[i0:i] and b reaches total.
	lb.reset(0, m, false)
	for i := i0; i < n; i++ {
		lb.step(lb.symA[i])
		if int32(lb.length()) == total {
			return i0, i + 1, true
		}
	}
	return i0, n, true
}

func sameHashes(a, b []shingle.Word) bool {
	for i := range a {
		if a[i].Hash != b[i].Hash {
			return false
		}
	}
	return true
}

// lcsBits computes the length of the longest common subsequence of a
// growing sequence and a fixed one, b, one symbol at a time, with b's
// positions as the bits of a vector (Allison and Dix; Crochemore et al.).
// Bit j of v is 0 where the LCS so far grows by matching b's symbol j.
//
// The words of a pair are numbered once (number), by their hashes: the
// passes over the pair (the covered range's two, the diff's one, each
// against all or part of b) then look up no hash.
type lcsBits struct {
	slots []int32  // open addressing over keys: symbol, -1 for none
	keys  []uint64 // the hash in each slot
	nsym  int      // symbols: b's distinct hashes
	symA  []int32  // symbol of each word of a, -1 when b lacks it
	symB  []int32  // symbol of each word of b
	m     int      // the length of the fixed sequence
	words int      // 64-bit words per vector
	masks []uint64 // words per symbol: where it occurs in the fixed sequence
	v     []uint64
}

// number numbers the distinct hashes of b and gives each word of a and
// b its symbol.
func (lb *lcsBits) number(a, b []shingle.Word) {
	size := 8
	for size < 2*len(b) {
		size *= 2
	}
	lb.slots = slices.Grow(lb.slots[:0], size)[:size]
	lb.keys = slices.Grow(lb.keys[:0], size)[:size]
	for i := range lb.slots {
		lb.slots[i] = -1
	}
	lb.nsym = 0
	lb.symB = slices.Grow(lb.symB[:0], len(b))[:len(b)]
	for j, w := range b {
		s := lb.slot(w.Hash)
		if lb.slots[s] < 0 {
			lb.slots[s] = int32(lb.nsym)
			lb.keys[s] = w.Hash
			lb.nsym++
		}
		lb.symB[j] = lb.slots[s]
	}
	lb.symA = slices.Grow(lb.symA[:0], len(a))[:len(a)]
	for i, w := range a {
		lb.symA[i] = lb.slots[lb.slot(w.Hash)]
	}
}

// reset prepares for a new sequence against b[lo:hi] (reversed if rev),
// b being the sequence last numbered, and resets the vector.
func (lb *lcsBits) reset(lo, hi int, rev bool) {
	m := hi - lo
	lb.m, lb.words = m, (m+63)/64
	n := lb.nsym * lb.words
	lb.masks = slices.Grow(lb.masks[:0], n)[:n]
	clear(lb.masks)
	for j, sym := range lb.symB[lo:hi] {
		bit := j
		if rev {
			bit = m - 1 - j
		}
		lb.masks[int(sym)*lb.words+bit/64] |= 1 << (bit % 64)
	}
	lb.v = slices.Grow(lb.v[:0], lb.words)[:lb.words]
	for i := range lb.v {
		lb.v[i] = ^uint64(0)
	}
}

// slot finds h's slot, or the empty one where it would go.
func (lb *lcsBits) slot(h uint64) int {
	mask := len(lb.slots) - 1
	s := int((h*0x9E3779B97F4A7C15)>>32) & mask
	for lb.slots[s] >= 0 && lb.keys[s] != h {
		s = (s + 1) & mask
	}
	return s
}

// step appends a word of symbol sym (-1: one b lacks) to the sequence.
func (lb *lcsBits) step(sym int32) {
	if sym < 0 {
		return // nothing changes
	}
	k := int(sym) * lb.words
	pm := lb.masks[k : k+lb.words]
	v := lb.v[:len(pm)]
	var carry uint64
	for i, x := range v {
		u := x & pm[i]
		sum, c := bits.Add64(x, u, carry)
		v[i] = sum | (x &^ pm[i])
		carry = c
	}
}

// length returns the LCS of the sequence so far and b: the zero bits
// among v's first m.
func (lb *lcsBits) length() int {
	ones := 0
	for i, x := range lb.v {
		if rest := lb.m - 64*i; rest < 64 {
			x &= 1<<rest - 1
		}
		ones += bits.OnesCount64(x)
	}
	return lb.m - ones
}

// suffixRows fills ds.rows for a = a0[ao:ao+n] and b = b0[bo:bo+m], a0
// and b0 being the words last numbered: row i is the bit vector of
// lcsBits after the symbols of a[i:] in reverse against b reversed, so
// that LCS(a[i:], b[j:]) is the number of zero bits among its first
// len(b)-j (see suffixLCS). It takes O(len(a)·len(b)/64) time and a 64th
// of the memory of a table of lengths.
func (ds *diffScratch) suffixRows(ao, n, bo, m int) {
	lb := &ds.bits
	lb.reset(bo, bo+m, true)
	w := lb.words
	ds.rows = slices.Grow(ds.rows[:0], (n+1)*w)[:(n+1)*w]
	copy(ds.rows[n*w:], lb.v)
	for i := n - 1; i >= 0; i-- {
		lb.step(lb.symA[ao+i])
		copy(ds.rows[i*w:(i+1)*w], lb.v)
	}
}

// suffixLCS returns LCS(a[i:], b[j:]) from the rows of suffixRows.
func (ds *diffScratch) suffixLCS(i, j int) int {
	w := ds.bits.words
	k := ds.bits.m - j
	row := ds.rows[i*w : i*w+(k+63)/64]
	ones := 0
	for x, v := range row {
		if rest := k - 64*x; rest < 64 {
			v &= 1<<rest - 1
		}
		ones += bits.OnesCount64(v)
	}
	return k - ones
}

// segment is words of one text that follow each other there.
type segment struct {
	src string
	ws  []shingle.Word
}

// run is a diff op being built: its words are those of segments
// segs[first:] of its diffScratch (it is always the last run).
type run struct {
	op    string
	first int32
}

// emit appends words ws of text src to the diff with op. Consecutive
// words of one op are mostly neighbours in their text, so the last
// segment grows by reslicing and the text is made once, at the end.
func (ds *diffScratch) emit(op string, src string, ws []shingle.Word) {
	if len(ws) == 0 {
		return
	}
	if n := len(ds.ops); n > 0 && ds.ops[n-1].op == op {
		last := &ds.segs[len(ds.segs)-1]
		k := len(last.ws)
		if k < cap(last.ws) && len(ws) <= cap(last.ws)-k && &last.ws[:k+1][k] == &ws[0] && last.src == src {
			last.ws = last.ws[:k+len(ws)]
			return
		}
		ds.segs = append(ds.segs, segment{src, ws})
		return
	}
	ds.ops = append(ds.ops, run{op: op, first: int32(len(ds.segs))})
	ds.segs = append(ds.segs, segment{src, ws})
}

// runs returns the runs of words by which b (of text tb) differs from
// a[c0:c1] (of text ta); numbered tells whether ds.bits holds the words
// of a and b numbered already.
func (ds *diffScratch) runs(ta string, a []shingle.Word, c0, c1 int, tb string, b []shingle.Word, numbered bool) []report.DiffOp {
	ds.ops, ds.segs = ds.ops[:0], ds.segs[:0]
	part := a[c0:c1]
	// Common prefix and suffix cost nothing.
	p := 0
	for p < len(part) && p < len(b) && part[p].Hash == b[p].Hash {
		p++
	}
	s := 0
	for s < len(part)-p && s < len(b)-p && part[len(part)-1-s].Hash == b[len(b)-1-s].Hash {
		s++
	}
	ds.emit(report.OpEqual, tb, b[:p])
	ma, mb := part[p:len(part)-s], b[p:len(b)-s]
	switch {
	case len(ma) == 0 || len(mb) == 0 || len(ma)*len(mb) > maxDiffCells:
		ds.emit(report.OpDelete, ta, ma)
		ds.emit(report.OpInsert, tb, mb)
	default:
		if !numbered {
			ds.bits.number(a, b)
		}
		ds.lcsDiff(ta, ma, c0+p, tb, mb, p)
	}
	ds.emit(report.OpEqual, tb, b[len(b)-s:])
	diff := ds.newOps(len(ds.ops))
	for i, r := range ds.ops {
		end := len(ds.segs)
		if i+1 < len(ds.ops) {
			end = int(ds.ops[i+1].first)
		}
		diff[i] = report.DiffOp{Op: r.op, Text: ds.text.join(ds.segs[r.first:end])}
	}
	clear(ds.segs) // let go of the texts
	return diff
}

// newOps returns a slice of n ops carved from a shared block: a passage
// has a few, and one allocation per passage would dominate.
func (ds *diffScratch) newOps(n int) []report.DiffOp {
	if len(ds.opBlock) < max(n, 1) {
		ds.opBlock = make([]report.DiffOp, max(n, 256))
	}
	d := ds.opBlock[:n:n]
	ds.opBlock = ds.opBlock[n:]
	return d
}

// lcsDiff emits the edit script of a longest common subsequence of a
// and b, both not empty, which start at words ao and bo of the words
// last numbered.
func (ds *diffScratch) lcsDiff(ta string, a []shingle.Word, ao int, tb string, b []shingle.Word, bo int) {
	n, m := len(a), len(b)
	ds.suffixRows(ao, n, bo, m)
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i].Hash == b[j].Hash:
			ds.emit(report.OpEqual, tb, b[j:j+1])
			i++
			j++
		case ds.suffixLCS(i+1, j) >= ds.suffixLCS(i, j+1):
			ds.emit(report.OpDelete, ta, a[i:i+1])
			i++
		default:
			ds.emit(report.OpInsert, tb, b[j:j+1])
			j++
		}
	}
	ds.emit(report.OpDelete, ta, a[i:])
	ds.emit(report.OpInsert, tb, b[j:])
}

// textArena makes the texts of diff ops: the words of their segments
// joined by single spaces. A text that stands so in its source is a slice
// of it; others are written into a shared block, so that a passage's ops
// cost no allocation of their own.
type textArena struct {
	b strings.Builder
}

// arenaBlock is the size of a block of op texts.
const arenaBlock = 32 << 10

func (t *textArena) join(segs []segment) string {
	if len(segs) == 1 && singleSpaced(segs[0].src, segs[0].ws) {
		ws := segs[0].ws
		return segs[0].src[ws[0].Start:ws[len(ws)-1].End]
	}
	n := -1
	for _, sg := range segs {
		for _, w := range sg.ws {
			n += int(w.End-w.Start) + 1
		}
	}
	if t.b.Cap()-t.b.Len() < n {
		// Texts already made keep the old block alive; it is never
		// written again.
		t.b = strings.Builder{}
		t.b.Grow(max(n, arenaBlock))
	}
	start := t.b.Len()
	for k, sg := range segs {
		for i, w := range sg.ws {
			if k > 0 || i > 0 {
				t.b.WriteByte(' ')
			}
			t.b.WriteString(sg.src[w.Start:w.End])
		}
	}
	return t.b.String()[start:]
}

// singleSpaced reports whether words ws of text src are separated there
// by exactly one space each.
func singleSpaced(src string, ws []shingle.Word) bool {
	for i := 1; i < len(ws); i++ {
		if e := ws[i-1].End; ws[i].Start != e+1 || src[e] != ' ' {
			return false
		}
	}
	return true
}
