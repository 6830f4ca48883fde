//go:build amd64 && !purego

#include "textflag.h"

// The bounds of the ranges tested, one byte each, broadcast to every lane:
// 0x20 lower-cases a letter; 'a'-1 and 'z'+1; '0'-1 and '9'+1. Bytes of
// 0x80 and above are negative as signed bytes, so they fall outside every
// range.
DATA bounds<>+0(SB)/8, $0x2020202020202020
DATA bounds<>+8(SB)/8, $0x6060606060606060
DATA bounds<>+16(SB)/8, $0x7B7B7B7B7B7B7B7B
DATA bounds<>+24(SB)/8, $0x2F2F2F2F2F2F2F2F
DATA bounds<>+32(SB)/8, $0x3A3A3A3A3A3A3A3A
GLOBL bounds<>(SB), RODATA|NOPTR, $40

// ALNUM sets the top bit of each byte of out whose byte in src is an
// ASCII letter (src|0x20 in ['a', 'z']) or digit (src in ['0', '9']),
// comparing signed bytes; it uses Y2 to Y6.
#define ALNUM(src, out) \
	VPOR     Y8, src, Y2  \
	VPCMPGTB Y9, Y2, Y3   \
	VPCMPGTB Y2, Y10, Y4  \
	VPAND    Y3, Y4, Y3   \
	VPCMPGTB Y11, src, Y5 \
	VPCMPGTB src, Y12, Y6 \
	VPAND    Y5, Y6, Y5   \
	VPOR     Y3, Y5, out

// func classify64AVX2(p *byte) (alnum, high uint64)
TEXT ·classify64AVX2(SB), NOSPLIT, $0-24
	MOVQ p+0(FP), SI
	VPBROADCASTQ bounds<>+0(SB), Y8
	VPBROADCASTQ bounds<>+8(SB), Y9
	VPBROADCASTQ bounds<>+16(SB), Y10
	VPBROADCASTQ bounds<>+24(SB), Y11
	VPBROADCASTQ bounds<>+32(SB), Y12
	VMOVDQU (SI), Y0
	VMOVDQU 32(SI), Y1
	ALNUM(Y0, Y13)
	ALNUM(Y1, Y14)

	// The top bit of each byte: the alnum mask, then the non-ASCII one.
	VPMOVMSKB Y13, AX
	VPMOVMSKB Y14, CX
	VPMOVMSKB Y0, BX
	VPMOVMSKB Y1, DX
	VZEROUPPER
	SHLQ $32, CX
	ORQ  CX, AX
	SHLQ $32, DX
	ORQ  DX, BX
	MOVQ AX, alnum+8(FP)
	MOVQ BX, high+16(FP)
	RET
