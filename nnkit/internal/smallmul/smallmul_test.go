package smallmul

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSmallProductsSumInTextbookOrder checks each small kernel against the textbook
// triple loop, bit for bit, at the widths that pick each of their cases: the products of
// the tutorials' networks must not depend on which kernel ran. The one exception is a·bᵀ
// over rows of SIMDWidth or more, where gonum's Dot sums in interleaved chains: there the
// error bound of a dot product, n·ε·Σ|aᵢbᵢ|, is checked instead.
func TestSmallProductsSumInTextbookOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	fill := func(n int) []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(7)-3))
		}
		return s
	}
	// at(s, rows, cols, i, j, trans) reads op(s)[i][j] of a row-major matrix.
	at := func(s []float64, cols, i, j int, trans bool) float64 {
		if trans {
			return s[j*cols+i]
		}
		return s[i*cols+j]
	}
	ref := func(a []float64, ac int, ta bool, b []float64, bc int, tb bool, m, k, n int) []float64 {
		z := make([]float64, m*n)
		for i := range m {
			for j := range n {
				var s float64
				for p := range k {
					s += at(a, ac, i, p, ta) * at(b, bc, p, j, tb)
				}
				z[i*n+j] = s
			}
		}
		return z
	}
	widths := []int{1, 2, 3, 4, 5, 7, 25, 50}
	for _, m := range []int{1, 4, 200} {
		for _, k := range widths {
			for _, n := range widths {
				check := func(name string, got, want []float64, bound ...float64) {
					t.Helper()
					for i := range want {
						if len(bound) > 0 && math.Abs(got[i]-want[i]) <= bound[i] {
							continue
						}
						if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
							t.Fatalf("%s m=%d k=%d n=%d: z[%d] = %v, textbook loop gives %v", name, m, k, n, i, got[i], want[i])
						}
					}
				}
				a, b := fill(m*k), fill(k*n)
				z := fill(m * n) // stale contents must not leak into the result
				Mul(z, a, b, m, k, n)
				check("a·b", z, ref(a, k, false, b, n, false, m, k, n))

				// aᵀ·b with a m×k and b m×n: the sum runs over the m samples.
				bt := fill(m * n)
				zt := fill(k * n)
				MulTransA(zt, a, bt, m, k, n)
				check("aᵀ·b", zt, ref(a, k, true, bt, n, false, k, m, n))

				// a·bᵀ with a m×n and b k×n.
				an, bk := fill(m*n), fill(k*n)
				zb := fill(m * k)
				MulTransB(zb, an, bk, m, n, k)
				if n < SIMDWidth {
					check("a·bᵀ", zb, ref(an, n, false, bk, n, true, m, n, k))
					continue
				}
				abs := func(s []float64) []float64 {
					out := make([]float64, len(s))
					for i, v := range s {
						out[i] = math.Abs(v)
					}
					return out
				}
				bound := ref(abs(an), n, false, abs(bk), n, true, m, n, k)
				for i := range bound {
					bound[i] *= float64(n) * 0x1p-52
				}
				check("a·bᵀ", zb, ref(an, n, false, bk, n, true, m, n, k), bound...)
			}
		}
	}
}
