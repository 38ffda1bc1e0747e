package nnkit

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// LayerGrad is one layer's part of a backward pass.
type LayerGrad struct {
	Delta *mat.Dense // δ = ∂J/∂Z, m×n_out
	DW    *mat.Dense // ∂J/∂W = Inᵀ·δ (+ the regularisation gradient), n_in×n_out
	DB    *mat.Dense // ∂J/∂b = Σ rows of δ, 1×n_out
}

// Gradients is a backward pass: every layer's δ, dW and db, and the loss they are the
// gradient of.
type Gradients struct {
	Layers []LayerGrad
	// LossSum is Σᵢ Lᵢ over the batch's samples; Penalty is the regulariser R(W).
	LossSum, Penalty float64
	M                int // the batch size
	Reduction        Reduction
	Net              *Network      // the network differentiated, which names the equations
	dA               []*mat.Dense  // scratch: ∂J/∂A of each layer
	flat             [][]float64   // scratch: the gradients' storage, for the optimiser
	inT              *mat.Dense    // scratch: a layer's input transposed, for large dW products
	checks           []finiteCheck // each layer's W checked as a folded update wrote it
}

// DataLoss is the data part of the objective: Σᵢ Lᵢ (Sum) or its mean (Mean).
func (g *Gradients) DataLoss() float64 { return g.scale(g.LossSum) }

// RegLoss is the regularisation part of the objective: R(W), divided by m under Mean.
func (g *Gradients) RegLoss() float64 { return g.scale(g.Penalty) }

// Objective is DataLoss + RegLoss: the function whose gradient the Layers hold.
func (g *Gradients) Objective() float64 { return g.scale(g.LossSum + g.Penalty) }

func (g *Gradients) scale(v float64) float64 {
	if g.Reduction == Mean {
		return v / float64(g.M)
	}
	return v
}

// Backward back-propagates from the output of trace t to every layer, given the targets
// y (m×n_out: one-hot rows for classification), and returns the gradients together with
// the loss.
//
// It panics if t was not made by this network or y's shape does not match the output.
func (n *Network) Backward(t *Trace, y mat.Matrix) *Gradients {
	var g Gradients
	n.BackwardInto(&g, t, y)
	return &g
}

// BackwardInto is Backward writing into g, reusing its matrices when their shapes fit.
func (n *Network) BackwardInto(g *Gradients, t *Trace, y mat.Matrix) {
	yd := n.lossInto(g, t, y, true)
	n.backprop(g, t, yd, nil, true)
}

// lossInto checks t and y, sizes g, and sets its loss; without withLoss it leaves LossSum
// and Penalty NaN, which spares the training loop a log and an exp per output when
// nothing reads the loss. It returns y as a *mat.Dense.
func (n *Network) lossInto(g *Gradients, t *Trace, y mat.Matrix, withLoss bool) *mat.Dense {
	if len(t.Layers) != len(n.Layers) {
		panic(fmt.Sprintf("nnkit: Backward: trace has %d layers, network %d", len(t.Layers), len(n.Layers)))
	}
	out := t.Layers[len(t.Layers)-1]
	m, k := out.A.Dims()
	yd := asDense(y)
	if yr, yc := yd.Dims(); yr != m || yc != k {
		panic(fmt.Sprintf("nnkit: %s: targets are %d×%d, want %d×%d", n.layerName(len(n.Layers)-1), yr, yc, m, k))
	}
	if len(g.Layers) != len(n.Layers) {
		g.Layers = make([]LayerGrad, len(n.Layers))
	}
	g.M, g.Reduction, g.Net = m, n.Reduction, n
	g.LossSum, g.Penalty = math.NaN(), math.NaN()
	if withLoss {
		g.LossSum = n.Loss.sum(out.Z.RawMatrix().Data, out.A.RawMatrix().Data, yd.RawMatrix().Data, k)
		g.Penalty = n.penalty()
	}
	return yd
}

// backprop sets every layer's δ, dW and db in g, after lossInto.
//
// With sgd set, it also applies sgd to each layer as soon as nothing more needs that
// layer's old parameters: the training loop's path for plain SGD. Where that layer's
// gradient product is large, the update is folded into it, W += (−LR)·Inᵀ·δ in one
// product (see mulTransAAddTo), so dW is never stored and W is read and written once
// rather than three times; that layer's DW is then left as it was, unless keepDW asks
// for it to be computed as well (for a hook that reads it), which leaves W as it is.
func (n *Network) backprop(g *Gradients, t *Trace, yd *mat.Dense, sgd *SGD, keepDW bool) {
	m, k := t.Output().Dims()
	scale := 1.0
	if n.Reduction == Mean {
		scale = 1 / float64(m)
	}
	if len(g.dA) != len(n.Layers) {
		g.dA = make([]*mat.Dense, len(n.Layers))
	}
	if len(g.checks) != len(n.Layers) {
		g.checks = make([]finiteCheck, len(n.Layers))
	}
	last := len(n.Layers) - 1
	for i := last; i >= 0; i-- {
		d, lt, lg := n.Layers[i], t.Layers[i], &g.Layers[i]
		g.checks[i].ran = false
		lg.Delta = reuse(lg.Delta, m, d.Out())
		delta := lg.Delta.RawMatrix().Data
		if i == last {
			fused := n.Loss.outputGrad(delta, lt.A.RawMatrix().Data, yd.RawMatrix().Data, k, scale)
			if !fused {
				d.Act.backward(delta, delta, lt.Z.RawMatrix().Data, lt.A.RawMatrix().Data, k)
			}
		} else {
			// δⁱ = (δⁱ⁺¹·Wⁱ⁺¹ᵀ) ⊙ f′(Aⁱ), with δⁱ⁺¹·Wⁱ⁺¹ᵀ = ∂J/∂Aⁱ from the layer above
			d.Act.backward(delta, g.dA[i].RawMatrix().Data, lt.Z.RawMatrix().Data, lt.A.RawMatrix().Data, d.Out())
		}
		if i > 0 {
			// ∂J/∂Aⁱ⁻¹ = δⁱ·Wⁱᵀ, taken before Wⁱ may change below.
			g.dA[i-1] = reuse(g.dA[i-1], m, d.In())
			mulTransBInto(g.dA[i-1], lg.Delta, d.W)
		}
		if sgd == nil || n.Reg != (Regularization{}) || !sgd.foldInto(d.W, lt.In, lg.Delta, &g.checks[i]) {
			lg.DW = reuse(lg.DW, d.In(), d.Out())
			mulTransAInto(lg.DW, lt.In, lg.Delta, &g.inT)
			n.addRegGrad(lg.DW, d.W, scale)
			if sgd != nil {
				sgd.apply(d.W.RawMatrix().Data, lg.DW.RawMatrix().Data)
			}
		} else if keepDW {
			// Folded: W is already updated, from In and δ, which dW needs too.
			lg.DW = reuse(lg.DW, d.In(), d.Out())
			mulTransAInto(lg.DW, lt.In, lg.Delta, &g.inT)
		}
		lg.DB = reuse(lg.DB, 1, d.Out())
		colSums(lg.DB, lg.Delta)
		if sgd != nil && !sgd.FixedBiases {
			sgd.apply(d.B.RawMatrix().Data, lg.DB.RawMatrix().Data)
		}
	}
}

// penalty is R(W) = L1·Σ|w| + (L2/2)·Σw² over every layer's weights.
func (n *Network) penalty() float64 {
	if n.Reg == (Regularization{}) {
		return 0
	}
	var l1, l2 float64
	for _, d := range n.Layers {
		for _, w := range d.W.RawMatrix().Data {
			l1 += math.Abs(w)
			l2 += w * w
		}
	}
	return n.Reg.L1*l1 + n.Reg.L2/2*l2
}

// addRegGrad adds scale·(L1·sign(W) + L2·W) to dW.
func (n *Network) addRegGrad(dW, w *mat.Dense, scale float64) {
	if n.Reg == (Regularization{}) {
		return
	}
	l1, l2 := n.Reg.L1*scale, n.Reg.L2*scale
	g := dW.RawMatrix().Data
	// A zero or NaN weight adds nothing (the L1 term's subgradient at 0 is 0). The test
	// is v != 0 && v == v, not v > 0 or v < 0: weights' signs are random, and a branch on
	// them is mispredicted half the time, which made this loop 6 ns a weight. With l1 = 0,
	// Copysign gives ±0, and adding it to l2·v changes no bit.
	for i, v := range w.RawMatrix().Data {
		if v != 0 && v == v {
			g[i] += math.Copysign(l1, v) + l2*v
		}
	}
}

// String lists each layer's δ, dW and db with shapes and leading values, and the loss.
func (g *Gradients) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "backward: loss %.6g = data %.6g + reg %.6g (%s over m=%d)\n",
		g.Objective(), g.DataLoss(), g.RegLoss(), g.Reduction, g.M)
	for i := len(g.Layers) - 1; i >= 0; i-- {
		lg := g.Layers[i]
		delta, dw, db := g.Equations(i)
		fmt.Fprintf(&b, "  %s   δ%s[0] = %s\n  %s   dW%s[0] = %s\n  %s   = %s\n",
			delta, sup(i+1), rowString(lg.Delta, 0, 3), dw, sup(i+1), rowString(lg.DW, 0, 3), db, rowString(lg.DB, 0, 3))
	}
	return strings.TrimSuffix(b.String(), "\n")
}
