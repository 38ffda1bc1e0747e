package nnkit

import "fmt"

// Equations returns layer i's forward equations as the tutorials write them, with the
// operand shapes: "Z¹ = X·W¹ + b¹    (4×2)·(2×3) + (1×3) → 4×3" and
// "A¹ = tanh(Z¹)    → 4×3". The activation comes from t.Net; without it, A = f(Z).
// String and kernelext's step-by-step view both write these.
func (t *Trace) Equations(i int) (z, a string) {
	lt := t.Layers[i]
	l := sup(i + 1)
	in := "X"
	if i > 0 {
		in = "A" + sup(i)
	}
	m, k := lt.In.Dims()
	_, n := lt.Z.Dims()
	f := "f(Z" + l + ")"
	if t.Net != nil && i < len(t.Net.Layers) {
		act := t.Net.Layers[i].Act
		f = act.Formula("Z" + l)
		if act == Softmax {
			f = "softmax(Z" + l + ") = exp(Z" + l + ") / Σ exp(Z" + l + ") per row"
		}
	}
	z = fmt.Sprintf("Z%s = %s·W%s + b%s    (%d×%d)·(%d×%d) + (1×%d) → %d×%d", l, in, l, l, m, k, k, n, n, m, n)
	a = fmt.Sprintf("A%s = %s    → %d×%d", l, f, m, n)
	return z, a
}

// Equations returns layer i's backward equations, with shapes: its δ (the loss's output
// delta for the last layer, δⁱ⁺¹·Wⁱ⁺¹ᵀ times the activation's derivative below it),
// dW with the regulariser's term, and db. The formulas come from g.Net's loss,
// activations and regularisation; without it they are written generically.
func (g *Gradients) Equations(i int) (delta, dW, dB string) {
	lg := g.Layers[i]
	last := len(g.Layers) - 1
	l := sup(i + 1)
	m, n := lg.Delta.Dims()
	k := n
	if lg.DW != nil {
		k, _ = lg.DW.Dims()
	}
	prev := "X"
	if i > 0 {
		prev = "A" + sup(i)
	}
	net := g.Net
	known := net != nil && i < len(net.Layers)
	switch {
	case i == last && known:
		delta = fmt.Sprintf("δ%s = %s", l, net.Loss.Delta(net.Layers[i].Act, "A"+l, n))
	case i == last:
		delta = fmt.Sprintf("δ%s = ∂J/∂Z%s", l, l)
	case known:
		_, above := g.Layers[i+1].Delta.Dims()
		delta = fmt.Sprintf("δ%s = (δ%s·W%sᵀ) ⊙ %s    (%d×%d)·(%d×%d) ⊙ (%d×%d) → %d×%d",
			l, sup(i+2), sup(i+2), net.Layers[i].Act.Derivative("A"+l), m, above, above, n, m, n, m, n)
	default:
		delta = fmt.Sprintf("δ%s = (δ%s·W%sᵀ) ⊙ f′(Z%s)", l, sup(i+2), sup(i+2), l)
	}
	if i == last && g.Reduction == Mean {
		delta += fmt.Sprintf(" , divided by m = %d", g.M)
	}
	dW = fmt.Sprintf("dW%s = %sᵀ·δ%s    (%d×%d)·(%d×%d) → %d×%d", l, prev, l, k, m, m, n, k, n)
	if known && net.Reg != (Regularization{}) {
		scale := ""
		if g.Reduction == Mean {
			scale = "/m"
		}
		if net.Reg.L2 != 0 {
			dW += fmt.Sprintf("  + (λ%s)·W%s", scale, l)
		}
		if net.Reg.L1 != 0 {
			dW += fmt.Sprintf("  + (λ₁%s)·sign(W%s)", scale, l)
		}
	}
	dB = fmt.Sprintf("db%s = Σ rows of δ%s    → 1×%d", l, l, n)
	return delta, dW, dB
}
