package nnkit

import (
	"fmt"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Dense is a fully connected layer: A = f(X·W + b).
type Dense struct {
	W   *mat.Dense // n_in×n_out
	B   *mat.Dense // 1×n_out
	Act Activation
}

// In returns the layer's input width.
func (d *Dense) In() int { r, _ := d.W.Dims(); return r }

// Out returns the layer's output width.
func (d *Dense) Out() int { _, c := d.W.Dims(); return c }

// String returns "Dense 2→3 tanh".
func (d *Dense) String() string { return fmt.Sprintf("Dense %d→%d %s", d.In(), d.Out(), d.Act) }

// Network is a stack of dense layers trained on one loss.
type Network struct {
	Layers    []*Dense
	Loss      Loss
	Reduction Reduction
	Reg       Regularization

	paramCache [][]float64 // params()' result while the layers' storage is unchanged
}

// Config describes a network for New. New does not modify it.
type Config struct {
	// Sizes are the input width followed by each layer's width: {2, 3, 2} is 2-3-2.
	Sizes []int
	// Activations has one entry per layer, len(Sizes)−1 in all.
	Activations []Activation
	// Loss, Reduction and Init are required: each tutorial chooses its own, and a
	// default would hide the choice.
	Loss      Loss
	Reduction Reduction
	Reg       Regularization
	// Init sets the initial weights, e.g. InitFanIn{} for randn/√n_in.
	Init Initializer
}

// MaxWeights caps one layer's weights, n_in·n_out, at 2²⁸ float64s (2 GiB): New refuses a
// larger layer with a message instead of failing in the allocator.
const MaxWeights = 1 << 28

// New builds a network from cfg, drawing its initial weights from src.
//
// New panics if cfg is inconsistent: fewer than two sizes, a size below 1, a wrong
// number of activations, an unset or unknown loss or reduction, an unknown activation,
// no initialiser, a negative regularisation strength, a fused loss on the wrong output
// activation, a layer of more than MaxWeights weights, or a nil src with an initialiser
// that draws.
func New(cfg Config, src Source) *Network {
	if len(cfg.Sizes) < 2 {
		panic(fmt.Sprintf("nnkit: New: %d sizes, want the input width and at least one layer", len(cfg.Sizes)))
	}
	if len(cfg.Activations) != len(cfg.Sizes)-1 {
		panic(fmt.Sprintf("nnkit: New: %d activations for %d layers", len(cfg.Activations), len(cfg.Sizes)-1))
	}
	for i, s := range cfg.Sizes {
		if s < 1 {
			panic(fmt.Sprintf("nnkit: New: size %d is %d, want ≥ 1", i, s))
		}
		if i > 0 && s > MaxWeights/cfg.Sizes[i-1] {
			panic(fmt.Sprintf("nnkit: New: layer %d (%d→%d) would hold %.3g weights, more than MaxWeights (2²⁸, 2 GiB)",
				i, cfg.Sizes[i-1], s, float64(cfg.Sizes[i-1])*float64(s)))
		}
	}
	switch {
	case cfg.Loss == 0:
		panic("nnkit: New: Config.Loss is unset; choose " + lossChoices)
	case cfg.Reduction == 0:
		panic("nnkit: New: Config.Reduction is unset; choose Sum (gradients summed over the batch, as seed 000) or Mean (averaged, as Coursera)")
	case cfg.Init == nil:
		panic("nnkit: New: Config.Init is unset; choose InitFanIn, InitFanOut, InitCoursera, InitXavier, InitHe or InitZeros")
	}
	init := cfg.Init
	if _, zeros := init.(InitZeros); src == nil && !zeros {
		panic("nnkit: New: nil Source for initialiser " + init.String())
	}
	n := &Network{Loss: cfg.Loss, Reduction: cfg.Reduction, Reg: cfg.Reg}
	for l, act := range cfg.Activations {
		in, out := cfg.Sizes[l], cfg.Sizes[l+1]
		d := &Dense{W: mat.NewDense(in, out, nil), B: mat.NewDense(1, out, nil), Act: act}
		init.Init(d.W, d.B, src)
		n.Layers = append(n.Layers, d)
	}
	n.mustBeValid()
	return n
}

// mustBeValid panics with a precise message if the network's structure is inconsistent.
func (n *Network) mustBeValid() {
	if err := n.check(); err != nil {
		panic(err.Error())
	}
}

// check reports what is structurally wrong with n, for New (which panics) and for Load
// (which returns the error).
func (n *Network) check() error {
	if len(n.Layers) == 0 {
		return fmt.Errorf("nnkit: network has no layers")
	}
	if !n.Loss.valid() {
		return fmt.Errorf("nnkit: invalid loss %d", int(n.Loss))
	}
	if n.Reduction != Sum && n.Reduction != Mean {
		return fmt.Errorf("nnkit: invalid reduction %d", int(n.Reduction))
	}
	if !(n.Reg.L1 >= 0 && n.Reg.L2 >= 0) || isInf(n.Reg.L1) || isInf(n.Reg.L2) {
		return fmt.Errorf("nnkit: regularisation %v, want finite strengths ≥ 0", n.Reg)
	}
	for i, d := range n.Layers {
		if d == nil || d.W == nil || d.B == nil {
			return fmt.Errorf("nnkit: layer %d is incomplete", i+1)
		}
		if !d.Act.valid() {
			return fmt.Errorf("nnkit: layer %d: invalid activation %d", i+1, int(d.Act))
		}
		if br, bc := d.B.Dims(); br != 1 || bc != d.Out() {
			return fmt.Errorf("nnkit: layer %d (%s): b is %d×%d, want 1×%d", i+1, d, br, bc, d.Out())
		}
		if raw := d.W.RawMatrix(); raw.Stride != raw.Cols {
			return fmt.Errorf("nnkit: layer %d (%s): W is a view with stride %d; use a compact matrix", i+1, d, raw.Stride)
		}
		if i > 0 && n.Layers[i-1].Out() != d.In() {
			return fmt.Errorf("nnkit: layer %d (%s): takes %d inputs, but layer %d gives %d",
				i+1, d, d.In(), i, n.Layers[i-1].Out())
		}
		if d.Act == Softmax && d.Out() < 2 && i == len(n.Layers)-1 {
			return fmt.Errorf("nnkit: layer %d (%s): softmax needs at least 2 outputs", i+1, d)
		}
	}
	last := n.Layers[len(n.Layers)-1]
	if want, fused := n.Loss.fusedWith(); fused && last.Act != want {
		return fmt.Errorf("nnkit: loss %s needs a %s output layer, got %s", n.Loss, want, last.Act)
	}
	return nil
}

// Sizes returns the input width followed by each layer's width.
func (n *Network) Sizes() []int {
	s := []int{n.Layers[0].In()}
	for _, d := range n.Layers {
		s = append(s, d.Out())
	}
	return s
}

// NumParams returns the number of weights and biases.
func (n *Network) NumParams() int {
	var p int
	for _, d := range n.Layers {
		p += (d.In() + 1) * d.Out()
	}
	return p
}

// String summarises the network: "2-3-2 tanh/softmax, softmax-cross-entropy (sum), L2 λ=0.01".
func (n *Network) String() string {
	sizes := make([]string, 0, len(n.Layers)+1)
	acts := make([]string, 0, len(n.Layers))
	for _, s := range n.Sizes() {
		sizes = append(sizes, strconv.Itoa(s))
	}
	for _, d := range n.Layers {
		acts = append(acts, d.Act.String())
	}
	s := fmt.Sprintf("%s %s, %s (%s)", strings.Join(sizes, "-"), strings.Join(acts, "/"), n.Loss, n.Reduction)
	if n.Reg != (Regularization{}) {
		s += ", " + n.Reg.String()
	}
	return s
}

// Clone returns a deep copy of n.
func (n *Network) Clone() *Network {
	c := &Network{Loss: n.Loss, Reduction: n.Reduction, Reg: n.Reg}
	for _, d := range n.Layers { // the clone builds its own parameter cache
		c.Layers = append(c.Layers, &Dense{W: mat.DenseCopyOf(d.W), B: mat.DenseCopyOf(d.B), Act: d.Act})
	}
	return c
}

// copyParamsFrom copies src's weights into n, which must have the same shape.
func (n *Network) copyParamsFrom(src *Network) {
	for i, d := range n.Layers {
		d.W.Copy(src.Layers[i].W)
		d.B.Copy(src.Layers[i].B)
	}
}

// params returns the raw storage of every W and b, in the order W¹, b¹, W², b², ….
// The list is cached, and rebuilt when a layer's matrices were replaced.
func (n *Network) params() [][]float64 {
	if !n.paramsCached() {
		n.paramCache = n.paramCache[:0]
		for _, d := range n.Layers {
			n.paramCache = append(n.paramCache, d.W.RawMatrix().Data, d.B.RawMatrix().Data)
		}
	}
	return n.paramCache
}

func (n *Network) paramsCached() bool {
	if len(n.paramCache) != 2*len(n.Layers) {
		return false
	}
	for i, d := range n.Layers {
		for j, m := range []*mat.Dense{d.W, d.B} {
			raw, c := m.RawMatrix().Data, n.paramCache[2*i+j]
			if len(raw) != len(c) || &raw[0] != &c[0] {
				return false
			}
		}
	}
	return true
}

// layerName is "layer 2 (Dense 3→2)", the prefix of every per-layer message.
func (n *Network) layerName(i int) string {
	d := n.Layers[i]
	return fmt.Sprintf("layer %d (Dense %d→%d)", i+1, d.In(), d.Out())
}
