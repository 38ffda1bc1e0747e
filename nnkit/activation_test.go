package nnkit

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestActivationsMatchScalarDefinitions checks the slice-at-a-time activations against
// the one-element definitions the published figures were first reproduced with:
// math.Tanh, the two-branch sigmoid, and a softmax that calls math.Exp per element. They
// must agree in every bit (any NaN for a NaN), including on ±0, ±∞, NaN and rows whose maximum is infinite.
func TestActivationsMatchScalarDefinitions(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(),
		800, -800, 30, -30, 1e-310}
	const c = 3
	z := append([]float64(nil), special...)
	for len(z)%c != 0 || len(z) < 3000 {
		z = append(z, math.Pow(10, float64(r.IntN(5)-2))*r.NormFloat64())
	}
	z = append(z, math.Inf(-1), math.Inf(-1), math.Inf(-1), math.Inf(1), 2, math.Inf(1))

	softmaxRef := func(out, z []float64) {
		m := z[0]
		for _, v := range z[1:] {
			m = max(m, v)
		}
		var s float64
		for j, v := range z {
			e := 1.0
			if v != m {
				e = math.Exp(v - m)
			}
			out[j] = e
			s += e
		}
		for j := range out {
			out[j] /= s
		}
	}
	for _, tc := range []struct {
		act Activation
		ref func(out, z []float64)
	}{
		{Tanh, func(out, z []float64) {
			for i, v := range z {
				out[i] = math.Tanh(v)
			}
		}},
		{Sigmoid, func(out, z []float64) {
			for i, v := range z {
				out[i] = sigmoid(v)
			}
		}},
		{Swish, func(out, z []float64) {
			for i, v := range z {
				out[i] = v * sigmoid(v)
			}
		}},
		{Softmax, func(out, z []float64) {
			for r := 0; r < len(z); r += c {
				softmaxRef(out[r:r+c], z[r:r+c])
			}
		}},
	} {
		want := make([]float64, len(z))
		tc.ref(want, z)
		got := make([]float64, len(z))
		tc.act.apply(got, z, c)
		inPlace := append([]float64(nil), z...)
		tc.act.apply(inPlace, inPlace, c)
		same := func(a, b float64) bool {
			return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
		}
		for i := range want {
			if !same(got[i], want[i]) || !same(inPlace[i], want[i]) {
				t.Errorf("%v(%v) = %v (in place %v), want %v", tc.act, z[i], got[i], inPlace[i], want[i])
				break
			}
		}
	}
}
