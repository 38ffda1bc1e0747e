package nnkit

import (
	"fmt"
	"math"
	"strings"

	"github.com/nnkit-go/nnkit/nnkit/internal/vmath"
)

// Loss is the per-sample loss a network is trained on.
type Loss int

// The losses. SoftmaxCrossEntropy needs a Softmax output layer and BinaryCrossEntropy a
// Sigmoid one: they are fused with it, so their δ at the output is simply A − Y and their
// value is computed from Z by log-sum-exp, stable even for saturated logits. The zero
// Loss is no loss: New refuses it, so that a network never trains on one it was not given.
const (
	// SoftmaxCrossEntropy is −Σₖ yₖ log softmax(z)ₖ; δ = A − Y (probs − onehot).
	SoftmaxCrossEntropy Loss = iota + 1
	// BinaryCrossEntropy is −Σₖ [yₖ log aₖ + (1−yₖ) log(1−aₖ)] with a = σ(z); δ = A − Y.
	BinaryCrossEntropy
	// MSEHalfSum is ½ Σₖ (aₖ − yₖ)²: the "½·Σ" convention, whose derivative is A − Y.
	MSEHalfSum
	// MSEMean is (1/K) Σₖ (aₖ − yₖ)² over the K outputs: numpy's np.mean convention.
	MSEMean
	numLosses
)

var lossNames = [...]string{"", "softmax-cross-entropy", "binary-cross-entropy", "mse-half-sum", "mse-mean"}

// lossChoices lists the losses for error messages.
const lossChoices = "SoftmaxCrossEntropy, BinaryCrossEntropy, MSEHalfSum or MSEMean"

// String returns the loss's name, as ParseLoss accepts it.
func (l Loss) String() string {
	if !l.valid() {
		return fmt.Sprintf("Loss(%d)", int(l))
	}
	return lossNames[l]
}

// ParseLoss returns the loss with the given name, or an error listing the valid names.
func ParseLoss(name string) (Loss, error) {
	for i, n := range lossNames[1:] {
		if n == name {
			return Loss(i + 1), nil
		}
	}
	return 0, fmt.Errorf("nnkit: unknown loss %q (valid: %s)", name, strings.Join(lossNames[1:], ", "))
}

func (l Loss) valid() bool { return l > 0 && l < numLosses }

// Delta writes the output layer's δ as the tutorials do, for a layer of outputs units
// with activation act whose output is named a: "A² − Y" for a fused loss, else the
// loss's gradient times the activation's derivative, "(A² − Y) ⊙ A²(1−A²)". The Mean
// reduction then divides it by m, which Gradients reports.
func (l Loss) Delta(act Activation, a string, outputs int) string {
	if _, fused := l.fusedWith(); fused {
		return a + " − Y"
	}
	grad := "(" + a + " − Y)"
	if l == MSEMean {
		grad = fmt.Sprintf("(2/%d)(%s − Y)", outputs, a)
	}
	return grad + " ⊙ " + act.Derivative(a)
}

// fusedWith is the output activation a fused loss requires, if any.
func (l Loss) fusedWith() (Activation, bool) {
	switch l {
	case SoftmaxCrossEntropy:
		return Softmax, true
	case BinaryCrossEntropy:
		return Sigmoid, true
	}
	return 0, false
}

// sum returns Σ over the batch of the per-sample loss, from the output layer's Z and A
// and the targets y, all row-major with c columns.
func (l Loss) sum(z, a, y []float64, c int) float64 {
	var s float64
	switch l {
	case SoftmaxCrossEntropy:
		s = softmaxCrossEntropySum(z, y, c)
	case BinaryCrossEntropy:
		// −[y log σ(z) + (1−y) log(1−σ(z))] = max(z,0) − zy + log(1+e^−|z|).
		for i, v := range z {
			s += max(v, 0) - v*y[i] + math.Log1p(math.Exp(-math.Abs(v)))
		}
	case MSEHalfSum:
		for i, v := range a {
			d := v - y[i]
			s += d * d
		}
		s /= 2
	case MSEMean:
		for i, v := range a {
			d := v - y[i]
			s += d * d
		}
		s /= float64(c)
	default:
		panic(fmt.Sprintf("nnkit: invalid loss %d", int(l)))
	}
	return s
}

// outputGrad sets g to ∂loss/∂A (or, for a fused loss, ∂loss/∂Z) times scale, and
// reports whether g is already δ (the loss was fused with its activation).
func (l Loss) outputGrad(g, a, y []float64, c int, scale float64) (fused bool) {
	switch l {
	case SoftmaxCrossEntropy, BinaryCrossEntropy, MSEHalfSum:
		for i, v := range a {
			g[i] = (v - y[i]) * scale
		}
		return l != MSEHalfSum
	case MSEMean:
		s := 2 * scale / float64(c)
		for i, v := range a {
			g[i] = (v - y[i]) * s
		}
		return false
	}
	panic(fmt.Sprintf("nnkit: invalid loss %d", int(l)))
}

// softmaxCrossEntropySum is Σ over rows of y·(logΣe^z − z), with the log-sum-exp taken
// from the row maximum so that large z cannot overflow. The exps of as many rows as fit a
// stack buffer go to vmath in one call, whose lanes fill only across rows as narrow as
// the tutorials' 2 and 10 classes; each row's sum still runs in column order.
func softmaxCrossEntropySum(z, y []float64, c int) float64 {
	var shifted, maxima [256]float64
	rows := max(len(shifted)/c, 1)
	buf := shifted[:]
	if c > len(buf) {
		buf = make([]float64, c) // wider than any tutorial's output
	}
	var s float64
	for r0 := 0; r0 < len(z); r0 += rows * c {
		n := min(rows, (len(z)-r0)/c)
		ex := buf[:n*c]
		for i := range n {
			zr := z[r0+i*c : r0+(i+1)*c]
			m := zr[0]
			for _, v := range zr[1:] {
				m = max(m, v)
			}
			maxima[i] = m
			for j, v := range zr {
				ex[i*c+j] = v - m
			}
		}
		vmath.Exp(ex, ex)
		for i := range n {
			var e float64
			for _, v := range ex[i*c : (i+1)*c] {
				e += v
			}
			lse := maxima[i] + math.Log(e)
			for j := r0 + i*c; j < r0+(i+1)*c; j++ {
				if y[j] != 0 {
					s += y[j] * (lse - z[j])
				}
			}
		}
	}
	return s
}

// Reduction says how the per-sample losses of a batch combine, and so whether gradients
// are summed or averaged. The choice changes the numbers: seed 000 (Britz's moons) sums,
// Coursera averages over m.
type Reduction int

// The reductions. The zero Reduction is none: New refuses it.
const (
	// Sum: J = Σᵢ Lᵢ + R(W). Gradients are summed over the batch and the regularisation
	// gradient is added once: dW += λW, as in seed 000.
	Sum Reduction = iota + 1
	// Mean: J = (1/m)(Σᵢ Lᵢ + R(W)). Gradients are averaged over the m samples of the batch,
	// and so is the regularisation gradient: dW += (λ/m)W, as in Coursera.
	Mean
)

// String returns "sum" or "mean".
func (r Reduction) String() string {
	switch r {
	case Sum:
		return "sum"
	case Mean:
		return "mean"
	}
	return fmt.Sprintf("Reduction(%d)", int(r))
}

// ParseReduction returns the reduction with the given name.
func ParseReduction(name string) (Reduction, error) {
	switch name {
	case "sum":
		return Sum, nil
	case "mean":
		return Mean, nil
	}
	return 0, fmt.Errorf("nnkit: unknown reduction %q (valid: sum, mean)", name)
}

// Regularization penalises the weights, never the biases:
// R(W) = L1·Σ|w| + (L2/2)·Σw². Its gradient L1·sign(w) + L2·w is added to dW, divided by
// the batch size under the Mean reduction.
type Regularization struct {
	L1, L2 float64
}

// String returns "L2 λ=0.01", or "none".
func (r Regularization) String() string {
	switch {
	case r.L1 == 0 && r.L2 == 0:
		return "none"
	case r.L1 == 0:
		return fmt.Sprintf("L2 λ=%g", r.L2)
	case r.L2 == 0:
		return fmt.Sprintf("L1 λ=%g", r.L1)
	}
	return fmt.Sprintf("L1 λ=%g, L2 λ=%g", r.L1, r.L2)
}
