package nnkit_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

func seed000Data(t *testing.T) (*mat.Dense, *mat.Dense) {
	t.Helper()
	ref := loadTrajectories(t).Seed000
	y, err := nnkit.OneHot(ref.Y, 2)
	if err != nil {
		t.Fatal(err)
	}
	return mat.NewDense(200, 2, ref.X), y
}

// TestTrainIsTheThreeSteps: Train's full-batch loop gives exactly the weights of a hand
// loop of Forward, Backward and Update.
func TestTrainIsTheThreeSteps(t *testing.T) {
	x, y := seed000Data(t)
	byHand, trained := moonsNet(), moonsNet()
	for range 7 {
		g := byHand.Backward(byHand.Forward(x), y)
		byHand.Update(g, nnkit.SGD{LR: 0.01})
	}
	if _, err := trained.Train(x, y, nnkit.TrainConfig{Epochs: 7, Optimizer: nnkit.SGD{LR: 0.01}}); err != nil {
		t.Fatal(err)
	}
	for l := range byHand.Layers {
		if !mat.Equal(byHand.Layers[l].W, trained.Layers[l].W) || !mat.Equal(byHand.Layers[l].B, trained.Layers[l].B) {
			t.Fatalf("layer %d differs between Train and the hand loop", l+1)
		}
	}
}

func TestUpdateReportsTheChange(t *testing.T) {
	x, y := seed000Data(t)
	net := moonsNet()
	before := net.Clone()
	g := net.Backward(net.Forward(x), y)
	r := net.Update(g, nnkit.SGD{LR: 0.01})
	for l, lu := range r.Layers {
		var want mat.Dense
		want.Sub(net.Layers[l].W, before.Layers[l].W)
		if !mat.Equal(lu.DW, &want) {
			t.Fatalf("layer %d: ΔW is not new − old", l+1)
		}
		var sgd mat.Dense
		sgd.Scale(-0.01, g.Layers[l].DW)
		if !mat.EqualApprox(lu.DW, &sgd, 1e-15) {
			t.Fatalf("layer %d: SGD's ΔW is not −ε·dW", l+1)
		}
	}
	if !strings.Contains(r.String(), "update: SGD lr=0.01") || !strings.Contains(r.String(), "ΔW¹ 2×3") {
		t.Errorf("String: %s", r)
	}
}

// TestOptimizersMatchTorch compares five full-batch steps with torch.optim.SGD
// (momentum 0.9) and torch.optim.Adam on seed 000's objective (testdata/gen_trajectories.py).
func TestOptimizersMatchTorch(t *testing.T) {
	refs := loadTrajectories(t)
	x, y := seed000Data(t)
	for _, tc := range []struct {
		name string
		opt  nnkit.Optimizer
		ref  params
	}{
		{"momentum", &nnkit.Momentum{LR: 0.01, Beta: 0.9}, refs.OptimMomentum},
		{"adam", &nnkit.Adam{LR: 0.01, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8}, refs.OptimAdam},
	} {
		net := moonsNet()
		for range 5 {
			net.Update(net.Backward(net.Forward(x), y), tc.opt)
		}
		closeTo(t, tc.name+" W1", raw(net.Layers[0].W), tc.ref.W1)
		closeTo(t, tc.name+" b1", raw(net.Layers[0].B), tc.ref.B1)
		closeTo(t, tc.name+" W2", raw(net.Layers[1].W), tc.ref.W2)
		closeTo(t, tc.name+" b2", raw(net.Layers[1].B), tc.ref.B2)
	}
}

func TestOptimizerRejectsAnotherNetwork(t *testing.T) {
	x, y := seed000Data(t)
	adam := &nnkit.Adam{LR: 0.01, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8}
	net := moonsNet()
	net.Update(net.Backward(net.Forward(x), y), adam)
	other := nnkit.New(nnkit.Config{Sizes: []int{2, 5, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, nprand.New(0))
	msg := panics(func() { other.Update(other.Backward(other.Forward(x), y), adam) })
	if !strings.Contains(msg, "use one optimiser per network") {
		t.Fatalf("got %q", msg)
	}
	if msg := panics(func() { net.Update(net.Backward(net.Forward(x), y), nnkit.SGD{}) }); !strings.Contains(msg, "LR is 0") {
		t.Fatalf("zero learning rate: got %q", msg)
	}
}

// TestOptimizerSettingsAreUsedAsGiven: every legal value works, 0 included, and an
// illegal one panics naming the field and its range; nothing is replaced by a default.
func TestOptimizerSettingsAreUsedAsGiven(t *testing.T) {
	x, y := seed000Data(t)
	for _, tc := range []struct {
		name string
		opt  nnkit.Optimizer
		want string // "" for a legal setting
	}{
		{"momentum β = 0 is SGD", &nnkit.Momentum{LR: 0.01, Beta: 0}, ""},
		{"adam β₁ = 0", &nnkit.Adam{LR: 0.01, Beta1: 0, Beta2: 0.999, Epsilon: 1e-8}, ""},
		{"momentum β = −3", &nnkit.Momentum{LR: 0.01, Beta: -3}, "Momentum: Beta is -3, want a value in [0, 1)"},
		{"momentum β = 1", &nnkit.Momentum{LR: 0.01, Beta: 1}, "Momentum: Beta is 1, want a value in [0, 1)"},
		{"adam β₂ = 1", &nnkit.Adam{LR: 0.01, Beta1: 0.9, Beta2: 1, Epsilon: 1e-8}, "Adam: Beta2 is 1, want a value in [0, 1)"},
		{"adam ε = 0", &nnkit.Adam{LR: 0.01, Beta1: 0.9, Beta2: 0.999}, "Adam: Epsilon is 0, want a finite value > 0"},
		{"SGD lr = +Inf", nnkit.SGD{LR: math.Inf(1)}, "SGD: LR is +Inf"},
	} {
		net := moonsNet()
		msg := panics(func() { net.Update(net.Backward(net.Forward(x), y), tc.opt) })
		if !strings.Contains(msg, tc.want) || (tc.want == "") != (msg == "") {
			t.Errorf("%s: panic %q, want %q", tc.name, msg, tc.want)
		}
	}
	// Momentum with β = 0 takes SGD's step exactly.
	a, b := moonsNet(), moonsNet()
	a.Update(a.Backward(a.Forward(x), y), &nnkit.Momentum{LR: 0.01, Beta: 0})
	b.Update(b.Backward(b.Forward(x), y), nnkit.SGD{LR: 0.01})
	if !mat.Equal(a.Layers[0].W, b.Layers[0].W) {
		t.Error("Momentum with β = 0 is not SGD")
	}
}

// TestDuringEpochIsTheLossBeforeTheUpdate: with full batches, DuringEpoch records the
// loss the step computed before updating, as Coursera prints its cost at iteration i.
func TestDuringEpochIsTheLossBeforeTheUpdate(t *testing.T) {
	x, y := seed000Data(t)
	net := moonsNet()
	before := net.LossOn(x, y)
	h, err := net.Train(x, y, nnkit.TrainConfig{Epochs: 3, Optimizer: nnkit.SGD{LR: 0.01}, LossAt: nnkit.DuringEpoch})
	if err != nil {
		t.Fatal(err)
	}
	if got := h.Records[0].Loss; math.Abs(got-before) > 1e-15*before {
		t.Fatalf("record 0: got %.17g, want the initial loss %.17g", got, before)
	}
	if acc := h.Records[0].TrainAcc; !(acc > 0 && acc <= 1) {
		t.Fatalf("train accuracy %v", acc)
	}
}

func TestTrainStopsOnDivergence(t *testing.T) {
	x, y := seed000Data(t)
	net := nnkit.New(nnkit.Config{
		Sizes:       []int{2, 8, 2},
		Activations: []nnkit.Activation{nnkit.ReLU, nnkit.Identity},
		Loss:        nnkit.MSEHalfSum,
		Reduction:   nnkit.Sum,
		Init:        nnkit.InitFanIn{},
	}, nprand.New(0))
	h, err := net.Train(x, y, nnkit.TrainConfig{Epochs: 100, Optimizer: nnkit.SGD{LR: 5}})
	var d *nnkit.DivergedError
	if !errors.As(err, &d) {
		t.Fatalf("got %v, want a *DivergedError", err)
	}
	if d.Step < 1 || d.Epoch != d.Step-1 || !strings.Contains(err.Error(), "training diverged at epoch") {
		t.Fatalf("error %v: epoch %d step %d", err, d.Epoch, d.Step)
	}
	if d.Layer != 0 && !strings.Contains(d.Where, "layer ") {
		t.Fatalf("error does not name the layer: %v", err)
	}
	if len(h.Records) != d.Epoch {
		t.Fatalf("history has %d records, want the %d epochs before the failure", len(h.Records), d.Epoch)
	}
	t.Log(err)
}

func TestTrainRejectsBadData(t *testing.T) {
	x, y := seed000Data(t)
	nanX := mat.DenseCopyOf(x)
	nanX.Set(7, 1, math.NaN())
	tests := []struct {
		name string
		x, y mat.Matrix
		want string
	}{
		{"NaN input", nanX, y, "data[7][1] is NaN"},
		{"row counts", x, y.Slice(0, 100, 0, 2), "200 samples but 100 target rows"},
		{"input width", mat.NewDense(200, 3, nil), y, "layer 1 (Dense 2→3): data has 3 columns, want 2"},
		{"target width", x, mat.NewDense(200, 3, nil), "layer 2 (Dense 3→2): targets have 3 columns, want 2"},
	}
	for _, tc := range tests {
		_, err := moonsNet().Train(tc.x, tc.y, nnkit.TrainConfig{Epochs: 1, Optimizer: nnkit.SGD{LR: 0.01}})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
	if _, err := nnkit.OneHot([]int{0, 1, 2}, 2); err == nil || !strings.Contains(err.Error(), "label 2 of sample 2 is outside [0, 2)") {
		t.Errorf("OneHot: got %v", err)
	}
	if _, err := nnkit.OneHot(nil, 2); err == nil {
		t.Error("OneHot of no labels: no error")
	}
	if _, err := nnkit.Column([]int{0, 2}); err == nil {
		t.Error("Column with label 2: no error")
	}
}

// TestEarlyStopRestoresTheBest overfits a tiny training set and checks that the
// restored weights are those of the best test-loss record.
func TestEarlyStopRestoresTheBest(t *testing.T) {
	x, y := seed000Data(t)
	net := nnkit.New(nnkit.Config{
		Sizes:       []int{2, 30, 2},
		Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
		Loss:        nnkit.SoftmaxCrossEntropy,
		Reduction:   nnkit.Sum,
		Init:        nnkit.InitFanIn{},
	}, nprand.New(3))
	trainX, trainY := x.Slice(0, 12, 0, 2), y.Slice(0, 12, 0, 2)
	testX, testY := x.Slice(12, 200, 0, 2), y.Slice(12, 200, 0, 2)
	h, err := net.Train(trainX, trainY, nnkit.TrainConfig{
		Epochs: 5000, Optimizer: nnkit.SGD{LR: 0.1}, Every: 10,
		TestX: testX, TestY: testY,
		EarlyStop: &nnkit.EarlyStop{Monitor: nnkit.MonitorTestLoss, Patience: 5},
	})
	if err != nil {
		t.Fatal(err)
	}
	if h.Stopped == "" || h.Last().Epoch >= 4999 {
		t.Fatalf("did not stop early: %d records, %q", len(h.Records), h.Stopped)
	}
	var best nnkit.Record
	for _, r := range h.Records {
		if r.Epoch == h.BestEpoch {
			best = r
		}
	}
	if got := net.LossOn(testX, testY); got != best.TestLoss {
		t.Fatalf("restored weights give test loss %v, best record (epoch %d) had %v", got, h.BestEpoch, best.TestLoss)
	}
	if h.Last().TestLoss <= best.TestLoss {
		t.Fatalf("last test loss %v is not worse than the best %v", h.Last().TestLoss, best.TestLoss)
	}
}

func TestHooks(t *testing.T) {
	x, y := seed000Data(t)
	var steps, records int
	h, err := moonsNet().Train(x, y, nnkit.TrainConfig{
		Epochs: 100, Optimizer: nnkit.SGD{LR: 0.01}, BatchSize: 50, Every: 10,
		Hooks: []nnkit.Hook{nnkit.HookFuncs{
			Gradients: true,
			Step: func(s nnkit.StepInfo) error {
				steps++
				if s.Steps != 400 || s.Trace == nil || s.Gradients == nil {
					t.Errorf("step info %+v", s)
				}
				return nil
			},
			Record: func(r nnkit.Record) error {
				if records++; records == 3 {
					return nnkit.ErrStop
				}
				return nil
			},
		}},
	})
	if err != nil || steps != 21*4 || len(h.Records) != 3 || h.Stopped != "stopped by a hook" {
		t.Fatalf("err %v, %d steps, %d records, %q", err, steps, len(h.Records), h.Stopped)
	}
	boom := errors.New("boom")
	_, err = moonsNet().Train(x, y, nnkit.TrainConfig{Epochs: 5, Optimizer: nnkit.SGD{LR: 0.01},
		Hooks: []nnkit.Hook{nnkit.HookFuncs{Step: func(nnkit.StepInfo) error { return boom }}}})
	if !errors.Is(err, boom) {
		t.Fatalf("hook error: got %v", err)
	}
}

// TestMiniBatchSizes: batches of 64 over 200 samples make an epoch of 4 steps, the last
// one partial (64, 64, 64, 8), as numpy's perm[s:s+B] slicing does.
func TestMiniBatchSizes(t *testing.T) {
	x, y := seed000Data(t)
	var sizes []int
	_, err := moonsNet().Train(x, y, nnkit.TrainConfig{
		Epochs: 1, Optimizer: nnkit.SGD{LR: 0.01}, BatchSize: 64, Shuffle: true, Source: nprand.New(1),
		Hooks: []nnkit.Hook{nnkit.HookFuncs{Step: func(s nnkit.StepInfo) error {
			sizes = append(sizes, s.Trace.X.RawMatrix().Rows)
			return nil
		}}},
	})
	if err != nil || len(sizes) != 4 || sizes[0] != 64 || sizes[3] != 8 {
		t.Fatalf("err %v, batch sizes %v, want [64 64 64 8]", err, sizes)
	}
}

// TestEverySteps records per-sample training every 50 updates: the records fall on those
// steps and the last, and DuringEpoch averages the steps since the previous record.
func TestEverySteps(t *testing.T) {
	x, y := seed000Data(t)
	for _, timing := range []nnkit.LossTiming{nnkit.AfterEpoch, nnkit.DuringEpoch} {
		h, err := moonsNet().Train(x, y, nnkit.TrainConfig{
			Epochs: 2, Optimizer: nnkit.SGD{LR: 0.01}, BatchSize: 1, EverySteps: 50, LossAt: timing,
			TestX: x, TestY: y,
		})
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, r := range h.Records {
			got = append(got, r.Step)
			if math.IsNaN(r.Loss) || math.IsNaN(r.TrainAcc) || math.IsNaN(r.TestAcc) {
				t.Fatalf("timing %d: record %+v has NaN", timing, r)
			}
		}
		want := []int{50, 100, 150, 200, 250, 300, 350, 400}
		if len(got) != len(want) || got[0] != 50 || got[7] != 400 || h.Records[4].Epoch != 1 {
			t.Fatalf("timing %d: record steps %v, want %v", timing, got, want)
		}
	}
}

// TestTrainAllocatesNothingPerStep: more epochs cost no more allocations, but for the one
// permutation each shuffled epoch draws (and a constant one or two that do not grow).
func TestTrainAllocatesNothingPerStep(t *testing.T) {
	x, y := seed000Data(t)
	for _, tc := range []struct {
		name     string
		cfg      nnkit.TrainConfig
		perEpoch float64
	}{
		{"full batch", nnkit.TrainConfig{Optimizer: nnkit.SGD{LR: 0.01}}, 0},
		{"per-sample, shuffled", nnkit.TrainConfig{Optimizer: nnkit.SGD{LR: 0.01}, BatchSize: 1, Shuffle: true, Source: nprand.New(1)}, 1},
		{"mini-batch, momentum", nnkit.TrainConfig{Optimizer: &nnkit.Momentum{LR: 0.01, Beta: 0.9}, BatchSize: 64}, 0},
	} {
		allocs := func(epochs int) float64 {
			net := moonsNet()
			cfg := tc.cfg
			cfg.Epochs, cfg.Every = epochs, epochs
			return testing.AllocsPerRun(3, func() {
				if _, err := net.Train(x, y, cfg); err != nil {
					t.Fatal(err)
				}
			})
		}
		base := allocs(1)
		for _, more := range []int{100, 300} {
			if extra := allocs(1+more) - base; extra > float64(more)*tc.perEpoch+2 {
				t.Errorf("%s: %d more epochs allocate %v more times, want at most %v", tc.name, more, extra, float64(more)*tc.perEpoch+2)
			}
		}
	}
}

// TestBatchAccuracy: each record's BatchAcc is the accuracy of the epoch's last batch,
// measured again after that batch's update, and early stopping keeps the best snapshot by
// it, the first or, with KeepLatest, the latest of ties, as seed 003's MNIST code does.
func TestBatchAccuracy(t *testing.T) {
	x, y := seed000Data(t) // 200 samples: batches of 64, 64, 64 and a last one of 8
	var bests []int
	for _, latest := range []bool{false, true} {
		net := moonsNet()
		var want []float64
		var nets []*nnkit.Network
		hook := nnkit.HookFuncs{Step: func(s nnkit.StepInfo) error {
			if s.Step%4 == 0 { // after the epoch's last update
				pred := net.Predict(s.Trace.X)
				right := 0
				for i, k := range pred {
					if y.At(192+i, k) == 1 {
						right++
					}
				}
				want, nets = append(want, float64(right)/float64(len(pred))), append(nets, net.Clone())
			}
			return nil
		}}
		h, err := net.Train(x, y, nnkit.TrainConfig{Epochs: 30, Optimizer: nnkit.SGD{LR: 0.01}, BatchSize: 64, Hooks: []nnkit.Hook{hook},
			EarlyStop: &nnkit.EarlyStop{Monitor: nnkit.MonitorBatchAccuracy, Patience: 100, KeepLatest: latest}})
		if err != nil {
			t.Fatal(err)
		}
		best := 0
		for i, r := range h.Records {
			if r.BatchAcc != want[i] {
				t.Fatalf("KeepLatest %v, epoch %d: BatchAcc %v, want %v (the last batch's, after its update)", latest, i, r.BatchAcc, want[i])
			}
			if b := h.Records[best].BatchAcc; r.BatchAcc > b || latest && r.BatchAcc == b {
				best = i
			}
		}
		if h.BestEpoch != best || !mat.Equal(net.Layers[0].W, nets[best].Layers[0].W) {
			t.Fatalf("KeepLatest %v: best epoch %d, want %d, or not its weights", latest, h.BestEpoch, best)
		}
		bests = append(bests, best)
	}
	if bests[0] == bests[1] {
		t.Fatalf("the first and the latest best are both epoch %d: the test cannot tell them apart", bests[0])
	}
	if nnkit.MonitorBatchAccuracy.String() != "last batch's accuracy" || nnkit.Monitor(9).String() != "Monitor(9)" {
		t.Fatalf("names %q, %q", nnkit.MonitorBatchAccuracy, nnkit.Monitor(9))
	}
}

// TestDataLossOn: DataLossOn is Backward's data loss under Mean and LossOn less the
// penalty; targets of the wrong shape panic, naming it, instead of reading past the
// output.
func TestDataLossOn(t *testing.T) {
	x, y := seed000Data(t)
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
		Reg: nnkit.Regularization{L2: 0.01}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Mean, Init: nnkit.InitFanIn{}}, nprand.New(0))
	got := net.DataLossOn(x, y)
	g := net.Backward(net.Forward(x), y)
	if want := g.DataLoss(); math.Abs(got-want) > 1e-15*want {
		t.Errorf("DataLossOn %v, Backward's DataLoss %v", got, want)
	}
	if l := net.LossOn(x, y); !(l > got) || math.Abs(l-got-g.RegLoss()) > 1e-12 {
		t.Errorf("LossOn %v − DataLossOn %v is not the penalty %v", l, got, g.RegLoss())
	}
	for _, f := range []func(){func() { net.DataLossOn(x, y.Slice(0, 10, 0, 2)) }, func() { net.LossOn(x, mat.NewDense(200, 3, nil)) }} {
		if msg := panics(f); !strings.Contains(msg, "nnkit: ") || !strings.Contains(msg, "targets are") {
			t.Errorf("wrong-shaped targets: panic %q", msg)
		}
	}
}
