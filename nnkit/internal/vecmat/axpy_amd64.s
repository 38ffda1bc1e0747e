#include "textflag.h"

// func addScaled(dst *float64, alpha float64, s *float64, n int)
//
// dst[i] += alpha·s[i]: a multiply, then an add, as gonum's AxpyUnitary rounds; sixteen
// elements per iteration, then four, then one.
TEXT ·addScaled(SB), NOSPLIT, $0-32
	MOVQ         dst+0(FP), DI
	VBROADCASTSD alpha+8(FP), Y15
	MOVQ         s+16(FP), SI
	MOVQ         n+24(FP), CX

by16:
	CMPQ    CX, $16
	JL      by4
	VMULPD  (SI), Y15, Y0
	VMULPD  32(SI), Y15, Y1
	VMULPD  64(SI), Y15, Y2
	VMULPD  96(SI), Y15, Y3
	VADDPD  (DI), Y0, Y0
	VADDPD  32(DI), Y1, Y1
	VADDPD  64(DI), Y2, Y2
	VADDPD  96(DI), Y3, Y3
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	ADDQ    $128, SI
	ADDQ    $128, DI
	SUBQ    $16, CX
	JMP     by16

by4:
	CMPQ    CX, $4
	JL      by1
	VMULPD  (SI), Y15, Y0
	VADDPD  (DI), Y0, Y0
	VMOVUPD Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $4, CX
	JMP     by4

by1:
	TESTQ  CX, CX
	JZ     done
	VMULSD (SI), X15, X0
	VADDSD (DI), X0, X0
	VMOVSD X0, (DI)
	ADDQ   $8, SI
	ADDQ   $8, DI
	DECQ   CX
	JMP    by1

done:
	VZEROUPPER
	RET
