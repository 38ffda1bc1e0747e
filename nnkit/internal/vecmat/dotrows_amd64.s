#include "textflag.h"

// func dotRows4(z, x, b *float64, n, ldb int)
//
// z[r] = x·b[r·ldb : r·ldb+n] for r = 0…3, each summed exactly as gonum's DotUnitary
// sums (internal/asm/f64/dot_amd64.s): four partial sums s0…s3 over lanes i mod 4, the
// tail elements added to s0 in order, then (s1+s3) + (s0+s2). One YMM register per row
// holds s0…s3.
TEXT ·dotRows4(SB), NOSPLIT, $0-40
	MOVQ z+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ b+16(FP), DX
	MOVQ n+24(FP), CX
	MOVQ ldb+32(FP), R8
	SHLQ $3, R8
	LEAQ (DX)(R8*1), R9
	LEAQ (R9)(R8*1), R10
	LEAQ (R10)(R8*1), R11
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	XORQ BX, BX
	MOVQ CX, AX
	ANDQ $-4, AX

blocks:
	CMPQ    BX, AX
	JGE     split
	VMOVUPD (SI)(BX*8), Y4
	VMULPD  (DX)(BX*8), Y4, Y5
	VADDPD  Y5, Y0, Y0
	VMULPD  (R9)(BX*8), Y4, Y5
	VADDPD  Y5, Y1, Y1
	VMULPD  (R10)(BX*8), Y4, Y5
	VADDPD  Y5, Y2, Y2
	VMULPD  (R11)(BX*8), Y4, Y5
	VADDPD  Y5, Y3, Y3
	ADDQ    $4, BX
	JMP     blocks

split:
	// s2, s3 aside: the scalar adds below clear the upper halves.
	VEXTRACTF128 $1, Y0, X6
	VEXTRACTF128 $1, Y1, X7
	VEXTRACTF128 $1, Y2, X8
	VEXTRACTF128 $1, Y3, X9

tail:
	CMPQ   BX, CX
	JGE    reduce
	VMOVSD (SI)(BX*8), X4
	VMULSD (DX)(BX*8), X4, X5
	VADDSD X5, X0, X0
	VMULSD (R9)(BX*8), X4, X5
	VADDSD X5, X1, X1
	VMULSD (R10)(BX*8), X4, X5
	VADDSD X5, X2, X2
	VMULSD (R11)(BX*8), X4, X5
	VADDSD X5, X3, X3
	INCQ   BX
	JMP    tail

reduce:
	VADDPD    X6, X0, X0
	VUNPCKHPD X0, X0, X5
	VADDSD    X0, X5, X5
	VMOVSD    X5, 0(DI)
	VADDPD    X7, X1, X1
	VUNPCKHPD X1, X1, X5
	VADDSD    X1, X5, X5
	VMOVSD    X5, 8(DI)
	VADDPD    X8, X2, X2
	VUNPCKHPD X2, X2, X5
	VADDSD    X2, X5, X5
	VMOVSD    X5, 16(DI)
	VADDPD    X9, X3, X3
	VUNPCKHPD X3, X3, X5
	VADDSD    X3, X5, X5
	VMOVSD    X5, 24(DI)
	VZEROUPPER
	RET
