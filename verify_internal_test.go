package neardup

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// belowThreshold may only reject pairs that the full Jaccard test rejects,
// and must reject most unrelated ones.
func TestBelowThresholdIsExact(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var rx radix
	rejected := 0
	thresholds := []float64{0.3, 0.5, 0.8, 1}
	budgets := make([]missBudget, len(thresholds))
	for i, th := range thresholds {
		budgets[i] = newMissBudget(th, 30)
	}
	for trial := range 20000 {
		n, m := 1+r.IntN(30), 1+r.IntN(30)
		universe := uint64(2 + r.IntN(60)) // small universes: overlaps and repeats
		xs := make([]uint64, n)
		for i := range xs {
			xs[i] = r.Uint64N(universe) * 0x9E3779B97F4A7C15 // spread over the mask's bits
		}
		xs = rx.sortedSet(xs)
		ys := make([]uint64, m)
		for i := range ys {
			ys[i] = r.Uint64N(universe) * 0x9E3779B97F4A7C15
		}
		th := thresholds[trial%4]
		below := belowThreshold(xs, hashMask(xs), ys, &budgets[trial%4])
		j := jaccard(xs, rx.sortedSet(append([]uint64(nil), ys...)))
		if below {
			rejected++
			require.Less(t, j, th, "trial %d: rejected a pair with similarity %v ≥ %v", trial, j, th)
		}
	}
	require.Greater(t, rejected, 5000)
}

// sortedContains must agree with a binary search on sets of every size
// up to a window's, for members, for values between them and for values
// outside them.
func TestSortedContains(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	var rx radix
	for trial := range 5000 {
		xs := make([]uint64, r.IntN(40))
		for i := range xs {
			xs[i] = r.Uint64N(200) << 56 // small universe, top bits: values near 0 and 2^64-1 too
		}
		xs = rx.sortedSet(xs)
		for _, y := range []uint64{0, 1, r.Uint64N(200) << 56, r.Uint64N(200)<<56 + 1, 1<<64 - 1} {
			_, want := slices.BinarySearch(xs, y)
			require.Equal(t, want, sortedContains(xs, y), "trial %d: %v in %v", trial, y, xs)
		}
	}
}

// lshPairs must give the pairs minhash.Index.AppendPairs would: every pair
// of windows of different documents sharing a band key, each window
// paired with at most maxBucket windows before it in its bucket.
func TestLSHPairsMatchSortedBuckets(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	const n, bands = 60000, 3
	w := &windows{doc: make([]int32, n), bkeys: make([][]uint32, bands)}
	for i := range w.doc {
		w.doc[i] = int32(i / 7) // seven windows a document
	}
	var reps []uint32
	for i := range n {
		if i%5 != 3 { // some windows are not representatives
			reps = append(reps, uint32(i))
		}
	}
	// Keys from small pools make buckets of every size, some far past
	// maxBucket; the pools' keys are spread over all 32 bits.
	want := map[uint64]bool{}
	for b := range w.bkeys {
		w.bkeys[b] = make([]uint32, n)
		for i := range w.bkeys[b] {
			pool := []uint32{50000, 5000, 300, 3}[r.IntN(4)]
			w.bkeys[b][i] = (r.Uint32N(pool) + pool<<16 + uint32(b)<<28) * 0x9E3779B1
		}
		buckets := map[uint32][]uint32{}
		for _, y := range reps {
			buckets[w.bkeys[b][y]] = append(buckets[w.bkeys[b][y]], y)
		}
		for _, run := range buckets {
			for p := 1; p < len(run); p++ {
				for _, x := range run[max(0, p-maxBucket):p] {
					if w.doc[x] != w.doc[run[p]] {
						want[uint64(x)<<32|uint64(run[p])] = true
					}
				}
			}
		}
	}
	c := &corpus{o: Options{Workers: 2}}
	got := c.lshPairs(context.Background(), w, reps)
	require.Len(t, got, len(want))
	for i, p := range got {
		if !want[p] || i > 0 && got[i-1] >= p {
			t.Fatalf("pair %d: %d-%d not expected or out of order", i, p>>32, uint32(p))
		}
	}
}

// candidates pairs every window with the first window of its key, when
// they are in different documents, and runs the LSH over the first
// windows alone.
func TestCandidatesCollapseIdentical(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	const n = 50000
	w := &windows{doc: make([]int32, n), key: make([]uint64, n), bkeys: [][]uint32{make([]uint32, n)}}
	for i := range n {
		w.doc[i] = int32(i / 6)
		// Most keys unique, some from a small pool.
		if r.IntN(4) == 0 {
			w.key[i] = (r.Uint64N(2000) + 1) * 0x9E3779B97F4A7C15
		} else {
			w.key[i] = r.Uint64()
		}
		w.bkeys[0][i] = r.Uint32N(20000) * 0x9E3779B1
	}
	first := map[uint64]uint32{}
	var wantIdent []uint64
	var reps []uint32
	for y := range uint32(n) {
		x, ok := first[w.key[y]]
		if !ok {
			first[w.key[y]] = y
			reps = append(reps, y)
			continue
		}
		if w.doc[x] != w.doc[y] {
			wantIdent = append(wantIdent, uint64(x)<<32|uint64(y))
		}
	}
	// The LSH pairs the first windows would give, computed before
	// candidates consumes the keys.
	c := &corpus{o: Options{Workers: 2}}
	lw := &windows{doc: w.doc, bkeys: [][]uint32{slices.Clone(w.bkeys[0])}}
	wantLSH := c.lshPairs(context.Background(), lw, reps)
	ident, lsh := c.candidates(context.Background(), w)
	slices.Sort(ident)
	slices.Sort(wantIdent)
	require.Equal(t, wantIdent, ident)
	require.NotEmpty(t, wantLSH)
	require.Equal(t, wantLSH, lsh)
}
