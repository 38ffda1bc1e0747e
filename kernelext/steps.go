package kernelext

import (
	"fmt"
	"html"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
)

// Steps renders a forward pass, a backward pass and an update as one block per layer:
// the equation as the tutorials write it, the operand shapes, and the first rows of the
// values. This is what a learner reads instead of printing numpy arrays.
type Steps struct {
	// Net names the activations and the loss in the equations; without it they are
	// written generically (f, f′).
	Net *nnkit.Network
	// Rows and Cols bound the values shown per matrix; 0 means 3 rows and 6 columns.
	Rows, Cols int
}

func (s Steps) rows() int { return orInt(s.Rows, 3) }
func (s Steps) cols() int { return orInt(s.Cols, 6) }

func orInt(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

func sup(i int) string { return nnkit.Sup(i) }

// shape writes r×c.
func shape(m mat.Matrix) string { r, c := m.Dims(); return fmt.Sprintf("%d×%d", r, c) }

// block is one layer's box.
func block(title string, lines []string, values ...string) string {
	var b strings.Builder
	b.WriteString(`<div style="border-left:3px solid #0072B2;margin:6px 0;padding:2px 10px;font-family:sans-serif;font-size:13px">`)
	fmt.Fprintf(&b, `<div style="font-weight:bold">%s</div>`, html.EscapeString(title))
	for _, l := range lines {
		fmt.Fprintf(&b, `<div style="font-family:monospace;margin:2px 0">%s</div>`, html.EscapeString(l))
	}
	b.WriteString(`<div style="display:flex;gap:16px;flex-wrap:wrap">`)
	for _, v := range values {
		b.WriteString(v)
	}
	b.WriteString(`</div></div>`)
	return b.String()
}

func (s Steps) table(name string, m *mat.Dense) string {
	return MatrixHTML(name, m, s.rows(), s.cols())
}

func (s Steps) act(i int) (nnkit.Activation, bool) {
	if s.Net == nil || i >= len(s.Net.Layers) {
		return 0, false
	}
	return s.Net.Layers[i].Act, true
}

func layerTitle(what string, i int, m *mat.Dense, act string) string {
	_, c := m.Dims()
	t := fmt.Sprintf("%s — layer %d (%d units)", what, i+1, c)
	if act != "" {
		t += ", " + act
	}
	return t
}

// ForwardHTML renders a forward pass.
func (s Steps) ForwardHTML(t *nnkit.Trace) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<div><div style="font-family:sans-serif;font-weight:bold">Forward pass: X is %s</div>`, shape(t.X))
	for i, lt := range t.Layers {
		in := "X"
		if i > 0 {
			in = "A" + sup(i)
		}
		l := sup(i + 1)
		m, k := lt.In.Dims()
		_, n := lt.Z.Dims()
		f := "f(Z" + l + ")"
		actName := ""
		if a, ok := s.act(i); ok {
			f, actName = a.Formula("Z"+l), a.String()
			if a == nnkit.Softmax {
				f = "softmax(Z" + l + ") = exp(Z" + l + ") / Σ exp(Z" + l + ") per row"
			}
		}
		lines := []string{
			fmt.Sprintf("Z%s = %s·W%s + b%s    (%d×%d)·(%d×%d) + (1×%d) → %d×%d", l, in, l, l, m, k, k, n, n, m, n),
			fmt.Sprintf("A%s = %s    → %d×%d", l, f, m, n),
		}
		b.WriteString(block(layerTitle("Forward", i, lt.Z, actName), lines, s.table("Z"+l, lt.Z), s.table("A"+l, lt.A)))
	}
	b.WriteString("</div>")
	return b.String()
}

// BackwardHTML renders a backward pass, from the output layer down.
func (s Steps) BackwardHTML(g *nnkit.Gradients) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<div><div style="font-family:sans-serif;font-weight:bold">Backward pass: loss J = %.6g = data %.6g + regularisation %.6g (%s over m = %d)</div>`,
		g.Objective(), g.DataLoss(), g.RegLoss(), g.Reduction, g.M)
	last := len(g.Layers) - 1
	mean := g.Reduction == nnkit.Mean
	for i := last; i >= 0; i-- {
		lg := g.Layers[i]
		l := sup(i + 1)
		m, n := lg.Delta.Dims()
		k, _ := lg.DW.Dims()
		prev := "X"
		if i > 0 {
			prev = "A" + sup(i)
		}
		var delta string
		actName := ""
		a, known := s.act(i)
		if known {
			actName = a.String()
		}
		switch {
		case i == last && known:
			delta = fmt.Sprintf("δ%s = %s", l, s.Net.Loss.Delta(a, "A"+l, n))
		case i == last:
			delta = fmt.Sprintf("δ%s = ∂J/∂Z%s", l, l)
		case known:
			delta = fmt.Sprintf("δ%s = (δ%s·W%sᵀ) ⊙ %s    (%d×%d)·(%d×%d) ⊙ (%d×%d) → %d×%d",
				l, sup(i+2), sup(i+2), a.Derivative("A"+l), m, colsOf(g.Layers[i+1].Delta), colsOf(g.Layers[i+1].Delta), n, m, n, m, n)
		default:
			delta = fmt.Sprintf("δ%s = (δ%s·W%sᵀ) ⊙ f′(Z%s)", l, sup(i+2), sup(i+2), l)
		}
		if i == last && mean {
			delta += fmt.Sprintf(" , divided by m = %d", g.M)
		}
		dw := fmt.Sprintf("dW%s = %sᵀ·δ%s    (%d×%d)·(%d×%d) → %d×%d", l, prev, l, k, m, m, n, k, n)
		if known && s.Net.Reg != (nnkit.Regularization{}) {
			scale := ""
			if mean {
				scale = "/m"
			}
			if s.Net.Reg.L2 != 0 {
				dw += fmt.Sprintf("  + (λ%s)·W%s", scale, l)
			}
			if s.Net.Reg.L1 != 0 {
				dw += fmt.Sprintf("  + (λ₁%s)·sign(W%s)", scale, l)
			}
		}
		lines := []string{delta, dw, fmt.Sprintf("db%s = Σ rows of δ%s    → 1×%d", l, l, n)}
		b.WriteString(block(layerTitle("Backward", i, lg.Delta, actName), lines,
			s.table("δ"+l, lg.Delta), s.table("dW"+l, lg.DW), s.table("db"+l, lg.DB)))
	}
	b.WriteString("</div>")
	return b.String()
}

func colsOf(m *mat.Dense) int { _, c := m.Dims(); return c }

// UpdateHTML renders an update: each layer's change with its largest entry.
func (s Steps) UpdateHTML(u *nnkit.UpdateReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<div><div style="font-family:sans-serif;font-weight:bold">Update: %s</div>`, html.EscapeString(u.Optimizer))
	for i, lu := range u.Layers {
		l := sup(i + 1)
		lines := []string{lu.Rule, fmt.Sprintf("largest change: |ΔW%s| %.3g, |Δb%s| %.3g", l, nnkit.MaxAbs(lu.DW), l, nnkit.MaxAbs(lu.DB))}
		b.WriteString(block(fmt.Sprintf("Update — layer %d", i+1), lines, s.table("ΔW"+l, lu.DW), s.table("Δb"+l, lu.DB)))
	}
	b.WriteString("</div>")
	return b.String()
}
