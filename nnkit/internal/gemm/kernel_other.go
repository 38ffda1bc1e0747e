//go:build !amd64

package gemm

// Available is false: the kernel is written for amd64's AVX2 and FMA only, and callers
// use gonum elsewhere.
var Available = false

func kernel6x8(kc int, a, b, c *float64, ldc int, mode int, alpha float64) {
	panic("gemm: no kernel for this architecture")
}

var best = tile6x8

func kernel12x16(kc int, a, b, c *float64, ldc int, mode int, alpha float64) {
	panic("gemm: no kernel for this architecture")
}

func kernel6x16f32(kc int, a, b, c *float32, ldc int, mode int, alpha float32) {
	panic("gemm: no kernel for this architecture")
}

func kernel12x32f32(kc int, a, b, c *float32, ldc int, mode int, alpha float32) {
	panic("gemm: no kernel for this architecture")
}
