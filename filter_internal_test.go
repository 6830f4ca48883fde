package neardup

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// Every key added twice is reported, and most keys added once are not.
func TestRepeatFilter(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var f repeatFilter
	for _, n := range []int{0, 1, 7, 1000, 50000} {
		keys := make([]uint64, n)
		for i := range keys {
			keys[i] = rng.Uint64()
		}
		twice := keys[:n/10]
		f.reset(n + len(twice))
		for _, k := range keys {
			f.add(k)
		}
		for _, k := range twice {
			f.add(k)
		}
		for _, k := range twice {
			require.True(t, f.repeated(k), "a key added twice must get through")
		}
		through := 0
		for _, k := range keys[len(twice):] {
			if f.repeated(k) {
				through++
			}
		}
		// A unique key shares its slot about once in eight.
		require.LessOrEqual(t, through, max(2, (n-len(twice))/5), "n=%d", n)
	}
}

// sortRefs keeps exactly the refs whose key repeats (and some unique ones
// the filter lets through), in (key, doc, first word) order.
func TestSortRefs(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var refs []unitRef
	shared := make([]uint64, 50)
	for i := range shared {
		shared[i] = rng.Uint64() | 1
	}
	for d := range int32(300) {
		for w := int32(0); w < 40; w += 1 + rng.Int32N(5) {
			k := rng.Uint64() | 1
			if rng.IntN(4) == 0 {
				k = shared[rng.IntN(len(shared))]
			}
			refs = append(refs, unitRef{key: k, doc: d, w0: w, n: 2})
		}
	}
	count := map[uint64]int{}
	for _, r := range refs {
		count[r.key]++
	}
	var want []unitRef
	for _, r := range refs {
		if count[r.key] > 1 {
			want = append(want, r)
		}
	}
	byKeyDocWord := func(x, y unitRef) int {
		return cmp.Or(cmp.Compare(x.key, y.key), cmp.Compare(x.doc, y.doc), cmp.Compare(x.w0, y.w0))
	}
	slices.SortFunc(want, byKeyDocWord)
	got := sortRefs(refs)
	require.True(t, slices.IsSortedFunc(got, byKeyDocWord))
	var repeated []unitRef
	for _, r := range got {
		if count[r.key] > 1 {
			repeated = append(repeated, r)
		}
	}
	require.Equal(t, want, repeated)
	require.Less(t, len(got)-len(repeated), len(refs)/4, "most unique refs are left out")
}
