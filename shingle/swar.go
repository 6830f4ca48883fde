package shingle

import "math/bits"

// The fast path reads text eight bytes at a time as little-endian words
// and tests all eight bytes at once with plain integer arithmetic.

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// classify64 returns bit masks of the 64 bytes of b: which are ASCII
// letters or digits, and which are not ASCII.
func classify64(b string) (alnum, high uint64) {
	_ = b[63]
	for j := 0; j < 64; j += 8 {
		x := le64(b[j : j+8])
		alnum |= pack8(alnum8(x)&msb) << uint(j)
		high |= pack8(x&msb) << uint(j)
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
