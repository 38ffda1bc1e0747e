package playground

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// Point is the losses after an epoch.
type Point struct {
	Epoch       int
	Train, Test float64
}

// Run is one configuration being trained: its data, its network and its progress.
type Run struct {
	Config      Config
	Train, Test *Set
	Net         *nnkit.Network
	// Epoch counts the epochs trained; Losses has the losses after each, starting with
	// epoch 0, the initial weights.
	Epoch  int
	Losses []Point

	order *nprand.RandomState // each epoch's batch order
	opt   nnkit.SGD
	// The last update's batch, forward and backward pass (before it was applied).
	lastBatch []int
	trace     *nnkit.Trace
	grads     *nnkit.Gradients
}

// New generates c's data and builds its network. The initial weights are Xavier's,
// drawn from nprand seeded with Seed+1; each epoch's order comes from Seed+2.
func New(c Config) (*Run, error) {
	c = c.Clone()
	train, test, err := Data(c)
	if err != nil {
		return nil, err
	}
	r := &Run{Config: c, Train: train, Test: test, Net: c.Network(train.Classes),
		order: nprand.New(c.Seed + 2), opt: nnkit.SGD{LR: c.LR}}
	if err := r.record(); err != nil {
		return nil, err
	}
	return r, nil
}

// Network returns c's network, freshly initialised, for a dataset of the given number
// of classes (0 for regression).
func (c Config) Network(classes int) *nnkit.Network {
	outputs, out, loss := classes, nnkit.Softmax, nnkit.SoftmaxCrossEntropy
	if classes == 0 {
		outputs, out, loss = 1, nnkit.Identity, nnkit.MSEHalfSum
	}
	acts := make([]nnkit.Activation, len(c.Hidden)+1)
	for i := range c.Hidden {
		acts[i] = c.Activation
	}
	acts[len(c.Hidden)] = out
	return nnkit.New(nnkit.Config{
		Sizes: c.Shape(outputs), Activations: acts, Loss: loss, Reduction: nnkit.Mean,
		Reg: c.Regularization(), Init: nnkit.InitXavier{},
	}, nprand.New(c.Seed+1))
}

// Step trains one epoch: the training points in a fresh random order, one SGD update
// per batch of BatchSize (the last batch may be smaller). It returns an error, and
// leaves the epoch uncounted, if the loss or the weights stop being finite.
func (r *Run) Step() error {
	m := r.Train.Len()
	perm := r.order.Perm(m)
	for start := 0; start < m; start += r.Config.BatchSize {
		idx := perm[start:min(start+r.Config.BatchSize, m)]
		x, y := rows(r.Train.Inputs, idx), rows(r.Train.Targets, idx)
		r.lastBatch = idx
		r.trace = r.Net.Forward(x)
		r.grads = r.Net.Backward(r.trace, y)
		r.Net.Update(r.grads, r.opt)
	}
	r.Epoch++
	if err := r.record(); err != nil {
		r.Epoch--
		return err
	}
	return nil
}

// Train is New followed by Steps(epochs): a run of c trained for that many epochs. A run
// whose training fails is returned with the error, as far as it got.
func Train(c Config, epochs int) (*Run, error) {
	r, err := New(c)
	if err != nil {
		return nil, err
	}
	return r, r.Steps(epochs)
}

// Steps trains n epochs, stopping at the first error.
func (r *Run) Steps(n int) error {
	for range n {
		if err := r.Step(); err != nil {
			return err
		}
	}
	return nil
}

// record appends the losses of the current weights.
func (r *Run) record() error {
	train, test := r.loss(r.Train), r.loss(r.Test)
	if math.IsNaN(train) || math.IsInf(train, 0) || math.IsNaN(test) || math.IsInf(test, 0) {
		return fmt.Errorf("playground: training diverged at epoch %d (train loss %v, test loss %v): lower the learning rate ε = %g",
			r.Epoch, train, test, r.Config.LR)
	}
	r.Losses = append(r.Losses, Point{Epoch: r.Epoch, Train: train, Test: test})
	return nil
}

// loss is the data loss on s, without the penalty, as TensorFlow Playground reports it:
// the mean cross-entropy, or for regression the mean of ½(a − y)².
func (r *Run) loss(s *Set) float64 { return r.Net.DataLossOn(s.Inputs, s.Targets) }

// Loss returns the latest train and test losses.
func (r *Run) Loss() (train, test float64) {
	p := r.Losses[len(r.Losses)-1]
	return p.Train, p.Test
}

// Accuracy returns the training and test accuracy of a classification run, in [0, 1];
// a regression run has none and returns NaN.
func (r *Run) Accuracy() (train, test float64) {
	if r.Train.Labels == nil {
		return math.NaN(), math.NaN()
	}
	return r.Net.Accuracy(r.Train.Inputs, r.Train.Targets), r.Net.Accuracy(r.Test.Inputs, r.Test.Targets)
}

// Probabilities returns the network's output at each row (x₁, x₂) of points: class
// probabilities, or the regression value. With it a Run is a viz.Classifier over the
// plane.
func (r *Run) Probabilities(points mat.Matrix) *mat.Dense {
	return r.Net.Forward(r.Config.Inputs(points)).Output()
}

// Last returns the latest update's forward and backward pass (taken before that update
// was applied) and the training rows of its batch. Before the first epoch it returns
// the passes the first update would make: the first batch in index order.
func (r *Run) Last() (*nnkit.Trace, *nnkit.Gradients, []int) {
	if r.trace == nil {
		n := min(r.Config.BatchSize, r.Train.Len())
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		t := r.Net.Forward(rows(r.Train.Inputs, idx))
		return t, r.Net.Backward(t, rows(r.Train.Targets, idx)), idx
	}
	return r.trace, r.grads, r.lastBatch
}

// String returns "moons …: epoch 120, train loss 0.123, test loss 0.145".
func (r *Run) String() string {
	train, test := r.Loss()
	return fmt.Sprintf("%s: epoch %d, train loss %.4g, test loss %.4g", r.Config, r.Epoch, train, test)
}

// Code returns a GoNB cell that builds this configuration and trains it to the current
// epoch, so that a learner can continue from it in code. It prints the same losses.
func (r *Run) Code() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%%%%\n// The playground's setting as code: change a field and run the cell.\ncfg := %#v\n", r.Config)
	b.WriteString("run := kernelext.Must(playground.New(cfg))\n")
	fmt.Fprintf(&b, "kernelext.ShowPlayground(run, run.Steps(%d)) // train %d epochs, then draw; run.Net is the network\n", r.Epoch, r.Epoch)
	b.WriteString("train, test := run.Loss()\n")
	b.WriteString("fmt.Printf(\"epoch %d: train loss %.6f, test loss %.6f\\n\", run.Epoch, train, test)\n")
	return b.String()
}

// rows copies the rows idx of m.
func rows(m *mat.Dense, idx []int) *mat.Dense {
	_, c := m.Dims()
	out := mat.NewDense(len(idx), c, nil)
	for i, j := range idx {
		out.SetRow(i, m.RawRowView(j))
	}
	return out
}
