package neardup

import (
	"math/rand/v2"
	"testing"

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
		g0, g1 := ds.coveredRange(a, b)
		require.Equal(t, [2]int{w0, w1}, [2]int{g0, g1}, "trial %d: n=%d m=%d", trial, len(a), len(b))
	}
}
