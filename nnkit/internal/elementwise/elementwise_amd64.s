#include "textflag.h"

// Each kernel takes n > 0, a multiple of 4, and does sixteen elements per iteration,
// then four. Operands keep the scalar code's order, so that even which NaN comes out
// matches: an add's first source is the value added to.

// RELU4(off) does z += b at off, stores it, and stores max(0, z) + 0 in a. VMAXPD
// returns its second source (z) when either is NaN or both are zeros, so NaN stays NaN;
// adding +0 then turns −0 into +0 and changes nothing else, which is Go's max(z, 0).
#define RELU4(off, r, t) \
	VMOVUPD off(DI), r \
	VADDPD  off(SI), r, r \
	VMOVUPD r, off(DI) \
	VMAXPD  r, Y15, t \
	VADDPD  Y15, t, t \
	VMOVUPD t, off(DX)

// func addReLUAVX2(a, z, b *float64, n int)
TEXT ·addReLUAVX2(SB), NOSPLIT, $0-32
	MOVQ   a+0(FP), DX
	MOVQ   z+8(FP), DI
	MOVQ   b+16(FP), SI
	MOVQ   n+24(FP), CX
	VXORPD Y15, Y15, Y15

relu16:
	CMPQ CX, $16
	JL   relu4
	RELU4(0, Y0, Y4)
	RELU4(32, Y1, Y5)
	RELU4(64, Y2, Y6)
	RELU4(96, Y3, Y7)
	ADDQ $128, DX
	ADDQ $128, DI
	ADDQ $128, SI
	SUBQ $16, CX
	JMP  relu16

relu4:
	TESTQ CX, CX
	JZ    reluDone
	RELU4(0, Y0, Y4)
	ADDQ  $32, DX
	ADDQ  $32, DI
	ADDQ  $32, SI
	SUBQ  $4, CX
	JMP   relu4

reluDone:
	VZEROUPPER
	RET

// MASK4(off) stores dA & (act > 0) in delta: the ordered compare is false for NaN, and
// the and gives dA's own bits or +0.
#define MASK4(off, r) \
	VMOVUPD off(SI), r \
	VCMPPD  $0x1e, Y15, r, r \
	VANDPD  off(BX), r, r \
	VMOVUPD r, off(DI)

// func reluBackwardAVX2(delta, dA, act *float64, n int)
TEXT ·reluBackwardAVX2(SB), NOSPLIT, $0-32
	MOVQ   delta+0(FP), DI
	MOVQ   dA+8(FP), BX
	MOVQ   act+16(FP), SI
	MOVQ   n+24(FP), CX
	VXORPD Y15, Y15, Y15

mask16:
	CMPQ CX, $16
	JL   mask4
	MASK4(0, Y0)
	MASK4(32, Y1)
	MASK4(64, Y2)
	MASK4(96, Y3)
	ADDQ $128, DI
	ADDQ $128, BX
	ADDQ $128, SI
	SUBQ $16, CX
	JMP  mask16

mask4:
	TESTQ CX, CX
	JZ    maskDone
	MASK4(0, Y0)
	ADDQ  $32, DI
	ADDQ  $32, BX
	ADDQ  $32, SI
	SUBQ  $4, CX
	JMP   mask4

maskDone:
	VZEROUPPER
	RET

// DECODE4(off) looks up four codes: their bytes widened to 32-bit indices, then one
// gather from the table. The gather clears its mask, so each sets it anew.
#define DECODE4(off, idx, mask, r) \
	VPMOVZXBD  (off/8)(SI), idx \
	VPCMPEQD   mask, mask, mask \
	VGATHERDPD mask, (BX)(idx*8), r \
	VMOVUPD    r, off(DI)

// func decodeAVX2(dst *float64, codes *uint8, table *float64, n int)
TEXT ·decodeAVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ codes+8(FP), SI
	MOVQ table+16(FP), BX
	MOVQ n+24(FP), CX

decode16:
	CMPQ CX, $16
	JL   decode4
	DECODE4(0, X1, Y2, Y0)
	DECODE4(32, X4, Y5, Y3)
	DECODE4(64, X7, Y8, Y6)
	DECODE4(96, X10, Y11, Y9)
	ADDQ $16, SI
	ADDQ $128, DI
	SUBQ $16, CX
	JMP  decode16

decode4:
	TESTQ CX, CX
	JZ    decodeDone
	DECODE4(0, X1, Y2, Y0)
	ADDQ  $4, SI
	ADDQ  $32, DI
	SUBQ  $4, CX
	JMP   decode4

decodeDone:
	VZEROUPPER
	RET

DATA encodeConsts<>+0(SB)/8, $0.5
DATA encodeConsts<>+8(SB)/8, $255.5
GLOBL encodeConsts<>(SB), RODATA|NOPTR, $16

// func encodeAVX2(codes *uint8, src *float64, table *float64, scale float64, n int) bool
//
// Four elements at a time: k = v·scale must lie in [0, 255.5), its rounding c = ⌊k+½⌋
// must index a table entry with v's very bits (compared as integers, so −0 ≠ +0), and c
// is stored as a byte. The range check comes before the gather, which must not read
// outside the table.
TEXT ·encodeAVX2(SB), NOSPLIT, $0-41
	MOVQ         codes+0(FP), DI
	MOVQ         src+8(FP), SI
	MOVQ         table+16(FP), BX
	VBROADCASTSD scale+24(FP), Y15
	MOVQ         n+32(FP), CX
	VBROADCASTSD encodeConsts<>+0(SB), Y14
	VBROADCASTSD encodeConsts<>+8(SB), Y13
	VXORPD       Y12, Y12, Y12

encode4:
	VMOVUPD     (SI), Y0
	VMULPD      Y15, Y0, Y1
	VCMPPD      $0x1d, Y12, Y1, Y2 // k ≥ 0, false for NaN
	VCMPPD      $0x11, Y13, Y1, Y3 // k < 255.5
	VANDPD      Y3, Y2, Y2
	VMOVMSKPD   Y2, AX
	CMPQ        AX, $15
	JNE         encodeFail
	VADDPD      Y14, Y1, Y1
	VCVTTPD2DQY Y1, X4
	VPCMPEQD    Y5, Y5, Y5
	VGATHERDPD  Y5, (BX)(X4*8), Y6
	VPCMPEQQ    Y6, Y0, Y7
	VMOVMSKPD   Y7, AX
	CMPQ        AX, $15
	JNE         encodeFail
	VPACKUSDW   X4, X4, X4
	VPACKUSWB   X4, X4, X4
	VMOVD       X4, (DI)
	ADDQ        $32, SI
	ADDQ        $4, DI
	SUBQ        $4, CX
	JNZ         encode4
	VZEROUPPER
	MOVB        $1, ret+40(FP)
	RET

encodeFail:
	VZEROUPPER
	MOVB $0, ret+40(FP)
	RET

// The float32 kernels: the float64 ones' operations on eight lanes, so the same reasoning
// gives the scalar float32 loops' bits. n > 0 is a multiple of 8; 32 elements per
// iteration, then 8.

#define RELU8(off, r, t) \
	VMOVUPS off(DI), r \
	VADDPS  off(SI), r, r \
	VMOVUPS r, off(DI) \
	VMAXPS  r, Y15, t \
	VADDPS  Y15, t, t \
	VMOVUPS t, off(DX)

// func addReLU32AVX2(a, z, b *float32, n int)
TEXT ·addReLU32AVX2(SB), NOSPLIT, $0-32
	MOVQ   a+0(FP), DX
	MOVQ   z+8(FP), DI
	MOVQ   b+16(FP), SI
	MOVQ   n+24(FP), CX
	VXORPS Y15, Y15, Y15

relu32x32:
	CMPQ CX, $32
	JL   relu32x8
	RELU8(0, Y0, Y4)
	RELU8(32, Y1, Y5)
	RELU8(64, Y2, Y6)
	RELU8(96, Y3, Y7)
	ADDQ $128, DX
	ADDQ $128, DI
	ADDQ $128, SI
	SUBQ $32, CX
	JMP  relu32x32

relu32x8:
	TESTQ CX, CX
	JZ    relu32Done
	RELU8(0, Y0, Y4)
	ADDQ  $32, DX
	ADDQ  $32, DI
	ADDQ  $32, SI
	SUBQ  $8, CX
	JMP   relu32x8

relu32Done:
	VZEROUPPER
	RET

#define MASK8(off, r) \
	VMOVUPS off(SI), r \
	VCMPPS  $0x1e, Y15, r, r \
	VANDPS  off(BX), r, r \
	VMOVUPS r, off(DI)

// func reluBackward32AVX2(delta, dA, act *float32, n int)
TEXT ·reluBackward32AVX2(SB), NOSPLIT, $0-32
	MOVQ   delta+0(FP), DI
	MOVQ   dA+8(FP), BX
	MOVQ   act+16(FP), SI
	MOVQ   n+24(FP), CX
	VXORPS Y15, Y15, Y15

mask32x32:
	CMPQ CX, $32
	JL   mask32x8
	MASK8(0, Y0)
	MASK8(32, Y1)
	MASK8(64, Y2)
	MASK8(96, Y3)
	ADDQ $128, DI
	ADDQ $128, BX
	ADDQ $128, SI
	SUBQ $32, CX
	JMP  mask32x32

mask32x8:
	TESTQ CX, CX
	JZ    mask32Done
	MASK8(0, Y0)
	ADDQ  $32, DI
	ADDQ  $32, BX
	ADDQ  $32, SI
	SUBQ  $8, CX
	JMP   mask32x8

mask32Done:
	VZEROUPPER
	RET

// DECODE8(off) is DECODE4 for eight float32s: eight bytes widened to eight indices.
#define DECODE8(off, idx, mask, r) \
	VPMOVZXBD  (off/4)(SI), idx \
	VPCMPEQD   mask, mask, mask \
	VGATHERDPS mask, (BX)(idx*4), r \
	VMOVUPS    r, off(DI)

// func decode32AVX2(dst *float32, codes *uint8, table *float32, n int)
TEXT ·decode32AVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ codes+8(FP), SI
	MOVQ table+16(FP), BX
	MOVQ n+24(FP), CX

decode32x32:
	CMPQ CX, $32
	JL   decode32x8
	DECODE8(0, Y1, Y2, Y0)
	DECODE8(32, Y4, Y5, Y3)
	DECODE8(64, Y7, Y8, Y6)
	DECODE8(96, Y10, Y11, Y9)
	ADDQ $32, SI
	ADDQ $128, DI
	SUBQ $32, CX
	JMP  decode32x32

decode32x8:
	TESTQ CX, CX
	JZ    decode32Done
	DECODE8(0, Y1, Y2, Y0)
	ADDQ  $8, SI
	ADDQ  $32, DI
	SUBQ  $8, CX
	JMP   decode32x8

decode32Done:
	VZEROUPPER
	RET

// allFiniteAVX2 sums x−x over s in four accumulators, 0 for finite x and NaN otherwise,
// so that four additions are in flight while each waits for the last; n is a multiple
// of 4. It returns whether no lane of the sum is NaN.
TEXT ·allFiniteAVX2(SB), NOSPLIT, $0-17
	MOVQ   s+0(FP), SI
	MOVQ   n+8(FP), CX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3

finite16:
	CMPQ    CX, $16
	JL      finite4
	VMOVUPD (SI), Y4
	VMOVUPD 32(SI), Y5
	VMOVUPD 64(SI), Y6
	VMOVUPD 96(SI), Y7
	VSUBPD  Y4, Y4, Y4
	VSUBPD  Y5, Y5, Y5
	VSUBPD  Y6, Y6, Y6
	VSUBPD  Y7, Y7, Y7
	VADDPD  Y4, Y0, Y0
	VADDPD  Y5, Y1, Y1
	VADDPD  Y6, Y2, Y2
	VADDPD  Y7, Y3, Y3
	ADDQ    $128, SI
	SUBQ    $16, CX
	JMP     finite16

finite4:
	TESTQ   CX, CX
	JZ      finiteDone
	VMOVUPD (SI), Y4
	VSUBPD  Y4, Y4, Y4
	VADDPD  Y4, Y0, Y0
	ADDQ    $32, SI
	SUBQ    $4, CX
	JMP     finite4

finiteDone:
	VADDPD    Y1, Y0, Y0
	VADDPD    Y3, Y2, Y2
	VADDPD    Y2, Y0, Y0
	VCMPPD    $0, Y0, Y0, Y0 // equal to itself (ordered): not NaN
	VMOVMSKPD Y0, AX
	CMPQ      AX, $15
	SETEQ     ret+16(FP)
	VZEROUPPER
	RET
