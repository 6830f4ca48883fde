package neardup

import (
	"math/rand/v2"
	"slices"
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

// naiveChains is the chaining of aligner.chainMatches done plainly: each
// match looks through every chain opened so far and joins the one it
// continues most closely (score di+dj+|di-dj|, the first on a tie), or
// opens one. It returns each match's chain.
func naiveChains(ms []match, gap int32) []int32 {
	var ends []match
	owner := make([]int32, len(ms))
	for mi, m := range ms {
		best, bestScore := -1, int32(1<<30)
		for id, c := range ends {
			di, dj := m.i-c.i, m.j-c.j
			if di > 0 && dj > 0 && di <= gap && dj <= gap {
				if score := di + dj + abs32(di-dj); score < bestScore {
					best, bestScore = id, score
				}
			}
		}
		if best < 0 {
			best = len(ends)
			ends = append(ends, m)
		}
		ends[best] = m
		owner[mi] = int32(best)
	}
	return owner
}

// editedCopy returns b, a copy of part of a with some shingles replaced,
// so that the matches run along diagonals with gaps, among stray ones.
func editedCopy(r *rand.Rand, a []shingle.Shingle, alphabet int) []shingle.Shingle {
	lo := r.IntN(len(a))
	b := append(randomShingles(r, r.IntN(20), alphabet), a[lo:min(len(a), lo+r.IntN(150))]...)
	for k := range b {
		if r.IntN(8) == 0 {
			b[k].Hash = uint64(r.IntN(alphabet)) * 0x9E3779B97F4A7C15
		}
	}
	return append(b, randomShingles(r, r.IntN(20), alphabet)...)
}

func TestChainMatchesMatchesNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	al := aligner{o: Options{Window: 3}}
	for trial := range 500 {
		al.o.Window = 1 + r.IntN(6)
		alphabet := 20 + r.IntN(400)
		a := randomShingles(r, 1+r.IntN(200), alphabet)
		b := editedCopy(r, a, alphabet)
		al.tab.index(a)
		al.matches = al.tab.appendMatches(al.matches[:0], b)
		al.chainMatches()
		want := naiveChains(al.matches, al.bridge())
		require.Equal(t, want, al.owner, "trial %d", trial)
		for mi, id := range al.owner {
			last := mi == len(al.owner)-1 || !slices.Contains(al.owner[mi+1:], id)
			if last {
				require.Equal(t, chain{a1: al.matches[mi].i, b1: al.matches[mi].j}, al.ends[id], "trial %d: end of chain %d", trial, id)
			}
		}
	}
}

func TestHashTableSimilarity(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	var tab hashTable
	var rd radix
	for trial := range 300 {
		alphabet := 2 + r.IntN(300)
		a := randomShingles(r, 1+r.IntN(150), alphabet)
		tab.index(a)
		for range 4 {
			b := editedCopy(r, a, alphabet)
			tab.appendMatches(nil, b)
			for range 5 {
				a0 := r.IntN(len(a))
				a1 := a0 + 1 + r.IntN(len(a)-a0)
				b0 := r.IntN(len(b))
				b1 := b0 + 1 + r.IntN(len(b)-b0)
				want := jaccard(appendSortedSet(nil, a, a0, a1, &rd), appendSortedSet(nil, b, b0, b1, &rd))
				require.Equal(t, want, tab.similarity(a0, a1, b, b0, b1, &rd), "trial %d: A[%d:%d] B[%d:%d]", trial, a0, a1, b0, b1)
			}
		}
	}
}
