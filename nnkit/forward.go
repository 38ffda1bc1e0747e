package nnkit

import (
	"fmt"
	"strings"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit/internal/elementwise"
	"github.com/nnkit-go/nnkit/nnkit/internal/gemm"
)

// LayerTrace is one layer's part of a forward pass: Z = In·W + b, A = f(Z).
type LayerTrace struct {
	In *mat.Dense // the layer's input: X, or the previous layer's A (shared, not copied)
	Z  *mat.Dense
	A  *mat.Dense
}

// Trace is a forward pass with every intermediate value kept, as the tutorials' numpy
// code keeps z1, a1, z2, probs.
type Trace struct {
	X      *mat.Dense
	Layers []LayerTrace
	// Net is the network that ran the pass: its activations name the equations when the
	// trace is shown.
	Net *Network

	relu []reluEpilogue // scratch: each layer's, for a pass that allocates nothing
}

// Output returns the last layer's A: the network's prediction.
func (t *Trace) Output() *mat.Dense { return t.Layers[len(t.Layers)-1].A }

// Forward runs x (m×n_in, one sample per row) through the network and returns every
// layer's input, Z and A.
//
// It panics if x does not have the first layer's input width, naming the layer and both
// shapes.
func (n *Network) Forward(x mat.Matrix) *Trace {
	var t Trace
	n.ForwardInto(&t, x)
	return &t
}

// ForwardInto is Forward writing into t, reusing t's matrices when their shapes fit, so
// that a training loop allocates nothing per step.
func (n *Network) ForwardInto(t *Trace, x mat.Matrix) {
	if len(n.Layers) == 0 {
		panic("nnkit: Forward: the network has no layers; build one with New or Load")
	}
	xd := asDense(x)
	m, _ := xd.Dims()
	t.X, t.Net = xd, n
	if len(t.Layers) != len(n.Layers) {
		t.Layers = make([]LayerTrace, len(n.Layers))
	}
	in := xd
	for i, d := range n.Layers {
		if _, c := in.Dims(); c != d.In() {
			panic(fmt.Sprintf("nnkit: %s: input has %d columns, want %d", n.layerName(i), c, d.In()))
		}
		if br, bc := d.B.Dims(); br != 1 || bc != d.Out() {
			panic(fmt.Sprintf("nnkit: %s: b is %d×%d, want 1×%d", n.layerName(i), br, bc, d.Out()))
		}
		lt := &t.Layers[i]
		out := d.Out()
		lt.In = in
		lt.Z = reuse(lt.Z, m, out)
		lt.A = reuse(lt.A, m, out)
		if !t.mulBiasReLU(i, in, d) {
			mulInto(lt.Z, in, d.W)
			addBiasApply(d.Act, lt.A, lt.Z, d.B)
		}
		in = lt.A
	}
}

// reluEpilogue adds a layer's bias to each block of Z its product has just finished,
// and rectifies it into A, on the core that computed the block and while it is in that
// core's cache: the bits of addBiasApply after the whole product.
type reluEpilogue struct {
	z, a blas64.General
	b    []float64
	fn   func(i0, i1, j0, j1 int) // apply, bound once
}

func (e *reluEpilogue) apply(i0, i1, j0, j1 int) {
	for r := i0; r < i1; r++ {
		elementwise.AddReLU(e.a.Data[r*e.a.Stride+j0:], e.z.Data[r*e.z.Stride+j0:], e.b[j0:j1])
	}
}

// mulBiasReLU computes layer i's Z and A, with the bias and ReLU as the product's
// epilogue, and returns true, where the layer is a ReLU and its product runs on nnkit's
// kernel; otherwise it returns false and does nothing.
func (t *Trace) mulBiasReLU(i int, in *mat.Dense, d *Dense) bool {
	m, k := in.Dims()
	n := d.Out()
	if d.Act != ReLU || m*k*n <= smallFlops || !onKernel() {
		return false
	}
	if len(t.relu) != len(t.Layers) {
		t.relu = make([]reluEpilogue, len(t.Layers))
	}
	e, lt := &t.relu[i], &t.Layers[i]
	if e.fn == nil {
		e.fn = e.apply
	}
	e.z, e.a, e.b = lt.Z.RawMatrix(), lt.A.RawMatrix(), d.B.RawMatrix().Data
	ir, wr := in.RawMatrix(), d.W.RawMatrix()
	gemm.MulThen(m, n, k, gemm.Matrix{Data: ir.Data, Stride: ir.Stride}, gemm.Matrix{Data: wr.Data, Stride: wr.Stride}, e.z.Data, e.z.Stride, e.fn)
	e.z, e.a, e.b = blas64.General{}, blas64.General{}, nil // do not keep the pass's matrices alive
	return true
}

// addBiasApply sets z += b (row b added to every row) and a = act(z). A ReLU does both in
// one pass over z, which a wide layer's batch makes memory-bound.
func addBiasApply(act Activation, a, z, b *mat.Dense) {
	if act != ReLU {
		addRow(z, b)
		act.apply(a.RawMatrix().Data, z.RawMatrix().Data, b.RawMatrix().Cols)
		return
	}
	zr, ar, bias := z.RawMatrix(), a.RawMatrix(), b.RawMatrix().Data
	for r := 0; r < zr.Rows; r++ {
		elementwise.AddReLU(ar.Data[r*ar.Stride:], zr.Data[r*zr.Stride:], bias)
	}
}

// String lists each layer's equation with its shapes, and the first row of each value.
func (t *Trace) String() string {
	var b strings.Builder
	m, n := t.X.Dims()
	fmt.Fprintf(&b, "forward: X %d×%d\n", m, n)
	for i, lt := range t.Layers {
		z, a := t.Equations(i)
		fmt.Fprintf(&b, "  %s   Z%s[0] = %s\n", z, sup(i+1), rowString(lt.Z, 0, 4))
		fmt.Fprintf(&b, "  %s   A%s[0] = %s\n", a, sup(i+1), rowString(lt.A, 0, 4))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// sup writes n in superscript digits, as the tutorials label layers: W¹, δ³.
func sup(n int) string {
	const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	s := fmt.Sprint(n)
	var b strings.Builder
	for _, r := range s {
		b.WriteString(string([]rune(digits)[r-'0']))
	}
	return b.String()
}

// Sup is the superscript form of n used in equations: Sup(2) = "²".
func Sup(n int) string { return sup(n) }

// rowString formats up to k values of row r, with "…" when the row is longer.
func rowString(m *mat.Dense, r, k int) string {
	_, c := m.Dims()
	parts := make([]string, 0, k+1)
	for j := 0; j < min(c, k); j++ {
		parts = append(parts, fmt.Sprintf("%.4g", m.At(r, j)))
	}
	if c > k {
		parts = append(parts, "…")
	}
	return "[" + strings.Join(parts, " ") + "]"
}
