//go:build !amd64

package elementwise

// Available is false: the four-lane kernels are written for amd64, and the loops run
// scalar.
var Available = false

func addReLUBlocks(a, z, b []float64) int             { return 0 }
func reluBackwardBlocks(delta, dA, act []float64) int { return 0 }

func allFiniteBlocks(s []float64) (int, bool) { return 0, true }

func decodeBlocks(dst []float64, codes []uint8, table *[256]float64) int { return 0 }

func encodeBlocks(codes []uint8, src []float64, table *[256]float64, scale float64) (int, bool) {
	return 0, true
}

func addReLUBlocks32(a, z, b []float32) int                                { return 0 }
func reluBackwardBlocks32(delta, dA, act []float32) int                    { return 0 }
func decodeBlocks32(dst []float32, codes []uint8, table *[256]float32) int { return 0 }
