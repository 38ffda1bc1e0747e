#include "textflag.h"

// Constants for tanh8, each broadcast to a ZMM register.
DATA tanhc<>+0(SB)/8, $0x7ff8000000000000  // exponent and first mantissa bit
DATA tanhc<>+8(SB)/8, $0x3fc0000000000000  // 1/8: interval 0 lies below it
DATA tanhc<>+16(SB)/8, $0x0078000000780000 // interval 15, as two dwords
DATA tanhc<>+24(SB)/8, $0x7fe0000000000000 // above it, numpy's callout
DATA tanhc<>+32(SB)/8, $0x7fffffffffffffff // |x|
DATA tanhc<>+40(SB)/8, $0x8000000000000000 // sign
GLOBL tanhc<>(SB), RODATA|NOPTR, $48

// func tanh8(dst, src []float64, table *[18][16]uint64) int
//
// The steps of Tanh on 8 lanes: the interval from the exponent bits, each of the 18
// table rows picked per lane by VPERMT2PD, then Horner's rule with one rounding per step.
TEXT ·tanh8(SB), NOSPLIT, $0-64
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), CX
	MOVQ table+48(FP), DX
	SHRQ $3, CX
	XORQ AX, AX
	VPBROADCASTQ tanhc<>+0(SB), Z16
	VPBROADCASTQ tanhc<>+8(SB), Z17
	VPBROADCASTQ tanhc<>+16(SB), Z18
	VPBROADCASTQ tanhc<>+24(SB), Z19
	VPBROADCASTQ tanhc<>+32(SB), Z20
	VPBROADCASTQ tanhc<>+40(SB), Z21
	VPXORQ Z22, Z22, Z22
	TESTQ CX, CX
	JZ done

loop:
	VMOVUPD (SI)(AX*8), Z0
	VPANDQ Z16, Z0, Z1
	VPCMPGTQ Z19, Z1, K1
	KORTESTW K1, K1
	JNE done                    // leave the block to the scalar code
	VPSUBQ Z17, Z1, Z2
	VPMAXSD Z22, Z2, Z2
	VPMINSD Z18, Z2, Z2
	VPSRLQ $51, Z2, Z2          // interval index, 0..15

	VPANDQ Z20, Z0, Z3
	VMOVUPD 0(DX), Z5
	VPERMT2PD 64(DX), Z2, Z5
	VSUBPD Z5, Z3, Z3           // y = |x| − B

	VMOVUPD 2176(DX), Z4        // row 17
	VPERMT2PD 2240(DX), Z2, Z4
	VMOVUPD 2048(DX), Z5        // row 16
	VPERMT2PD 2112(DX), Z2, Z5
	VFMADD213PD Z5, Z3, Z4

#define STEP(off) \
	VMOVUPD off(DX), Z5; \
	VPERMT2PD (off+64)(DX), Z2, Z5; \
	VFMADD213PD Z5, Z3, Z4

	STEP(1920)
	STEP(1792)
	STEP(1664)
	STEP(1536)
	STEP(1408)
	STEP(1280)
	STEP(1152)
	STEP(1024)
	STEP(896)
	STEP(768)
	STEP(640)
	STEP(512)
	STEP(384)
	STEP(256)
	STEP(128)

	VPANDQ Z21, Z0, Z6
	VPORQ Z6, Z4, Z4
	VMOVUPD Z4, (DI)(AX*8)
	ADDQ $8, AX
	DECQ CX
	JNZ loop

done:
	VZEROUPPER
	MOVQ AX, ret+56(FP)
	RET

// func exp8(dst, src []float64, consts *expConsts) int
//
// The steps of Exp on 8 lanes. The first FMA rounds toward zero as SVML's does, and
// VSCALEFPD multiplies by 2^⌊N⌋ as SVML does.
TEXT ·exp8(SB), NOSPLIT, $0-64
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), CX
	MOVQ consts+48(FP), DX
	SHRQ $3, CX
	XORQ AX, AX
	VPBROADCASTQ 0(DX), Z16     // log2(e)
	VPBROADCASTQ 8(DX), Z17     // shifter
	VPBROADCASTQ 16(DX), Z18    // ln2 high
	VPBROADCASTQ 24(DX), Z19    // ln2 low
	VPBROADCASTQ 32(DX), Z20    // c6
	VPBROADCASTQ 40(DX), Z21    // c5
	VPBROADCASTQ 48(DX), Z22    // c4
	VPBROADCASTQ 56(DX), Z23    // c3
	VPBROADCASTQ 64(DX), Z24    // c2
	VPBROADCASTQ 72(DX), Z25    // last |x| before the callout
	VPBROADCASTQ 80(DX), Z26    // |x| mask
	VMOVUPD 88(DX), Z27         // 2^(j/16), j < 8
	TESTQ CX, CX
	JZ edone

eloop:
	VMOVUPD (SI)(AX*8), Z0
	VPANDQ Z26, Z0, Z1
	VPCMPGTQ Z25, Z1, K1        // |x| ≥ 707.7, ±Inf or NaN
	KORTESTW K1, K1
	JNE edone

	VMOVAPD Z16, Z2
	VFMADD213PD.RZ_SAE Z17, Z0, Z2 // t = x·log2(e) + shifter, toward zero
	VSUBPD Z17, Z2, Z3             // N
	VMOVAPD Z27, Z4
	VPERMT2PD 152(DX), Z2, Z4      // 2^(j/16), j = t's low 4 bits
	VMOVAPD Z18, Z5
	VFNMADD213PD Z0, Z3, Z5        // r = x − N·ln2hi
	VFNMADD231PD Z3, Z19, Z5       // r −= ln2lo·N
	VMULPD Z5, Z5, Z7              // r²
	VMOVAPD Z20, Z8
	VFMADD213PD Z21, Z5, Z8        // c6·r + c5
	VMOVAPD Z22, Z10
	VFMADD213PD Z23, Z5, Z10       // c4·r + c3
	VMULPD Z5, Z7, Z12             // r³
	VMOVAPD Z24, Z13
	VFMADD213PD Z5, Z7, Z13        // c2·r² + r
	VFMADD213PD Z10, Z7, Z8        // r²(c6·r + c5) + c4·r + c3
	VFMADD213PD Z13, Z12, Z8       // e^r − 1
	VFMADD213PD Z4, Z4, Z8         // 2^(j/16)·e^r
	VSCALEFPD Z3, Z8, Z8           // ·2^⌊N⌋
	VMOVUPD Z8, (DI)(AX*8)
	ADDQ $8, AX
	DECQ CX
	JNZ eloop

edone:
	VZEROUPPER
	MOVQ AX, ret+56(FP)
	RET

