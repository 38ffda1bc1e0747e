package nnkit

import (
	"fmt"
	"math"
	"strings"
)

// Activation is a layer's element-wise (or, for Softmax, row-wise) non-linearity.
type Activation int

// The activations. Each derivative is written as the tutorials write it, in terms of the
// layer's output A where possible.
const (
	Identity  Activation = iota // a = z; f' = 1
	Sigmoid                     // a = 1/(1+e⁻ᶻ); f' = a(1−a)
	Tanh                        // a = tanh z; f' = 1−a²
	ReLU                        // a = max(0, z); f' = [a > 0]
	LeakyReLU                   // a = z if z > 0 else 0.01z; f' = 1 or 0.01
	Softmax                     // a = eᶻ/Σeᶻ per row; f' is the Jacobian diag(a)−aaᵀ
	Swish                       // a = z·σ(z); f' = a + σ(z)(1−a)
	numActivations
)

// LeakySlope is LeakyReLU's slope for negative inputs.
const LeakySlope = 0.01

var activationNames = [...]string{"identity", "sigmoid", "tanh", "relu", "leaky-relu", "softmax", "swish"}

// String returns the activation's name, as ParseActivation accepts it.
func (a Activation) String() string {
	if a < 0 || a >= numActivations {
		return fmt.Sprintf("Activation(%d)", int(a))
	}
	return activationNames[a]
}

// ParseActivation returns the activation with the given name, or an error listing the
// valid names.
func ParseActivation(name string) (Activation, error) {
	for i, n := range activationNames {
		if n == name {
			return Activation(i), nil
		}
	}
	return 0, fmt.Errorf("nnkit: unknown activation %q (valid: %s)", name, strings.Join(activationNames[:], ", "))
}

// Formula returns f(z) as the tutorials write it, e.g. "tanh(Z)".
func (a Activation) Formula(z string) string {
	switch a {
	case Identity:
		return z
	case Sigmoid:
		return "σ(" + z + ")"
	case ReLU:
		return "max(0, " + z + ")"
	case LeakyReLU:
		return "max(0.01·" + z + ", " + z + ")"
	default:
		return a.String() + "(" + z + ")"
	}
}

// Derivative returns f′ in the tutorials' form, in terms of A (and Z for Swish).
func (a Activation) Derivative(act string) string {
	switch a {
	case Identity:
		return "1"
	case Sigmoid:
		return act + "(1−" + act + ")"
	case Tanh:
		return "(1−" + act + "²)"
	case ReLU:
		return "[" + act + ">0]"
	case LeakyReLU:
		return "(" + act + ">0 ? 1 : 0.01)"
	case Softmax:
		return "(diag(" + act + ")−" + act + "ᵀ" + act + ")"
	case Swish:
		return "(" + act + "+σ(Z)(1−" + act + "))"
	}
	return "?"
}

func (a Activation) valid() bool { return a >= 0 && a < numActivations }

// apply sets out = f(z) row by row. out and z are row-major with c columns.
func (a Activation) apply(out, z []float64, c int) {
	switch a {
	case Identity:
		copy(out, z)
	case Sigmoid:
		for i, v := range z {
			out[i] = sigmoid(v)
		}
	case Tanh:
		for i, v := range z {
			out[i] = math.Tanh(v)
		}
	case ReLU:
		for i, v := range z {
			out[i] = max(v, 0)
		}
	case LeakyReLU:
		for i, v := range z {
			if v > 0 {
				out[i] = v
			} else {
				out[i] = LeakySlope * v
			}
		}
	case Softmax:
		for r := 0; r < len(z); r += c {
			softmaxRow(out[r:r+c], z[r:r+c])
		}
	case Swish:
		for i, v := range z {
			out[i] = v * sigmoid(v)
		}
	default:
		panic(fmt.Sprintf("nnkit: invalid activation %d", int(a)))
	}
}

// backward sets delta = dA ⊙ f′, the chain rule through the activation, given the
// layer's Z and A. delta may alias dA.
func (a Activation) backward(delta, dA, z, act []float64, c int) {
	switch a {
	case Identity:
		copy(delta, dA)
	case Sigmoid:
		for i, v := range act {
			delta[i] = dA[i] * v * (1 - v)
		}
	case Tanh:
		for i, v := range act {
			delta[i] = dA[i] * (1 - v*v)
		}
	case ReLU:
		// A mask rather than a branch: half the signs are random, and mispredicted
		// branches made this 5 ns an element.
		dA = dA[:len(act)]
		delta = delta[:len(act)]
		for i, v := range act {
			var keep uint64
			if v > 0 {
				keep = ^uint64(0)
			}
			delta[i] = math.Float64frombits(math.Float64bits(dA[i]) & keep)
		}
	case LeakyReLU:
		for i, v := range act {
			if v > 0 {
				delta[i] = dA[i]
			} else {
				delta[i] = LeakySlope * dA[i]
			}
		}
	case Softmax:
		// δ = a ⊙ (dA − Σ dA⊙a) per row: the Jacobian-vector product.
		for r := 0; r < len(act); r += c {
			var dot float64
			for j := r; j < r+c; j++ {
				dot += dA[j] * act[j]
			}
			for j := r; j < r+c; j++ {
				delta[j] = act[j] * (dA[j] - dot)
			}
		}
	case Swish:
		for i, v := range act {
			s := sigmoid(z[i])
			delta[i] = dA[i] * (v + s*(1-v))
		}
	default:
		panic(fmt.Sprintf("nnkit: invalid activation %d", int(a)))
	}
}

func sigmoid(z float64) float64 {
	// Both branches avoid overflow of e^|z|.
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// softmaxRow subtracts the row maximum first (log-sum-exp), so large z cannot overflow.
func softmaxRow(out, z []float64) {
	m := z[0]
	for _, v := range z[1:] {
		m = max(m, v)
	}
	var s float64
	for j, v := range z {
		e := 1.0 // exp(0): the maximum's exponential needs no call
		if v != m {
			e = math.Exp(v - m)
		}
		out[j] = e
		s += e
	}
	for j := range out {
		out[j] /= s
	}
}
