package vecmat

import "golang.org/x/sys/cpu"

// Available says whether this CPU runs the kernels (AVX2, with the OS saving the YMM
// registers, which cpu.X86.HasAVX2 already checks).
var Available = cpu.X86.HasAVX2

//go:noescape
func dotRows4(z, x, b *float64, n, ldb int)

//go:noescape
func addScaled(dst *float64, alpha float64, s *float64, n int)
