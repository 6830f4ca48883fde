//go:build amd64 && !purego

#include "textflag.h"

// Byte constants, 32 of each, for signed byte comparisons: bytes of 0x80
// and above are negative, so they fall outside every range tested.
DATA bytes20<>+0(SB)/8, $0x2020202020202020
DATA bytes20<>+8(SB)/8, $0x2020202020202020
DATA bytes20<>+16(SB)/8, $0x2020202020202020
DATA bytes20<>+24(SB)/8, $0x2020202020202020
GLOBL bytes20<>(SB), RODATA|NOPTR, $32

// 'a'-1
DATA bytes60<>+0(SB)/8, $0x6060606060606060
DATA bytes60<>+8(SB)/8, $0x6060606060606060
DATA bytes60<>+16(SB)/8, $0x6060606060606060
DATA bytes60<>+24(SB)/8, $0x6060606060606060
GLOBL bytes60<>(SB), RODATA|NOPTR, $32

// 'z'+1
DATA bytes7B<>+0(SB)/8, $0x7B7B7B7B7B7B7B7B
DATA bytes7B<>+8(SB)/8, $0x7B7B7B7B7B7B7B7B
DATA bytes7B<>+16(SB)/8, $0x7B7B7B7B7B7B7B7B
DATA bytes7B<>+24(SB)/8, $0x7B7B7B7B7B7B7B7B
GLOBL bytes7B<>(SB), RODATA|NOPTR, $32

// '0'-1
DATA bytes2F<>+0(SB)/8, $0x2F2F2F2F2F2F2F2F
DATA bytes2F<>+8(SB)/8, $0x2F2F2F2F2F2F2F2F
DATA bytes2F<>+16(SB)/8, $0x2F2F2F2F2F2F2F2F
DATA bytes2F<>+24(SB)/8, $0x2F2F2F2F2F2F2F2F
GLOBL bytes2F<>(SB), RODATA|NOPTR, $32

// '9'+1
DATA bytes3A<>+0(SB)/8, $0x3A3A3A3A3A3A3A3A
DATA bytes3A<>+8(SB)/8, $0x3A3A3A3A3A3A3A3A
DATA bytes3A<>+16(SB)/8, $0x3A3A3A3A3A3A3A3A
DATA bytes3A<>+24(SB)/8, $0x3A3A3A3A3A3A3A3A
GLOBL bytes3A<>(SB), RODATA|NOPTR, $32

// func classify64AVX2(p *byte) (alnum, high uint64)
//
// A byte c is a letter when c|0x20 lies in ['a', 'z'], a digit when c
// lies in ['0', '9'], both tested as signed bytes; the top bit of each
// byte is its non-ASCII bit.
TEXT ·classify64AVX2(SB), NOSPLIT, $0-24
	MOVQ p+0(FP), SI
	VMOVDQU bytes20<>(SB), Y8
	VMOVDQU bytes60<>(SB), Y9
	VMOVDQU bytes7B<>(SB), Y10
	VMOVDQU bytes2F<>(SB), Y11
	VMOVDQU bytes3A<>(SB), Y12

	// Bytes 0 to 31.
	VMOVDQU (SI), Y0
	VPOR Y8, Y0, Y2     // lower-cased
	VPCMPGTB Y9, Y2, Y3 // c|0x20 > 'a'-1
	VPCMPGTB Y2, Y10, Y4 // 'z'+1 > c|0x20
	VPAND Y3, Y4, Y3
	VPCMPGTB Y11, Y0, Y5 // c > '0'-1
	VPCMPGTB Y0, Y12, Y6 // '9'+1 > c
	VPAND Y5, Y6, Y5
	VPOR Y3, Y5, Y3
	VPMOVMSKB Y3, AX
	VPMOVMSKB Y0, BX

	// Bytes 32 to 63.
	VMOVDQU 32(SI), Y1
	VPOR Y8, Y1, Y2
	VPCMPGTB Y9, Y2, Y3
	VPCMPGTB Y2, Y10, Y4
	VPAND Y3, Y4, Y3
	VPCMPGTB Y11, Y1, Y5
	VPCMPGTB Y1, Y12, Y6
	VPAND Y5, Y6, Y5
	VPOR Y3, Y5, Y3
	VPMOVMSKB Y3, CX
	VPMOVMSKB Y1, DX
	VZEROUPPER

	SHLQ $32, CX
	ORQ CX, AX
	SHLQ $32, DX
	ORQ DX, BX
	MOVQ AX, alnum+8(FP)
	MOVQ BX, high+16(FP)
	RET
