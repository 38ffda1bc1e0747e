// Package recipes holds what the seed articles' code does that textbook gradient descent
// does not: their update rules, quirks and bugs included, so that a notebook can run an
// article's recipe as printed, show what it does, and then fix it in a separate step.
//
// Each optimiser writes its rule (nnkit.UpdateRule), so the step-by-step view shows the
// article's update, not the textbook's.
package recipes

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
)

// SumPenalty is OneNet's update in seed 003: W ← W − ε·(dW + λ·Σw), where Σw is the sum
// of all the weights, one number added to every entry of dW, as the article prints it;
// b ← b − ε·db.
//
// Broadcast is the number of identical columns that numpy's broadcasting gave W at the
// first update (see OneNet): numpy's w is still n×1 then, so its first Σw counts each
// weight once. 1 means no broadcast.
type SumPenalty struct {
	LR, Lambda float64
	Broadcast  int
	steps      int
}

// Step applies the update to every parameter: params alternate W¹, b¹, W², b², ….
func (o *SumPenalty) Step(params, grads [][]float64) {
	if !(o.LR > 0) || o.Lambda < 0 || o.Broadcast < 1 {
		panic(fmt.Sprintf("recipes: SumPenalty{LR: %v, Lambda: %v, Broadcast: %d}: want LR > 0, Lambda ≥ 0, Broadcast ≥ 1", o.LR, o.Lambda, o.Broadcast))
	}
	var sum float64
	for i := 0; i < len(params); i += 2 {
		for _, w := range params[i] {
			sum += w
		}
	}
	if o.steps == 0 {
		sum /= float64(o.Broadcast)
	}
	o.steps++
	for i, p := range params {
		penalty := 0.0
		if i%2 == 0 {
			penalty = o.Lambda * sum
		}
		for j, g := range grads[i] {
			p[j] -= o.LR * (g + penalty)
		}
	}
}

// String names the update and its settings.
func (o *SumPenalty) String() string {
	return fmt.Sprintf("OneNet's update lr=%g, λ=%g·Σw", o.LR, o.Lambda)
}

// Rule returns "W¹ ← W¹ − ε·(dW¹ + λ·Σw)", or b's plain step.
func (o *SumPenalty) Rule(p string) string {
	if len(p) > 0 && p[0] == 'b' {
		return p + " ← " + p + " − ε·d" + p
	}
	return p + " ← " + p + " − ε·(d" + p + " + λ·Σw)"
}

// OneNet builds seed 003's OneNet as numpy runs it: w, inputs×1, and b, 1×outputs, drawn
// in that order as 0.01·N(0, 1) from src. With outputs > 1, numpy's broadcasting turns
// z = x·w + b into m×outputs, one column per entry of b, so the network is a sigmoid
// layer of outputs units whose weight columns all start as w; train it on targets with
// the labels repeated in every column, and with SumPenalty{Broadcast: outputs}.
func OneNet(inputs, outputs int, src nnkit.Source) *nnkit.Network {
	if inputs < 1 || outputs < 1 {
		panic(fmt.Sprintf("recipes: OneNet: %d inputs and %d outputs, want at least 1 of each", inputs, outputs))
	}
	net := nnkit.New(nnkit.Config{Sizes: []int{inputs, outputs}, Activations: []nnkit.Activation{nnkit.Sigmoid},
		Loss: nnkit.BinaryCrossEntropy, Reduction: nnkit.Mean, Init: nnkit.InitZeros{}}, nil)
	w := make([]float64, inputs)
	for i := range w {
		w[i] = 0.01 * src.NormFloat64()
	}
	l := net.Layers[0]
	for i, v := range w {
		for j := range outputs {
			l.W.Set(i, j, v)
		}
	}
	for j := range outputs {
		l.B.Set(0, j, 0.01*src.NormFloat64())
	}
	return net
}

// Repeat returns y's single column repeated cols times: the targets a broadcast
// OneNet's columns are each trained on, as numpy's a − y broadcasts y.
func Repeat(y mat.Matrix, cols int) *mat.Dense {
	r, c := y.Dims()
	if c != 1 {
		panic(fmt.Sprintf("recipes: Repeat: y is %d×%d, want one column", r, c))
	}
	out := mat.NewDense(r, cols, nil)
	for i := range r {
		for j := range cols {
			out.Set(i, j, y.At(i, 0))
		}
	}
	return out
}

// Normal is the articles' initialiser: every W, then its b, drawn as Scale·N(0, 1), in
// numpy's order (W row by row, n_in×n_out), as 0.01 * np.random.normal(0, 1, size) does.
// BiasFirst draws b before W: the order of a θ whose first row is the bias, the weight of
// a column of ones put before the inputs (the author's softmax-regression post on MNIST).
type Normal struct {
	Scale     float64
	BiasFirst bool
}

// Init draws w, then b, or b, then w.
func (n Normal) Init(w, b *mat.Dense, src nnkit.Source) {
	order := []*mat.Dense{w, b}
	if n.BiasFirst {
		order = []*mat.Dense{b, w}
	}
	for _, m := range order {
		raw := m.RawMatrix()
		for i := range raw.Rows {
			for j := range raw.Cols {
				raw.Data[i*raw.Stride+j] = n.Scale * src.NormFloat64()
			}
		}
	}
}

// String returns "N(0,1)·0.01, b too", or "N(0,1)·0.01, b first".
func (n Normal) String() string {
	s := "N(0,1)·" + strconv.FormatFloat(n.Scale, 'g', -1, 64)
	if n.BiasFirst {
		return s + ", b first"
	}
	return s + ", b too"
}

// BiasTypo is gradient descent with the typo of seed 003's TwoNet and ThreeNet: for the
// layers listed (1-based), the bias update reads b ← b − ε·b, so that b decays towards 0
// instead of following its gradient. Every other parameter takes W ← W − ε·dW.
type BiasTypo struct {
	LR     float64
	Layers []int
}

// Step applies the update.
func (o BiasTypo) Step(params, grads [][]float64) {
	if !(o.LR > 0) {
		panic(fmt.Sprintf("recipes: BiasTypo: LR is %v, want > 0", o.LR))
	}
	for i, p := range params {
		typo := i%2 == 1 && slices.Contains(o.Layers, i/2+1)
		for j, g := range grads[i] {
			if typo {
				p[j] -= o.LR * p[j]
			} else {
				p[j] -= o.LR * g
			}
		}
	}
}

// String names the update and the layers whose bias update has the typo.
func (o BiasTypo) String() string {
	return fmt.Sprintf("SGD lr=%g with the bias typo in layers %v", o.LR, o.Layers)
}

// Rule returns "b² ← b² − ε·b²   (the typo: ε·db² was meant)" for a listed layer's bias.
func (o BiasTypo) Rule(p string) string {
	for _, l := range o.Layers {
		if p == "b"+nnkit.Sup(l) {
			return p + " ← " + p + " − ε·" + p + "   (the typo: ε·d" + p + " was meant)"
		}
	}
	return p + " ← " + p + " − ε·d" + p
}

// Assign is the update of seed 001's code (ex3 digits): each W is assigned ε times its
// gradient, W = −ε·dW, where gradient descent subtracts it from the old W; the code's δ
// is y − a, the negative of nnkit's, hence the sign. Every b takes b ← b − ε·db: the
// article gives no rule for them.
type Assign struct{ LR float64 }

// Step applies the update.
func (o Assign) Step(params, grads [][]float64) {
	if !(o.LR > 0) {
		panic(fmt.Sprintf("recipes: Assign: LR is %v, want > 0", o.LR))
	}
	for i, p := range params {
		for j, g := range grads[i] {
			if i%2 == 0 {
				p[j] = -o.LR * g
			} else {
				p[j] -= o.LR * g
			}
		}
	}
}

// String names the update.
func (o Assign) String() string { return fmt.Sprintf("the article's update, W = −%g·dW", o.LR) }

// Rule returns "W¹ = −ε·dW¹   (the old W¹ is dropped)" for a weight.
func (o Assign) Rule(p string) string {
	if len(p) > 0 && p[0] == 'b' {
		return p + " ← " + p + " − ε·d" + p
	}
	return p + " = −ε·d" + p + "   (the old " + p + " is dropped)"
}

// Decay is the update of the author's softmax-regression posts, which seed 003 cites for
// its baselines: θ ← θ − ε·(dθ + λ·θ), with dθ the gradient of the mean cross-entropy.
// On MNIST θ holds the bias as the row of a column of ones, so b decays with W. On iris b
// is one number added to every class's score, which the code never updates and a softmax
// cannot notice: FreezeBias keeps b as drawn.
type Decay struct {
	LR, Lambda float64
	FreezeBias bool
}

// Step applies the update.
func (o Decay) Step(params, grads [][]float64) {
	if !(o.LR > 0) || !(o.Lambda >= 0) {
		panic(fmt.Sprintf("recipes: Decay{LR: %v, Lambda: %v}: want LR > 0 and Lambda ≥ 0", o.LR, o.Lambda))
	}
	for i, p := range params {
		if i%2 == 1 && o.FreezeBias {
			continue
		}
		for j, g := range grads[i] {
			p[j] -= o.LR * (g + o.Lambda*p[j])
		}
	}
}

// String names the update.
func (o Decay) String() string {
	if o.FreezeBias {
		return fmt.Sprintf("SGD lr=%g with weight decay λ=%g, b frozen", o.LR, o.Lambda)
	}
	return fmt.Sprintf("SGD lr=%g with weight decay λ=%g on W and b", o.LR, o.Lambda)
}

// Rule returns "W¹ ← W¹ − ε·(dW¹ + λ·W¹)", and for a frozen b "b¹ unchanged (never updated)".
func (o Decay) Rule(p string) string {
	if len(p) > 0 && p[0] == 'b' && o.FreezeBias {
		return p + " unchanged (never updated)"
	}
	return p + " ← " + p + " − ε·(d" + p + " + λ·" + p + ")"
}

// Covered returns how many of m samples a loop over np.arange(0, m − batch, batch)
// trains on, batch rows at each start: the code of seed 003 and of the softmax posts
// stops one batch early, so 60 000 MNIST images in batches of 256 train on 59 904.
func Covered(m, batch int) int {
	if m < 1 || batch < 1 {
		panic(fmt.Sprintf("recipes: Covered(%d, %d): want m ≥ 1 and batch ≥ 1", m, batch))
	}
	starts := (m - batch + batch - 1) / batch // ⌈(m − batch)/batch⌉ starts below m − batch
	return max(starts, 0) * batch
}

// Unscaled returns the pixel values 0–255 of images read as value/255, rounded back to
// the integers cv2.imread gives the code.
func Unscaled(x mat.Matrix) *mat.Dense {
	var out mat.Dense
	out.Apply(func(_, _ int, v float64) float64 { return math.Round(255 * v) }, x)
	return &out
}

// Centered subtracts train's mean row from train and from test, as the MNIST softmax
// post's x − μ does before dividing by 255 (nnkit's pixels are already divided).
func Centered(train, test mat.Matrix) (*mat.Dense, *mat.Dense) {
	r, c := train.Dims()
	mu := make([]float64, c)
	for i := range r {
		for j := range c {
			mu[j] += train.At(i, j)
		}
	}
	for j := range mu {
		mu[j] /= float64(r)
	}
	sub := func(m mat.Matrix) *mat.Dense {
		if _, mc := m.Dims(); mc != c {
			panic(fmt.Sprintf("recipes: Centered: test has %d columns, train %d", mc, c))
		}
		var out mat.Dense
		out.Apply(func(_, j int, v float64) float64 { return v - mu[j] }, m)
		return &out
	}
	return sub(train), sub(test)
}
