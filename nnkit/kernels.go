package nnkit

import (
	"sync/atomic"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit/internal/elementwise"
	"github.com/nnkit-go/nnkit/nnkit/internal/gemm"
	"github.com/nnkit-go/nnkit/nnkit/internal/smallmul"
)

// The three products of a training step, for compact row-major matrices. Small ones
// run as plain loops: a blocked Dgemm costs microseconds of setup (and goroutines) that
// dwarf a 200×2·2×3 product. Large ones go to mulLarge.
const (
	// smallFlops is the size, m·k·n, below which the loops beat gonum's Dgemm.
	smallFlops = 1 << 16
)

// MatMulBackend names what multiplies nnkit's large matrices: "avx512" or "avx2",
// nnkit's own Go-assembly kernel and the default on amd64 CPUs with AVX-512, or with AVX2
// and FMA (both give the same bits); "gonum", pure Go
// elsewhere; or "openblas", when built with -tags openblas (which needs cgo and
// libopenblas-dev).
func MatMulBackend() string {
	if matMulBackend == "gonum" && gemm.Available {
		return gemm.Kernel() + ignoredTag
	}
	return matMulBackend + ignoredTag
}

// mulInto sets z = a·b (a m×k, b k×n).
func mulInto(z, a, b *mat.Dense) {
	m, k := a.Dims()
	_, n := b.Dims()
	if m*k*n > smallFlops {
		mulLarge(z, a, false, b, false, nil)
		return
	}
	smallmul.Mul(z.RawMatrix().Data, a.RawMatrix().Data, b.RawMatrix().Data, m, k, n)
}

// mulTransAInto sets z = aᵀ·b (a m×k, b m×n, z k×n): dW = Inᵀ·δ. tmp is scratch for
// the large case.
func mulTransAInto(z, a, b *mat.Dense, tmp **mat.Dense) {
	m, k := a.Dims()
	_, n := b.Dims()
	if m*k*n > smallFlops {
		mulLarge(z, a, true, b, false, tmp)
		return
	}
	smallmul.MulTransA(z.RawMatrix().Data, a.RawMatrix().Data, b.RawMatrix().Data, m, k, n)
}

// mulTransAAddTo sets w += alpha·aᵀ·b (a m×k, b m×n, w k×n) in one product and returns
// true when the product is large; otherwise it returns false and leaves w alone. SGD's
// update is thus applied as each tile of the gradient is stored, so aᵀ·b is never
// stored and w is read and written once. On nnkit's kernel, fc checks each block of w
// for NaN and ±Inf as it is final (see finiteCheck); with OpenBLAS fc is left unrun.
//
// nnkit's kernel keeps the bits of mulTransAInto into scratch followed by
// w += alpha·scratch in two rounded steps. OpenBLAS's dgemm (β = 1) rounds its own way,
// as its products do anyway; nnkit's kernel is not used there, whose helper goroutine
// and OpenBLAS's spinning threads, three on two cores, made epochs 40% slower at times.
func mulTransAAddTo(w *mat.Dense, alpha float64, a, b *mat.Dense, fc *finiteCheck) bool {
	m, k := a.Dims()
	_, n := b.Dims()
	if m*k*n <= smallFlops {
		return false
	}
	ar, br, wr := a.RawMatrix(), b.RawMatrix(), w.RawMatrix()
	switch {
	case matMulBackend == "openblas":
		blas64.Gemm(blas.Trans, blas.NoTrans, alpha, ar, br, 1, wr)
	case gemm.Available:
		fc.start(wr)
		gemm.MulAddThen(k, n, m, alpha, gemm.Matrix{Data: ar.Data, Stride: ar.Stride, T: true},
			gemm.Matrix{Data: br.Data, Stride: br.Stride}, wr.Data, wr.Stride, fc.fn)
		fc.w = blas64.General{} // do not keep the layer's weights alive
	default:
		return false
	}
	return true
}

// finiteCheck is the folded update's epilogue: it checks each block of W that the
// product has just written for NaN and ±Inf, on the core that wrote it and while it is
// in that core's cache, so that the step need not read W again to check it (see
// nonFiniteParams): that scan read all of W again, on one core while the other waited.
type finiteCheck struct {
	w   blas64.General
	ran bool        // this step's update was checked
	bad atomic.Bool // a block held a NaN or ±Inf; blocks are checked concurrently
	fn  func(i0, i1, j0, j1 int)
}

// start readies fc for the update of w.
func (fc *finiteCheck) start(w blas64.General) {
	if fc.fn == nil {
		fc.fn = fc.check // bound once: a step allocates nothing
	}
	fc.w, fc.ran = w, true
	fc.bad.Store(false)
}

func (fc *finiteCheck) check(i0, i1, j0, j1 int) {
	for r := i0; r < i1; r++ {
		if !elementwise.AllFinite(fc.w.Data[r*fc.w.Stride+j0 : r*fc.w.Stride+j1]) {
			fc.bad.Store(true)
			return
		}
	}
}

// finite reports whether this step's update was checked and found W finite.
func (fc *finiteCheck) finite() bool { return fc.ran && !fc.bad.Load() }

// onKernel says whether large products run on nnkit's own kernel: it runs them unless
// the build uses OpenBLAS or the CPU lacks AVX2 and FMA.
func onKernel() bool { return matMulBackend != "openblas" && gemm.Available }

// mulLarge sets z = op(a)·op(b), where op transposes when ta or tb is set, with the
// fastest backend built in: OpenBLAS (-tags openblas), else nnkit's AVX2 kernel, else
// gonum. tmp is scratch for gonum's aᵀ. It calls BLAS directly rather than mat's Mul,
// whose transposed views would allocate on every step.
func mulLarge(z, a *mat.Dense, ta bool, b *mat.Dense, tb bool, tmp **mat.Dense) {
	ar, br, zr := a.RawMatrix(), b.RawMatrix(), z.RawMatrix()
	k := ar.Cols
	if ta {
		k = ar.Rows
	}
	if onKernel() {
		gemm.Mul(zr.Rows, zr.Cols, k, gemm.Matrix{Data: ar.Data, Stride: ar.Stride, T: ta},
			gemm.Matrix{Data: br.Data, Stride: br.Stride, T: tb}, zr.Data, zr.Stride)
		return
	}
	if ta && matMulBackend != "openblas" {
		// gonum's aᵀ·b runs far below its speed on an explicit transpose for some batch
		// shapes (2.8 against 12 GFLOP/s measured), so transpose into scratch first.
		*tmp = reuse(*tmp, ar.Cols, ar.Rows)
		(*tmp).Copy(a.T())
		ar, ta = (*tmp).RawMatrix(), false
	}
	blas64.Gemm(trans(ta), trans(tb), 1, ar, br, 0, zr)
}

func trans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

// mulTransBInto sets z = a·bᵀ (a m×n, b k×n, z m×k): dA = δ·Wᵀ.
func mulTransBInto(z, a, b *mat.Dense) {
	m, n := a.Dims()
	k, _ := b.Dims()
	if m*k*n > smallFlops {
		mulLarge(z, a, false, b, true, nil)
		return
	}
	smallmul.MulTransB(z.RawMatrix().Data, a.RawMatrix().Data, b.RawMatrix().Data, m, n, k)
}
