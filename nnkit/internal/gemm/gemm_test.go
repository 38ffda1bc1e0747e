package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
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

// tilings are the kernels this CPU runs.
func tilings() []tiling {
	if best == tile12x16 {
		return []tiling{tile6x8, tile12x16}
	}
	return []tiling{tile6x8}
}

// fmaChain is Mul's arithmetic written out: each element of c is, for each KC block in
// turn, a chain of FMAs from zero over the block's depth, added to the sum of the
// earlier blocks.
func fmaChain(m, n, k int, a, b Matrix) []float64 {
	c := make([]float64, m*n)
	depth := ceilDiv(k, ceilDiv(k, kc))
	for i := range m {
		for j := range n {
			for pc := 0; pc < k; pc += depth {
				var acc float64
				for p := pc; p < min(pc+depth, k); p++ {
					acc = math.FMA(a.at(i, p), b.at(p, j), acc)
				}
				if pc == 0 {
					c[i*n+j] = acc
				} else {
					c[i*n+j] += acc
				}
			}
		}
	}
	return c
}

// TestMulBits checks every kernel this CPU runs against the FMA chain bit for bit, so
// that results do not depend on the CPU, the split among workers or the tile shape. The
// shapes cover edge tiles of both kernels, several KC blocks, several column blocks of
// packed B, and the workload (c) products; signed zeros, subnormals and infinities pass
// through the chain like any value.
func TestMulBits(t *testing.T) {
	if !Available {
		t.Skip("gemm: this CPU has no AVX2/FMA")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	special := []float64{0, math.Copysign(0, -1), 5e-324, -2.5e-310, 1e300, math.Inf(1)}
	for _, s := range []struct{ m, n, k int }{
		{1, 1, 1}, {12, 16, 3}, {13, 17, 257}, {25, 33, 600}, {256, 300, 784}, {784, 300, 256},
		{256, 100, 300}, {300, 100, 256}, {256, 300, 100}, {100, 10, 256}, {11, 4100, 300},
		{40, 30, 2000},
	} {
		for _, ta := range []bool{false, true} {
			a := randMatrix(rng, s.m, s.k, 1, ta)
			b := randMatrix(rng, s.k, s.n, 2, !ta)
			for i := range a.Data {
				if rng.IntN(50) == 0 {
					a.Data[i] = special[rng.IntN(len(special)-1)] // finite: ∞·0 would be NaN
				}
			}
			want := fmaChain(s.m, s.n, s.k, a, b)
			for _, tl := range tilings() {
				c := make([]float64, s.m*s.n)
				mul(tl, s.m, s.n, s.k, a, b, c, s.n, false, 0)
				for i, v := range c {
					if math.Float64bits(v) != math.Float64bits(want[i]) {
						t.Fatalf("%dx%dx%d ta=%v tiling %d: c[%d][%d] = %v, want %v (the FMA chain)",
							s.m, s.n, s.k, ta, tl, i/s.n, i%s.n, v, want[i])
					}
				}
				// MulAdd: a gradient step on c, with c's row stride wider than n.
				const alpha, ldc = -0.1, 3
				w := make([]float64, s.m*(s.n+ldc))
				for i := range w {
					w[i] = rng.NormFloat64()
					if rng.IntN(50) == 0 {
						w[i] = special[rng.IntN(len(special))]
					}
				}
				got := append([]float64(nil), w...)
				mulAdd(tl, s.m, s.n, s.k, alpha, a, b, got, s.n+ldc, nil)
				for i := range s.m {
					for j := range s.n + ldc {
						x, v := w[i*(s.n+ldc)+j], got[i*(s.n+ldc)+j]
						if j < s.n {
							x += float64(alpha * want[i*s.n+j])
						}
						if math.Float64bits(v) != math.Float64bits(x) && !(math.IsNaN(v) && math.IsNaN(x)) {
							t.Fatalf("%dx%dx%d ta=%v tiling %d: MulAdd c[%d][%d] = %v, want %v (w + α·chain)",
								s.m, s.n, s.k, ta, tl, i, j, v, x)
						}
					}
				}
			}
		}
	}
}

// TestMulConcurrent runs products from several goroutines at once, so that helpers are
// busy with another caller's product or join one late, and with GOMAXPROCS 1, when the
// caller works alone. Every product must still be exact.
func TestMulConcurrent(t *testing.T) {
	if !Available {
		t.Skip("gemm: this CPU has no AVX2/FMA")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	type job struct {
		m, n, k int
		a, b    Matrix
		want    []float64
	}
	var jobs []job
	for _, s := range [][3]int{{256, 300, 784}, {300, 100, 256}, {97, 45, 300}, {256, 10, 100}} {
		a, b := randMatrix(rng, s[0], s[2], 0, false), randMatrix(rng, s[2], s[1], 0, true)
		jobs = append(jobs, job{s[0], s[1], s[2], a, b, fmaChain(s[0], s[1], s[2], a, b)})
	}
	check := func(j job, c []float64) error {
		for i, v := range c {
			if math.Float64bits(v) != math.Float64bits(j.want[i]) {
				return fmt.Errorf("%dx%dx%d: c[%d] = %v, want %v", j.m, j.n, j.k, i, v, j.want[i])
			}
		}
		return nil
	}
	errs := make(chan error, 4*len(jobs))
	for g := range 4 {
		go func() {
			for r := range 3 {
				j := jobs[(g+r)%len(jobs)]
				c := make([]float64, j.m*j.n)
				Mul(j.m, j.n, j.k, j.a, j.b, c, j.n)
				errs <- check(j, c)
			}
		}()
	}
	for range 12 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	j := jobs[0]
	c := make([]float64, j.m*j.n)
	Mul(j.m, j.n, j.k, j.a, j.b, c, j.n)
	if err := check(j, c); err != nil {
		t.Errorf("GOMAXPROCS 1: %v", err)
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
	// In one KC block and in several, which needs scratch.
	for _, k := range []int{256, 784} {
		MulAdd(256, 300, k, -0.1, a, b, c, 300)
		if n := testing.AllocsPerRun(20, func() { MulAdd(256, 300, k, -0.1, a, b, c, 300) }); n != 0 {
			t.Errorf("MulAdd %d deep allocates %v times per call, want 0", k, n)
		}
	}
}

// BenchmarkMul runs the products of a workload (c) training step (784-300-100-10,
// batch 256): forward X·W, the weight gradients Inᵀ·δ and the back-propagated δ·Wᵀ;
// "_add" is the weight gradient as MulAdd's gradient step, W += (−ε)·Inᵀ·δ.
func BenchmarkMul(b *testing.B) {
	benchMul(b, func(rng *rand.Rand, r, c int, t bool) Matrix { return randMatrix(rng, r, c, 0, t) }, Mul, MulAdd, -1e-300)
}

// benchShapes are workload (c)'s products, and a square one.
var benchShapes = []struct {
	m, n, k     int
	ta, tb, add bool
}{
	{256, 300, 784, false, false, false}, {784, 300, 256, true, false, false},
	{256, 100, 300, false, false, false}, {300, 100, 256, true, false, false}, {256, 300, 100, false, true, false},
	{256, 10, 100, false, false, false}, {100, 10, 256, true, false, false}, {256, 100, 10, false, true, false},
	{1024, 1024, 1024, false, false, false},
	{784, 300, 256, true, false, true}, {300, 100, 256, true, false, true},
}

// benchMul times mul, or mulAdd with alpha, on benchShapes, in GFLOP/s.
func benchMul[F Float](b *testing.B, random func(*rand.Rand, int, int, bool) Mat[F],
	mul func(m, n, k int, a, b Mat[F], c []F, ldc int), mulAdd func(m, n, k int, alpha F, a, b Mat[F], c []F, ldc int), alpha F) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, s := range benchShapes {
		name := fmt.Sprintf("%dx%dx%d", s.m, s.n, s.k)
		if s.ta {
			name += "_aT"
		}
		if s.tb {
			name += "_bT"
		}
		if s.add {
			name += "_add"
		}
		b.Run(name, func(b *testing.B) {
			if !Available {
				b.Skip("gemm: this CPU has no AVX2/FMA")
			}
			x, y := random(rng, s.m, s.k, s.ta), random(rng, s.k, s.n, s.tb)
			c := make([]F, s.m*s.n)
			b.ReportAllocs()
			for b.Loop() {
				if s.add {
					mulAdd(s.m, s.n, s.k, alpha, x, y, c, s.n)
				} else {
					mul(s.m, s.n, s.k, x, y, c, s.n)
				}
			}
			b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// fma32 is float32's fused multiply-add, a·b + c rounded once. In float64 a·b is exact
// and the sum's error e is exact too (TwoSum), so the float64 sum s rounds to the
// float32 of the exact value unless s is halfway between two float32s, where e decides.
func fma32(a, b, c float32) float32 {
	p, q := float64(a)*float64(b), float64(c)
	s := p + q
	if math.IsInf(s, 0) || math.IsNaN(s) {
		return float32(s)
	}
	v := s - p
	e := (p - (s - v)) + (q - v)
	r := float32(s)
	if e == 0 || float64(r) == s {
		return r
	}
	other := math.Nextafter32(r, float32(math.Copysign(math.Inf(1), s-float64(r))))
	if (float64(r)+float64(other))/2 != s {
		return r
	}
	if (e > 0) == (other > r) {
		return other
	}
	return r
}

func randMatrix32(rng *rand.Rand, r, c, pad int, t bool) Matrix32 {
	m := randMatrix(rng, r, c, pad, t)
	data := make([]float32, len(m.Data))
	for i, v := range m.Data {
		data[i] = float32(v)
	}
	return Matrix32{Data: data, Stride: m.Stride, T: m.T}
}

// fmaChain32 is fmaChain in float32.
func fmaChain32(m, n, k int, a, b Matrix32) []float32 {
	c := make([]float32, m*n)
	depth := ceilDiv(k, ceilDiv(k, kc))
	for i := range m {
		for j := range n {
			for pc := 0; pc < k; pc += depth {
				var acc float32
				for p := pc; p < min(pc+depth, k); p++ {
					acc = fma32(a.at(i, p), b.at(p, j), acc)
				}
				if pc == 0 {
					c[i*n+j] = acc
				} else {
					c[i*n+j] += acc
				}
			}
		}
	}
	return c
}

func TestFMA32(t *testing.T) {
	for _, c := range []struct{ a, b, c, want float32 }{
		{1, 1, 1, 2},
		// 1 + 2⁻²⁴ is halfway between 1 and its successor; the product's 2⁻⁴⁸ decides.
		{1 + 1.0/(1<<23), 1.0 / (1 << 24), 1, 1 + 1.0/(1<<23)},
		{-(1 + 1.0/(1<<23)), 1.0 / (1 << 24), 1, 1 - 1.0/(1<<24)},
		{3e38, 10, 0, float32(math.Inf(1))},
	} {
		if got := fma32(c.a, c.b, c.c); got != c.want {
			t.Errorf("fma32(%g, %g, %g) = %g, want %g", c.a, c.b, c.c, got, c.want)
		}
	}
}

// TestMul32Bits is TestMulBits for the float32 kernels, whose tiles are twice as wide.
func TestMul32Bits(t *testing.T) {
	if !Available {
		t.Skip("gemm: this CPU has no AVX2/FMA")
	}
	rng := rand.New(rand.NewPCG(7, 8))
	special := []float32{0, float32(math.Copysign(0, -1)), 1e-45, -3e-39, 1e30}
	for _, s := range []struct{ m, n, k int }{
		{1, 1, 1}, {12, 32, 3}, {13, 33, 257}, {25, 65, 600}, {256, 300, 784}, {784, 300, 256},
		{300, 100, 256}, {256, 300, 100}, {100, 10, 256}, {11, 8200, 300}, {40, 30, 2000},
	} {
		for _, ta := range []bool{false, true} {
			a := randMatrix32(rng, s.m, s.k, 1, ta)
			b := randMatrix32(rng, s.k, s.n, 2, !ta)
			for i := range a.Data {
				if rng.IntN(50) == 0 {
					a.Data[i] = special[rng.IntN(len(special))]
				}
			}
			want := fmaChain32(s.m, s.n, s.k, a, b)
			for _, tl := range tilings() {
				c := make([]float32, s.m*s.n)
				mul(tl, s.m, s.n, s.k, a, b, c, s.n, false, 0)
				for i, v := range c {
					if math.Float32bits(v) != math.Float32bits(want[i]) {
						t.Fatalf("%dx%dx%d ta=%v tiling %d: c[%d][%d] = %v, want %v (the FMA chain)",
							s.m, s.n, s.k, ta, tl, i/s.n, i%s.n, v, want[i])
					}
				}
				const alpha, ldc = -0.1, 5
				w := make([]float32, s.m*(s.n+ldc))
				for i := range w {
					w[i] = float32(rng.NormFloat64())
				}
				got := append([]float32(nil), w...)
				mulAdd(tl, s.m, s.n, s.k, alpha, a, b, got, s.n+ldc, nil)
				for i := range s.m {
					for j := range s.n + ldc {
						x, v := w[i*(s.n+ldc)+j], got[i*(s.n+ldc)+j]
						if j < s.n {
							x += float32(alpha * want[i*s.n+j])
						}
						if math.Float32bits(v) != math.Float32bits(x) {
							t.Fatalf("%dx%dx%d ta=%v tiling %d: MulAdd32 c[%d][%d] = %v, want %v (w + α·chain)",
								s.m, s.n, s.k, ta, tl, i, j, v, x)
						}
					}
				}
			}
		}
	}
	c := make([]float32, 6)
	Mul32(2, 3, 0, Matrix32{}, Matrix32{}, c, 3)
	defer func() {
		if r := recover(); r == nil || fmt.Sprint(r) != "gemm: a has 3 elements with stride 2, want 2×2" {
			t.Errorf("panic %v", r)
		}
	}()
	Mul32(2, 3, 2, Matrix32{Data: make([]float32, 3), Stride: 2}, Matrix32{Data: make([]float32, 6), Stride: 3}, c, 3)
}

// BenchmarkMul32 is BenchmarkMul in float32.
func BenchmarkMul32(b *testing.B) {
	benchMul(b, func(rng *rand.Rand, r, c int, t bool) Matrix32 { return randMatrix32(rng, r, c, 0, t) }, Mul32, MulAdd32, -1e-30)
}

// TestMulThen checks that then's blocks cover c exactly once, each already holding
// Mul's final bits when then sees it, in float64 and float32, on shapes run serially and shared, one KC block
// or several, one block of B's columns (k·n elements within packedBytes) or several (11×8200×300), with
// edge tiles, with a row stride past n, and with k = 0.
func TestMulThen(t *testing.T) {
	if !Available {
		t.Skip("gemm: this CPU has no AVX2/FMA")
	}
	rng := rand.New(rand.NewPCG(9, 10))
	testMulThen(t, func(r, c int, tr bool) Matrix { return randMatrix(rng, r, c, 1, tr) })
	testMulThen(t, func(r, c int, tr bool) Matrix32 { return randMatrix32(rng, r, c, 1, tr) })
}

// TestMulAddThen: MulAddThen's blocks cover c once, each final when then sees it, with
// the bits of MulAdd, in one KC block (the step applied as tiles are stored) and in
// several (the step applied after the product).
func TestMulAddThen(t *testing.T) {
	if !Available {
		t.Skip("gemm: this CPU has no AVX2/FMA")
	}
	rng := rand.New(rand.NewPCG(11, 12))
	testMulAddThen(t, func(r, c int, tr bool) Matrix { return randMatrix(rng, r, c, 1, tr) })
	testMulAddThen(t, func(r, c int, tr bool) Matrix32 { return randMatrix32(rng, r, c, 1, tr) })
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "MulAddThen with a nil then") {
			t.Errorf("MulAddThen(nil then) panicked with %v", r)
		}
	}()
	MulAddThen(1, 1, 1, 1, Matrix{Data: []float64{1}, Stride: 1}, Matrix{Data: []float64{1}, Stride: 1}, []float64{0}, 1, nil)
}

func testMulAddThen[F Float](t *testing.T, random func(r, c int, tr bool) Mat[F]) {
	const alpha = -0.1
	for _, s := range []struct{ m, n, k, ldc int }{
		{1, 1, 1, 1}, {13, 33, 257, 40}, {784, 300, 256, 300}, {300, 100, 256, 101}, {100, 10, 96, 10},
		{300, 100, 784, 100}, {300, 100, 0, 100}, {0, 5, 5, 5},
	} {
		for _, tl := range tilings() {
			var a, b Mat[F] // empty when a dimension is 0
			if s.m > 0 && s.k > 0 {
				a, b = random(s.m, s.k, true), random(s.k, s.n, false)
			}
			base := random(max(1, s.m), s.ldc, false).Data[:max(0, (s.m-1)*s.ldc+s.n)]
			want := slices.Clone(base)
			mulAdd(tl, s.m, s.n, s.k, alpha, a, b, want, s.ldc, nil)
			c := slices.Clone(base)
			what := fmt.Sprintf("%+v tiling %d", s, tl)
			then, verify := blockChecker(t, what, s.m, s.n, s.ldc, c, want)
			mulAdd(tl, s.m, s.n, s.k, alpha, a, b, c, s.ldc, then)
			verify()
			if !slices.Equal(c, want) {
				t.Errorf("%s: c differs from MulAdd's", what)
			}
		}
	}
}

func testMulThen[F Float](t *testing.T, random func(r, c int, tr bool) Mat[F]) {
	for _, s := range []struct{ m, n, k, ldc int }{
		{1, 1, 1, 1}, {13, 33, 257, 40}, {256, 300, 784, 300}, {256, 100, 300, 101}, {256, 10, 100, 10},
		{11, 8200, 300, 8200}, {300, 100, 0, 100}, {0, 5, 5, 5},
	} {
		for _, tl := range tilings() {
			var a, b Mat[F] // empty when a dimension is 0
			if s.m > 0 && s.k > 0 {
				a, b = random(s.m, s.k, false), random(s.k, s.n, true)
			}
			want := make([]F, max(0, (s.m-1)*s.ldc+s.n))
			mul(tl, s.m, s.n, s.k, a, b, want, s.ldc, false, 0)
			c := make([]F, len(want))
			for i := range c {
				c[i] = F(math.NaN()) // unwritten elements would show
			}
			then, verify := blockChecker(t, fmt.Sprintf("%+v tiling %d", s, tl), s.m, s.n, s.ldc, c, want)
			mulThen(tl, s.m, s.n, s.k, a, b, c, s.ldc, then)
			verify()
		}
	}
}

// blockChecker returns an epilogue that checks that each block it is given is a block of
// c (m×n, row stride ldc) whose elements are want's when it sees them, and verify, which
// checks that it saw every element once, and nothing of an empty c.
func blockChecker[F Float](t *testing.T, what string, m, n, ldc int, c, want []F) (then func(i0, i1, j0, j1 int), verify func()) {
	seen := make([]atomic.Int32, len(c))
	var calls atomic.Int32
	then = func(i0, i1, j0, j1 int) {
		calls.Add(1)
		if i0 < 0 || i1 > m || i0 >= i1 || j0 < 0 || j1 > n || j0 >= j1 {
			t.Errorf("%s: block [%d, %d)×[%d, %d) is not a block of c", what, i0, i1, j0, j1)
			return
		}
		for i := i0; i < i1; i++ {
			for j := j0; j < j1; j++ {
				seen[i*ldc+j].Add(1)
				if x := c[i*ldc+j]; x != want[i*ldc+j] { // finite: the operands are in (−1, 1)
					t.Errorf("%s: c[%d][%d] is %v when then sees it, want %v", what, i, j, x, want[i*ldc+j])
				}
			}
		}
	}
	verify = func() {
		t.Helper()
		for i := range m {
			for j := range n {
				if k := seen[i*ldc+j].Load(); k != 1 {
					t.Fatalf("%s: then saw c[%d][%d] %d times, want once", what, i, j, k)
				}
			}
		}
		if m == 0 && calls.Load() != 0 {
			t.Errorf("%s: then called %d times on an empty c", what, calls.Load())
		}
	}
	return then, verify
}

// TestPhasesCoverC: each compute phase's items cover C's rows in order, without a gap or
// an overlap, and a shared one ends in one single panel for each worker.
func TestPhasesCoverC(t *testing.T) {
	for _, s := range []struct{ m, n, k, workers int }{
		{256, 300, 784, 2}, {256, 300, 784, 1}, {784, 300, 256, 2}, {11, 8200, 300, 2}, {13, 40, 30, 2},
		{24, 16, 16, 2}, {25, 16, 16, 3}, {1000, 100, 50, 8}, {256, 10, 100, 2},
	} {
		for _, tl := range tilings() {
			var ws workspace[float64]
			ws.plan(tl, s.m, s.n, s.k, Matrix{}, Matrix{}, nil, s.n, s.workers)
			mr, items := tl.mr(), 0
			for _, p := range ws.phases {
				if p.start != items {
					t.Fatalf("%+v tiling %d: a phase starts at item %d, want %d", s, tl, p.start, items)
				}
				items += p.count
				if p.pack {
					continue
				}
				next := 0
				for j := range p.count {
					lo, hi := p.span(j)
					if lo != next || hi <= lo || hi > s.m {
						t.Fatalf("%+v tiling %d: item %d is rows [%d, %d), want from %d", s, tl, j, lo, hi, next)
					}
					if j >= p.count-p.tail && (lo%mr != 0 || hi-lo > mr) {
						t.Errorf("%+v tiling %d: tail item %d is rows [%d, %d), not one panel", s, tl, j, lo, hi)
					}
					next = hi
				}
				if next != s.m {
					t.Fatalf("%+v tiling %d: items end at row %d of %d", s, tl, next, s.m)
				}
				if want := min(s.workers, ceilDiv(s.m, mr)); s.workers > 1 && p.perItem > mr && p.tail != want {
					t.Errorf("%+v tiling %d: %d single panels end the phase, want %d", s, tl, p.tail, want)
				}
			}
			if items != ws.total {
				t.Errorf("%+v tiling %d: phases hold %d items, total says %d", s, tl, items, ws.total)
			}
		}
	}
}
