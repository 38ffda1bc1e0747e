package nnkit

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Source is the randomness nnkit draws from: initial weights and shuffling.
//
// *nprand.RandomState implements it with numpy's streams, so weights and orders match the
// tutorials; *math/rand/v2.Rand implements it too.
type Source interface {
	Float64() float64     // uniform in [0, 1): numpy's random_sample
	NormFloat64() float64 // standard normal: numpy's randn
	Perm(n int) []int     // a permutation of 0…n−1: numpy's permutation
}

// Initializer sets a layer's initial weights W (in×out) and bias b (1×out).
// Layers are initialised in order, first to last, each drawing from the same Source, so
// the draw order matches the tutorials' sequences of np.random calls.
type Initializer interface {
	Init(w, b *mat.Dense, src Source)
	String() string
}

// fillNormal sets w to randn(in, out)·scale in numpy's row-major draw order.
func fillNormal(w *mat.Dense, src Source, scale float64) {
	raw := w.RawMatrix().Data
	for i := range raw {
		raw[i] = src.NormFloat64() * scale
	}
}

// InitFanIn is W = randn(n_in, n_out)/√n_in, b = 0: seed 000's
// np.random.randn(nn_input_dim, nn_hdim) / np.sqrt(nn_input_dim).
type InitFanIn struct{}

// Init draws W row by row from src, as numpy fills randn(n_in, n_out), and zeroes b.
func (InitFanIn) Init(w, b *mat.Dense, src Source) {
	in, _ := w.Dims()
	raw := w.RawMatrix().Data
	s := math.Sqrt(float64(in))
	for i := range raw {
		raw[i] = src.NormFloat64() / s // numpy divides, and so must we for equal bits
	}
	b.Zero()
}

// String describes the rule.
func (InitFanIn) String() string { return "randn/√n_in" }

// InitFanOut is W = randn(n_in, n_out)·√(1/n_out), b = rand(n_out)·BiasScale, drawing W
// then b for each layer: seed 002's Layer constructor (BiasScale 0.1).
type InitFanOut struct{ BiasScale float64 }

// Init draws W row by row, then b, from src.
func (f InitFanOut) Init(w, b *mat.Dense, src Source) {
	_, out := w.Dims()
	fillNormal(w, src, math.Sqrt(1/float64(out)))
	for i, raw := 0, b.RawMatrix().Data; i < len(raw); i++ {
		raw[i] = src.Float64() * f.BiasScale
	}
}

// String describes the rule.
func (f InitFanOut) String() string { return "randn·√(1/n_out), b = rand·" + ftoa(f.BiasScale) }

// InitCoursera is W = randn·Scale, b = 0, drawn in Coursera's column convention: Andrew
// Ng's W¹ is n_h×n_x, filled row by row, and is the transpose of nnkit's n_x×n_h. So
// the draws fill nnkit's W column by column, and np.random.seed(2) reproduces Coursera's
// expected W¹ = [[-0.00416758, -0.00056267], …] as its transpose. Scale is usually 0.01.
type InitCoursera struct{ Scale float64 }

// Init draws W column by column (Coursera's row order) from src and zeroes b.
func (c InitCoursera) Init(w, b *mat.Dense, src Source) {
	in, out := w.Dims()
	for j := 0; j < out; j++ {
		for i := 0; i < in; i++ {
			w.Set(i, j, src.NormFloat64()*c.Scale)
		}
	}
	b.Zero()
}

// String describes the rule.
func (c InitCoursera) String() string { return "randn·" + ftoa(c.Scale) + " (n_out×n_in order)" }

// InitZeros sets everything to zero. It draws nothing; a network of more than one layer
// initialised this way cannot break the symmetry between its hidden units.
type InitZeros struct{}

// Init zeroes W and b.
func (InitZeros) Init(w, b *mat.Dense, _ Source) { w.Zero(); b.Zero() }

// String describes the rule.
func (InitZeros) String() string { return "zeros" }

// InitXavier is Glorot's uniform initialisation, W ~ U(−r, r) with r = √(6/(n_in+n_out)),
// b = 0: suited to tanh and sigmoid layers.
type InitXavier struct{}

// Init draws W row by row from src and zeroes b.
func (InitXavier) Init(w, b *mat.Dense, src Source) {
	in, out := w.Dims()
	r := math.Sqrt(6 / float64(in+out))
	raw := w.RawMatrix().Data
	for i := range raw {
		raw[i] = -r + 2*r*src.Float64()
	}
	b.Zero()
}

// String describes the rule.
func (InitXavier) String() string { return "Xavier U(±√(6/(n_in+n_out)))" }

// InitHe is He's normal initialisation, W = randn(n_in, n_out)·√(2/n_in), b = 0: suited
// to ReLU layers, and the initialisation of benchmark workload (c).
type InitHe struct{}

// Init draws W row by row from src and zeroes b.
func (InitHe) Init(w, b *mat.Dense, src Source) {
	in, _ := w.Dims()
	fillNormal(w, src, math.Sqrt(2/float64(in)))
	b.Zero()
}

// String describes the rule.
func (InitHe) String() string { return "He randn·√(2/n_in)" }
