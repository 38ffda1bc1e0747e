//go:build !amd64

package vecmat

// Available is false: the kernels are written for amd64's AVX2 only.
var Available = false

const maxRegs = 12

type kernel func(z, x, b *float64, k, ld int, mask *[4]int64)

var mulVecs, outers [maxRegs + 1]kernel

func dotRows4(z, x, b *float64, n, ldb int) { panic("vecmat: no kernel for this architecture") }

func addScaled(dst *float64, alpha float64, s *float64, n int) {
	panic("vecmat: no kernel for this architecture")
}
