// Package batch gathers the mini-batches that Train steps on. For the 8-bit images the
// tutorials train on, it codes the rows as bytes while the first epoch gathers them and
// gathers later epochs' batches from the codes: the same bits, from an eighth of the
// memory. A Gatherer reads its x only while the first epoch codes it, so the codes are
// those of x as Train was given it.
package batch

import (
	"sync/atomic"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit/internal/dense"
	"github.com/nnkit-go/nnkit/nnkit/internal/elementwise"
	"github.com/nnkit-go/nnkit/nnkit/internal/gemm"
)

// Gatherer gathers batches of x's rows. Its zero value is not usable; use New.
type Gatherer struct {
	x     *mat.Dense
	dst   *mat.Dense
	codes *byteCoded

	// The batch being decoded, for decode, which is bound once into decodeFn so that
	// gathering allocates nothing.
	order    []int
	s        int
	decodeFn func(lo, hi int)
}

// New returns a Gatherer of x's rows, which codes them as bytes if code is set and x
// holds at least MinCoded elements (and stops coding at the first value it cannot code).
func New(x *mat.Dense, code bool) *Gatherer {
	g := &Gatherer{x: x}
	if m, c := x.Dims(); code && m*c >= MinCoded {
		g.codes = newByteCoded(m, c)
	}
	g.decodeFn = g.decode
	return g
}

// Coded reports whether every row is coded, and the codes' scale: 255 for k/255, 1 for k.
func (g *Gatherer) Coded() (all bool, scale float64) {
	if g.codes == nil {
		return false, 0
	}
	return g.codes.left == 0, g.codes.scale
}

// Rows copies rows order[s:e] (or s:e, for a nil order) of src into dst, reusing dst's
// storage when it fits, and returns it.
func Rows(dst, src *mat.Dense, order []int, s, e int) *mat.Dense {
	_, c := src.Dims()
	dst = dense.Reuse(dst, e-s, c)
	d, raw := dst.RawMatrix().Data, src.RawMatrix()
	for i := s; i < e; i++ {
		r := i
		if order != nil {
			r = order[i]
		}
		copy(d[(i-s)*c:(i-s+1)*c], raw.Data[r*raw.Stride:r*raw.Stride+c])
	}
	return dst
}

// Gather returns rows order[s:e] (or s:e) of x, in a matrix it reuses from call to
// call. It codes the rows it copies as bytes while x allows, and once every row is coded
// it reads them from the codes.
func (g *Gatherer) Gather(order []int, s, e int) *mat.Dense {
	b := g.codes
	if b == nil || b.left > 0 {
		g.dst = Rows(g.dst, g.x, order, s, e)
		if b != nil && !b.add(g.dst, order, s, e) {
			g.codes = nil
		}
		return g.dst
	}
	g.dst = dense.Reuse(g.dst, e-s, b.cols)
	g.order, g.s = order, s
	// Both cores decode, each its own rows: the pass is memory-bound, and the helpers
	// that run the products are idle between them.
	gemm.Parallel(e-s, decodeGrain, g.decodeFn)
	g.order = nil
	return g.dst
}

// decodeGrain is the rows a core decodes at a time: 32 rows of 784 bytes are 25 KB.
const decodeGrain = 32

// decode decodes rows [lo, hi) of the batch being gathered from the codes.
func (g *Gatherer) decode(lo, hi int) {
	b, c, d := g.codes, g.codes.cols, g.dst.RawMatrix().Data
	row := func(i int) int {
		if g.order != nil {
			return g.order[g.s+i]
		}
		return g.s + i
	}
	var touch uint8 // every row first, then decode (see elementwise.Touch)
	for i := lo; i < hi; i++ {
		r := row(i)
		touch += elementwise.Touch(b.codes[r*c : (r+1)*c])
	}
	b.touched.Add(uint32(touch))
	for i := lo; i < hi; i++ {
		r := row(i)
		elementwise.Decode(d[i*c:(i+1)*c], b.codes[r*c:(r+1)*c], &b.table)
	}
}

// MinCoded is the size of x, in elements, from which a Gatherer codes it as bytes: 8 MB
// of float64, where gathering batches starts to cost as much as a layer's activations.
const MinCoded = 1 << 20

// byteCoded is x stored as one byte per element, for the 8-bit images the tutorials
// train on: pixel values k as they are, or k/255 (numpy's X/255.0). Gathering a shuffled
// batch from it reads an eighth of the memory that float64 rows take, and that read, not
// arithmetic, is what gathering costs. Each code maps back to its value's exact bits.
//
// The rows are coded as the first epoch gathers them, from the copy already in cache,
// rather than in a pass of their own over all of x.
type byteCoded struct {
	codes []uint8
	table [256]float64
	scale float64 // 255 or 1, once the first row is coded
	cols  int
	coded []bool // which rows are
	left  int    // how many are not

	touched atomic.Uint32 // the sum of the bytes decode loads early, kept so the loads stay
}

func newByteCoded(rows, cols int) *byteCoded {
	return &byteCoded{codes: make([]uint8, rows*cols), cols: cols, coded: make([]bool, rows), left: rows}
}

// add codes rows order[s:e] (or s:e) of x, copied into batch, and reports whether they
// all were k/scale for integers 0 ≤ k ≤ 255 (−0 is not).
func (b *byteCoded) add(batch *mat.Dense, order []int, s, e int) bool {
	d, c := batch.RawMatrix().Data, b.cols
	for i := s; i < e; i++ {
		row := i
		if order != nil {
			row = order[i]
		}
		if b.coded[row] {
			continue
		}
		src, dst := d[(i-s)*c:(i-s+1)*c], b.codes[row*c:(row+1)*c]
		if b.scale == 0 && !b.chooseScale(dst, src) || b.scale != 0 && !elementwise.Encode(dst, src, &b.table, b.scale) {
			return false
		}
		b.coded[row] = true
		b.left--
	}
	return true
}

// chooseScale codes the first row as k/255, or else as k, and fixes that scale.
func (b *byteCoded) chooseScale(dst []uint8, src []float64) bool {
	for _, scale := range []float64{255, 1} {
		for k := range b.table {
			b.table[k] = float64(k) / scale
		}
		if elementwise.Encode(dst, src, &b.table, scale) {
			b.scale = scale
			return true
		}
	}
	return false
}
