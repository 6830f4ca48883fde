package neardup

import (
	"math/rand/v2"
	"testing"

	"github.com/neardup/neardup/shingle"
	"github.com/stretchr/testify/require"
)

// naiveMatches is appendMatches by definition: every pair of equal hashes,
// unless the hash makes more than maxRun pairs, in order of (i, j).
func naiveMatches(a, b []shingle.Shingle) []match {
	count := func(sh []shingle.Shingle, h uint64) int {
		n := 0
		for _, s := range sh {
			if s.Hash == h {
				n++
			}
		}
		return n
	}
	var out []match
	for i := range a {
		for j := range b {
			if a[i].Hash == b[j].Hash && count(a, a[i].Hash)*count(b, a[i].Hash) <= maxRun {
				out = append(out, match{int32(i), int32(j)})
			}
		}
	}
	return out
}

func randomShingles(r *rand.Rand, n, alphabet int) []shingle.Shingle {
	sh := make([]shingle.Shingle, n)
	for i := range sh {
		sh[i].Hash = uint64(r.IntN(alphabet)) * 0x9E3779B97F4A7C15
	}
	return sh
}

func TestHashTableMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	var tab hashTable
	for trial := range 300 {
		// Small alphabets repeat hashes past maxRun; large ones rarely match.
		alphabet := 2 + r.IntN(400)
		a := randomShingles(r, r.IntN(120), alphabet)
		tab.index(a)
		for k := range 4 { // one table serves several documents
			b := randomShingles(r, r.IntN(120), alphabet)
			got := tab.appendMatches(nil, b)
			require.Equal(t, naiveMatches(a, b), got, "trial %d, document %d", trial, k)
		}
	}
}

func TestHashTableMaxRun(t *testing.T) {
	var tab hashTable
	same := func(n int) []shingle.Shingle { return make([]shingle.Shingle, n) } // all hash 0
	tab.index(same(4))
	require.Len(t, tab.appendMatches(nil, same(4)), 16, "4×4 pairs is maxRun: kept")
	require.Empty(t, tab.appendMatches(nil, same(5)), "4×5 pairs is past maxRun: dropped")
	require.Equal(t, []match{{0, 1}, {1, 1}, {2, 1}, {3, 1}}, tab.appendMatches(nil, []shingle.Shingle{{Hash: 7}, {Hash: 0}}))
}
