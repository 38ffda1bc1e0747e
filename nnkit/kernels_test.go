package nnkit

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit/internal/gemm"
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

// TestAllFinite puts each kind of non-finite value at each position of slices of every
// length to 9, so each of the four chains and the tail see one; huge finite values must
// not count.
func TestAllFinite(t *testing.T) {
	for n := range 10 {
		s := make([]float64, n)
		for i := range s {
			s[i] = math.MaxFloat64 * float64(1-2*(i%2))
		}
		if !allFinite(s) {
			t.Fatalf("allFinite(%v) = false", s)
		}
		for pos := range n {
			for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
				old := s[pos]
				s[pos] = bad
				if allFinite(s) {
					t.Fatalf("allFinite(%v) = true", s)
				}
				s[pos] = old
			}
		}
	}
}
