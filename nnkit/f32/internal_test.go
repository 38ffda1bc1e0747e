package f32

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit/internal/gemm"
)

// TestMulGonum checks the products of CPUs without nnkit's kernels against a float64
// triple loop, for every operand layout a step uses, set and added.
func TestMulGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, s := range []struct {
		m, n, k int
		ta, tb  bool
		alpha   float32
	}{
		{7, 5, 3, false, false, 0}, {7, 5, 3, false, true, 0}, {9, 4, 6, true, false, -0.1}, {1, 1, 1, false, false, 0},
	} {
		mat := func(r, c int, t bool) gemm.Matrix32 {
			if t {
				r, c = c, r
			}
			d := make([]float32, r*c)
			for i := range d {
				d[i] = float32(rng.NormFloat64())
			}
			return gemm.Matrix32{Data: d, Stride: c, T: t}
		}
		at := func(x gemm.Matrix32, i, j int) float64 {
			if x.T {
				return float64(x.Data[j*x.Stride+i])
			}
			return float64(x.Data[i*x.Stride+j])
		}
		a, b := mat(s.m, s.k, s.ta), mat(s.k, s.n, s.tb)
		c := make([]float32, s.m*s.n)
		for i := range c {
			c[i] = float32(i)
		}
		before := append([]float32(nil), c...)
		mulGonum(s.m, s.n, s.k, a, b, c, s.alpha)
		for i := range s.m {
			for j := range s.n {
				var want float64
				for p := range s.k {
					want += at(a, i, p) * at(b, p, j)
				}
				if s.alpha != 0 {
					want = float64(before[i*s.n+j]) + float64(s.alpha)*want
				}
				if got := float64(c[i*s.n+j]); math.Abs(got-want) > 1e-5*(1+math.Abs(want)) {
					t.Fatalf("%+v: c[%d][%d] = %v, want %v", s, i, j, got, want)
				}
			}
		}
	}
}

// TestRowsOf checks that image data is kept as bytes that decode to the float32s of its
// values, and that any other value keeps float32s.
func TestRowsOf(t *testing.T) {
	pix := make([]float64, 3*256)
	for i := range pix {
		pix[i] = float64(i%256) / 255
	}
	xs, codes := rowsOf(mat.NewDense(3, 256, pix))
	if xs != nil || codes == nil {
		t.Fatalf("pixels k/255: got float32s %v, codes %v; want codes", xs != nil, codes != nil)
	}
	for i, k := range codes {
		if pixel[k] != float32(pix[i]) {
			t.Fatalf("code %d decodes to %v, want float32(%v)", k, pixel[k], pix[i])
		}
	}
	for _, v := range []float64{0.5, -1.0 / 255, 256.0 / 255, math.NaN(), 1.0/255 + 1e-17} {
		pix[100] = v
		xs, codes := rowsOf(mat.NewDense(3, 256, pix))
		if codes != nil || xs[100] != float32(v) && !math.IsNaN(v) {
			t.Errorf("value %v among pixels: codes %v, xs[100] %v", v, codes != nil, xs[100])
		}
	}
}
