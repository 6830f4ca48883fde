package shingle

import (
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func shingleHashes(text string, k int, seed uint64) []uint64 {
	var out []uint64
	for _, s := range AppendShingles(nil, AppendWords(nil, text), k, seed) {
		out = append(out, s.Hash)
	}
	return out
}

func TestShingleSpans(t *testing.T) {
	words := AppendWords(nil, "one two three four five six")
	require.Len(t, words, 6)
	for k := 1; k <= 8; k++ {
		shingles := AppendShingles(nil, words, k, 0)
		if k > len(words) {
			require.Len(t, shingles, 1, "k=%d", k)
			assert.Equal(t, Shingle{Hash: shingles[0].Hash, First: 0, Last: 5}, shingles[0])
			continue
		}
		require.Len(t, shingles, len(words)-k+1, "k=%d", k)
		for i, s := range shingles {
			assert.Equal(t, uint32(i), s.First)
			assert.Equal(t, uint32(i+k-1), s.Last)
		}
	}
	assert.Empty(t, AppendShingles(nil, nil, 3, 0))
	assert.Empty(t, AppendShingles(nil, words, 0, 0))
	// dst is appended to.
	dst := AppendShingles([]Shingle{{Hash: 1}}, words, 6, 0)
	assert.Len(t, dst, 2)
	assert.Equal(t, uint64(1), dst[0].Hash)
}

func TestShinglesFollowWords(t *testing.T) {
	// The same three words give the same shingle wherever they stand and
	// however they are spelled and punctuated.
	a := shingleHashes("Russian peacekeepers have", 3, 42)
	b := shingleHashes("“RUSSIAN peacekeepers’ – have", 3, 42)
	c := shingleHashes("so russian Peacekeepers have been", 3, 42)
	require.Len(t, a, 1)
	assert.Equal(t, a, b)
	require.Len(t, c, 3)
	assert.Equal(t, a[0], c[1])
	assert.NotEqual(t, a[0], c[0])
	assert.NotEqual(t, a[0], c[2])
}

func TestShinglesOrderAndSeed(t *testing.T) {
	orders := []string{"a b c", "a c b", "b a c", "b c a", "c a b", "c b a", "a a b", "a b a", "b a a"}
	seen := map[uint64]string{}
	for _, text := range orders {
		h := shingleHashes(text, 3, 0)
		require.Len(t, h, 1)
		if other, ok := seen[h[0]]; ok {
			t.Errorf("%q and %q give one shingle hash", text, other)
		}
		seen[h[0]] = text
	}
	assert.Equal(t, shingleHashes("a b c", 3, 9), shingleHashes("a b c", 3, 9))
	assert.NotEqual(t, shingleHashes("a b c", 3, 9), shingleHashes("a b c", 3, 10))
	// A shorter text is not taken for the start of a longer one.
	assert.NotEqual(t, shingleHashes("a b", 3, 0)[0], shingleHashes("a b c", 3, 0)[0])
}

// TestShingleHashSpread checks that shingle hashes, which feed MinHash
// bins directly, have every bit set about half the time and differ for
// different word runs.
func TestShingleHashSpread(t *testing.T) {
	var words []Word
	for _, text := range karabakh(t) {
		words = AppendWords(words, text)
	}
	shingles := AppendShingles(nil, words, 3, 1)
	var ones [64]int
	distinctRuns := map[[3]uint64]bool{}
	distinctHashes := map[uint64]bool{}
	for _, s := range shingles {
		for b := range 64 {
			ones[b] += int(s.Hash >> b & 1)
		}
		distinctRuns[[3]uint64{words[s.First].Hash, words[s.First+1].Hash, words[s.Last].Hash}] = true
		distinctHashes[s.Hash] = true
	}
	assert.Equal(t, len(distinctRuns), len(distinctHashes))
	n := float64(len(shingles))
	for b, c := range ones {
		assert.InDelta(t, 0.5, float64(c)/n, 0.04, "bit %d", b)
	}
	// One word changed flips about half the bits of the shingle hash.
	w := []Word{{Hash: 1}, {Hash: 2}, {Hash: 3}}
	base := AppendShingles(nil, w, 3, 0)[0].Hash
	for i := range w {
		for b := range 64 {
			v := append([]Word(nil), w...)
			v[i].Hash ^= 1 << b
			d := bits.OnesCount64(base ^ AppendShingles(nil, v, 3, 0)[0].Hash)
			assert.True(t, d > 12 && d < 52, "word %d bit %d: %d bits differ", i, b, d)
		}
	}
}

func TestShinglesSelected(t *testing.T) {
	words := AppendWords(nil, "the cat sat on the mat with a hat")
	all := make([]uint32, len(words))
	for i := range all {
		all[i] = uint32(i)
	}
	assert.Equal(t, AppendShingles(nil, words, 3, 5), AppendShinglesSelected(nil, words, all, 3, 5))

	selected := []uint32{1, 2, 5, 8} // cat sat mat hat
	got := AppendShinglesSelected(nil, words, selected, 3, 5)
	var picked []Word
	for _, i := range selected {
		picked = append(picked, words[i])
	}
	want := AppendShingles(nil, picked, 3, 5)
	require.Len(t, got, 2)
	for i := range got {
		assert.Equal(t, want[i].Hash, got[i].Hash)
	}
	assert.Equal(t, uint32(1), got[0].First)
	assert.Equal(t, uint32(5), got[0].Last)
	assert.Equal(t, uint32(2), got[1].First)
	assert.Equal(t, uint32(8), got[1].Last)

	short := AppendShinglesSelected(nil, words, []uint32{3, 7}, 3, 5)
	require.Len(t, short, 1)
	assert.Equal(t, Shingle{Hash: short[0].Hash, First: 3, Last: 7}, short[0])
	assert.Empty(t, AppendShinglesSelected(nil, words, nil, 3, 5))
}

func TestSpotSignatures(t *testing.T) {
	text := "the cat sat on the mat"
	words := AppendWords(nil, text)
	stop := []bool{true, false, false, true, true, false}
	got := AppendSpotSignatures(nil, words, stop, 3, 5)
	// "the" anchors the, cat, sat; "on" finds only one content word after
	// it, so it and the later "the" anchor nothing.
	require.Len(t, got, 1)
	assert.Equal(t, uint32(0), got[0].First)
	assert.Equal(t, uint32(2), got[0].Last)
	assert.Equal(t, AppendShingles(nil, words[:3], 3, 5)[0].Hash, got[0].Hash)

	// A stopword's signature skips the stopwords after it.
	words = AppendWords(nil, "a big and the red fox")
	stop = []bool{true, false, true, true, false, false}
	got = AppendSpotSignatures(nil, words, stop, 3, 5)
	require.Len(t, got, 3)
	assert.Equal(t, Shingle{Hash: got[0].Hash, First: 0, Last: 4}, got[0])
	assert.Equal(t, Shingle{Hash: got[1].Hash, First: 2, Last: 5}, got[1])
	assert.Equal(t, Shingle{Hash: got[2].Hash, First: 3, Last: 5}, got[2])
	picked := []Word{words[0], words[1], words[4]}
	assert.Equal(t, AppendShingles(nil, picked, 3, 5)[0].Hash, got[0].Hash)

	// No stopword: plain shingles.
	none := make([]bool, len(words))
	assert.Equal(t, AppendShingles(nil, words, 3, 5), AppendSpotSignatures(nil, words, none, 3, 5))

	assert.Panics(t, func() { AppendSpotSignatures(nil, words, stop[:2], 3, 5) })
}

// The unrolled path for 3-shingles must give the hashes of the definition:
// mix64 of combine folded over the words from the seed.
func TestThreeShinglesMatchDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 2, 3, 4, 10, 100} {
		words := make([]Word, n)
		for i := range words {
			words[i] = Word{Start: uint32(i), End: uint32(i + 1), Hash: rng.Uint64()}
		}
		seed := rng.Uint64()
		got := AppendShingles(nil, words, 3, seed)
		k := min(3, n)
		require.Len(t, got, n-k+1)
		for i, s := range got {
			h := seed
			for _, w := range words[i : i+k] {
				h = combine(h, w.Hash)
			}
			require.Equal(t, Shingle{Hash: mix64(h), First: uint32(i), Last: uint32(i + k - 1)}, s, "n=%d shingle %d", n, i)
		}
	}
}

// AppendShingleHashes gives AppendShingles' hashes, for every k, and
// appends to dst.
func TestAppendShingleHashes(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for n := range 12 {
		words := make([]Word, n)
		for i := range words {
			words[i].Hash = rng.Uint64()
		}
		for k := 0; k <= 6; k++ {
			seed := rng.Uint64()
			var want []uint64
			for _, s := range AppendShingles(nil, words, k, seed) {
				want = append(want, s.Hash)
			}
			got := AppendShingleHashes([]uint64{7}, words, k, seed)
			require.Equal(t, uint64(7), got[0])
			if len(want) == 0 {
				require.Len(t, got, 1, "n=%d k=%d", n, k)
				continue
			}
			require.Equal(t, want, got[1:], "n=%d k=%d", n, k)
		}
	}
}
