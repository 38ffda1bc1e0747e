package vmath

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// inputs covers each branch of math.Exp and math.Tanh, both lane limits and their
// neighbours, the special values, and random values at every scale a network meets.
func inputs() []float64 {
	xs := []float64{0, math.Copysign(0, -1), 1e-300, -1e-300, 5e-324, 1e-9, 0.5, 0.625,
		math.Nextafter(0.625, 0), 1, 10, 22, math.Nextafter(22, 30), 44, 44.014845965556525,
		44.01484596555653, 100, 699.9999, 700, math.Nextafter(700, 0), 705, 709.78, 709.79, 710,
		-699.9999, -700, -708.3, -708.4, -720, -745.1, -746, -1e5, 1e5,
		math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, -math.MaxFloat64}
	for _, x := range xs[:len(xs)] {
		xs = append(xs, -x)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		scale := math.Pow(10, float64(r.IntN(8)-5))
		xs = append(xs, scale*r.NormFloat64())
	}
	for range 20000 {
		xs = append(xs, 1400*r.Float64()-700, 50*r.Float64()-25)
	}
	return xs
}

func TestBitsMatchMath(t *testing.T) {
	xs := inputs()
	for _, tc := range []struct {
		name string
		vec  func(dst, src []float64)
		ref  func(float64) float64
	}{
		{"Exp", Exp, math.Exp},
		{"Tanh", Tanh, math.Tanh},
		{"Sigmoid", Sigmoid, SigmoidOf},
	} {
		got := make([]float64, len(xs))
		tc.vec(got, xs)
		bad := 0
		for i, x := range xs {
			if want := tc.ref(x); math.Float64bits(got[i]) != math.Float64bits(want) {
				if bad++; bad <= 5 {
					t.Errorf("%s(%v) = %v (%#x), math gives %v (%#x)", tc.name, x, got[i],
						math.Float64bits(got[i]), want, math.Float64bits(want))
				}
			}
		}
		if bad > 0 {
			t.Errorf("%s: %d of %d differ from math", tc.name, bad, len(xs))
		}
	}
}

// TestEveryLengthAndPosition runs each length from 0 to 19, with an input the lanes leave
// to math at each position, out of place and in place, so the tails and the hand-over
// between lanes and math are all exercised.
func TestEveryLengthAndPosition(t *testing.T) {
	fns := map[string]struct {
		vec  func(dst, src []float64)
		ref  func(float64) float64
		wild float64
	}{
		"Exp":     {Exp, math.Exp, 705},
		"Tanh":    {Tanh, math.Tanh, -30},
		"Sigmoid": {Sigmoid, SigmoidOf, -800},
	}
	for name, f := range fns {
		for n := range 20 {
			for pos := -1; pos < n; pos++ {
				src := make([]float64, n)
				for i := range src {
					src[i] = 0.37*float64(i) - 2
				}
				if pos >= 0 {
					src[pos] = f.wild
				}
				want := make([]float64, n)
				for i, x := range src {
					want[i] = f.ref(x)
				}
				dst := make([]float64, n+1)
				dst[n] = 42
				f.vec(dst, src)
				inPlace := append([]float64(nil), src...)
				f.vec(inPlace, inPlace)
				for i := range want {
					if dst[i] != want[i] || inPlace[i] != want[i] {
						t.Fatalf("%s n=%d wild at %d: element %d = %v (in place %v), want %v", name, n, pos, i, dst[i], inPlace[i], want[i])
					}
				}
				if dst[n] != 42 {
					t.Fatalf("%s n=%d: wrote past len(src)", name, n)
				}
			}
		}
	}
}

func TestShortDstPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Exp with a short dst did not panic")
		}
	}()
	Exp(make([]float64, 3), make([]float64, 4))
}

func ExampleTanh() {
	z := []float64{-1, 0, 0.5, 3}
	a := make([]float64, len(z))
	Tanh(a, z)
	fmt.Println(a[3] == math.Tanh(3))
	fmt.Printf("%.6f\n", a)
	// Output:
	// true
	// [-0.761594 0.000000 0.462117 0.995055]
}

func benchmark(b *testing.B, f func(dst, src []float64), n int) {
	r := rand.New(rand.NewPCG(1, 2))
	src := make([]float64, n)
	for i := range src {
		src[i] = 3 * r.NormFloat64()
	}
	dst := make([]float64, n)
	for b.Loop() {
		f(dst, src)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/elem")
}

func scalar(f func(float64) float64) func(dst, src []float64) {
	return func(dst, src []float64) {
		for i, x := range src {
			dst[i] = f(x)
		}
	}
}

func BenchmarkExp(b *testing.B)      { benchmark(b, Exp, 600) }
func BenchmarkMathExp(b *testing.B)  { benchmark(b, scalar(math.Exp), 600) }
func BenchmarkSigmoid(b *testing.B)  { benchmark(b, Sigmoid, 600) }
func BenchmarkTanh(b *testing.B)     { benchmark(b, Tanh, 600) }
func BenchmarkMathTanh(b *testing.B) { benchmark(b, scalar(math.Tanh), 600) }
