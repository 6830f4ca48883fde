package minhash

// The hash functions below define signature values and band keys, so they
// are part of the on-disk format: changing a constant changes every
// signature and index, and requires new format versions.

// mix64 is the MurmurHash3 64-bit finaliser: a bijection whose every output
// bit depends on every input bit. It makes the signer robust to inputs that
// are not well mixed (small integers in tests, for instance) and turns
// structured values (bin and attempt numbers) into random-looking ones.
func mix64(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// splitmix64 advances state and returns the next output of the SplitMix64
// generator; it derives independent-looking keys from one user seed.
func splitmix64(state *uint64) uint64 {
	*state += 0x9e3779b97f4a7c15
	z := *state
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// reduce maps the high 32 bits of h onto [0, n) by multiplication, which
// is cheaper than a modulo and as uniform for n far below 2^32.
func reduce(h uint64, n int) int {
	return int((h >> 32) * uint64(n) >> 32)
}
