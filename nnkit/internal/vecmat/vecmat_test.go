package vecmat

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/floats"
)

func fill(r *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(7)-3))
	}
	return s
}

// TestMatchesTheScalarLoops checks both kernels against the loops they replace, bit for
// bit, at every width to 100 (every register count, mask and block split), with row
// strides wider than the rows; elements outside the rows must be left alone.
func TestMatchesTheScalarLoops(t *testing.T) {
	if !Available {
		t.Skip("no AVX2 on this CPU: the kernels cannot run")
	}
	r := rand.New(rand.NewPCG(7, 8))
	const guard = 1e300
	for n := 1; n <= 100; n++ {
		for _, k := range []int{1, 2, 3, 25, 50} {
			for _, ld := range []int{n, n + 3} {
				x, b := fill(r, k), fill(r, (k-1)*ld+n)
				want := make([]float64, n)
				for j := range want {
					s := x[0] * b[j]
					for p := 1; p < k; p++ {
						s += x[p] * b[p*ld+j]
					}
					want[j] = s
				}
				z := append(fill(r, n), guard)
				MulVec(z, x, b, n, ld)
				for j, w := range want {
					if math.Float64bits(z[j]) != math.Float64bits(w) {
						t.Fatalf("MulVec k=%d n=%d ld=%d: z[%d] = %v, want %v", k, n, ld, j, z[j], w)
					}
				}
				if z[n] != guard {
					t.Fatalf("MulVec k=%d n=%d: wrote past the row", k, n)
				}

				a, row := fill(r, k), fill(r, n)
				zo := make([]float64, (k-1)*ld+n+1)
				for i := range zo {
					zo[i] = guard
				}
				Outer(zo, a, row, ld)
				for i, v := range zo {
					p, j := i/ld, i%ld
					w := guard
					if p < k && j < n {
						w = a[p] * row[j]
					}
					if math.Float64bits(v) != math.Float64bits(w) {
						t.Fatalf("Outer k=%d n=%d ld=%d: z[%d][%d] = %v, want %v", k, n, ld, p, j, v, w)
					}
				}
			}
		}
	}
}

// TestDotRowsMatchesGonum checks DotRows against gonum's Dot, bit for bit, for every
// length to 40 (every tail) and row counts that leave 0 to 3 rows to the remainder loop.
func TestDotRowsMatchesGonum(t *testing.T) {
	if !Available {
		t.Skip("no AVX2 on this CPU: the kernels cannot run")
	}
	r := rand.New(rand.NewPCG(9, 10))
	for n := 1; n <= 40; n++ {
		for _, k := range []int{1, 3, 4, 5, 8, 11, 50} {
			for _, ld := range []int{n, n + 5} {
				x, b := fill(r, n), fill(r, (k-1)*ld+n)
				z := append(make([]float64, k), 1e300)
				DotRows(z[:k], x, b, ld)
				for p := range k {
					if w := floats.Dot(x, b[p*ld:p*ld+n]); math.Float64bits(z[p]) != math.Float64bits(w) {
						t.Fatalf("DotRows n=%d k=%d ld=%d: z[%d] = %v, gonum's Dot gives %v", n, k, ld, p, z[p], w)
					}
				}
				if z[k] != 1e300 {
					t.Fatalf("DotRows n=%d k=%d: wrote past z", n, k)
				}
			}
		}
	}
}

// TestAddScaledMatchesGonum checks AddScaled against gonum's AddScaled, bit for bit, at
// every length to 70 (each of its three loops) and at an offset start.
func TestAddScaledMatchesGonum(t *testing.T) {
	if !Available {
		t.Skip("no AVX2 on this CPU: the kernel cannot run")
	}
	r := rand.New(rand.NewPCG(11, 12))
	for n := 0; n <= 70; n++ {
		for _, off := range []int{0, 1} {
			s, d := fill(r, n+off+1), fill(r, n+off+1)
			want := append([]float64(nil), d...)
			alpha := -0.01 * r.Float64()
			floats.AddScaled(want[off:off+n], alpha, s[off:off+n])
			AddScaled(d[off:off+n], alpha, s[off:off+n])
			for i := range want {
				if math.Float64bits(d[i]) != math.Float64bits(want[i]) {
					t.Fatalf("AddScaled n=%d off=%d: dst[%d] = %v, gonum gives %v", n, off, i, d[i], want[i])
				}
			}
		}
	}
}

func TestBadShapesPanic(t *testing.T) {
	if !Available {
		t.Skip("no AVX2 on this CPU")
	}
	for name, f := range map[string]func(){
		"short z":     func() { MulVec(make([]float64, 3), make([]float64, 2), make([]float64, 8), 4, 4) },
		"short b":     func() { MulVec(make([]float64, 4), make([]float64, 2), make([]float64, 7), 4, 4) },
		"stride < n":  func() { MulVec(make([]float64, 4), make([]float64, 2), make([]float64, 8), 4, 3) },
		"empty x":     func() { MulVec(make([]float64, 4), nil, make([]float64, 8), 4, 4) },
		"short outer": func() { Outer(make([]float64, 7), make([]float64, 2), make([]float64, 4), 4) },
		"empty b":     func() { Outer(make([]float64, 7), make([]float64, 2), nil, 4) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

// TestGeneratedCodeIsCurrent reruns gen.go and compares its output with the committed files.
func TestGeneratedCodeIsCurrent(t *testing.T) {
	dir := t.TempDir()
	out, err := exec.Command("go", "run", "gen.go", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("go run gen.go: %v\n%s", err, out)
	}
	for _, f := range []string{"vecmat_amd64.s", "kernels_amd64.go"} {
		got, err1 := os.ReadFile(filepath.Join(dir, f))
		committed, err2 := os.ReadFile(f)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !bytes.Equal(got, committed) {
			t.Errorf("%s is not what gen.go writes: run go generate ./nnkit/internal/vecmat", f)
		}
	}
}

func BenchmarkMulVec25x50(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	x, m, z := fill(r, 25), fill(r, 25*50), make([]float64, 50)
	for b.Loop() {
		MulVec(z, x, m, 50, 50)
	}
}

func BenchmarkOuter25x50(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	a, row, z := fill(r, 25), fill(r, 50), make([]float64, 25*50)
	for b.Loop() {
		Outer(z, a, row, 50)
	}
}
