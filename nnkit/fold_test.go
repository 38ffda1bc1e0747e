package nnkit

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// TestTrainFoldsPlainSGD: with plain SGD, Train applies the update in the backward pass
// and folds the weights' step into their gradient's product where that product is
// large, so that layer's dW is not stored, unless a hook reads the gradients. The
// weights it ends with are a hand loop of ForwardInto, BackwardInto and UpdateInto's:
// bit for bit with nnkit's kernel, and within rounding with OpenBLAS, whose dgemm rounds
// the folded step its own way. Hooks fold too, so they never change the weights
// (TestHooksNeverChangeTheWeights); with a penalty or momentum nothing is folded.
func TestTrainFoldsPlainSGD(t *testing.T) {
	const rows, cols, hidden, classes, batch, epochs = 640, 784, 32, 10, 64, 3
	gen := nprand.New(3)
	x, y := mat.NewDense(rows, cols, gen.Rand(rows*cols)), mat.NewDense(rows, classes, nil)
	for i := range rows {
		y.Set(i, int(gen.Uint32()%classes), 1)
	}
	noop := func(StepInfo) error { return nil }
	var seen *Gradients
	reader := HookFuncs{Gradients: true, Step: func(s StepInfo) error { seen = s.Gradients; return nil }}
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
		{"SGD, a step hook", func() Optimizer { return SGD{LR: 0.1} }, Regularization{}, []Hook{HookFuncs{Step: noop}}, true},
		{"SGD, a gradient reader", func() Optimizer { return SGD{LR: 0.1} }, Regularization{}, []Hook{reader}, true},
		{"SGD, L2", func() Optimizer { return SGD{LR: 0.1} }, Regularization{L2: 0.01}, nil, false},
		{"momentum", func() Optimizer { return &Momentum{LR: 0.1, Beta: 0.9} }, Regularization{}, nil, false},
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
			reads := len(tc.hooks) > 0 && tc.hooks[0].(HookFuncs).Gradients
			if got := r.g.Layers[0].DW == nil; got != (folded && !reads) {
				t.Errorf("layer 1's dW not stored: %v, want %v", got, folded && !reads)
			}
			if reads != (seen != nil) {
				t.Errorf("a hook saw gradients: %v, want %v (only a GradientReader does)", seen != nil, reads)
			}
			seen = nil
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
			if reads {
				// The reader's dW is the last step's gradient, as the hand loop's.
				got, w := r.g.Layers[0].DW.RawMatrix().Data, g.Layers[0].DW.RawMatrix().Data
				for i := range w {
					if math.Abs(got[i]-w[i]) > tol*1e3 {
						t.Fatalf("the reader's dW[%d] is %v, want %v", i, got[i], w[i])
					}
				}
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
	return mulTransAAddTo(w, 0.1, a, b, new(finiteCheck))
}

// TestFoldChecksTheWeights: a folded update that overflows a weight is reported at that
// step, naming the first non-finite weight as the scan does, though the step no longer
// scans a weight matrix that the update's epilogue checked; and on nnkit's kernel that
// check runs, so that the scan is skipped only where it was done.
func TestFoldChecksTheWeights(t *testing.T) {
	const rows, cols, hidden, classes = 128, 64, 300, 10
	gen := nprand.New(3)
	x, y := mat.NewDense(rows, cols, gen.Rand(rows*cols)), mat.NewDense(rows, classes, nil)
	x.Scale(10, x)
	for i := range rows {
		y.Set(i, int(gen.Uint32()%classes), 1)
	}
	cfg := Config{Sizes: []int{cols, hidden, classes}, Activations: []Activation{ReLU, Softmax},
		Loss: SoftmaxCrossEntropy, Reduction: Sum, Init: InitHe{}}

	net := New(cfg, nprand.New(1))
	_, err := net.Train(x, y, TrainConfig{Epochs: 1, BatchSize: 64, Optimizer: SGD{LR: 1e308}})
	d, ok := err.(*DivergedError)
	if !ok || d.Step != 1 || !strings.Contains(d.Where, "after the update") {
		t.Fatalf("SGD at 1e308: error %v, want a *DivergedError at step 1 naming a weight after the update", err)
	}
	first := -1 // the first layer holding a non-finite weight, and the index of that weight
	k := -1
	for i, l := range net.Layers {
		if k = firstNonFinite(l.W.RawMatrix().Data); k >= 0 {
			first = i
			break
		}
	}
	if first < 0 {
		t.Fatalf("%v, but every weight is finite", err)
	}
	cols1 := net.Layers[first].Out()
	if want := fmt.Sprintf("W[%d][%d] is %v after the update", k/cols1, k%cols1, net.Layers[first].W.RawMatrix().Data[k]); d.Layer != first+1 || !strings.Contains(d.Where, want) {
		t.Errorf("error names layer %d, %q; want layer %d, %q", d.Layer, d.Where, first+1, want)
	}

	if !onKernel() {
		t.Log("the fold's check runs on nnkit's kernel only; this build's products run elsewhere")
		return
	}
	net = New(cfg, nprand.New(1))
	var g Gradients
	tr := net.Forward(x)
	net.backprop(&g, tr, net.lossInto(&g, tr, y, false), &SGD{LR: 0.01}, false)
	for i := range g.checks {
		if fc := &g.checks[i]; !fc.finite() {
			t.Errorf("layer %d: the folded update's check ran %v, found W finite %v; want both", i+1, fc.ran, !fc.bad.Load())
		}
	}
	net.Layers[0].W.Set(3, 5, math.Inf(-1)) // as if the update had written it
	if err := net.nonFiniteParams(&g, 1, 1); err != nil {
		t.Errorf("nonFiniteParams read W¹ again after its update checked it: %v", err)
	}
	if err := net.nonFiniteParams(nil, 1, 1); err == nil || !strings.Contains(err.Error(), "W[3][5] is -Inf") {
		t.Errorf("nonFiniteParams(nil) = %v, want W[3][5] named", err)
	}
}

// TestHooksNeverChangeTheWeights: watching training changes nothing that is trained.
// Train with no hook, with a step hook, with a record hook and with a hook that reads
// the gradients ends with the same weights, bit for bit, on whichever backend this build
// uses (CI runs it on nnkit's kernel and with -tags openblas).
func TestHooksNeverChangeTheWeights(t *testing.T) {
	const rows, cols, hidden, classes = 512, 784, 48, 10
	gen := nprand.New(7)
	x, y := mat.NewDense(rows, cols, gen.Rand(rows*cols)), mat.NewDense(rows, classes, nil)
	for i := range rows {
		y.Set(i, int(gen.Uint32()%classes), 1)
	}
	train := func(hooks ...Hook) *Network {
		net := New(Config{Sizes: []int{cols, hidden, classes}, Activations: []Activation{ReLU, Softmax},
			Loss: SoftmaxCrossEntropy, Reduction: Mean, Init: InitHe{}}, nprand.New(1))
		cfg := TrainConfig{Epochs: 3, BatchSize: 64, Shuffle: true, Source: nprand.New(2), Optimizer: SGD{LR: 0.1}, Hooks: hooks}
		if _, err := net.Train(x, y, cfg); err != nil {
			t.Fatal(err)
		}
		return net
	}
	want := train()
	noop := func(StepInfo) error { return nil }
	for name, hook := range map[string]Hook{
		"step hook":       HookFuncs{Step: noop},
		"record hook":     HookFuncs{Record: func(Record) error { return nil }},
		"gradient reader": HookFuncs{Step: noop, Gradients: true},
		"reader, records": HookFuncs{Record: func(Record) error { return nil }, Gradients: true},
	} {
		got := train(hook)
		for l := range want.Layers {
			for _, p := range [][2]*mat.Dense{{got.Layers[l].W, want.Layers[l].W}, {got.Layers[l].B, want.Layers[l].B}} {
				for i, w := range p[1].RawMatrix().Data {
					if g := p[0].RawMatrix().Data[i]; math.Float64bits(g) != math.Float64bits(w) {
						t.Fatalf("%s (%s backend): layer %d parameter %d is %v, want %v as without hooks", name, matMulBackend, l+1, i, g, w)
					}
				}
			}
		}
	}
}
