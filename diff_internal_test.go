package neardup

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/cespare/xxhash/v2"
	"github.com/neardup/neardup/report"
	"github.com/neardup/neardup/shingle"
	"github.com/stretchr/testify/require"
)

// coveredRangeTable is coveredRange by the full dynamic-programming table:
// the reference the bit-parallel version must agree with.
func coveredRangeTable(a, b []shingle.Word) (int, int) {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return 0, n
	}
	suffix := lcsSuffixTable(nil, a, b)
	w := m + 1
	total := suffix[0]
	if total == 0 {
		return 0, n
	}
	i0 := 0
	for i0+1 < n && suffix[(i0+1)*w] == total {
		i0++
	}
	// Earliest end: row by row, the LCS of a[i0:i] and b.
	prev, cur := make([]int32, w), make([]int32, w)
	for i := i0 + 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			if a[i-1].Hash == b[j-1].Hash {
				cur[j] = prev[j-1] + 1
			} else {
				cur[j] = max(prev[j], cur[j-1])
			}
		}
		if cur[m] == total {
			return i0, i
		}
		prev, cur = cur, prev
	}
	return i0, n
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

func randomWords(r *rand.Rand, n, alphabet int) []shingle.Word {
	ws := make([]shingle.Word, n)
	for i := range ws {
		ws[i].Hash = uint64(r.IntN(alphabet)) * 0x9E3779B97F4A7C15
	}
	return ws
}

func TestCoveredRangeMatchesTable(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var ds diffScratch
	for trial := range 3000 {
		// Lengths cross the 64-bit word boundaries; small alphabets make
		// many ties, which is where the latest start and earliest end
		// matter.
		n, m := r.IntN(150), r.IntN(150)
		alphabet := 2 + r.IntN(20)
		a, b := randomWords(r, n, alphabet), randomWords(r, m, alphabet)
		if trial%3 == 0 && m > 10 {
			// b a copy of part of a, edited: the usual case.
			lo := r.IntN(max(1, n-m/2))
			b = append(append([]shingle.Word(nil), a[lo:min(n, lo+m)]...), randomWords(r, 3, 50)...)
		}
		w0, w1 := coveredRangeTable(a, b)
		g0, g1, _ := ds.coveredRange(a, b)
		require.Equal(t, [2]int{w0, w1}, [2]int{g0, g1}, "trial %d: n=%d m=%d", trial, len(a), len(b))
	}
}

func TestCoveredRangeWholeCopy(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var ds diffScratch
	for range 200 {
		a := randomWords(r, 1+r.IntN(100), 2+r.IntN(10))
		b := append([]shingle.Word(nil), a...)
		w0, w1 := coveredRangeTable(a, b)
		g0, g1, _ := ds.coveredRange(a, b)
		require.Equal(t, [2]int{0, len(a)}, [2]int{w0, w1})
		require.Equal(t, [2]int{w0, w1}, [2]int{g0, g1})
	}
}

// randomText makes a text of n words from a small vocabulary, with
// separators that are sometimes one space and sometimes not, and its
// words (hashed by their lower-case form, as the tokenizer would).
func randomText(r *rand.Rand, n int) (string, []shingle.Word) {
	vocab := []string{"the", "The", "war", "corridor", "Lachin", "road", "troops", "of", "in", "Shusha"}
	seps := []string{" ", " ", " ", " ", ", ", "  ", ".\n", " – "}
	var sb strings.Builder
	ws := make([]shingle.Word, n)
	for i := range ws {
		if i > 0 {
			sb.WriteString(seps[r.IntN(len(seps))])
		}
		v := vocab[r.IntN(len(vocab))]
		ws[i] = shingle.Word{Start: uint32(sb.Len()), End: uint32(sb.Len() + len(v)), Hash: xxhash.Sum64String(strings.ToLower(v))}
		sb.WriteString(v)
	}
	return sb.String(), ws
}

// referenceDiff is the word diff done plainly: the common prefix and
// suffix, the full LCS table for the middle, one op per word, then runs of
// one op merged and their words joined by spaces.
func referenceDiff(ta string, a []shingle.Word, tb string, b []shingle.Word) []report.DiffOp {
	type step struct {
		op   string
		word string
	}
	var steps []step
	p := 0
	for p < len(a) && p < len(b) && a[p].Hash == b[p].Hash {
		steps = append(steps, step{report.OpEqual, tb[b[p].Start:b[p].End]})
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s].Hash == b[len(b)-1-s].Hash {
		s++
	}
	suffix := b[len(b)-s:]
	a, b = a[p:len(a)-s], b[p:len(b)-s]
	l := lcsSuffixTable(nil, a, b)
	w := len(b) + 1
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].Hash == b[j].Hash:
			steps = append(steps, step{report.OpEqual, tb[b[j].Start:b[j].End]})
			i, j = i+1, j+1
		case l[(i+1)*w+j] >= l[i*w+j+1]:
			steps = append(steps, step{report.OpDelete, ta[a[i].Start:a[i].End]})
			i++
		default:
			steps = append(steps, step{report.OpInsert, tb[b[j].Start:b[j].End]})
			j++
		}
	}
	for ; i < len(a); i++ {
		steps = append(steps, step{report.OpDelete, ta[a[i].Start:a[i].End]})
	}
	for ; j < len(b); j++ {
		steps = append(steps, step{report.OpInsert, tb[b[j].Start:b[j].End]})
	}
	for _, x := range suffix {
		steps = append(steps, step{report.OpEqual, tb[x.Start:x.End]})
	}
	var out []report.DiffOp
	for k := 0; k < len(steps); {
		e := k
		var words []string
		for e < len(steps) && steps[e].op == steps[k].op {
			words = append(words, steps[e].word)
			e++
		}
		out = append(out, report.DiffOp{Op: steps[k].op, Text: strings.Join(words, " ")})
		k = e
	}
	return out
}

func TestWordDiffRunsMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var ds diffScratch
	var got, want [][]report.DiffOp
	for range 2000 {
		ta, a := randomText(r, 1+r.IntN(140))
		tb, b := randomText(r, 1+r.IntN(140))
		if r.IntN(3) == 0 {
			tb, b = ta, a[r.IntN(len(a)):] // a copy of the end of a: a long common suffix
		}
		got = append(got, ds.wordDiffRuns(ta, a, tb, b))
		want = append(want, referenceDiff(ta, a, tb, b))
	}
	// Compared after all the calls: the texts of one call must survive
	// the scratch's reuse by the next ones.
	for k := range want {
		require.Equal(t, want[k], got[k], "case %d", k)
	}
}

func TestWordDiffTextIsTheSource(t *testing.T) {
	// Words that stand one space apart in the source are shown as its
	// bytes; others are joined by one space.
	text := "Troops  were   deployed in the liberated lands"
	var ws []shingle.Word
	for i := 0; i < len(text); {
		e := i
		for e < len(text) && text[e] != ' ' {
			e++
		}
		if e > i {
			ws = append(ws, shingle.Word{Start: uint32(i), End: uint32(e), Hash: xxhash.Sum64String(text[i:e])})
		}
		i = e + 1
	}
	require.Len(t, ws, 7)
	var ds diffScratch
	d := ds.wordDiffRuns(text, ws[:3], text, ws)
	require.Equal(t, []report.DiffOp{
		{Op: report.OpEqual, Text: "Troops were deployed"},
		{Op: report.OpInsert, Text: "in the liberated lands"},
	}, d)
	require.Equal(t, unsafe.StringData(text[24:]), unsafe.StringData(d[1].Text), "the insertion should be a slice of the text")
}

func TestWordDiffMatchesReference(t *testing.T) {
	// wordDiff numbers the words once for the covered range and the
	// diff of the covered part: it must give what the two give apart.
	r := rand.New(rand.NewPCG(17, 18))
	var ds diffScratch
	for trial := range 1500 {
		ta, a := randomText(r, 1+r.IntN(140))
		tb, b := randomText(r, 1+r.IntN(140))
		if r.IntN(2) == 0 {
			lo := r.IntN(len(a))
			tb, b = ta, a[lo:lo+1+r.IntN(len(a)-lo)] // part of a
		}
		c0, c1 := coveredRangeTable(a, b)
		got, g0, g1 := ds.wordDiff(ta, a, tb, b)
		require.Equal(t, [2]int{c0, c1}, [2]int{g0, g1}, "trial %d", trial)
		require.Equal(t, referenceDiff(ta, a[c0:c1], tb, b), got, "trial %d", trial)
	}
}

// wordDiffRuns returns the runs of words by which b (of text tb)
// differs from all of a (of text ta), numbering the words afresh.
func (ds *diffScratch) wordDiffRuns(ta string, a []shingle.Word, tb string, b []shingle.Word) []report.DiffOp {
	return ds.runs(ta, a, 0, len(a), tb, b, false)
}
