package nnkit

import (
	"math"
	"strconv"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit/internal/dense"
	"github.com/nnkit-go/nnkit/nnkit/internal/elementwise"
)

// reuse returns m reshaped to r×c in place, keeping its storage when that is large
// enough, so that alternating batch shapes allocate nothing. The contents are
// unspecified.
func reuse(m *mat.Dense, r, c int) *mat.Dense { return dense.Reuse(m, r, c) }

// asDense returns m as a compact *mat.Dense, copying only when it has to.
func asDense(m mat.Matrix) *mat.Dense {
	if d, ok := m.(*mat.Dense); ok {
		if raw := d.RawMatrix(); raw.Stride == raw.Cols {
			return d
		}
	}
	return mat.DenseCopyOf(m)
}

// addRow adds the 1×c row b to every row of z. Narrow rows, the tutorials' 2 and 3
// units, keep b in registers rather than loop over it per row.
func addRow(z, b *mat.Dense) {
	raw := z.RawMatrix()
	bias := b.RawMatrix().Data
	switch {
	case raw.Cols == 2 && raw.Stride == 2:
		b0, b1 := bias[0], bias[1]
		d := raw.Data[:2*raw.Rows]
		for r := 0; r < len(d); r += 2 {
			row := d[r : r+2 : r+2]
			row[0] += b0
			row[1] += b1
		}
	case raw.Cols == 3 && raw.Stride == 3:
		b0, b1, b2 := bias[0], bias[1], bias[2]
		d := raw.Data[:3*raw.Rows]
		for r := 0; r < len(d); r += 3 {
			row := d[r : r+3 : r+3]
			row[0] += b0
			row[1] += b1
			row[2] += b2
		}
	default:
		for r := 0; r < raw.Rows; r++ {
			elementwise.Add(raw.Data[r*raw.Stride:r*raw.Stride+raw.Cols], bias)
		}
	}
}

// colSums sets the 1×c dst to the column sums of m, each summed from the first row down
// whichever loop runs.
func colSums(dst, m *mat.Dense) {
	out := dst.RawMatrix().Data
	raw := m.RawMatrix()
	if raw.Cols <= 3 && raw.Stride == raw.Cols {
		// Narrow: every column's sum in a register at once, each still added in row order.
		d := raw.Data[:raw.Cols*raw.Rows]
		switch raw.Cols {
		case 1:
			var s0 float64
			for _, v := range d {
				s0 += v
			}
			out[0] = s0
		case 2:
			var s0, s1 float64
			for r := 0; r+1 < len(d); r += 2 {
				s0 += d[r]
				s1 += d[r+1]
			}
			out[0], out[1] = s0, s1
		case 3:
			var s0, s1, s2 float64
			for r := 0; r+2 < len(d); r += 3 {
				row := d[r : r+3 : r+3]
				s0 += row[0]
				s1 += row[1]
				s2 += row[2]
			}
			out[0], out[1], out[2] = s0, s1, s2
		}
		return
	}
	clear(out)
	for r := 0; r < raw.Rows; r++ {
		elementwise.Add(out, raw.Data[r*raw.Stride:r*raw.Stride+raw.Cols])
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
