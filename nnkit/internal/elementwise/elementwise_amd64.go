//go:build amd64

package elementwise

import "golang.org/x/sys/cpu"

const lanes = 4

// Available says whether the four-lane kernels run (AVX2, with the OS saving the YMM
// registers, which cpu.X86.HasAVX2 already checks); without them the loops are scalar.
var Available = cpu.X86.HasAVX2

// The Blocks functions do the leading multiple of four elements and return how many.

func addReLUBlocks(a, z, b []float64) int {
	n := len(b) / lanes * lanes
	if !Available || n == 0 {
		return 0
	}
	addReLUAVX2(&a[0], &z[0], &b[0], n)
	return n
}

func reluBackwardBlocks(delta, dA, act []float64) int {
	n := len(act) / lanes * lanes
	if !Available || n == 0 {
		return 0
	}
	reluBackwardAVX2(&delta[0], &dA[0], &act[0], n)
	return n
}

func allFiniteBlocks(s []float64) (int, bool) {
	n := len(s) / lanes * lanes
	if !Available || n == 0 {
		return 0, true
	}
	return n, allFiniteAVX2(&s[0], n)
}

func decodeBlocks(dst []float64, codes []uint8, table *[256]float64) int {
	n := len(codes) / lanes * lanes
	if !Available || n == 0 {
		return 0
	}
	decodeAVX2(&dst[0], &codes[0], &table[0], n)
	return n
}

func encodeBlocks(codes []uint8, src []float64, table *[256]float64, scale float64) (int, bool) {
	n := len(src) / lanes * lanes
	if !Available || n == 0 {
		return 0, true
	}
	return n, encodeAVX2(&codes[0], &src[0], &table[0], scale, n)
}

//go:noescape
func allFiniteAVX2(s *float64, n int) bool

//go:noescape
func encodeAVX2(codes *uint8, src *float64, table *float64, scale float64, n int) bool

//go:noescape
func decodeAVX2(dst *float64, codes *uint8, table *float64, n int)

//go:noescape
func addReLUAVX2(a, z, b *float64, n int)

//go:noescape
func reluBackwardAVX2(delta, dA, act *float64, n int)

// The float32 kernels take eight lanes in the same registers.
const lanes32 = 8

func addReLUBlocks32(a, z, b []float32) int {
	n := len(b) / lanes32 * lanes32
	if !Available || n == 0 {
		return 0
	}
	addReLU32AVX2(&a[0], &z[0], &b[0], n)
	return n
}

func reluBackwardBlocks32(delta, dA, act []float32) int {
	n := len(act) / lanes32 * lanes32
	if !Available || n == 0 {
		return 0
	}
	reluBackward32AVX2(&delta[0], &dA[0], &act[0], n)
	return n
}

func decodeBlocks32(dst []float32, codes []uint8, table *[256]float32) int {
	n := len(codes) / lanes32 * lanes32
	if !Available || n == 0 {
		return 0
	}
	decode32AVX2(&dst[0], &codes[0], &table[0], n)
	return n
}

//go:noescape
func addReLU32AVX2(a, z, b *float32, n int)

//go:noescape
func reluBackward32AVX2(delta, dA, act *float32, n int)

//go:noescape
func decode32AVX2(dst *float32, codes *uint8, table *float32, n int)
