package gemm

import "golang.org/x/sys/cpu"

// Available says whether this CPU runs the assembly kernel (AVX2 and FMA, with the OS
// saving the YMM registers, which cpu.X86.HasAVX2 already checks).
var Available = cpu.X86.HasAVX2 && cpu.X86.HasFMA

//go:noescape
func kernel6x8(kc int, a, b, c *float64, ldc int, add bool)
