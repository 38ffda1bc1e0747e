// Package smallmul multiplies the small matrices of the tutorials' 2-3-2 and
// 2-25-50-25-2 networks, row-major slices in and out. Their rows
// are 2 to 50 wide, so the cost is loop overhead, not arithmetic: the narrowest widths
// get a register per output column, wider rows of a·b and one sample's aᵀ·b use vecmat's
// kernels, which hold a whole row in AVX2 registers, and the rest gonum's SIMD kernels
// from SIMDWidth on. Every kernel sums in the order of the textbook loop (over p, or over
// i, from 0), so results do not depend on which kernel ran, except a·bᵀ over rows of
// SIMDWidth or more, which takes gonum's Dot and its interleaved sums.
package smallmul

import (
	"gonum.org/v1/gonum/floats"

	"github.com/nnkit-go/nnkit/nnkit/internal/vecmat"
)

// SIMDWidth is the row length from which gonum's SIMD vector kernels beat an inline
// loop, whose call they cost.
const SIMDWidth = 16

// Mul sets z = a·b for row-major a (m×k), b (k×n) and z (m×n).
func Mul(z, a, b []float64, m, k, n int) {
	switch {
	case n == 2:
		b = b[:2*k]
		for i := range m {
			var s0, s1 float64
			for p, x := range a[i*k : i*k+k] {
				w := b[2*p : 2*p+2 : 2*p+2]
				s0 += x * w[0]
				s1 += x * w[1]
			}
			z[2*i], z[2*i+1] = s0, s1
		}
	case n == 3:
		b = b[:3*k]
		for i := range m {
			var s0, s1, s2 float64
			for p, x := range a[i*k : i*k+k] {
				w := b[3*p : 3*p+3 : 3*p+3]
				s0 += x * w[0]
				s1 += x * w[1]
				s2 += x * w[2]
			}
			out := z[3*i : 3*i+3 : 3*i+3]
			out[0], out[1], out[2] = s0, s1, s2
		}
	case vecmat.Available:
		for i := range m {
			vecmat.MulVec(z[i*n:i*n+n], a[i*k:i*k+k], b, n, n)
		}
	default:
		for i := range m {
			row := z[i*n : i*n+n]
			for p, x := range a[i*k : i*k+k] {
				scaledAdd(row, x, b[p*n:p*n+n], p == 0)
			}
		}
	}
}

// MulTransA sets z = aᵀ·b for row-major a (m×k), b (m×n) and z (k×n).
func MulTransA(z, a, b []float64, m, k, n int) {
	if n > 3 && m == 1 && vecmat.Available {
		vecmat.Outer(z, a[:k], b[:n], n) // one sample: the gradient is an outer product
		return
	}
	if n > 3 {
		for i := range m {
			brow := b[i*n : i*n+n]
			for p, x := range a[i*k : i*k+k] {
				scaledAdd(z[p*n:p*n+n], x, brow, i == 0)
			}
		}
		return
	}
	// A thin result: each z[p] row is a sum over all m samples, kept in registers. Two
	// rows of z at a time, so each pass over the samples runs 2n independent chains.
	a = a[:m*k]
	for p := 0; p < k; p += 2 {
		if p+1 == k {
			thinRow(z[p*n:p*n+n], a[p:], b, m, k, n)
			continue
		}
		var s0, s1, s2, t0, t1, t2 float64
		switch n {
		case 1:
			for i := range m {
				x := a[i*k+p : i*k+p+2 : i*k+p+2]
				s0 += x[0] * b[i]
				t0 += x[1] * b[i]
			}
		case 2:
			b := b[:2*m]
			for i := range m {
				x, w := a[i*k+p:i*k+p+2:i*k+p+2], b[2*i:2*i+2:2*i+2]
				s0 += x[0] * w[0]
				s1 += x[0] * w[1]
				t0 += x[1] * w[0]
				t1 += x[1] * w[1]
			}
		case 3:
			b := b[:3*m]
			for i := range m {
				x, w := a[i*k+p:i*k+p+2:i*k+p+2], b[3*i:3*i+3:3*i+3]
				s0 += x[0] * w[0]
				s1 += x[0] * w[1]
				s2 += x[0] * w[2]
				t0 += x[1] * w[0]
				t1 += x[1] * w[1]
				t2 += x[1] * w[2]
			}
		}
		copy(z[p*n:p*n+n], []float64{s0, s1, s2}[:n])
		copy(z[(p+1)*n:(p+1)*n+n], []float64{t0, t1, t2}[:n])
	}
}

// thinRow sets zp = Σᵢ a[i·k]·b[i·n : i·n+n], for n ≤ 3: one row of a thin aᵀ·b.
func thinRow(zp, a, b []float64, m, k, n int) {
	var s0, s1, s2 float64
	switch n {
	case 1:
		for i := range m {
			s0 += a[i*k] * b[i]
		}
	case 2:
		b := b[:2*m]
		for i := range m {
			x, w := a[i*k], b[2*i:2*i+2:2*i+2]
			s0 += x * w[0]
			s1 += x * w[1]
		}
	case 3:
		b := b[:3*m]
		for i := range m {
			x, w := a[i*k], b[3*i:3*i+3:3*i+3]
			s0 += x * w[0]
			s1 += x * w[1]
			s2 += x * w[2]
		}
	}
	copy(zp, []float64{s0, s1, s2}[:n])
}

// MulTransB sets z = a·bᵀ for row-major a (m×n), b (k×n) and z (m×k).
func MulTransB(z, a, b []float64, m, n, k int) {
	for i := range m {
		arow := a[i*n : i*n+n]
		out := z[i*k : i*k+k]
		switch {
		case n == 2:
			x0, x1 := arow[0], arow[1]
			for p := range out {
				w := b[2*p : 2*p+2 : 2*p+2]
				out[p] = x0*w[0] + x1*w[1]
			}
		case n >= SIMDWidth && vecmat.Available:
			vecmat.DotRows(out, arow, b, n) // gonum's Dot, four rows at a time
		case n >= SIMDWidth:
			for p := range out {
				out[p] = floats.Dot(arow, b[p*n:p*n+n])
			}
		default:
			for p := range out {
				var s float64
				for j, v := range b[p*n : p*n+n] {
					s += arow[j] * v
				}
				out[p] = s
			}
		}
	}
}

// scaledAdd sets row = x·w when first (so the caller need not clear row) and row += x·w
// otherwise, with gonum's SIMD kernels for long rows.
func scaledAdd(row []float64, x float64, w []float64, first bool) {
	switch {
	case len(w) >= SIMDWidth && first:
		floats.ScaleTo(row, x, w)
	case len(w) >= SIMDWidth:
		floats.AddScaled(row, x, w)
	case first:
		w = w[:len(row)]
		for j, v := range w {
			row[j] = x * v
		}
	default:
		w = w[:len(row)]
		for j, v := range w {
			row[j] += x * v
		}
	}
}
