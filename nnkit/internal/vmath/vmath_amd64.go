//go:build amd64

package vmath

import "golang.org/x/sys/cpu"

const lanes = 4

// math.Exp takes its FMA path exactly when the CPU has AVX and FMA; the lanes copy that
// path, so they run only then.
var haveFMA = cpu.X86.HasAVX2 && cpu.X86.HasFMA

func expBlocks(dst, src []float64) int {
	if !haveFMA {
		return 0
	}
	return expAVX2(&dst[0], &src[0], len(src)/lanes*lanes)
}

func tanhBlocks(dst, src []float64) int {
	if !haveFMA || !tanhLanesMatchMath {
		return 0
	}
	return tanhAVX2(&dst[0], &src[0], len(src)/lanes*lanes)
}

func sigmoidBlocks(dst, src []float64) int {
	if !haveFMA {
		return 0
	}
	return sigmoidAVX2(&dst[0], &src[0], len(src)/lanes*lanes)
}

// expAVX2 handles src[0:n] (n a multiple of 4) four at a time and returns how many it
// did: all n, or fewer if it reached a block with an input outside (−700, 700).
//
//go:noescape
func expAVX2(dst, src *float64, n int) int

// tanhAVX2 is expAVX2 for tanh; it stops at a block with an |x| > 22.
//
//go:noescape
func tanhAVX2(dst, src *float64, n int) int

// sigmoidAVX2 is expAVX2 for Sigmoid.
//
//go:noescape
func sigmoidAVX2(dst, src *float64, n int) int
