package neardup

import (
	"bytes"
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	gen "github.com/neardup/neardup/internal/corpus"
	"github.com/neardup/neardup/report"
	"github.com/neardup/neardup/shingle"
	"github.com/stretchr/testify/require"
)

// A corpus too big for the store is tokenised again where a later stage
// needs it; the report must not change.
func TestStoreBudgetDoesNotChangeReport(t *testing.T) {
	cfg := gen.DefaultConfig()
	cfg.Seed = 9
	cfg.Bytes = 1 << 20
	c, err := gen.Generate(cfg)
	require.NoError(t, err)
	docs := make([]Document, len(c.Docs))
	for i, d := range c.Docs {
		docs[i] = Document{ID: d.ID, Text: d.Text, Title: d.Title, Source: d.Source, Date: d.Date, URL: d.URL}
	}
	// One document of more words than a slab chunk holds, which gets a
	// chunk of its own.
	var big []string
	for _, d := range docs[:100] {
		big = append(big, d.Text)
	}
	docs = append(docs, Document{ID: "zz-big", Text: strings.Join(big, "\n\n")})
	require.Greater(t, len(shingle.AppendWords(nil, docs[len(docs)-1].Text)), slabChunk)
	encode := func(budget int64, o Options) []byte {
		defer func(old, ratio int64) { storeBudget, storeBytesPerTextByte = old, ratio }(storeBudget, storeBytesPerTextByte)
		storeBudget = budget
		storeBytesPerTextByte = 0 // never give up on the store: a small budget keeps part
		r, err := Run(context.Background(), docs, o)
		require.NoError(t, err)
		var b bytes.Buffer
		require.NoError(t, report.WriteJSON(&b, r))
		return b.Bytes()
	}
	for _, o := range []Options{{}, {Stopwords: StopwordsAnchor, Workers: 1}} {
		all := encode(1<<40, o)
		require.Greater(t, len(all), 1000)
		require.Equal(t, all, encode(0, o), "nothing kept")
		require.Equal(t, all, encode(300<<10, o), "some kept")
	}
}

func TestRadixSortsStably(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var s keyed
	for _, n := range []int{0, 1, 5, 24, 25, 100, 1000, 5000, 70000} {
		for _, spread := range []uint64{3, 1000, 1 << 63, 1 << 20} {
			s.keys, s.vals = s.keys[:0], s.vals[:0]
			type kv struct {
				k uint64
				v uint32
			}
			var want []kv
			for i := range n {
				k := r.Uint64N(spread) * 0x9E3779B97F4A7C15
				switch spread {
				case 3:
					k = r.Uint64N(spread) // equal high bits: deep buckets of equal keys
				case 1 << 20:
					k = r.Uint64N(2000)<<32 | r.Uint64N(spread) // pair keys: high bits all zero
				}
				s.keys = append(s.keys, k)
				s.vals = append(s.vals, uint32(i))
				want = append(want, kv{k, uint32(i)})
			}
			xs := slices.Clone(s.keys)
			s.sort()
			slices.SortStableFunc(want, func(x, y kv) int {
				switch {
				case x.k < y.k:
					return -1
				case x.k > y.k:
					return 1
				}
				return 0
			})
			for i, w := range want {
				require.Equal(t, w.k, s.keys[i], "n=%d i=%d", n, i)
				require.Equal(t, w.v, s.vals[i], "n=%d i=%d: not stable", n, i)
			}
			s.r.sortUint64s(xs)
			require.True(t, slices.IsSorted(xs))
			require.Equal(t, s.keys, xs)
		}
	}
}

// Copies kept in a slab keep their values while later ones are added, and
// cannot grow into the room of the next: big and small, across chunks.
func TestSlabKeepsCopies(t *testing.T) {
	var s slab[int]
	type kept struct {
		n int
		v []int
	}
	var all []kept
	var src []int
	for n := range 3000 {
		size := n%50 + 1
		if n%997 == 0 {
			size = slabChunk + 3 // bigger than a chunk
		}
		src = src[:0]
		for j := range size {
			src = append(src, n*1000+j)
		}
		v := s.keep(src)
		require.Equal(t, len(v), cap(v), "a kept copy has no room to grow into")
		src[0] = -1 // the copy is the slab's own
		all = append(all, kept{n, v})
	}
	for _, k := range all {
		for j, x := range k.v {
			require.Equal(t, k.n*1000+j, x, "copy %d overwritten", k.n)
		}
	}
}

// The estimate counts the kept words and shingles only while they fit.
func TestHeapEstimate(t *testing.T) {
	require.Equal(t, int64(230+500)<<20, HeapEstimate(100<<20))
	require.Equal(t, int64(2300)<<20, HeapEstimate(1000<<20), "1 GB keeps nothing")
	require.Equal(t, storeBudget, storeBytes(storeBudget/storeBytesPerTextByte))
	require.Zero(t, storeBytes(storeBudget/storeBytesPerTextByte+1))
}
