package nnkit

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
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

// TestAddBiasApplyMatchesTwoPasses checks the fused bias-and-ReLU pass of the forward
// step against adding the bias row and then applying the activation, bit for bit (any
// NaN for a NaN), at every width up to 20, for every activation.
func TestAddBiasApplyMatchesTwoPasses(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 1e-310, -1e-310}
	value := func() float64 {
		if r.IntN(4) == 0 {
			return special[r.IntN(len(special))]
		}
		return r.NormFloat64()
	}
	for act := Activation(0); act < numActivations; act++ {
		for c := 1; c <= 20; c++ {
			const rows = 7
			z, b := mat.NewDense(rows, c, nil), mat.NewDense(1, c, nil)
			for i := range z.RawMatrix().Data {
				z.RawMatrix().Data[i] = value()
			}
			for i := range b.RawMatrix().Data {
				b.RawMatrix().Data[i] = value()
			}
			wantZ, wantA := mat.DenseCopyOf(z), mat.NewDense(rows, c, nil)
			addRow(wantZ, b)
			act.apply(wantA.RawMatrix().Data, wantZ.RawMatrix().Data, c)
			gotA := mat.NewDense(rows, c, nil)
			addBiasApply(act, gotA, z, b)
			for i, w := range wantA.RawMatrix().Data {
				gz, ga, wz := z.RawMatrix().Data[i], gotA.RawMatrix().Data[i], wantZ.RawMatrix().Data[i]
				if !sameFloat(gz, wz) || !sameFloat(ga, w) {
					t.Fatalf("%v, width %d, element %d: z %v a %v, want z %v a %v", act, c, i, gz, ga, wz, w)
				}
			}
		}
	}
}

// TestSoftmaxCrossEntropySumMatchesScalar checks the loss, whose exps go to vmath a block
// of rows at a time, against one math.Exp per element, bit for bit, for outputs narrower
// and wider than its stack buffer.
func TestSoftmaxCrossEntropySumMatchesScalar(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	ref := func(z, y []float64, c int) float64 {
		var s float64
		for i := 0; i < len(z); i += c {
			m := z[i]
			for _, v := range z[i+1 : i+c] {
				m = max(m, v)
			}
			var e float64
			for _, v := range z[i : i+c] {
				e += math.Exp(v - m)
			}
			lse := m + math.Log(e)
			for j := i; j < i+c; j++ {
				if y[j] != 0 {
					s += y[j] * (lse - z[j])
				}
			}
		}
		return s
	}
	for _, c := range []int{1, 2, 3, 10, 85, 255, 256, 257, 300} {
		for _, rows := range []int{1, 2, 3, 100, 257} {
			z, y := make([]float64, rows*c), make([]float64, rows*c)
			for i := range z {
				z[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(6)-2))
			}
			for i := 0; i < rows; i++ {
				y[i*c+r.IntN(c)] = 1
			}
			if rows == 3 {
				z[c] = math.Inf(1) // a row whose maximum is infinite makes the sum NaN
			}
			got, want := softmaxCrossEntropySum(z, y, c), ref(z, y, c)
			if !sameFloat(got, want) {
				t.Errorf("%d rows of %d: loss %v, want %v", rows, c, got, want)
			}
		}
	}
}

func sameFloat(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
}
