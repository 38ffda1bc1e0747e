package nnkit

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit/internal/vecmat"
)

// Optimizer turns gradients into parameter changes.
//
// Step updates every parameter in place from its gradient: params and grads hold the raw
// storage of W¹, b¹, W², b², … in that order, the same order on every call. Optimizers
// with state (Momentum, Adam) key it by that position, so one value serves one network.
type Optimizer interface {
	Step(params, grads [][]float64)
	String() string
}

// A Ruler writes its update rule for one parameter, as the tutorials do: SGD's
// Rule("W¹") is "W¹ ← W¹ − ε·dW¹". UpdateRule uses it; optimisers without one are shown
// by their change alone.
type Ruler interface {
	Rule(param string) string
}

// UpdateRule returns opt's update rule for param, or "param ← param + Δparam" when opt
// does not write one.
func UpdateRule(opt Optimizer, param string) string {
	if r, ok := opt.(Ruler); ok {
		return r.Rule(param)
	}
	return param + " ← " + param + " + Δ" + param
}

// SGD is plain gradient descent: p −= LR·g.
type SGD struct {
	LR float64
	// FixedBiases leaves every b at its initial value and updates only the weights, as
	// seed 002's numpy code does (it only ever writes layer.weights).
	FixedBiases bool
}

// Step applies p += −LR·g to every parameter (every weight, with FixedBiases).
func (o SGD) Step(params, grads [][]float64) {
	mustPositive("SGD", "LR", o.LR)
	for i, p := range params {
		if o.FixedBiases && i%2 == 1 { // params alternate W¹, b¹, W², b², …
			continue
		}
		o.apply(p, grads[i])
	}
}

// apply sets p += −LR·g: p + (−ε)·g, as the tutorials write W += -ε·dW, for equal bits.
// Both kernels multiply then add (no fused multiply-add), as the scalar loop would.
func (o SGD) apply(p, g []float64) {
	if vecmat.Available {
		vecmat.AddScaled(p, -o.LR, g)
	} else {
		floats.AddScaled(p, -o.LR, g)
	}
}

// Rule returns "W¹ ← W¹ − ε·dW¹".
func (o SGD) Rule(p string) string { return p + " ← " + p + " − ε·d" + p }

// foldInto sets w += −LR·inᵀ·δ in one matrix product, if the backend folds the update
// into the product (see backprop), and reports whether it did; fc checks w as it is
// written where the backend can.
func (o SGD) foldInto(w, in, delta *mat.Dense, fc *finiteCheck) bool {
	return mulTransAAddTo(w, -o.LR, in, delta, fc)
}

// String returns "SGD lr=0.01".
func (o SGD) String() string {
	if o.FixedBiases {
		return "SGD lr=" + ftoa(o.LR) + ", biases fixed"
	}
	return "SGD lr=" + ftoa(o.LR)
}

// Momentum is gradient descent with a velocity: v = Beta·v + g; p −= LR·v. Beta is
// used as given, in [0, 1): 0 is plain SGD, 0.9 the usual choice.
type Momentum struct {
	LR, Beta float64
	v        [][]float64
}

// Step updates the velocities, then the parameters.
func (o *Momentum) Step(params, grads [][]float64) {
	mustPositive("Momentum", "LR", o.LR)
	mustFraction("Momentum", "Beta", o.Beta)
	beta := o.Beta
	o.v = state(o.v, params, "Momentum")
	for i, p := range params {
		v := o.v[i]
		for j, g := range grads[i] {
			v[j] = beta*v[j] + g
			p[j] -= o.LR * v[j]
		}
	}
}

// String returns the optimiser and its settings.
func (o *Momentum) String() string {
	return fmt.Sprintf("Momentum lr=%g β=%g", o.LR, o.Beta)
}

// Rule returns "v ← β·v + dW¹;  W¹ ← W¹ − ε·v".
func (o *Momentum) Rule(p string) string {
	return "v ← β·v + d" + p + ";  " + p + " ← " + p + " − ε·v"
}

// Adam is Kingma and Ba's optimiser with bias correction. Every field is used as given:
// Beta1 and Beta2 in [0, 1) and Epsilon > 0; the paper's choices are 0.9, 0.999 and 1e-8.
type Adam struct {
	LR, Beta1, Beta2, Epsilon float64
	t                         int
	m, v                      [][]float64
}

// Step updates the moment estimates, then the parameters, with bias correction.
func (o *Adam) Step(params, grads [][]float64) {
	mustPositive("Adam", "LR", o.LR)
	mustFraction("Adam", "Beta1", o.Beta1)
	mustFraction("Adam", "Beta2", o.Beta2)
	mustPositive("Adam", "Epsilon", o.Epsilon)
	b1, b2, eps := o.Beta1, o.Beta2, o.Epsilon
	o.m = state(o.m, params, "Adam")
	o.v = state(o.v, params, "Adam")
	o.t++
	c1 := 1 - math.Pow(b1, float64(o.t))
	c2 := 1 - math.Pow(b2, float64(o.t))
	for i, p := range params {
		m, v := o.m[i], o.v[i]
		for j, g := range grads[i] {
			m[j] = b1*m[j] + (1-b1)*g
			v[j] = b2*v[j] + (1-b2)*g*g
			p[j] -= o.LR * (m[j] / c1) / (math.Sqrt(v[j]/c2) + eps)
		}
	}
}

// String returns the optimiser and its settings.
func (o *Adam) String() string {
	return fmt.Sprintf("Adam lr=%g β1=%g β2=%g ε=%g", o.LR, o.Beta1, o.Beta2, o.Epsilon)
}

// Rule returns Adam's moment updates and step for p, with bias correction.
func (o *Adam) Rule(p string) string {
	return "m ← β₁·m + (1−β₁)·d" + p + ";  v ← β₂·v + (1−β₂)·d" + p + "²;  " +
		p + " ← " + p + " − ε·m̂/(√v̂ + ϵ)"
}

func mustPositive(opt, field string, v float64) {
	if !(v > 0) || isInf(v) {
		panic(fmt.Sprintf("nnkit: %s: %s is %v, want a finite value > 0", opt, field, v))
	}
}

func mustFraction(opt, field string, v float64) {
	if !(v >= 0 && v < 1) {
		panic(fmt.Sprintf("nnkit: %s: %s is %v, want a value in [0, 1)", opt, field, v))
	}
}

// state returns per-parameter buffers shaped like params, allocating them on first use
// and panicking if the parameters changed shape since.
func state(s, params [][]float64, opt string) [][]float64 {
	if s == nil {
		s = make([][]float64, len(params))
		for i, p := range params {
			s[i] = make([]float64, len(p))
		}
		return s
	}
	if len(s) != len(params) {
		panic(fmt.Sprintf("nnkit: %s: used with %d parameters, now %d; use one optimiser per network", opt, len(s), len(params)))
	}
	for i, p := range params {
		if len(s[i]) != len(p) {
			panic(fmt.Sprintf("nnkit: %s: parameter %d had %d values, now %d; use one optimiser per network", opt, i, len(s[i]), len(p)))
		}
	}
	return s
}

// LayerUpdate is the change one update made to a layer: new − old.
type LayerUpdate struct {
	DW, DB *mat.Dense
	// Rule is the optimiser's rule for the layer, "W¹ ← W¹ − ε·dW¹,  b¹ ← b¹ − ε·db¹".
	Rule string
}

// UpdateReport says what an update changed.
type UpdateReport struct {
	Optimizer string
	Layers    []LayerUpdate
	Net       *Network // the network updated
	old       [][]float64
}

// Update applies g to the network's parameters with opt and reports the change each
// parameter received.
func (n *Network) Update(g *Gradients, opt Optimizer) *UpdateReport {
	r := &UpdateReport{}
	n.UpdateInto(r, g, opt)
	return r
}

// UpdateInto is Update writing its report into r, reusing r's storage. A nil r skips the
// report, as the training loop does.
func (n *Network) UpdateInto(r *UpdateReport, g *Gradients, opt Optimizer) {
	if len(g.Layers) != len(n.Layers) {
		panic(fmt.Sprintf("nnkit: Update: gradients have %d layers, network %d", len(g.Layers), len(n.Layers)))
	}
	params := n.params()
	grads := g.flat[:0]
	for i, lg := range g.Layers {
		d := n.Layers[i]
		if wr, wc := lg.DW.Dims(); wr != d.In() || wc != d.Out() {
			panic(fmt.Sprintf("nnkit: %s: dW is %d×%d, want %d×%d", n.layerName(i), wr, wc, d.In(), d.Out()))
		}
		grads = append(grads, lg.DW.RawMatrix().Data, lg.DB.RawMatrix().Data)
	}
	g.flat = grads
	if r != nil {
		if len(r.old) != len(params) {
			r.old = make([][]float64, len(params))
		}
		for i, p := range params {
			r.old[i] = append(r.old[i][:0], p...)
		}
	}
	opt.Step(params, grads)
	if r == nil {
		return
	}
	r.Optimizer, r.Net = opt.String(), n
	if len(r.Layers) != len(n.Layers) {
		r.Layers = make([]LayerUpdate, len(n.Layers))
	}
	for i, d := range n.Layers {
		lu := &r.Layers[i]
		lu.DW = reuse(lu.DW, d.In(), d.Out())
		lu.DB = reuse(lu.DB, 1, d.Out())
		diff(lu.DW.RawMatrix().Data, params[2*i], r.old[2*i])
		diff(lu.DB.RawMatrix().Data, params[2*i+1], r.old[2*i+1])
		l := sup(i + 1)
		lu.Rule = UpdateRule(opt, "W"+l) + ",  " + UpdateRule(opt, "b"+l)
	}
}

func diff(dst, a, b []float64) {
	for i := range dst {
		dst[i] = a[i] - b[i]
	}
}

// String lists each layer's change with its size: the largest |ΔW| and |Δb|.
func (r *UpdateReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "update: %s\n", r.Optimizer)
	for i, lu := range r.Layers {
		wr, wc := lu.DW.Dims()
		fmt.Fprintf(&b, "  ΔW%s %d×%d max|Δ| %.3g %s   Δb%s 1×%d max|Δ| %.3g %s\n",
			sup(i+1), wr, wc, MaxAbs(lu.DW), rowString(lu.DW, 0, 3), sup(i+1), wc, MaxAbs(lu.DB), rowString(lu.DB, 0, 3))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// MaxAbs returns the largest |m[i][j]|: the size of a change or a gradient at a glance.
func MaxAbs(m mat.Matrix) float64 {
	r, c := m.Dims()
	var v float64
	for i := range r {
		for j := range c {
			v = max(v, math.Abs(m.At(i, j)))
		}
	}
	return v
}
