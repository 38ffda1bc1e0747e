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

// SGD is plain gradient descent: p −= LR·g.
type SGD struct {
	LR float64
	// FixedBiases leaves every b at its initial value and updates only the weights, as
	// seed 003's numpy code does (it only ever writes layer.weights).
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

// foldInto sets w += −LR·inᵀ·δ in one matrix product, if the backend folds the update
// into the product (see backprop), and reports whether it did.
func (o SGD) foldInto(w, in, delta *mat.Dense) bool {
	return mulTransAAddTo(w, -o.LR, in, delta)
}

// String returns "SGD lr=0.01".
func (o SGD) String() string {
	if o.FixedBiases {
		return "SGD lr=" + ftoa(o.LR) + ", biases fixed"
	}
	return "SGD lr=" + ftoa(o.LR)
}

// Momentum is gradient descent with a velocity: v = Beta·v + g; p −= LR·v.
// Beta 0 means 0.9.
type Momentum struct {
	LR, Beta float64
	v        [][]float64
}

// Step updates the velocities, then the parameters.
func (o *Momentum) Step(params, grads [][]float64) {
	mustPositive("Momentum", "LR", o.LR)
	beta := o.Beta
	if beta == 0 {
		beta = 0.9
	}
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
	return fmt.Sprintf("Momentum lr=%g β=%g", o.LR, orDefault(o.Beta, 0.9))
}

// Adam is Kingma and Ba's optimiser with bias correction. Zero fields take the paper's
// defaults: Beta1 0.9, Beta2 0.999, Epsilon 1e-8.
type Adam struct {
	LR, Beta1, Beta2, Epsilon float64
	t                         int
	m, v                      [][]float64
}

// Step updates the moment estimates, then the parameters, with bias correction.
func (o *Adam) Step(params, grads [][]float64) {
	mustPositive("Adam", "LR", o.LR)
	b1, b2, eps := orDefault(o.Beta1, 0.9), orDefault(o.Beta2, 0.999), orDefault(o.Epsilon, 1e-8)
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
	return fmt.Sprintf("Adam lr=%g β1=%g β2=%g", o.LR, orDefault(o.Beta1, 0.9), orDefault(o.Beta2, 0.999))
}

func orDefault(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

func mustPositive(opt, field string, v float64) {
	if !(v > 0) || isInf(v) {
		panic(fmt.Sprintf("nnkit: %s: %s is %v, want a finite value > 0", opt, field, v))
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
}

// UpdateReport says what an update changed.
type UpdateReport struct {
	Optimizer string
	Layers    []LayerUpdate
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
	r.Optimizer = opt.String()
	if len(r.Layers) != len(n.Layers) {
		r.Layers = make([]LayerUpdate, len(n.Layers))
	}
	for i, d := range n.Layers {
		lu := &r.Layers[i]
		lu.DW = reuse(lu.DW, d.In(), d.Out())
		lu.DB = reuse(lu.DB, 1, d.Out())
		diff(lu.DW.RawMatrix().Data, params[2*i], r.old[2*i])
		diff(lu.DB.RawMatrix().Data, params[2*i+1], r.old[2*i+1])
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
			sup(i+1), wr, wc, maxAbs(lu.DW), rowString(lu.DW, 0, 3), sup(i+1), wc, maxAbs(lu.DB), rowString(lu.DB, 0, 3))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func maxAbs(m *mat.Dense) float64 {
	var v float64
	for _, x := range m.RawMatrix().Data {
		v = max(v, math.Abs(x))
	}
	return v
}
