#include "textflag.h"

// The lanes repeat, operation for operation, the FMA path of Go's math.Exp for amd64
// (src/math/exp_amd64.s, after Shibata's SLEEF) and the pure-Go math.Tanh
// (src/math/tanh.go, after Cephes), so each lane returns math's bits. The constants are
// theirs, written as they write them. Each is stored four times, for whole-register
// memory operands.

#define BCAST(off, val) DATA consts<>+(off)(SB)/8, val; DATA consts<>+(off+8)(SB)/8, val; DATA consts<>+(off+16)(SB)/8, val; DATA consts<>+(off+24)(SB)/8, val

#define LOG2E 0
#define LN2U 32
#define LN2L 64
#define SIXTEENTH 96
#define E64 128
#define E56 160
#define E48 192
#define E40 224
#define E32 256
#define E24 288
#define HALF 320
#define ONE 352
#define TWO 384
#define BIAS 416
#define ABS 448
#define EXPLIM 480
#define TANHLIM 512
#define TANHSPLIT 544
#define SIGN 576
#define P0 608
#define P1 640
#define P2 672
#define Q0 704
#define Q1 736
#define Q2 768

BCAST(LOG2E, $1.4426950408889634073599246810018920)
BCAST(LN2U, $0.69314718055966295651160180568695068359375)
BCAST(LN2L, $0.28235290563031577122588448175013436025525412068e-12)
BCAST(SIXTEENTH, $0.0625)
BCAST(E64, $2.4801587301587301587e-5)
BCAST(E56, $1.9841269841269841270e-4)
BCAST(E48, $1.3888888888888888889e-3)
BCAST(E40, $8.3333333333333333333e-3)
BCAST(E32, $4.1666666666666666667e-2)
BCAST(E24, $1.6666666666666666667e-1)
BCAST(HALF, $0.5)
BCAST(ONE, $1.0)
BCAST(TWO, $2.0)
BCAST(BIAS, $1023)
BCAST(ABS, $0x7fffffffffffffff)
BCAST(EXPLIM, $700.0)
BCAST(TANHLIM, $22.0)
BCAST(TANHSPLIT, $0.625)
BCAST(SIGN, $-0x8000000000000000)
BCAST(P0, $-9.64399179425052238628e-1)
BCAST(P1, $-9.92877231001918586564e1)
BCAST(P2, $-1.61468768441708447952e3)
BCAST(Q0, $1.12811678491632931402e2)
BCAST(Q1, $2.23548839060100448583e3)
BCAST(Q2, $4.84406305325125486048e3)
GLOBL consts<>(SB), RODATA|NOPTR, $800

// EXP sets x = e^x in four lanes, for |x| < 700, where the scalar code takes neither its
// overflow nor its denormal branch. t, nX/nY (one register) are scratch. VCVTPD2DQY
// rounds to nearest under the default MXCSR, as the scalar CVTSD2SL does.
#define EXP(x, t, nX, nY) \
	VMULPD       consts<>+LOG2E(SB), x, t \
	VCVTPD2DQY   t, nX \
	VCVTDQ2PD    nX, t \
	VFNMADD231PD consts<>+LN2U(SB), t, x \
	VFNMADD231PD consts<>+LN2L(SB), t, x \
	VMULPD       consts<>+SIXTEENTH(SB), x, x \
	VMOVUPD      consts<>+E64(SB), t \
	VFMADD213PD  consts<>+E56(SB), x, t \
	VFMADD213PD  consts<>+E48(SB), x, t \
	VFMADD213PD  consts<>+E40(SB), x, t \
	VFMADD213PD  consts<>+E32(SB), x, t \
	VFMADD213PD  consts<>+E24(SB), x, t \
	VFMADD213PD  consts<>+HALF(SB), x, t \
	VFMADD213PD  consts<>+ONE(SB), x, t \
	VMULPD       t, x, x \
	VADDPD       consts<>+TWO(SB), x, t \
	VMULPD       t, x, x \
	VADDPD       consts<>+TWO(SB), x, t \
	VMULPD       t, x, x \
	VADDPD       consts<>+TWO(SB), x, t \
	VMULPD       t, x, x \
	VADDPD       consts<>+TWO(SB), x, t \
	VFMADD213PD  consts<>+ONE(SB), t, x \
	VPMOVSXDQ    nX, nY \
	VPADDQ       consts<>+BIAS(SB), nY, nY \
	VPSLLQ       $52, nY, nY \
	VMULPD       nY, x, x

// func expAVX2(dst, src *float64, n int) int
TEXT ·expAVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	XORQ BX, BX

exploop:
	CMPQ    BX, CX
	JGE     expdone
	VMOVUPD (SI)(BX*8), Y0
	VANDPD  consts<>+ABS(SB), Y0, Y1
	VCMPPD  $0x11, consts<>+EXPLIM(SB), Y1, Y1 // |x| < 700, false for NaN
	VMOVMSKPD Y1, AX
	CMPQ    AX, $15
	JNE     expdone
	EXP(Y0, Y1, X2, Y2)
	VMOVUPD Y0, (DI)(BX*8)
	ADDQ    $4, BX
	JMP     exploop

expdone:
	MOVQ BX, ret+24(FP)
	VZEROUPPER
	RET

// func tanhAVX2(dst, src *float64, n int) int
TEXT ·tanhAVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	XORQ BX, BX

tanhloop:
	CMPQ    BX, CX
	JGE     tanhdone
	VMOVUPD (SI)(BX*8), Y0                        // x
	VANDPD  consts<>+ABS(SB), Y0, Y4              // z = |x|
	VCMPPD  $0x12, consts<>+TANHLIM(SB), Y4, Y1   // z ≤ 22, false for NaN
	VMOVMSKPD Y1, AX
	CMPQ    AX, $15
	JNE     tanhdone

	// z ≥ 0.625: s = e^(2z); ±(1 − 2/(s+1)).
	VADDPD  Y4, Y4, Y6
	EXP(Y6, Y1, X2, Y2)
	VADDPD  consts<>+ONE(SB), Y6, Y6
	VMOVUPD consts<>+TWO(SB), Y7
	VDIVPD  Y6, Y7, Y7
	VMOVUPD consts<>+ONE(SB), Y6
	VSUBPD  Y7, Y6, Y6
	VANDPD  consts<>+SIGN(SB), Y0, Y7
	VORPD   Y7, Y6, Y6

	// z < 0.625: s = x²; x + x·s·P(s)/Q(s).
	VMULPD  Y0, Y0, Y8
	VMULPD  consts<>+P0(SB), Y8, Y9
	VADDPD  consts<>+P1(SB), Y9, Y9
	VMULPD  Y8, Y9, Y9
	VADDPD  consts<>+P2(SB), Y9, Y9
	VADDPD  consts<>+Q0(SB), Y8, Y10
	VMULPD  Y8, Y10, Y10
	VADDPD  consts<>+Q1(SB), Y10, Y10
	VMULPD  Y8, Y10, Y10
	VADDPD  consts<>+Q2(SB), Y10, Y10
	VMULPD  Y8, Y0, Y11
	VMULPD  Y9, Y11, Y11
	VDIVPD  Y10, Y11, Y11
	VADDPD  Y11, Y0, Y11

	VCMPPD    $0x1d, consts<>+TANHSPLIT(SB), Y4, Y12 // z ≥ 0.625
	VBLENDVPD Y12, Y6, Y11, Y11
	VXORPD    Y13, Y13, Y13
	VCMPPD    $0x00, Y13, Y0, Y12                    // x = ±0 returns x
	VBLENDVPD Y12, Y0, Y11, Y11
	VMOVUPD   Y11, (DI)(BX*8)
	ADDQ      $4, BX
	JMP       tanhloop

tanhdone:
	MOVQ BX, ret+24(FP)
	VZEROUPPER
	RET

// func sigmoidAVX2(dst, src *float64, n int) int
//
// σ(x) = 1/(1+e⁻ˣ) for x ≥ 0 and eˣ/(1+eˣ) below, from e = e^−|x|, as Sigmoid defines
// it; it stops at a block with an |x| ≥ 700.
TEXT ·sigmoidAVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	XORQ BX, BX

sigloop:
	CMPQ      BX, CX
	JGE       sigdone
	VMOVUPD   (SI)(BX*8), Y0                      // x
	VANDPD    consts<>+ABS(SB), Y0, Y4            // |x|
	VCMPPD    $0x11, consts<>+EXPLIM(SB), Y4, Y1  // |x| < 700, false for NaN
	VMOVMSKPD Y1, AX
	CMPQ      AX, $15
	JNE       sigdone
	VORPD     consts<>+SIGN(SB), Y4, Y6           // −|x|
	EXP(Y6, Y1, X2, Y2)                           // e
	VADDPD    consts<>+ONE(SB), Y6, Y7            // 1+e
	VMOVUPD   consts<>+ONE(SB), Y8
	VBLENDVPD Y0, Y6, Y8, Y8                      // e where x's sign bit is set, else 1
	VDIVPD    Y7, Y8, Y8
	VMOVUPD   Y8, (DI)(BX*8)
	ADDQ      $4, BX
	JMP       sigloop

sigdone:
	MOVQ BX, ret+24(FP)
	VZEROUPPER
	RET
