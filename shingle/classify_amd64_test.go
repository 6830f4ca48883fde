//go:build amd64 && !purego

package shingle

import (
	"math/rand/v2"
	"testing"
)

// TestClassify64AVX2 holds the vector classifier to the portable one: on
// every byte value at every position, among bytes of every kind, and on
// random blocks. The other tests of classify64 run whichever the machine
// uses.
func TestClassify64AVX2(t *testing.T) {
	if !hasAVX2 {
		t.Skip("no AVX2 on this processor")
	}
	check := func(b *[64]byte) {
		t.Helper()
		a1, h1 := classify64AVX2(&b[0])
		a2, h2 := classify64Go(string(b[:]))
		if a1 != a2 || h1 != h2 {
			t.Fatalf("block %q: AVX2 gives alnum %#x high %#x, portable code %#x %#x", b, a1, h1, a2, h2)
		}
	}
	var b [64]byte
	for _, fill := range []byte{' ', 'a', 'Z', '5', 0x80, 0xFF} {
		for c := range 256 {
			for i := range b {
				b[i] = fill
			}
			for i := range b {
				b[i] = byte(c)
				check(&b)
				b[i] = fill
			}
		}
	}
	rng := rand.New(rand.NewPCG(3, 9))
	for range 10000 {
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		check(&b)
	}
}
