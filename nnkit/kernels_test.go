package nnkit

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit/internal/gemm"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// TestMulLargeBackendsAgree runs the three large products on the built-in backend and
// on gonum's fallback (what CPUs without AVX2 get), against the textbook triple loop.
func TestMulLargeBackendsAgree(t *testing.T) {
	fill := func(r, c int, seed float64) *mat.Dense {
		d := make([]float64, r*c)
		for i := range d {
			d[i] = math.Sin(seed + float64(i))
		}
		return mat.NewDense(r, c, d)
	}
	a, b := fill(70, 50, 1), fill(50, 30, 2) // 105 000 > smallFlops
	var want mat.Dense
	want.Mul(a, b)
	saved := gemm.Available
	defer func() { gemm.Available = saved }()
	for _, useKernel := range []bool{saved, false} {
		gemm.Available = useKernel
		var tmp *mat.Dense
		z := mat.NewDense(70, 30, nil)
		mulInto(z, a, b)
		zt := mat.NewDense(70, 30, nil)
		mulTransAInto(zt, mat.DenseCopyOf(a.T()), b, &tmp)
		zb := mat.NewDense(70, 30, nil)
		mulTransBInto(zb, a, mat.DenseCopyOf(b.T()))
		for name, got := range map[string]*mat.Dense{"a·b": z, "aᵀ·b": zt, "a·bᵀ": zb} {
			if !mat.EqualApprox(got, &want, 1e-12) {
				t.Errorf("kernel=%v: %s differs from gonum's Mul", useKernel, name)
			}
		}
	}
}

// TestForwardFusesBiasReLU: a large ReLU layer adds its bias and rectifies in its
// product's epilogue, block by block on both cores; its Z and A are those of the whole
// product followed by addBiasApply, bit for bit, NaN included. Layer 2 (300·100·256)
// and 3 (below smallFlops, softmax) check the other paths.
func TestForwardFusesBiasReLU(t *testing.T) {
	net := New(Config{Sizes: []int{784, 300, 100, 10}, Activations: []Activation{ReLU, ReLU, Softmax},
		Loss: SoftmaxCrossEntropy, Reduction: Mean, Init: InitHe{}}, nprand.New(4))
	gen := nprand.New(5)
	x := mat.NewDense(256, 784, gen.Rand(256*784))
	x.Set(3, 7, math.NaN())
	for _, d := range net.Layers {
		d.B.Set(0, 0, -1e9) // a column that rectifies to 0
		d.B.Set(0, 1, 0.25)
	}
	saved := gemm.Available
	defer func() { gemm.Available = saved }()
	for _, useKernel := range []bool{saved, false} {
		gemm.Available = useKernel
		var tr Trace
		net.ForwardInto(&tr, x)
		in := x
		for i, d := range net.Layers {
			z, a := mat.NewDense(256, d.Out(), nil), mat.NewDense(256, d.Out(), nil)
			mulInto(z, in, d.W)
			addBiasApply(d.Act, a, z, d.B)
			for _, p := range [][2]*mat.Dense{{tr.Layers[i].Z, z}, {tr.Layers[i].A, a}} {
				got, want := p[0].RawMatrix().Data, p[1].RawMatrix().Data
				for j := range want {
					if math.Float64bits(got[j]) != math.Float64bits(want[j]) && !(math.IsNaN(got[j]) && math.IsNaN(want[j])) {
						t.Fatalf("kernel %v, layer %d: element %d is %v, want %v", useKernel, i+1, j, got[j], want[j])
					}
				}
			}
			in = a
		}
	}
}
