package shingle

import (
	"math/bits"
	"slices"
)

// Shingle is the hash of k consecutive words (or, with stopword handling,
// of k chosen words) and the index of its first and last word, so that a
// match can be traced back to the text.
type Shingle struct {
	Hash        uint64
	First, Last uint32
}

const (
	prime1 = 0x9E3779B185EBCA87
	prime2 = 0xC2B2AE3D27D4EB4F
)

// mix64 is a strong 64-bit finaliser (from MurmurHash3); it spreads every
// input bit over the output so that shingle hashes can feed MinHash bins
// directly.
func mix64(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// combine folds one word hash into a running shingle hash; the order of
// words matters.
func combine(h, w uint64) uint64 {
	return bits.RotateLeft64(h^w*prime2, 31) * prime1
}

// AppendShingles appends the hashes of every run of k consecutive words to
// dst. A text of fewer than k (but at least one) words yields one shingle of
// all its words, so that short texts can still be compared. The seed makes
// the hashes a function of (seed, words) only.
func AppendShingles(dst []Shingle, words []Word, k int, seed uint64) []Shingle {
	if k < 1 || len(words) == 0 {
		return dst
	}
	k = min(k, len(words))
	n := len(words) - k + 1
	dst = slices.Grow(dst, n)
	if k == 3 {
		// The default size, unrolled, with each word's share of combine
		// computed once rather than once per shingle it is in: the
		// products w·prime2, and the first step from the seed.
		words = words[:n+2]
		f0, p1 := combine(seed, words[0].Hash), words[1].Hash*prime2
		for i := range n {
			p2 := words[i+2].Hash * prime2
			h := bits.RotateLeft64(f0^p1, 31) * prime1
			h = bits.RotateLeft64(h^p2, 31) * prime1
			dst = append(dst, Shingle{Hash: mix64(h), First: uint32(i), Last: uint32(i + 2)})
			f0, p1 = combine(seed, words[i+1].Hash), p2
		}
		return dst
	}
	for i := range n {
		h := seed
		for _, w := range words[i : i+k] {
			h = combine(h, w.Hash)
		}
		dst = append(dst, Shingle{Hash: mix64(h), First: uint32(i), Last: uint32(i + k - 1)})
	}
	return dst
}

// AppendShingleHashes appends the hashes of the shingles AppendShingles
// would append, in the same order, without their word ranges: what a
// MinHash signature needs (minhash.Signer takes these hashes), at half the
// memory.
func AppendShingleHashes(dst []uint64, words []Word, k int, seed uint64) []uint64 {
	if k < 1 || len(words) == 0 {
		return dst
	}
	k = min(k, len(words))
	n := len(words) - k + 1
	dst = slices.Grow(dst, n)
	if k == 3 {
		// As in AppendShingles.
		words = words[:n+2]
		f0, p1 := combine(seed, words[0].Hash), words[1].Hash*prime2
		for i := range n {
			p2 := words[i+2].Hash * prime2
			h := bits.RotateLeft64(f0^p1, 31) * prime1
			h = bits.RotateLeft64(h^p2, 31) * prime1
			dst = append(dst, mix64(h))
			f0, p1 = combine(seed, words[i+1].Hash), p2
		}
		return dst
	}
	for i := range n {
		h := seed
		for _, w := range words[i : i+k] {
			h = combine(h, w.Hash)
		}
		dst = append(dst, mix64(h))
	}
	return dst
}

// AppendShinglesSelected is AppendShingles over only the words whose index
// is in selected (increasing): dropping stopwords, for example. First and
// Last still index words.
func AppendShinglesSelected(dst []Shingle, words []Word, selected []uint32, k int, seed uint64) []Shingle {
	if k < 1 || len(selected) == 0 {
		return dst
	}
	if len(selected) < k {
		k = len(selected)
	}
	last := len(selected) - k
	for i := 0; i <= last; i++ {
		run := selected[i : i+k]
		h := seed
		for _, w := range run {
			h = combine(h, words[w].Hash)
		}
		dst = append(dst, Shingle{Hash: mix64(h), First: run[0], Last: run[k-1]})
	}
	return dst
}

// AppendSpotSignatures appends SpotSigs-style shingles: each stopword
// (isStop[i], one flag per word) anchors a shingle made of itself and the
// k-1 content words that follow it; anchors too near the end for k-1 of
// them give none. A text where no stopword anchors a shingle falls back to
// AppendShingles over all its words, so that short texts can still be
// compared.
func AppendSpotSignatures(dst []Shingle, words []Word, isStop []bool, k int, seed uint64) []Shingle {
	if len(isStop) < len(words) {
		panic("shingle: AppendSpotSignatures needs a stopword flag for every word")
	}
	if k < 1 {
		return dst
	}
	n := len(words)
	anchors := 0
	for i := 0; i < n; i++ {
		if !isStop[i] {
			continue
		}
		h := combine(seed, words[i].Hash)
		got := 1
		j := i + 1
		for ; j < n && got < k; j++ {
			if !isStop[j] {
				h = combine(h, words[j].Hash)
				got++
			}
		}
		if got < k {
			break // too near the end for a whole signature
		}
		dst = append(dst, Shingle{Hash: mix64(h), First: uint32(i), Last: uint32(j - 1)})
		anchors++
	}
	if anchors == 0 {
		return AppendShingles(dst, words, k, seed)
	}
	return dst
}
