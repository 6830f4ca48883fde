//go:build amd64 && !purego

package shingle

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// hasAVX2 selects the vector classifier. The processor cannot change
// under a running program, so the branch on it is always predicted.
var hasAVX2 = cpu.X86.HasAVX2

// classify64 returns bit masks of the 64 bytes of b: which are ASCII
// letters or digits, and which are not ASCII. With AVX2 it is a few
// dozen instructions, where the portable code (classify64Go) compiles to
// a couple of hundred, on the loop every byte of every text goes through.
func classify64(b string) (alnum, high uint64) {
	_ = b[63]
	if hasAVX2 {
		return classify64AVX2(unsafe.StringData(b))
	}
	return classify64Go(b)
}

// classify64AVX2 is classify64 on the 64 bytes at p.
//
//go:noescape
func classify64AVX2(p *byte) (alnum, high uint64)
