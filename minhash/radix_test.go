package minhash

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

type entry struct {
	key uint64
	id  uint32
}

func TestSortEntries(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	gens := map[string]func() uint64{
		"random":    rng.Uint64,
		"few keys":  func() uint64 { return uint64(rng.IntN(5)) * 0x0123456789abcdef },
		"low byte":  func() uint64 { return 0xabcdef0000000000 | uint64(rng.IntN(256)) },
		"high byte": func() uint64 { return uint64(rng.IntN(3)) << 56 },
		"all equal": func() uint64 { return 42 },
	}
	for _, name := range []string{"random", "few keys", "low byte", "high byte", "all equal"} {
		for _, n := range []int{0, 1, 2, insertionMax, insertionMax + 1, 1000, 50000} {
			t.Run(fmt.Sprintf("%s/%d", name, n), func(t *testing.T) {
				es := make([]entry, n)
				for i := range es {
					es[i] = entry{gens[name](), rng.Uint32N(uint32(n/3 + 1))}
				}
				keys := make([]uint64, n)
				ids := make([]uint32, n)
				for i, e := range es {
					keys[i], ids[i] = e.key, e.id
				}
				sortEntries(keys, ids)
				slices.SortFunc(es, func(a, b entry) int {
					return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.id, b.id))
				})
				for i, e := range es {
					if keys[i] != e.key || ids[i] != e.id {
						t.Fatalf("entry %d = (%#x, %d), want (%#x, %d)", i, keys[i], ids[i], e.key, e.id)
					}
				}
			})
		}
	}
}

func TestSortPairs(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, n := range []int{0, 1, insertionMax, insertionMax + 1, 1000, 100000} {
		for _, span := range []uint32{3, 1000, 1 << 31} {
			ps := make([]Pair, n)
			for i := range ps {
				ps[i] = Pair{rng.Uint32N(span), rng.Uint32N(span)}
			}
			want := slices.Clone(ps)
			slices.SortFunc(want, func(a, b Pair) int {
				return cmp.Or(cmp.Compare(a.A, b.A), cmp.Compare(a.B, b.B))
			})
			sortPairs(ps)
			if !slices.Equal(ps, want) {
				t.Fatalf("n=%d span=%d: pairs not sorted by (A, B)", n, span)
			}
		}
	}
}

func BenchmarkSortEntries(b *testing.B) {
	const n = 1 << 20
	rng := rand.New(rand.NewPCG(1, 1))
	keys0 := make([]uint64, n)
	ids0 := make([]uint32, n)
	for i := range keys0 {
		keys0[i], ids0[i] = rng.Uint64(), uint32(i)
	}
	keys := make([]uint64, n)
	ids := make([]uint32, n)
	b.SetBytes(12 * n)
	b.ReportAllocs()
	for b.Loop() {
		copy(keys, keys0)
		copy(ids, ids0)
		sortEntries(keys, ids)
	}
}
