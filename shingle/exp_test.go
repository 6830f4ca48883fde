package shingle

import (
	"math/bits"
	"testing"

	"github.com/cespare/xxhash/v2"
)

func hashLowerBranchy(s string) uint64 {
	h := xxP5 + uint64(len(s))
	for ; len(s) >= 8; s = s[8:] {
		k := (le64(s) | 0x20*lsb) * xxP2
		k = bits.RotateLeft64(k, 31) * xxP1
		h ^= k
		h = bits.RotateLeft64(h, 27)*xxP1 + xxP4
	}
	if len(s) >= 4 {
		h ^= uint64(le32(s)|0x20202020) * xxP1
		h = bits.RotateLeft64(h, 23)*xxP2 + xxP3
		s = s[4:]
	}
	for j := 0; j < len(s); j++ {
		h ^= uint64(s[j]|0x20) * xxP5
		h = bits.RotateLeft64(h, 11) * xxP1
	}
	h ^= h >> 33
	h *= xxP2
	h ^= h >> 29
	h *= xxP3
	h ^= h >> 32
	return h
}

func BenchmarkExpHash(b *testing.B) {
	_, text := benchCorpus()
	var tok Tokenizer
	words := tok.AppendWords(nil, text)
	var short []Word
	for _, w := range words {
		if w.End-w.Start < 32 && scanAlnum(text, int(w.Start)) == int(w.End) {
			short = append(short, w)
		}
	}
	var sink uint64
	b.Run("xxhash", func(b *testing.B) {
		for b.Loop() {
			for _, w := range short {
				sink += xxhash.Sum64String(text[w.Start:w.End])
			}
		}
	})
	b.Run("branchy", func(b *testing.B) {
		for b.Loop() {
			for _, w := range short {
				sink += hashLowerBranchy(text[w.Start:w.End])
			}
		}
	})
	b.Run("cmov", func(b *testing.B) {
		for b.Loop() {
			for _, w := range short {
				sink += hashLower(text[w.Start:w.End])
			}
		}
	})
	_ = sink
}
