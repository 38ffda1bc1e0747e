// Package elementwise adds, rectifies and masks float64 slices, four lanes at a time on
// amd64 with AVX2, giving exactly the bits of the scalar Go loops it replaces (a NaN
// stays a NaN, though not necessarily the same one).
//
// These are the bias add, the ReLU and its backward mask, and the column sums of a
// training step: memory-bound passes over batch×width matrices that the Go compiler
// leaves scalar. None of them multiplies but by 1, so no fused multiply-add can change a
// rounding, and NaN, −0 and ±Inf come out as the scalar code gives them.
package elementwise

import (
	"fmt"
	"math"

	"github.com/nnkit-go/nnkit/nnkit/internal/vecmat"
)

// Add sets dst[i] += s[i] for every i < len(s). It panics if dst is shorter than s.
func Add(dst, s []float64) {
	dst = dst[:len(s)]
	i := 0
	if vecmat.Available {
		// SGD's axpy, whose product by 1 is exact: the add is then the loop's.
		vecmat.AddScaled(dst, 1, s)
		i = len(s)
	}
	for ; i < len(s); i++ {
		dst[i] += s[i]
	}
}

// AddReLU adds the bias row b to z and rectifies it into a: z[i] += b[i], then
// a[i] = max(z[i], 0) with Go's max, so NaN stays NaN and −0 becomes +0. It is one row
// of a layer's Z = In·W + b, A = ReLU(Z). It panics if z or a is shorter than b.
func AddReLU(a, z, b []float64) {
	z, a = z[:len(b)], a[:len(b)]
	i := addReLUBlocks(a, z, b)
	for ; i < len(b); i++ {
		z[i] += b[i]
		a[i] = max(z[i], 0)
	}
}

// Decode sets dst[i] = table[codes[i]] for every i < len(codes): byte-coded data back
// to the float64 values it codes. It panics if dst is shorter than codes.
func Decode(dst []float64, codes []uint8, table *[256]float64) {
	dst = dst[:len(codes)]
	i := decodeBlocks(dst, codes, table)
	for ; i < len(codes); i++ {
		dst[i] = table[codes[i]]
	}
}

// Touch loads one byte of each 64-byte cache line of b and returns their sum, which the
// caller keeps so that the loads are not dropped. Called on every row of a shuffled batch
// before decoding any, it lets the scattered rows arrive from memory together, where
// decoding would wait for each row in turn: 87–125 against 145–194 µs for 256 rows of
// 784 bytes here.
func Touch(b []uint8) uint8 {
	var sum uint8
	for j := 0; j < len(b); j += 64 {
		sum += b[j]
	}
	return sum
}

// Encode sets codes[i] to the k with table[k] equal to src[i] in every bit, trying only
// k = round(src[i]·scale), and reports whether every element had one; codes is then
// unspecified where it did not. It is Decode's inverse for a table of k/scale (pixel
// values k, or k/255) and it panics if codes is shorter than src or scale is not in
// (0, 2⁵³].
func Encode(codes []uint8, src []float64, table *[256]float64, scale float64) bool {
	if !(scale > 0 && scale <= 1<<53) {
		panic(fmt.Sprintf("elementwise: Encode with scale %v, want one in (0, 2⁵³]", scale))
	}
	codes = codes[:len(src)]
	i, ok := encodeBlocks(codes, src, table, scale)
	if !ok {
		return false
	}
	for ; i < len(src); i++ {
		k := src[i] * scale
		if !(k >= 0 && k < 255.5) {
			return false
		}
		c := uint8(k + 0.5)
		if math.Float64bits(table[c]) != math.Float64bits(src[i]) {
			return false
		}
		codes[i] = c
	}
	return true
}

// AllFinite reports whether s holds no NaN or ±Inf. It reads every element, with no
// early exit: a training step checks its deltas and new weights with it, and they are
// finite but in the rare step that diverges.
func AllFinite(s []float64) bool {
	i, ok := allFiniteBlocks(s)
	// v−v is 0 for finite v and NaN otherwise, and a NaN survives every later addition.
	var a float64
	for _, v := range s[i:] {
		a += v - v
	}
	return ok && a == 0
}

// ReLUBackward sets delta[i] to dA[i] where act[i] > 0 and to +0 elsewhere, a NaN act
// included: the chain rule through a ReLU, given its output act. delta may be dA. It
// panics if delta or dA is shorter than act.
func ReLUBackward(delta, dA, act []float64) {
	delta, dA = delta[:len(act)], dA[:len(act)]
	i := reluBackwardBlocks(delta, dA, act)
	for ; i < len(act); i++ {
		// A mask rather than a branch: half the signs are random, and mispredicted
		// branches cost 5 ns an element.
		var keep uint64
		if act[i] > 0 {
			keep = ^uint64(0)
		}
		delta[i] = math.Float64frombits(math.Float64bits(dA[i]) & keep)
	}
}
