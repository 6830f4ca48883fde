package shingle

import "math/bits"

// The portable fast path reads text eight bytes at a time as little-endian
// words and tests all eight bytes at once with plain integer arithmetic;
// classify_amd64.s does the classification with AVX2.

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// classify64Go is the portable classify64. The eight words are spelled
// out so that each shift is a constant, and the mask of non-ASCII bytes,
// which most blocks of most texts lack, is only packed when there is one.
func classify64Go(b string) (alnum, high uint64) {
	_ = b[63]
	x0, x1, x2, x3 := le64(b[0:8]), le64(b[8:16]), le64(b[16:24]), le64(b[24:32])
	x4, x5, x6, x7 := le64(b[32:40]), le64(b[40:48]), le64(b[48:56]), le64(b[56:64])
	alnum = pack8(alnum8(x0)&msb) | pack8(alnum8(x1)&msb)<<8 |
		pack8(alnum8(x2)&msb)<<16 | pack8(alnum8(x3)&msb)<<24 |
		pack8(alnum8(x4)&msb)<<32 | pack8(alnum8(x5)&msb)<<40 |
		pack8(alnum8(x6)&msb)<<48 | pack8(alnum8(x7)&msb)<<56
	if (x0|x1|x2|x3|x4|x5|x6|x7)&msb != 0 {
		high = pack8(x0&msb) | pack8(x1&msb)<<8 | pack8(x2&msb)<<16 | pack8(x3&msb)<<24 |
			pack8(x4&msb)<<32 | pack8(x5&msb)<<40 | pack8(x6&msb)<<48 | pack8(x7&msb)<<56
	}
	return alnum, high
}

// pack8 gathers the top bits of the eight bytes of m (its only set bits)
// into its low eight bits: the multiplier adds copies of m shifted so that
// byte k's bit lands on bit 56+k, and no two copies collide.
func pack8(m uint64) uint64 {
	return (m >> 7) * 0x0102040810204080 >> 56
}

// alnum8 sets the top bit of each byte of x that is an ASCII letter or
// digit (other bits are garbage). The range tests add a bias to 7-bit
// values so that the top bit tells the comparison; no addition carries into
// the next byte.
func alnum8(x uint64) uint64 {
	v := x &^ msb
	y := v | 0x20*lsb // upper-case letters to lower case
	letter := (y + (0x80-'a')*lsb) &^ (y + (0x7F-'z')*lsb)
	digit := (v + (0x80-'0')*lsb) &^ (v + (0x7F-'9')*lsb)
	return (letter | digit) &^ x
}

// scanAlnum returns the index of the first byte at or after i that is not
// an ASCII letter or digit.
func scanAlnum(s string, i int) int {
	for i+8 <= len(s) {
		if m := ^alnum8(le64(s[i:])) & msb; m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for i < len(s) && asciiClass[s[i]] == clAlnum {
		i++
	}
	return i
}

func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func le32(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// xxhash64's primes.
const (
	xxP1 uint64 = 11400714785074694791
	xxP2 uint64 = 14029467366897019727
	xxP3 uint64 = 1609587929392839161
	xxP4 uint64 = 9650029242287828579
	xxP5 uint64 = 2870177450012600261
)

// hashLower returns xxhash.Sum64 of w in lower case, where w is fewer
// than 32 ASCII letters and digits. It is the short-input branch of
// xxhash64 lower-casing as it loads: setting bit 5 lower-cases a letter and
// leaves a digit as it is. Most words are short, and this saves copying
// them and calling the general hash.
func hashLower(w string) uint64 {
	h := xxP5 + uint64(len(w))
	for ; len(w) >= 8; w = w[8:] {
		k := (le64(w) | 0x20*lsb) * xxP2
		k = bits.RotateLeft64(k, 31) * xxP1
		h ^= k
		h = bits.RotateLeft64(h, 27)*xxP1 + xxP4
	}
	if len(w) >= 4 {
		h ^= uint64(le32(w)|0x20202020) * xxP1
		h = bits.RotateLeft64(h, 23)*xxP2 + xxP3
		w = w[4:]
	}
	for j := 0; j < len(w); j++ {
		h ^= uint64(w[j]|0x20) * xxP5
		h = bits.RotateLeft64(h, 11) * xxP1
	}
	h ^= h >> 33
	h *= xxP2
	h ^= h >> 29
	h *= xxP3
	h ^= h >> 32
	return h
}

// plainWords writes to free the words of block, the 64 bytes at base in
// the text and 8 more, that start at the set bits of starts, for as long
// as they are plain: up to 16 ASCII letters and digits, inside the 64
// bytes, followed by a byte that ends them for sure, and in the cache.
// nonAlnum has the bits of the 64 bytes that are not letters or digits. It
// returns how many words it wrote and the bits of those it left, from the
// first word that is not plain. A block holds at most 32 words, as words
// are apart, so they fit in free.
//
// This is the loop that most words go through: it calls nothing, not even
// to grow a slice, so that its values stay in registers, and its masks
// (of indexes, of l) only tell the compiler what it cannot prove, to spare
// bounds checks.
func (c *wordCache) plainWords(free *[32]Word, block string, base int, nonAlnum, starts uint64) (int, uint64) {
	_ = block[71]
	i := 0
	for ; starts != 0; starts &= starts - 1 {
		k := bits.TrailingZeros64(starts) & 63
		// l is 0 for a non-ASCII byte, and over 16 for a word of 17
		// bytes or more or one that reaches the block's end (the bit set
		// at 32 only spares the processor a test for zero).
		l := bits.TrailingZeros64(nonAlnum>>uint(k) | 1<<32)
		if uint(l-1) >= 16 {
			break
		}
		e := (k + l) & 63 // the word ends inside the 64 bytes
		if cl := asciiClass[block[e]]; cl != clSep && (cl != clNumSep || isDigit(block[(e-1)&63])) {
			break
		}
		x := le64(block[k:]) | 0x20*lsb
		var h uint64
		if l <= 8 {
			x &= lowBytes[l&15]
			set := c.shortSet(x)
			if set[0].key == x {
				h = set[0].hash
			} else if set[1].key == x {
				h = set[1].hash
				set[0], set[1] = set[1], set[0]
			} else {
				break
			}
		} else {
			y := (le64(block[(k+8)&63:]) | 0x20*lsb) & lowBytes[(l-8)&15]
			slot := c.longSlot(x, y)
			if slot.key != x || slot.key2 != y {
				break
			}
			h = slot.hash
		}
		free[i&31] = Word{Start: uint32(base + k), End: uint32(base + e), Hash: h}
		i++
	}
	return i, starts
}

// lowBytes[l] keeps the low l bytes of a word, for l ≤ 8.
var lowBytes = [16]uint64{0, 0xFF, 0xFFFF, 0xFF_FFFF, 0xFFFF_FFFF, 0xFF_FFFF_FFFF,
	0xFFFF_FFFF_FFFF, 0xFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFF}
