package nnkit

import (
	"math"
	"strconv"

	"gonum.org/v1/gonum/mat"
)

// reuse returns m reshaped to r×c in place, keeping its storage when that is large
// enough, so that alternating batch shapes allocate nothing. The contents are
// unspecified.
func reuse(m *mat.Dense, r, c int) *mat.Dense {
	if m == nil {
		return mat.NewDense(r, c, nil)
	}
	if mr, mc := m.Dims(); mr != r || mc != c {
		m.Reset()
		m.ReuseAs(r, c)
	}
	return m
}

// asDense returns m as a compact *mat.Dense, copying only when it has to.
func asDense(m mat.Matrix) *mat.Dense {
	if d, ok := m.(*mat.Dense); ok {
		if raw := d.RawMatrix(); raw.Stride == raw.Cols {
			return d
		}
	}
	return mat.DenseCopyOf(m)
}

// addRow adds the 1×c row b to every row of z.
func addRow(z, b *mat.Dense) {
	raw := z.RawMatrix()
	bias := b.RawMatrix().Data
	for r := 0; r < raw.Rows; r++ {
		row := raw.Data[r*raw.Stride : r*raw.Stride+raw.Cols]
		for j, v := range bias {
			row[j] += v
		}
	}
}

// colSums sets the 1×c dst to the column sums of m.
func colSums(dst, m *mat.Dense) {
	out := dst.RawMatrix().Data
	clear(out)
	raw := m.RawMatrix()
	for r := 0; r < raw.Rows; r++ {
		for j, v := range raw.Data[r*raw.Stride : r*raw.Stride+raw.Cols] {
			out[j] += v
		}
	}
}

// firstNonFinite returns the index of the first NaN or ±Inf in s, or −1.
func firstNonFinite(s []float64) int {
	for i, v := range s {
		if v-v != 0 { // NaN−NaN and ±Inf−±Inf are NaN; finite v−v is 0
			return i
		}
	}
	return -1
}

func isInf(v float64) bool { return math.IsInf(v, 0) }

func ftoa(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func nan() float64 { return math.NaN() }
