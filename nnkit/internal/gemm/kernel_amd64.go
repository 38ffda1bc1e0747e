package gemm

import "golang.org/x/sys/cpu"

// Available says whether this CPU runs the assembly kernel (AVX2 and FMA, with the OS
// saving the YMM registers, which cpu.X86.HasAVX2 already checks).
var Available = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// best is the widest kernel this CPU runs: AVX-512 (with the OS saving the ZMM and mask
// registers, which cpu.X86.HasAVX512F checks) doubles the FMAs per instruction.
var best = bestTiling()

func bestTiling() tiling {
	if cpu.X86.HasAVX512F {
		return tile12x16
	}
	return tile6x8
}

//go:noescape
func kernel6x8(kc int, a, b, c *float64, ldc int, mode int, alpha float64)

//go:noescape
func kernel12x16(kc int, a, b, c *float64, ldc int, mode int, alpha float64)

//go:noescape
func kernel6x16f32(kc int, a, b, c *float32, ldc int, mode int, alpha float32)

//go:noescape
func kernel12x32f32(kc int, a, b, c *float32, ldc int, mode int, alpha float32)
