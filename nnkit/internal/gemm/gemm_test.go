package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func randMatrix(rng *rand.Rand, r, c, pad int, t bool) Matrix {
	if t {
		r, c = c, r
	}
	stride := c + pad
	data := make([]float64, (r-1)*stride+c)
	for i := range data {
		data[i] = rng.Float64()*2 - 1
	}
	return Matrix{Data: data, Stride: stride, T: t}
}

// TestMul compares Mul with the textbook triple loop on shapes that exercise every
// edge: partial tiles, several KC blocks (accumulation), several NC blocks, padded
// strides, transposed operands, and the parallel path.
func TestMul(t *testing.T) {
	if !Available {
		t.Skip("gemm: this CPU has no AVX2/FMA; nnkit uses gonum instead")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, s := range []struct{ m, n, k int }{
		{1, 1, 1}, {6, 8, 1}, {5, 7, 3}, {7, 9, 257}, {13, 17, 600}, {256, 300, 784},
		{784, 300, 256}, {100, 10, 256}, {3, 1030, 5}, {1, 1, 0}, {12, 2050, 40},
	} {
		for _, ta := range []bool{false, true} {
			for _, tb := range []bool{false, true} {
				name := fmt.Sprintf("%dx%dx%d/ta=%v/tb=%v", s.m, s.n, s.k, ta, tb)
				if s.k == 0 && (ta || tb) {
					continue
				}
				a := Matrix{}
				b := Matrix{}
				if s.k > 0 {
					a = randMatrix(rng, s.m, s.k, 3, ta)
					b = randMatrix(rng, s.k, s.n, 1, tb)
				}
				ldc := s.n + 2
				c := make([]float64, (s.m-1)*ldc+s.n)
				for i := range c {
					c[i] = math.NaN() // Mul must overwrite, never read, c
				}
				Mul(s.m, s.n, s.k, a, b, c, ldc)
				for i := range s.m {
					for j := range s.n {
						var want float64
						for p := range s.k {
							want += a.at(i, p) * b.at(p, j)
						}
						if got := c[i*ldc+j]; math.Abs(got-want) > 1e-12*(1+math.Abs(want)) {
							t.Fatalf("%s: c[%d][%d] = %v, want %v", name, i, j, got, want)
						}
					}
				}
			}
		}
	}
}

func TestMulPanics(t *testing.T) {
	if !Available {
		t.Skip("gemm: this CPU has no AVX2/FMA")
	}
	defer func() {
		if r := recover(); r == nil || fmt.Sprint(r) != "gemm: b has 5 elements with stride 3, want 2×3" {
			t.Errorf("panic %v", r)
		}
	}()
	Mul(2, 3, 2, Matrix{Data: make([]float64, 4), Stride: 2}, Matrix{Data: make([]float64, 5), Stride: 3}, make([]float64, 6), 3)
}

func TestMulAllocs(t *testing.T) {
	if !Available {
		t.Skip("gemm: this CPU has no AVX2/FMA")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	a, b := randMatrix(rng, 256, 784, 0, false), randMatrix(rng, 784, 300, 0, false)
	c := make([]float64, 256*300)
	Mul(256, 300, 784, a, b, c, 300)
	if n := testing.AllocsPerRun(20, func() { Mul(256, 300, 784, a, b, c, 300) }); n != 0 {
		t.Errorf("Mul allocates %v times per call, want 0", n)
	}
}

// BenchmarkMul runs the products of a workload (c) training step (784-300-100-10,
// batch 256): forward X·W, the weight gradients Inᵀ·δ and the back-propagated δ·Wᵀ.
func BenchmarkMul(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, s := range []struct {
		m, n, k int
		ta, tb  bool
	}{
		{256, 300, 784, false, false}, {784, 300, 256, true, false},
		{256, 100, 300, false, false}, {300, 100, 256, true, false}, {256, 300, 100, false, true},
		{256, 10, 100, false, false}, {100, 10, 256, true, false}, {256, 100, 10, false, true},
		{1024, 1024, 1024, false, false},
	} {
		name := fmt.Sprintf("%dx%dx%d", s.m, s.n, s.k)
		if s.ta {
			name += "_aT"
		}
		if s.tb {
			name += "_bT"
		}
		b.Run(name, func(b *testing.B) {
			if !Available {
				b.Skip("gemm: this CPU has no AVX2/FMA")
			}
			x, y := randMatrix(rng, s.m, s.k, 0, s.ta), randMatrix(rng, s.k, s.n, 0, s.tb)
			c := make([]float64, s.m*s.n)
			b.ReportAllocs()
			for b.Loop() {
				Mul(s.m, s.n, s.k, x, y, c, s.n)
			}
			b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
