package nnkit_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// TestNoSilentDivergence: training that ends with non-finite weights, or whose loss
// explodes while staying finite, returns a *DivergedError naming where, never nil. Each
// case returned nil before the parameters and records were checked.
func TestNoSilentDivergence(t *testing.T) {
	x, y := seed000Data(t)
	for _, tc := range []struct {
		name  string
		cfg   nnkit.Config
		train nnkit.TrainConfig
		want  string
	}{
		{"ReLU hides a −Inf weight (the issue's reproduction)",
			nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.ReLU, nnkit.LeakyReLU}, Loss: nnkit.MSEHalfSum, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}},
			nnkit.TrainConfig{Epochs: 5, Optimizer: nnkit.SGD{LR: 1000}}, ""},
		{"the last update overflows a weight",
			nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.ReLU, nnkit.LeakyReLU}, Loss: nnkit.MSEHalfSum, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}},
			nnkit.TrainConfig{Epochs: 1, Optimizer: nnkit.SGD{LR: 1e308}}, "after the update"},
		{"a finite loss grown a millionfold",
			nnkit.Config{Sizes: []int{2, 2}, Activations: []nnkit.Activation{nnkit.Identity}, Loss: nnkit.MSEHalfSum, Reduction: nnkit.Mean, Init: nnkit.InitFanIn{}},
			nnkit.TrainConfig{Epochs: 50, Optimizer: nnkit.SGD{LR: 5}}, "GrowthLimit"},
		{"SGD at 1e300",
			nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Mean, Init: nnkit.InitFanIn{}},
			nnkit.TrainConfig{Epochs: 5, Optimizer: nnkit.SGD{LR: 1e300}, BatchSize: 8}, ""},
	} {
		net := nnkit.New(tc.cfg, nprand.New(0))
		_, err := net.Train(x, y, tc.train)
		var d *nnkit.DivergedError
		if !errors.As(err, &d) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want a *DivergedError saying %q", tc.name, err, tc.want)
			continue
		}
		for _, l := range net.Layers {
			for _, v := range append(l.W.RawMatrix().Data, l.B.RawMatrix().Data...) {
				if math.IsNaN(v) && d.Where == "" {
					t.Errorf("%s: NaN weights and no place named", tc.name)
				}
			}
		}
	}
}

// TestTargetsInTheLossDomain: targets a loss cannot mean are refused before training.
func TestTargetsInTheLossDomain(t *testing.T) {
	x := mat.NewDense(2, 2, []float64{0, 1, 1, 0})
	for _, tc := range []struct {
		name string
		cfg  nnkit.Config
		y    *mat.Dense
		want string
	}{
		{"binary targets 2 and −1", nnkit.Config{Sizes: []int{2, 1}, Activations: []nnkit.Activation{nnkit.Sigmoid}, Loss: nnkit.BinaryCrossEntropy, Reduction: nnkit.Mean, Init: nnkit.InitZeros{}},
			mat.NewDense(2, 1, []float64{2, -1}), "targets in [0, 1]; targets[0][0] is 2"},
		{"softmax rows of zeros", nnkit.Config{Sizes: []int{2, 2}, Activations: []nnkit.Activation{nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Mean, Init: nnkit.InitZeros{}},
			mat.NewDense(2, 2, []float64{0, 0, 1, 0}), "row 0 sums to 0"},
		{"softmax negative target", nnkit.Config{Sizes: []int{2, 2}, Activations: []nnkit.Activation{nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Mean, Init: nnkit.InitZeros{}},
			mat.NewDense(2, 2, []float64{2, -1, 1, 0}), "targets[0][1] is -1"},
	} {
		net := nnkit.New(tc.cfg, nil)
		_, err := net.Train(x, tc.y, nnkit.TrainConfig{Epochs: 1, Optimizer: nnkit.SGD{LR: 0.1}})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestPredictNonFinite: a row whose output is NaN has class −1, never class 0.
func TestPredictNonFinite(t *testing.T) {
	net := moonsNet()
	x := mat.NewDense(2, 2, []float64{math.NaN(), 0, 0.5, 0.5})
	if p := net.Predict(x); p[0] != -1 || p[1] < 0 {
		t.Errorf("Predict = %v, want −1 for the NaN row", p)
	}
	if k, p := nnkit.ClassOf([]float64{0.2, math.Inf(1)}); k != -1 || !math.IsNaN(p) {
		t.Errorf("ClassOf of an infinite row = %d, %v", k, p)
	}
}

// TestProgrammerErrorsPanicWithNnkit: each programmer error panics with a message that
// names it, not deep in the runtime.
func TestProgrammerErrorsPanicWithNnkit(t *testing.T) {
	x, y := seed000Data(t)
	for _, tc := range []struct {
		name string
		f    func()
		want string
	}{
		{"Orders out of range", func() {
			o := make([]int, 200)
			o[3] = 500
			moonsNet().Train(x, y, nnkit.TrainConfig{Epochs: 1, Optimizer: nnkit.SGD{LR: 0.01}, Orders: [][]int{o}})
		}, "nnkit: Train: Orders[0][3] is 500, want a sample index in [0, 200)"},
		{"negative batch size", func() {
			moonsNet().Train(x, y, nnkit.TrainConfig{Epochs: 1, Optimizer: nnkit.SGD{LR: 0.01}, BatchSize: -5})
		},
			"nnkit: Train: BatchSize is -5"},
		{"an empty Network", func() { (&nnkit.Network{}).Predict(x) }, "nnkit: Forward: the network has no layers"},
		{"a layer of 2⁴¹ weights", func() {
			nnkit.New(nnkit.Config{Sizes: []int{2, 1 << 40}, Activations: []nnkit.Activation{nnkit.Sigmoid}, Loss: nnkit.BinaryCrossEntropy, Reduction: nnkit.Mean, Init: nnkit.InitZeros{}}, nil)
		}, "nnkit: New: layer 1 (2→1099511627776) would hold 2.2e+12 weights, more than MaxWeights"},
		{"Monitor out of range", func() { panic(nnkit.Monitor(9).String()) }, "Monitor(9)"},
	} {
		got := func() (msg string) {
			defer func() { msg = fmt.Sprint(recover()) }()
			tc.f()
			return "no panic"
		}()
		if !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
