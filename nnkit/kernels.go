package nnkit

import (
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// The three products of a training step, for compact row-major matrices. Small ones
// run as plain loops: gonum's Dgemm costs microseconds of setup (and goroutines) that
// dwarf a 200×2·2×3 product. Large ones go to gonum, whose blocked kernels win there.
const (
	// smallFlops is the size, m·k·n, below which the loops beat gonum's Dgemm.
	smallFlops = 1 << 16
	// simdWidth is the row length from which gonum's SIMD vector kernels beat an inline
	// loop, whose call they cost.
	simdWidth = 16
)

// mulInto sets z = a·b (a m×k, b k×n).
func mulInto(z, a, b *mat.Dense) {
	m, k := a.Dims()
	_, n := b.Dims()
	if m*k*n > smallFlops {
		z.Mul(a, b)
		return
	}
	ad, bd, zd := a.RawMatrix().Data, b.RawMatrix().Data, z.RawMatrix().Data
	for i := range m {
		row := zd[i*n : i*n+n]
		for p, x := range ad[i*k : i*k+k] {
			scaledAdd(row, x, bd[p*n:p*n+n], p == 0)
		}
	}
}

// mulTransAInto sets z = aᵀ·b (a m×k, b m×n, z k×n): dW = Inᵀ·δ. tmp is scratch for
// the large case.
func mulTransAInto(z, a, b *mat.Dense, tmp **mat.Dense) {
	m, k := a.Dims()
	_, n := b.Dims()
	if m*k*n > smallFlops {
		// gonum's aᵀ·b runs far below its speed on an explicit transpose for some batch
		// shapes (2.8 against 12 GFLOP/s measured), so transpose into scratch first.
		*tmp = reuse(*tmp, k, m)
		(*tmp).Copy(a.T())
		z.Mul(*tmp, b)
		return
	}
	ad, bd, zd := a.RawMatrix().Data, b.RawMatrix().Data, z.RawMatrix().Data
	for i := range m {
		brow := bd[i*n : i*n+n]
		for p, x := range ad[i*k : i*k+k] {
			scaledAdd(zd[p*n:p*n+n], x, brow, i == 0)
		}
	}
}

// scaledAdd sets row = x·w when first (so the caller need not clear row) and row += x·w
// otherwise, with gonum's SIMD kernels for long rows.
func scaledAdd(row []float64, x float64, w []float64, first bool) {
	switch {
	case len(w) >= simdWidth && first:
		floats.ScaleTo(row, x, w)
	case len(w) >= simdWidth:
		floats.AddScaled(row, x, w)
	case first:
		for j, v := range w {
			row[j] = x * v
		}
	default:
		for j, v := range w {
			row[j] += x * v
		}
	}
}

// mulTransBInto sets z = a·bᵀ (a m×n, b k×n, z m×k): dA = δ·Wᵀ.
func mulTransBInto(z, a, b *mat.Dense) {
	m, n := a.Dims()
	k, _ := b.Dims()
	if m*k*n > smallFlops {
		z.Mul(a, b.T())
		return
	}
	ad, bd, zd := a.RawMatrix().Data, b.RawMatrix().Data, z.RawMatrix().Data
	for i := range m {
		arow := ad[i*n : i*n+n]
		out := zd[i*k : i*k+k]
		for p := range out {
			w := bd[p*n : p*n+n]
			if n >= simdWidth {
				out[p] = floats.Dot(arow, w)
				continue
			}
			var s float64
			for j, v := range w {
				s += arow[j] * v
			}
			out[p] = s
		}
	}
}
