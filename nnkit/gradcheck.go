package nnkit

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// ParamRef names one parameter: layer (1-based), "W" or "b", row and column.
type ParamRef struct {
	Layer    int
	Kind     string
	Row, Col int
}

// String returns the parameter as "W²[1][0]".
func (p ParamRef) String() string {
	return fmt.Sprintf("%s%s[%d][%d]", p.Kind, sup(p.Layer), p.Row, p.Col)
}

// LayerCheck is the gradient check of one layer.
type LayerCheck struct {
	RelErr float64 // ‖g−g̃‖/(‖g‖+‖g̃‖) over the layer's W and b
}

// GradCheckResult compares Backward's gradients with central differences.
type GradCheckResult struct {
	Layers []LayerCheck
	RelErr float64 // over every parameter
	// Worst is the parameter with the largest |g−g̃|, and its two values.
	Worst             ParamRef
	Analytic, Numeric float64
}

// String is one line per layer and the overall figure.
func (r *GradCheckResult) String() string {
	var b strings.Builder
	for i, l := range r.Layers {
		fmt.Fprintf(&b, "layer %d: relative error %.3g\n", i+1, l.RelErr)
	}
	fmt.Fprintf(&b, "overall: %.3g; worst %s: backprop %.10g, numeric %.10g", r.RelErr, r.Worst, r.Analytic, r.Numeric)
	return b.String()
}

// GradCheck compares the gradient Backward computes on x, y with central differences
// (J(p+h) − J(p−h))/2h of the objective for every weight and bias, h = 1e-5·max(1, |p|).
// It leaves the network's parameters as it found them.
//
// A relative error below 1e-7 means backprop is right; ReLU kinks and L1 at w = 0 are
// not differentiable and can spoil the figure for a parameter that sits on one.
func (n *Network) GradCheck(x, y mat.Matrix) *GradCheckResult {
	var t Trace
	var g Gradients
	n.ForwardInto(&t, x)
	n.BackwardInto(&g, &t, y)
	analytic := make([][]float64, 0, 2*len(n.Layers))
	for _, lg := range g.Layers {
		analytic = append(analytic, mat.DenseCopyOf(lg.DW).RawMatrix().Data, mat.DenseCopyOf(lg.DB).RawMatrix().Data)
	}
	objective := func() float64 {
		n.ForwardInto(&t, x)
		n.BackwardInto(&g, &t, y)
		return g.Objective()
	}
	res := &GradCheckResult{Layers: make([]LayerCheck, len(n.Layers))}
	// Squared norms ‖g−g̃‖², ‖g‖², ‖g̃‖²: per layer, then overall.
	layer := make([][3]float64, len(n.Layers))
	var all [3]float64
	worst := -1.0
	for pi, p := range n.params() {
		li := pi / 2
		_, cols := n.Layers[li].W.Dims()
		for j := range p {
			orig := p[j]
			h := 1e-5 * max(1, math.Abs(orig))
			p[j] = orig + h
			plus := objective()
			p[j] = orig - h
			minus := objective()
			p[j] = orig
			num := (plus - minus) / (2 * h)
			a := analytic[pi][j]
			d := a - num
			for _, acc := range []*[3]float64{&layer[li], &all} {
				acc[0] += d * d
				acc[1] += a * a
				acc[2] += num * num
			}
			if math.Abs(d) > worst {
				worst = math.Abs(d)
				kind := "W"
				if pi%2 == 1 {
					kind = "b"
				}
				res.Worst = ParamRef{Layer: li + 1, Kind: kind, Row: j / cols, Col: j % cols}
				res.Analytic, res.Numeric = a, num
			}
		}
	}
	for i, l := range layer {
		res.Layers[i].RelErr = relErr(l[0], l[1], l[2])
	}
	res.RelErr = relErr(all[0], all[1], all[2])
	return res
}

// relErr is ‖g−g̃‖/(‖g‖+‖g̃‖) from the three squared norms; 0 when both are zero.
func relErr(d2, a2, n2 float64) float64 {
	den := math.Sqrt(a2) + math.Sqrt(n2)
	if den == 0 {
		return 0
	}
	return math.Sqrt(d2) / den
}
