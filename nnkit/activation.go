package nnkit

import (
	"fmt"
	"math"
	"strings"

	"github.com/nnkit-go/nnkit/nnkit/internal/elementwise"
	"github.com/nnkit-go/nnkit/nnkit/internal/vmath"
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
		vmath.Sigmoid(out, z)
	case Tanh:
		vmath.Tanh(out, z)
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
		softmax(out, z, c)
	case Swish:
		swish(out, z)
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
		elementwise.ReLUBackward(delta, dA, act)
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

// sigmoid is σ(z) = 1/(1+e⁻ᶻ), computed so that e^|z| never overflows.
func sigmoid(z float64) float64 { return vmath.SigmoidOf(z) }

// swish sets out[i] = z[i]·σ(z[i]). out may alias z.
func swish(out, z []float64) {
	var s [256]float64 // σ for one chunk, on the stack
	for len(z) > 0 {
		n := min(len(z), len(s))
		vmath.Sigmoid(s[:n], z[:n])
		for i, v := range z[:n] {
			out[i] = v * s[i]
		}
		out, z = out[n:], z[n:]
	}
}

// softmax sets each c-column row of out to e^(z−max)/Σe^(z−max): subtracting the row
// maximum first (log-sum-exp) means large z cannot overflow. out may alias z.
func softmax(out, z []float64, c int) {
	for r := 0; r < len(z); r += c {
		zr, or := z[r:r+c], out[r:r+c]
		m := zr[0]
		for _, v := range zr[1:] {
			m = max(m, v)
		}
		if math.IsInf(m, 0) {
			// z−m is NaN where z = m = ±∞; the maximum's exponential is e⁰ = 1.
			for j, v := range zr {
				or[j] = math.Inf(-1)
				if v == m {
					or[j] = 0
				}
			}
			continue
		}
		for j, v := range zr {
			or[j] = v - m
		}
	}
	// One call for the whole matrix: rows are often only 2 or 3 wide.
	vmath.Exp(out[:len(z)], out[:len(z)])
	for r := 0; r < len(z); r += c {
		or := out[r : r+c]
		var s float64
		for _, e := range or {
			s += e
		}
		for j := range or {
			or[j] /= s
		}
	}
}
