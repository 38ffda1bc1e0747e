package nnkit

import (
	"math"
	"testing"
)

// TestNumpySum checks the order of numpySum against np.sum over one row of
// ((37i mod 101) − 50)·10^(i mod 7)/7, from Debian's numpy 1.24:
//
//	i = np.arange(n); x = ((i*37 % 101) - 50) * 10.0**(i % 7) / 7; np.sum(x.reshape(1, n), axis=1)
//
// At n = 21 the sequential sum ends on −1906524.285714285: only numpy's order gives its
// last bits.
func TestNumpySum(t *testing.T) {
	for _, c := range []struct {
		n    int
		want float64
	}{{5, -9682.857142857143}, {10, -3809904.7142857136}, {21, -1906524.2857142854}, {300, -6671941.142857144}} {
		x := make([]float64, c.n)
		for i := range x {
			x[i] = float64(i*37%101-50) * math.Pow(10, float64(i%7)) / 7
		}
		if got := numpySum(x); got != c.want {
			t.Errorf("n=%d: got %.17g, want %.17g", c.n, got, c.want)
		}
	}
}

// TestSoftmaxLargeLogits: rows beyond ±softmaxDirect subtract their maximum, so huge
// logits give the right probabilities instead of Inf/Inf or 0/0.
func TestSoftmaxLargeLogits(t *testing.T) {
	z := []float64{
		1000, 1000 - math.Log(3), // beyond: e^1000 overflows
		-1000, -1000 + math.Log(3), // beyond: e^−1000 underflows
		1, 1 + math.Log(3), // direct
	}
	out := make([]float64, len(z))
	Softmax.apply(out, z, 2)
	want := []float64{0.75, 0.25, 0.25, 0.75, 0.25, 0.75}
	for i := range out {
		if math.Abs(out[i]-want[i]) > 1e-12 {
			t.Errorf("softmax[%d] = %v, want %v", i, out[i], want[i])
		}
	}
}

// TestSigmoidExtremes: 1/(1+e^−z) needs no guard in IEEE arithmetic.
func TestSigmoidExtremes(t *testing.T) {
	z := []float64{-1000, -40, 0, 40, 1000}
	out := make([]float64, len(z))
	Sigmoid.apply(out, z, 1)
	for i, want := range []float64{0, 4.248354255291589e-18, 0.5, 1, 1} {
		if math.Abs(out[i]-want) > 1e-15*want {
			t.Errorf("σ(%v) = %v, want %v", z[i], out[i], want)
		}
	}
}
