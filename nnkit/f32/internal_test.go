package f32

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/internal/gemm"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
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
	saved := gemm.Available
	defer func() { gemm.Available = saved }()
	for _, useKernels := range []bool{saved, false} { // false: gonum's products, then the epilogue
		gemm.Available = useKernels
		fused, plain := twins(t, rng, []int{200, 150, 60, 10})
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
				t.Fatalf("kernels %v, step %d: loss %v, want %v", useKernels, step, got, want)
			}
			for l := range fused.w {
				for _, p := range [][2][]float32{{fused.w[l], plain.w[l]}, {fused.b[l], plain.b[l]}, {fused.a[l], plain.a[l]}, {fused.d[l], plain.d[l]}} {
					for i := range p[1] {
						if math.Float32bits(p[0][i]) != math.Float32bits(p[1][i]) {
							t.Fatalf("kernels %v, step %d, layer %d: element %d is %v, want %v", useKernels, step, l+1, i, p[0][i], p[1][i])
						}
					}
				}
			}
		}
	}
}

// twins returns two equal networks of these sizes, from New, with random biases.
func twins(t *testing.T, rng *rand.Rand, sizes []int) (*Net, *Net) {
	t.Helper()
	acts := make([]nnkit.Activation, len(sizes)-1)
	for l := range acts {
		acts[l] = nnkit.ReLU
	}
	acts[len(acts)-1] = nnkit.Softmax
	net := nnkit.New(nnkit.Config{Sizes: sizes, Activations: acts, Loss: nnkit.SoftmaxCrossEntropy,
		Reduction: nnkit.Mean, Init: nnkit.InitHe{}}, nprand.New(rng.Uint32()))
	for _, d := range net.Layers {
		for j := range d.Out() {
			d.B.Set(0, j, rng.NormFloat64()*0.1)
		}
	}
	a, err := New(net)
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(net)
	if err != nil {
		t.Fatal(err)
	}
	return a, b
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

// TestTrainMatchesPlainLoop checks Train, which gathers each batch on both cores (from
// byte codes when x holds 8-bit pixels) and fuses the element-wise passes into the
// products, against a plain loop of the same epochs: batches copied row by row with
// float32(x), then unfusedStep. Bit for bit, for pixel data and for other data.
func TestTrainMatchesPlainLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const rows, cols, batch, epochs = 700, 100, 128, 2
	sizes := []int{cols, 120, 40, 10}
	for _, pixels := range []bool{true, false} {
		x := mat.NewDense(rows, cols, nil)
		labels := make([]int, rows)
		for i := range rows {
			labels[i] = rng.IntN(10)
			for j := range cols {
				v := rng.NormFloat64()
				if pixels {
					v = float64(rng.IntN(256)) / 255
				}
				x.Set(i, j, v)
			}
		}
		if _, codes := rowsOf(x); (codes != nil) != pixels {
			t.Fatalf("pixels %v: rowsOf codes them: %v", pixels, codes != nil)
		}
		net, plain := twins(t, rng, sizes)
		if err := net.Train(x, labels, TrainConfig{Epochs: epochs, BatchSize: batch, LR: 0.05, Source: nprand.New(9)}); err != nil {
			t.Fatal(err)
		}
		plain.grow(batch)
		src := nprand.New(9)
		for range epochs {
			order := src.Perm(rows)
			for s := 0; s < rows; s += batch {
				idx := order[s:min(s+batch, rows)]
				for r, i := range idx {
					for j := range cols {
						plain.xb[r*cols+j] = float32(x.At(i, j))
					}
					plain.labels[r] = labels[i]
				}
				unfusedStep(plain, len(idx), 0.05)
			}
		}
		for l := range net.w {
			for _, p := range [][2][]float32{{net.w[l], plain.w[l]}, {net.b[l], plain.b[l]}} {
				for i := range p[1] {
					if math.Float32bits(p[0][i]) != math.Float32bits(p[1][i]) {
						t.Fatalf("pixels %v, layer %d: element %d is %v, want %v", pixels, l+1, i, p[0][i], p[1][i])
					}
				}
			}
		}
	}
}
