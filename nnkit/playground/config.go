// Package playground is the model behind TensorFlow Playground's controls, in pure Go:
// a 2-D dataset, the input features built from each point, a stack of small hidden
// layers, and training one epoch of minibatches at a time. kernelext draws and drives
// it; this package only computes, so the same configuration and seed always give the
// same network, with or without a browser.
package playground

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/nnkit-go/nnkit/nnkit"
)

// Feature is one input of the network, computed from the point (x₁, x₂).
type Feature int

// The features TensorFlow Playground offers.
const (
	X1 Feature = iota
	X2
	X1Squared
	X2Squared
	X1X2
	SinX1
	SinX2
	numFeatures
)

var featureNames = [...]string{"x₁", "x₂", "x₁²", "x₂²", "x₁x₂", "sin x₁", "sin x₂"}
var featureIdents = [...]string{"X1", "X2", "X1Squared", "X2Squared", "X1X2", "SinX1", "SinX2"}

// Features lists every feature, in TensorFlow Playground's order.
func Features() []Feature {
	f := make([]Feature, numFeatures)
	for i := range f {
		f[i] = Feature(i)
	}
	return f
}

// String returns the feature as the diagram labels it: "x₁²".
func (f Feature) String() string {
	if f < 0 || f >= numFeatures {
		return fmt.Sprintf("Feature(%d)", int(f))
	}
	return featureNames[f]
}

// GoString returns the feature as Go code writes it: "playground.X1Squared".
func (f Feature) GoString() string {
	if f < 0 || f >= numFeatures {
		return fmt.Sprintf("playground.Feature(%d)", int(f))
	}
	return "playground." + featureIdents[f]
}

// Of returns the feature's value at the point (x1, x2).
func (f Feature) Of(x1, x2 float64) float64 {
	switch f {
	case X1:
		return x1
	case X2:
		return x2
	case X1Squared:
		return x1 * x1
	case X2Squared:
		return x2 * x2
	case X1X2:
		return x1 * x2
	case SinX1:
		return math.Sin(x1)
	case SinX2:
		return math.Sin(x2)
	}
	panic(fmt.Sprintf("nnkit: playground: unknown feature %d", int(f)))
}

// Penalty is the kind of weight regularisation.
type Penalty int

// The penalties: none, L1 (rate·Σ|w|) or L2 ((rate/2)·Σw²), as nnkit.Regularization.
const (
	NoPenalty Penalty = iota
	L1
	L2
)

func (p Penalty) String() string {
	switch p {
	case NoPenalty:
		return "none"
	case L1:
		return "L1"
	case L2:
		return "L2"
	}
	return fmt.Sprintf("Penalty(%d)", int(p))
}

// GoString returns the penalty as Go code writes it.
func (p Penalty) GoString() string {
	switch p {
	case NoPenalty:
		return "playground.NoPenalty"
	case L1, L2:
		return "playground." + p.String()
	}
	return fmt.Sprintf("playground.Penalty(%d)", int(p))
}

// The limits of TensorFlow Playground's controls, which Validate enforces.
const (
	MaxLayers    = 6
	MaxNeurons   = 8
	MaxPoints    = 2000
	MaxBatchSize = 30
)

// Config is one setting of every control. All fields are required: a zero Points or
// LR is refused, not replaced by a default.
type Config struct {
	// Dataset is one of Datasets.
	Dataset string
	// Points is the number of points generated, before the split (spiral: a multiple of 3
	// is used, the largest not above Points).
	Points int
	// Noise is the standard deviation, in the data's own units, of the Gaussian noise on
	// each point, in [0, 0.5]; see Datasets for where it goes.
	Noise float64
	// TrainRatio is the fraction of the points trained on, in [0.1, 0.9]; the rest are
	// the test points.
	TrainRatio float64
	// Features are the network's inputs, at least one and none twice.
	Features []Feature
	// Hidden has one width per hidden layer: 0 to MaxLayers layers of 1 to MaxNeurons.
	Hidden []int
	// Activation is every hidden layer's. The output layer is softmax for the
	// classification sets and the identity for the regression sets.
	Activation nnkit.Activation
	// LR is SGD's learning rate ε, above 0.
	LR float64
	// Penalty and RegRate regularise the weights; RegRate must be 0 with NoPenalty.
	Penalty Penalty
	RegRate float64
	// BatchSize is the number of training points per update, 1 to MaxBatchSize.
	BatchSize int
	// Seed seeds the data, the initial weights and the order of each epoch's batches.
	Seed uint32
}

// Default is where the controls start: TensorFlow Playground's settings (two features,
// 4-2 tanh, ε = 0.03, batches of 10, half the points for training) on the moons that
// nnkit's first notebook uses.
var Default = Config{
	Dataset: "moons", Points: 400, Noise: 0.2, TrainRatio: 0.5,
	Features: []Feature{X1, X2}, Hidden: []int{4, 2}, Activation: nnkit.Tanh,
	LR: 0.03, Penalty: NoPenalty, BatchSize: 10,
}

// Clone returns a copy of c that shares no slices with it.
func (c Config) Clone() Config {
	c.Features = slices.Clone(c.Features)
	c.Hidden = slices.Clone(c.Hidden)
	return c
}

// Equal reports whether c and d are the same setting.
func (c Config) Equal(d Config) bool {
	return slices.Equal(c.Features, d.Features) && slices.Equal(c.Hidden, d.Hidden) &&
		c.Dataset == d.Dataset && c.Points == d.Points && c.Noise == d.Noise && c.TrainRatio == d.TrainRatio &&
		c.Activation == d.Activation && c.LR == d.LR && c.Penalty == d.Penalty && c.RegRate == d.RegRate &&
		c.BatchSize == d.BatchSize && c.Seed == d.Seed
}

// Regression reports whether c's dataset is a regression set.
func (c Config) Regression() bool {
	s, ok := dataset(c.Dataset)
	return ok && s.regression
}

// Validate returns an error naming every setting out of range.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf("playground: "+format, args...)) }
	if _, ok := dataset(c.Dataset); !ok {
		bad("unknown dataset %q (valid: %s)", c.Dataset, strings.Join(Datasets(), ", "))
	}
	if c.Points < 10 || c.Points > MaxPoints {
		bad("Points is %d, want 10 to %d", c.Points, MaxPoints)
	}
	if !(c.Noise >= 0 && c.Noise <= 0.5) {
		bad("Noise is %v, want 0 to 0.5", c.Noise)
	}
	if !(c.TrainRatio >= 0.1 && c.TrainRatio <= 0.9) {
		bad("TrainRatio is %v, want 0.1 to 0.9", c.TrainRatio)
	}
	if len(c.Features) == 0 {
		bad("no features: the network needs at least one input")
	}
	seen := map[Feature]bool{}
	for _, f := range c.Features {
		if f < 0 || f >= numFeatures {
			bad("unknown feature %d", int(f))
		} else if seen[f] {
			bad("feature %s appears twice", f)
		}
		seen[f] = true
	}
	if len(c.Hidden) > MaxLayers {
		bad("%d hidden layers, want at most %d", len(c.Hidden), MaxLayers)
	}
	for i, h := range c.Hidden {
		if h < 1 || h > MaxNeurons {
			bad("hidden layer %d has %d neurons, want 1 to %d", i+1, h, MaxNeurons)
		}
	}
	if _, err := nnkit.ParseActivation(c.Activation.String()); err != nil || c.Activation == nnkit.Softmax {
		bad("activation %s cannot be a hidden layer's", c.Activation)
	}
	if !(c.LR > 0 && c.LR <= 10) {
		bad("LR is %v, want above 0 and at most 10", c.LR)
	}
	switch {
	case c.Penalty < NoPenalty || c.Penalty > L2:
		bad("unknown penalty %d", int(c.Penalty))
	case c.Penalty == NoPenalty && c.RegRate != 0:
		bad("RegRate is %v with no penalty; choose L1 or L2, or set it to 0", c.RegRate)
	case c.Penalty != NoPenalty && !(c.RegRate > 0 && c.RegRate <= 10):
		bad("RegRate is %v with %s, want above 0 and at most 10", c.RegRate, c.Penalty)
	}
	if c.BatchSize < 1 || c.BatchSize > MaxBatchSize {
		bad("BatchSize is %d, want 1 to %d", c.BatchSize, MaxBatchSize)
	}
	return errors.Join(errs...)
}

// Regularization returns the penalty as nnkit states it.
func (c Config) Regularization() nnkit.Regularization {
	switch c.Penalty {
	case L1:
		return nnkit.Regularization{L1: c.RegRate}
	case L2:
		return nnkit.Regularization{L2: c.RegRate}
	}
	return nnkit.Regularization{}
}

// Shape returns the network's sizes: the features, the hidden layers and the outputs.
func (c Config) Shape(outputs int) []int {
	return append(append([]int{len(c.Features)}, c.Hidden...), outputs)
}

// String describes the setting in one line.
func (c Config) String() string {
	feats := make([]string, len(c.Features))
	for i, f := range c.Features {
		feats[i] = f.String()
	}
	reg := c.Penalty.String()
	if c.Penalty != NoPenalty {
		reg += fmt.Sprintf(" %g", c.RegRate)
	}
	return fmt.Sprintf("%s, %d points, noise %g, %g%% train; features %s; hidden %v %s; ε %g, batch %d, penalty %s; seed %d",
		c.Dataset, c.Points, c.Noise, 100*c.TrainRatio, strings.Join(feats, " "), c.Hidden, c.Activation, c.LR, c.BatchSize, reg, c.Seed)
}

// GoString returns c as a Go composite literal, as the "as code" cell writes it.
func (c Config) GoString() string {
	feats := make([]string, len(c.Features))
	for i, f := range c.Features {
		feats[i] = f.GoString()
	}
	act := "nnkit." + activationIdent(c.Activation)
	fields := []struct{ k, v string }{
		{"Dataset", fmt.Sprintf("%q", c.Dataset)}, {"Points", fmt.Sprint(c.Points)}, {"Noise", fmt.Sprint(c.Noise)},
		{"TrainRatio", fmt.Sprint(c.TrainRatio)}, {"Features", "[]playground.Feature{" + strings.Join(feats, ", ") + "}"},
		{"Hidden", hiddenLit(c.Hidden).GoString()}, {"Activation", act}, {"LR", fmt.Sprint(c.LR)},
		{"Penalty", c.Penalty.GoString()}, {"RegRate", fmt.Sprint(c.RegRate)}, {"BatchSize", fmt.Sprint(c.BatchSize)},
		{"Seed", fmt.Sprint(c.Seed)},
	}
	var b strings.Builder
	b.WriteString("playground.Config{\n")
	for _, f := range fields {
		fmt.Fprintf(&b, "\t%-11s %s,\n", f.k+":", f.v) // aligned as gofmt aligns them
	}
	b.WriteString("}")
	return b.String()
}

type hiddenLit []int

func (h hiddenLit) GoString() string {
	s := make([]string, len(h))
	for i, v := range h {
		s[i] = fmt.Sprint(v)
	}
	return "[]int{" + strings.Join(s, ", ") + "}"
}

// activationIdent names an activation's constant in package nnkit.
func activationIdent(a nnkit.Activation) string {
	switch a {
	case nnkit.Identity:
		return "Identity"
	case nnkit.Sigmoid:
		return "Sigmoid"
	case nnkit.Tanh:
		return "Tanh"
	case nnkit.ReLU:
		return "ReLU"
	case nnkit.LeakyReLU:
		return "LeakyReLU"
	case nnkit.Swish:
		return "Swish"
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}
