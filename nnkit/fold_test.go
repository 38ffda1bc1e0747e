package nnkit

import (
	"math"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// TestTrainFoldsPlainSGD: with plain SGD and no step hook, Train applies the update in
// the backward pass and folds the weights' step into their gradient's product where
// that product is large, so that layer's dW is never stored. The weights it ends with
// are a hand loop of ForwardInto, BackwardInto and UpdateInto's: bit for bit with nnkit's
// kernel, and within rounding with OpenBLAS, whose dgemm rounds the folded step its own
// way. With a step hook, a penalty or momentum nothing is folded, and every bit agrees.
func TestTrainFoldsPlainSGD(t *testing.T) {
	const rows, cols, hidden, classes, batch, epochs = 640, 784, 32, 10, 64, 3
	gen := nprand.New(3)
	x, y := mat.NewDense(rows, cols, gen.Rand(rows*cols)), mat.NewDense(rows, classes, nil)
	for i := range rows {
		y.Set(i, int(gen.Uint32()%classes), 1)
	}
	noop := func(StepInfo) error { return nil }
	for _, tc := range []struct {
		name   string
		opt    func() Optimizer
		reg    Regularization
		hooks  []Hook
		folded bool
	}{
		{"SGD", func() Optimizer { return SGD{LR: 0.1} }, Regularization{}, nil, true},
		{"*SGD, biases fixed", func() Optimizer { return &SGD{LR: 0.1, FixedBiases: true} }, Regularization{}, nil, true},
		{"SGD, a record hook", func() Optimizer { return SGD{LR: 0.1} }, Regularization{},
			[]Hook{HookFuncs{Record: func(Record) error { return nil }}}, true},
		{"SGD, a step hook", func() Optimizer { return SGD{LR: 0.1} }, Regularization{}, []Hook{HookFuncs{Step: noop}}, false},
		{"SGD, L2", func() Optimizer { return SGD{LR: 0.1} }, Regularization{L2: 0.01}, nil, false},
		{"momentum", func() Optimizer { return &Momentum{LR: 0.1} }, Regularization{}, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := Config{Sizes: []int{cols, hidden, classes}, Activations: []Activation{ReLU, Softmax},
				Loss: SoftmaxCrossEntropy, Reduction: Mean, Init: InitHe{}, Reg: tc.reg}
			trained := New(cfg, nprand.New(1))
			tcfg := TrainConfig{Epochs: epochs, BatchSize: batch, Optimizer: tc.opt(), Hooks: tc.hooks}
			r := &run{net: trained, cfg: &tcfg, h: &History{BestEpoch: -1}, x: x, y: y, start: time.Now()}
			if err := r.loop(); err != nil {
				t.Fatal(err)
			}
			// Layer 1's product, 784×64·64×32, is large; layer 2's, 32×64·64×10, is not.
			folded := gemmFolds() && tc.folded
			if got := r.g.Layers[0].DW == nil; got != folded {
				t.Errorf("layer 1's dW folded: %v, want %v", got, folded)
			}
			if r.g.Layers[1].DW == nil {
				t.Error("layer 2's small product was folded")
			}

			want := New(cfg, nprand.New(1))
			opt := tc.opt()
			var tr Trace
			var g Gradients
			for range epochs {
				for s := 0; s < rows; s += batch {
					want.ForwardInto(&tr, x.Slice(s, s+batch, 0, cols))
					want.BackwardInto(&g, &tr, y.Slice(s, s+batch, 0, classes))
					want.UpdateInto(nil, &g, opt)
				}
			}
			tol := 0.0
			if folded && matMulBackend == "openblas" {
				tol = 1e-14
			}
			for l := range want.Layers {
				for _, p := range [][2]*mat.Dense{{trained.Layers[l].W, want.Layers[l].W}, {trained.Layers[l].B, want.Layers[l].B}} {
					for i, w := range p[1].RawMatrix().Data {
						got := p[0].RawMatrix().Data[i]
						if tol == 0 && math.Float64bits(got) != math.Float64bits(w) || math.Abs(got-w) > tol {
							t.Fatalf("layer %d: parameter %d is %v, want %v (the hand loop's)", l+1, i, got, w)
						}
					}
				}
			}
		})
	}

	t.Run("allocates nothing per step", func(t *testing.T) {
		net := New(Config{Sizes: []int{cols, hidden, classes}, Activations: []Activation{ReLU, Softmax},
			Loss: SoftmaxCrossEntropy, Reduction: Mean, Init: InitHe{}}, nprand.New(1))
		allocs := func(epochs int) float64 {
			return testing.AllocsPerRun(3, func() {
				if _, err := net.Train(x, y, TrainConfig{Epochs: epochs, Every: epochs, BatchSize: batch, Optimizer: SGD{LR: 0.01}}); err != nil {
					t.Fatal(err)
				}
			})
		}
		if extra := allocs(5) - allocs(1); extra > 2 {
			t.Errorf("4 more epochs (40 steps) allocate %v more times, want at most 2", extra)
		}
	})
}

// gemmFolds says whether a large weight gradient's product can take SGD's step.
func gemmFolds() bool {
	w, a, b := mat.NewDense(784, 32, nil), mat.NewDense(64, 784, nil), mat.NewDense(64, 32, nil)
	return mulTransAAddTo(w, 0.1, a, b)
}
