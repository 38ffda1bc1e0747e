// Package vmath evaluates exp, tanh and the logistic sigmoid over whole slices, giving exactly the bits of
// Go's math.Exp and math.Tanh on this machine, several elements at a time.
//
// nnkit's published figures and its agreement with the tutorials' numpy runs were
// established with math.Exp and math.Tanh; a faster function with other rounding would
// move them (a different last bit flips a planar-flower point, for one). So this package
// does not approximate: on amd64 with AVX2 and FMA it runs the same algorithms with the
// same constants and the same operation order four lanes at a time, and elsewhere it
// calls math.
package vmath

import "math"

// Exp sets dst[i] = math.Exp(src[i]) for every i, bit for bit. dst may be src; it must be
// at least as long.
func Exp(dst, src []float64) { apply(dst, src, exp) }

// Tanh sets dst[i] = math.Tanh(src[i]) for every i, bit for bit. dst may be src; it must
// be at least as long.
func Tanh(dst, src []float64) { apply(dst, src, tanh) }

// Sigmoid sets dst[i] = SigmoidOf(src[i]) for every i, bit for bit. dst may be src; it
// must be at least as long.
func Sigmoid(dst, src []float64) { apply(dst, src, sigmoid) }

// SigmoidOf returns σ(x) = 1/(1+e⁻ˣ) with math.Exp, as 1/(1+e⁻ˣ) for x ≥ 0 and as
// eˣ/(1+eˣ) below, so that e^|x| never overflows. −0 takes the second form (½ either way).
func SigmoidOf(x float64) float64 {
	e := math.Exp(-math.Abs(x))
	if math.Signbit(x) {
		return e / (1 + e)
	}
	return 1 / (1 + e)
}

// function names one of the three functions, for apply.
type function int

const (
	exp function = iota
	tanh
	sigmoid
)

// apply sets dst[i] = f(src[i]), by blocks of lanes where the lanes take every input of a
// block, and with f for the short tail and for any block holding an input they leave to
// it (an overflow or denormal range of exp, NaN). It switches on f rather than take
// function values, whose calls would make every caller's buffers escape to the heap.
func apply(dst, src []float64, f function) {
	dst = dst[:len(src)]
	for len(src) > 0 {
		var n int
		switch f {
		case exp:
			n = expBlocks(dst, src)
		case tanh:
			n = tanhBlocks(dst, src)
		default:
			n = sigmoidBlocks(dst, src)
		}
		dst, src = dst[n:], src[n:]
		k := min(lanes, len(src))
		for i, x := range src[:k] {
			switch f {
			case exp:
				dst[i] = math.Exp(x)
			case tanh:
				dst[i] = math.Tanh(x)
			default:
				dst[i] = SigmoidOf(x)
			}
		}
		dst, src = dst[k:], src[k:]
	}
}
