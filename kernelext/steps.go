package kernelext

import (
	"fmt"
	"html"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
)

// Steps renders a forward pass, a backward pass and an update as one block per layer:
// the equation as the tutorials write it (each pass knows its network, whose loss,
// activations and optimiser give the formulas), the operand shapes, and the first rows
// of the values. This is what a learner reads instead of printing numpy arrays.
type Steps struct {
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

// actName names layer i's activation, or "" if net does not say.
func actName(net *nnkit.Network, i int) string {
	if net == nil || i >= len(net.Layers) {
		return ""
	}
	return net.Layers[i].Act.String()
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
		l := sup(i + 1)
		z, a := t.Equations(i)
		b.WriteString(block(layerTitle("Forward", i, lt.Z, actName(t.Net, i)), []string{z, a}, s.table("Z"+l, lt.Z), s.table("A"+l, lt.A)))
	}
	b.WriteString("</div>")
	return b.String()
}

// BackwardHTML renders a backward pass, from the output layer down.
func (s Steps) BackwardHTML(g *nnkit.Gradients) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<div><div style="font-family:sans-serif;font-weight:bold">Backward pass: loss J = %.6g = data %.6g + regularisation %.6g (%s over m = %d)</div>`,
		g.Objective(), g.DataLoss(), g.RegLoss(), g.Reduction, g.M)
	for i := len(g.Layers) - 1; i >= 0; i-- {
		lg := g.Layers[i]
		l := sup(i + 1)
		delta, dw, db := g.Equations(i)
		b.WriteString(block(layerTitle("Backward", i, lg.Delta, actName(g.Net, i)), []string{delta, dw, db},
			s.table("δ"+l, lg.Delta), s.table("dW"+l, lg.DW), s.table("db"+l, lg.DB)))
	}
	b.WriteString("</div>")
	return b.String()
}

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
