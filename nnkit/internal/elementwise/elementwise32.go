package elementwise

import "math"

// AddReLU32 is AddReLU in float32: z[i] += b[i], then a[i] = max(z[i], 0). It panics if
// z or a is shorter than b.
func AddReLU32(a, z, b []float32) {
	z, a = z[:len(b)], a[:len(b)]
	i := addReLUBlocks32(a, z, b)
	for ; i < len(b); i++ {
		z[i] += b[i]
		a[i] = max(z[i], 0)
	}
}

// ReLUBackward32 is ReLUBackward in float32: delta[i] is dA[i] where act[i] > 0 and +0
// elsewhere. delta may be dA. It panics if delta or dA is shorter than act.
func ReLUBackward32(delta, dA, act []float32) {
	delta, dA = delta[:len(act)], dA[:len(act)]
	i := reluBackwardBlocks32(delta, dA, act)
	for ; i < len(act); i++ {
		var keep uint32
		if act[i] > 0 {
			keep = ^uint32(0)
		}
		delta[i] = math.Float32frombits(math.Float32bits(dA[i]) & keep)
	}
}

// Decode32 is Decode to float32: dst[i] = table[codes[i]]. It panics if dst is shorter
// than codes.
func Decode32(dst []float32, codes []uint8, table *[256]float32) {
	dst = dst[:len(codes)]
	i := decodeBlocks32(dst, codes, table)
	for ; i < len(codes); i++ {
		dst[i] = table[codes[i]]
	}
}
