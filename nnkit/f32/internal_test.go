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

// TestStepMatchesUnfused checks that step, whose products add the bias, rectify and
// mask in their epilogues on both cores, gives the bits of the same step done in turn:
// each product whole, then the element-wise passes as plain loops. The widths make the
// first layer's products shared between goroutines and give edge tiles; the last
// layer's run on one.
func TestStepMatchesUnfused(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	sizes := []int{200, 150, 60, 10}
	fused := &Net{sizes: sizes}
	fused.forward, fused.backward = fused.biasReLU, fused.maskReLU
	for l := range len(sizes) - 1 {
		w, b := make([]float32, sizes[l]*sizes[l+1]), make([]float32, sizes[l+1])
		for i := range w {
			w[i] = float32(rng.NormFloat64() * 0.1)
		}
		for i := range b {
			b[i] = float32(rng.NormFloat64() * 0.1)
		}
		fused.w, fused.b = append(fused.w, w), append(fused.b, b)
	}
	plain := &Net{sizes: sizes}
	for l := range fused.w {
		plain.w = append(plain.w, append([]float32(nil), fused.w[l]...))
		plain.b = append(plain.b, append([]float32(nil), fused.b[l]...))
	}
	const m = 128
	fused.grow(m)
	plain.grow(m)
	for step := range 5 {
		for i := range fused.xb {
			fused.xb[i] = float32(rng.Float64())
		}
		copy(plain.xb, fused.xb)
		for r := range m {
			fused.labels[r] = rng.IntN(10)
		}
		copy(plain.labels, fused.labels)
		got, want := fused.step(m, 0.1), unfusedStep(plain, m, 0.1)
		if got != want {
			t.Fatalf("step %d: loss %v, want %v", step, got, want)
		}
		for l := range fused.w {
			for _, p := range [][2][]float32{{fused.w[l], plain.w[l]}, {fused.b[l], plain.b[l]}, {fused.a[l], plain.a[l]}, {fused.d[l], plain.d[l]}} {
				for i := range p[1] {
					if math.Float32bits(p[0][i]) != math.Float32bits(p[1][i]) {
						t.Fatalf("step %d, layer %d: element %d is %v, want %v", step, l+1, i, p[0][i], p[1][i])
					}
				}
			}
		}
	}
}

// unfusedStep is step with each product whole and the element-wise passes after it.
func unfusedStep(n *Net, m int, lr float32) float64 {
	L := len(n.w)
	in := n.xb
	for l := range L {
		out := n.sizes[l+1]
		a := n.a[l][:m*out]
		mul(m, out, n.sizes[l], gemm.Matrix32{Data: in, Stride: n.sizes[l]}, gemm.Matrix32{Data: n.w[l], Stride: out}, a, 0)
		for r := range m {
			for j := range out {
				a[r*out+j] += n.b[l][j]
			}
		}
		if l < L-1 {
			for i, v := range a {
				a[i] = max(v, 0)
			}
		}
		in = a
	}
	loss := n.outputDelta(m) // the same code in both: not what the test compares
	for l := L - 1; l >= 0; l-- {
		out, width := n.sizes[l+1], n.sizes[l]
		d := n.d[l][:m*out]
		if l > 0 {
			prev, a := n.d[l-1][:m*width], n.a[l-1][:m*width]
			mul(m, width, out, gemm.Matrix32{Data: d, Stride: out}, gemm.Matrix32{Data: n.w[l], Stride: out, T: true}, prev, 0)
			for i, v := range a {
				if !(v > 0) {
					prev[i] = 0
				}
			}
		}
		in := n.xb
		if l > 0 {
			in = n.a[l-1]
		}
		mul(width, out, m, gemm.Matrix32{Data: in[:m*width], Stride: width, T: true}, gemm.Matrix32{Data: d, Stride: out}, n.w[l], -lr)
		for j := range out {
			var g float32
			for r := range m {
				g += d[r*out+j]
			}
			n.b[l][j] -= lr * g
		}
	}
	return loss
}
