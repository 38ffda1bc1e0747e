package nnkit_test

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/nnkit-go/nnkit/nnkit/internal/testvec"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// trajectories is testdata/trajectories.json, written by testdata/gen_trajectories.py
// from the seed articles' numpy code run with Debian's numpy 1.24 and sklearn 1.2.
type trajectories struct {
	Seed000 struct {
		X, W1_0, W2_0, W1, B1, W2, B2, Loss floats
		DW1_0                               floats `json:"dW1_0"`
		Probs0Row0                          floats `json:"probs_0_row0"`
		Delta20Row0                         floats `json:"delta2_0_row0"`
		Y                                   []int
	} `json:"seed000"`
	WlB struct {
		Xtr    floats
		Ytr    []int
		Epochs int
		W, B   []floats
	} `json:"wl_b"`
	OptimMomentum params `json:"optim_momentum"`
	OptimAdam     params `json:"optim_adam"`
	WlCMini       struct {
		X      floats
		Y      []int
		Epochs int
		W, B   []floats
	} `json:"wl_c_mini"`
}

// params are a 2-layer network's weights.
type params struct{ W1, B1, W2, B2 floats }

// floats are exact float64s from the generator scripts.
type floats = testvec.Floats

func loadTrajectories(t testing.TB) *trajectories {
	t.Helper()
	b, err := os.ReadFile("testdata/trajectories.json")
	if err != nil {
		t.Fatal(err)
	}
	var tr trajectories
	if err := json.Unmarshal(b, &tr); err != nil {
		t.Fatal(err)
	}
	return &tr
}

// closeTo requires |got−want| ≤ 1e-9·|want| (plus 1e-13 for values near zero).
func closeTo(t *testing.T, name string, got []float64, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values, want %d", name, len(got), len(want))
	}
	for i := range got {
		if d := math.Abs(got[i] - want[i]); !(d <= 1e-9*math.Abs(want[i])+1e-13) {
			t.Fatalf("%s[%d]: got %.17g, want %.17g (numpy), relative error %.3g", name, i, got[i], want[i], d/math.Abs(want[i]))
		}
	}
}

func raw(m *mat.Dense) []float64 { return mat.DenseCopyOf(m).RawMatrix().Data }

// TestSeed000Trajectory trains seed 000's network from np.random.seed(0) weights for
// 1000 passes and compares every 100th loss and the final weights with numpy's.
func TestSeed000Trajectory(t *testing.T) {
	ref := loadTrajectories(t).Seed000
	x := mat.NewDense(200, 2, ref.X)
	y, err := nnkit.OneHot(ref.Y, 2)
	if err != nil {
		t.Fatal(err)
	}
	net := nnkit.New(nnkit.Config{
		Sizes:       []int{2, 3, 2},
		Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
		Loss:        nnkit.SoftmaxCrossEntropy,
		Reduction:   nnkit.Sum,
		Reg:         nnkit.Regularization{L2: 0.01},
		Init:        nnkit.InitFanIn{},
	}, nprand.New(0))
	// The initial weights are numpy's bit for bit.
	if got := raw(net.Layers[0].W); !equal(got, ref.W1_0) {
		t.Fatalf("W1 after seed(0): got %v, want %v", got, ref.W1_0)
	}
	if got := raw(net.Layers[1].W); !equal(got, ref.W2_0) {
		t.Fatalf("W2 after seed(0): got %v, want %v", got, ref.W2_0)
	}

	// The first step, as the notebook shows it.
	tr := net.Forward(x)
	g := net.Backward(tr, y)
	closeTo(t, "probs[0]", raw(tr.Output())[:2], ref.Probs0Row0)
	closeTo(t, "δ2[0]", raw(g.Layers[0].Delta)[:3], ref.Delta20Row0)
	closeTo(t, "dW1", raw(g.Layers[0].DW), ref.DW1_0)

	h, err := net.Train(x, y, nnkit.TrainConfig{Epochs: 1000, Optimizer: nnkit.SGD{LR: 0.01}, Every: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Records) != 11 {
		t.Fatalf("got %d records, want 11 (every 100 passes and the last)", len(h.Records))
	}
	losses := h.Column("loss")[:10]
	closeTo(t, "loss every 100", losses, ref.Loss)
	closeTo(t, "W1", raw(net.Layers[0].W), ref.W1)
	closeTo(t, "b1", raw(net.Layers[0].B), ref.B1)
	closeTo(t, "W2", raw(net.Layers[1].W), ref.W2)
	closeTo(t, "b2", raw(net.Layers[1].B), ref.B2)
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestWorkloadBTrajectory is benchmark workload (b): 2-25-50-25-2 sigmoid, ½Σ MSE,
// per-sample SGD in np.random.RandomState(0).permutation order, 3 epochs.
func TestWorkloadBTrajectory(t *testing.T) {
	ref := loadTrajectories(t).WlB
	m := len(ref.Ytr)
	x := mat.NewDense(m, 2, ref.Xtr)
	y, _ := nnkit.OneHot(ref.Ytr, 2)
	src := nprand.New(0)
	sig := nnkit.Sigmoid
	net := nnkit.New(nnkit.Config{
		Sizes:       []int{2, 25, 50, 25, 2},
		Activations: []nnkit.Activation{sig, sig, sig, sig},
		Loss:        nnkit.MSEHalfSum,
		Init:        nnkit.InitFanIn{},
		Reduction:   nnkit.Sum,
	}, src)
	_, err := net.Train(x, y, nnkit.TrainConfig{
		Epochs: ref.Epochs, Optimizer: nnkit.SGD{LR: 0.01}, BatchSize: 1, Shuffle: true, Source: src,
		Every: ref.Epochs,
	})
	if err != nil {
		t.Fatal(err)
	}
	for l := range net.Layers {
		closeTo(t, "W"+nnkit.Sup(l+1), raw(net.Layers[l].W), ref.W[l])
		closeTo(t, "b"+nnkit.Sup(l+1), raw(net.Layers[l].B), ref.B[l])
	}
}

// TestWorkloadCMiniTrajectory is workload (c) in miniature: ReLU/softmax, mean
// cross-entropy, He init, batches of 32 with a partial last one, reshuffled each epoch.
func TestWorkloadCMiniTrajectory(t *testing.T) {
	ref := loadTrajectories(t).WlCMini
	x := mat.NewDense(len(ref.Y), 8, ref.X)
	y, _ := nnkit.OneHot(ref.Y, 3)
	src := nprand.New(0)
	net := nnkit.New(nnkit.Config{
		Sizes:       []int{8, 16, 12, 3},
		Activations: []nnkit.Activation{nnkit.ReLU, nnkit.ReLU, nnkit.Softmax},
		Loss:        nnkit.SoftmaxCrossEntropy,
		Reduction:   nnkit.Mean,
		Init:        nnkit.InitHe{},
	}, src)
	_, err := net.Train(x, y, nnkit.TrainConfig{
		Epochs: ref.Epochs, Optimizer: nnkit.SGD{LR: 0.1}, BatchSize: 32, Shuffle: true, Source: src,
	})
	if err != nil {
		t.Fatal(err)
	}
	for l := range net.Layers {
		closeTo(t, "W"+nnkit.Sup(l+1), raw(net.Layers[l].W), ref.W[l])
		closeTo(t, "b"+nnkit.Sup(l+1), raw(net.Layers[l].B), ref.B[l])
	}
}
