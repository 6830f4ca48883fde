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
	c0, c1 = ds.coveredRange(a, b)
	return ds.wordDiffRuns(ta, a[c0:c1], tb, b), c0, c1
}

// diffScratch holds one worker's tables for word diffs.
type diffScratch struct {
	table  []int32
	suffix []int32
	bits   lcsBits
	ops    []run
}

// coveredRange returns the shortest range of a that keeps the longest
// common subsequence of a and b whole: the latest start, then the earliest
// end. It runs the bit-parallel LCS twice, O(len(a)·len(b)/64): backwards
// for the LCS of every suffix of a, which gives the latest start, then
// forwards from there until the LCS is whole.
func (ds *diffScratch) coveredRange(a, b []shingle.Word) (int, int) {
	n, m := len(a), len(b)
	if n == 0 || m == 0 || n*m > maxDiffCells {
		return 0, n
	}
	// suffix[i] = LCS(a[i:], b) = LCS of both reversed.
	lb := &ds.bits
	lb.build(b, true)
	ds.suffix = slices.Grow(ds.suffix[:0], n)[:n]
	for i := n - 1; i >= 0; i-- {
		lb.step(a[i].Hash)
		ds.suffix[i] = int32(lb.length())
	}
	total := ds.suffix[0]
	if total == 0 {
		return 0, n
	}
	i0 := 0
	for i0+1 < n && ds.suffix[i0+1] == total {
		i0++
	}
	// Earliest end: the LCS of a[i0:i] and b reaches total.
	lb.build(b, false)
	for i := i0; i < n; i++ {
		lb.step(a[i].Hash)
		if int32(lb.length()) == total {
			return i0, i + 1
		}
	}
	return i0, n
}

// lcsBits computes the length of the longest common subsequence of a
// growing sequence and a fixed one, b, one symbol at a time, with b's
// positions as the bits of a vector (Allison and Dix; Crochemore et al.).
// Bit j of v is 0 where the LCS so far grows by matching b's symbol j.
type lcsBits struct {
	m     int
	words int
	slots []int32  // open addressing over keys: index of a mask, -1 for none
	keys  []uint64 // the hash in each slot
	masks []uint64 // words per distinct symbol of b: where it occurs
	v     []uint64
}

// build prepares for a new sequence against b (reversed if rev) and
// resets the vector.
func (lb *lcsBits) build(b []shingle.Word, rev bool) {
	m := len(b)
	lb.m, lb.words = m, (m+63)/64
	size := 8
	for size < 2*m {
		size *= 2
	}
	lb.slots = slices.Grow(lb.slots[:0], size)[:size]
	lb.keys = slices.Grow(lb.keys[:0], size)[:size]
	for i := range lb.slots {
		lb.slots[i] = -1
	}
	lb.masks = lb.masks[:0]
	for j, w := range b {
		bit := j
		if rev {
			bit = m - 1 - j
		}
		s := lb.slot(w.Hash)
		if lb.slots[s] < 0 {
			lb.slots[s] = int32(len(lb.masks) / lb.words)
			lb.keys[s] = w.Hash
			for range lb.words {
				lb.masks = append(lb.masks, 0)
			}
		}
		k := int(lb.slots[s]) * lb.words
		lb.masks[k+bit/64] |= 1 << (bit % 64)
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

// step appends symbol h to the sequence.
func (lb *lcsBits) step(h uint64) {
	s := lb.slot(h)
	if lb.slots[s] < 0 {
		return // h is not in b: nothing changes
	}
	k := int(lb.slots[s]) * lb.words
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

// lcsSuffixTable returns l with l[i*(len(b)+1)+j] the length of the longest
// common subsequence of a[i:] and b[j:]; it reuses l's storage.
func lcsSuffixTable(l []int32, a, b []shingle.Word) []int32 {
	n, m := len(a), len(b)
	w := m + 1
	l = slices.Grow(l[:0], (n+1)*w)[:(n+1)*w]
	clear(l[n*w:])
	for i := range n {
		l[i*w+m] = 0
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i].Hash == b[j].Hash {
				l[i*w+j] = l[(i+1)*w+j+1] + 1
			} else {
				l[i*w+j] = max(l[(i+1)*w+j], l[i*w+j+1])
			}
		}
	}
	return l
}

// run is a diff run being built: its words so far are text (already
// joined) followed by ws. Consecutive words of one run are neighbours in
// their source, so ws grows by reslicing and the text is joined once.
type run struct {
	op   string
	src  string
	text string
	ws   []shingle.Word
}

// add appends words of src to the run.
func (r *run) add(src string, ws []shingle.Word) {
	n := len(r.ws)
	if src == r.src && n < cap(r.ws) && &r.ws[:n+1][n] == &ws[0] && len(ws) <= cap(r.ws)-n {
		r.ws = r.ws[:n+len(ws)]
		return
	}
	r.flush()
	r.src, r.ws = src, ws
}

// flush joins the pending words into text.
func (r *run) flush() {
	if len(r.ws) == 0 {
		return
	}
	if r.text != "" {
		r.text += " " + joinWords(r.src, r.ws)
	} else {
		r.text = joinWords(r.src, r.ws)
	}
	r.ws = nil
}

func (ds *diffScratch) wordDiffRuns(ta string, a []shingle.Word, tb string, b []shingle.Word) []report.DiffOp {
	ops := ds.ops[:0]
	emit := func(op string, text string, ws []shingle.Word) {
		if len(ws) == 0 {
			return
		}
		if n := len(ops); n > 0 && ops[n-1].op == op {
			ops[n-1].add(text, ws)
			return
		}
		ops = append(ops, run{op: op, src: text, ws: ws})
	}
	// Common prefix and suffix cost nothing.
	p := 0
	for p < len(a) && p < len(b) && a[p].Hash == b[p].Hash {
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s].Hash == b[len(b)-1-s].Hash {
		s++
	}
	emit(report.OpEqual, tb, b[:p])
	ma, mb := a[p:len(a)-s], b[p:len(b)-s]
	if len(ma)*len(mb) > maxDiffCells {
		emit(report.OpDelete, ta, ma)
		emit(report.OpInsert, tb, mb)
	} else {
		ds.lcsDiff(ta, ma, tb, mb, emit)
	}
	emit(report.OpEqual, tb, b[len(b)-s:])
	diff := make([]report.DiffOp, len(ops))
	for i := range ops {
		ops[i].flush()
		diff[i] = report.DiffOp{Op: ops[i].op, Text: ops[i].text}
	}
	clear(ops)
	ds.ops = ops[:0]
	return diff
}

// lcsDiff emits the edit script of a longest common subsequence.
func (ds *diffScratch) lcsDiff(ta string, a []shingle.Word, tb string, b []shingle.Word, emit func(string, string, []shingle.Word)) {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		emit(report.OpDelete, ta, a)
		emit(report.OpInsert, tb, b)
		return
	}
	w := m + 1
	ds.table = lcsSuffixTable(ds.table, a, b)
	l := ds.table
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i].Hash == b[j].Hash:
			emit(report.OpEqual, tb, b[j:j+1])
			i++
			j++
		case l[(i+1)*w+j] >= l[i*w+j+1]:
			emit(report.OpDelete, ta, a[i:i+1])
			i++
		default:
			emit(report.OpInsert, tb, b[j:j+1])
			j++
		}
	}
	emit(report.OpDelete, ta, a[i:])
	emit(report.OpInsert, tb, b[j:])
}

func joinWords(text string, ws []shingle.Word) string {
	var sb strings.Builder
	for i, w := range ws {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(text[w.Start:w.End])
	}
	return sb.String()
}
