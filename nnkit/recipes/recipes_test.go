package recipes_test

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/internal/testvec"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
	"github.com/nnkit-go/nnkit/nnkit/recipes"
)

// refs is ../testdata/recipes.json, written by ../testdata/gen_recipes.py from the
// articles' own numpy code.
type refs struct {
	OneNet map[string]struct {
		After1   testvec.Floats `json:"after_1"`
		After100 testvec.Floats `json:"after_100"`
		W, B     testvec.Floats
	} `json:"onenet"`
	TwoNet map[string]struct {
		Loss           testvec.Floats `json:"loss_after_1_and_100"`
		W1, B1, W2, B2 testvec.Floats
	} `json:"twonet"`
}

func load(t *testing.T) *refs {
	t.Helper()
	b, err := os.ReadFile("../testdata/recipes.json")
	if err != nil {
		t.Fatal(err)
	}
	var r refs
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

// close requires |got−want| ≤ 1e-9·|want| + 1e-13.
func close(t *testing.T, name string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", name, len(got), len(want))
	}
	for i := range got {
		if d := math.Abs(got[i] - want[i]); !(d <= 1e-9*math.Abs(want[i])+1e-13) {
			t.Fatalf("%s[%d]: got %.17g, numpy %.17g", name, i, got[i], want[i])
		}
	}
}

func raw(m *mat.Dense) []float64 { return mat.DenseCopyOf(m).RawMatrix().Data }

// params lists a one-layer network's W column by column (numpy's w after the broadcast
// is inputs×outputs, row-major, so rows then columns), then b.
func params(net *nnkit.Network) []float64 {
	return append(raw(net.Layers[0].W), raw(net.Layers[0].B)...)
}

// TestOneNetRecipe: OneNet as seed 002's code runs it, the broadcast of its 1×2 bias for
// AND included, gives numpy's parameters after 1, 100 and 200 000 updates.
func TestOneNetRecipe(t *testing.T) {
	r := load(t)
	gates := map[string]int{"AND": 2, "OR": 1, "NOT": 1}
	for name, cols := range gates {
		d, err := datasets.Gate(name)
		if err != nil {
			t.Fatal(err)
		}
		want := r.OneNet[name]
		net := recipes.OneNet(d.NumFeatures(), cols, nprand.New(0))
		y := recipes.Repeat(d.Column(), cols)
		opt := &recipes.SumPenalty{LR: 1e-3, Lambda: 1e-3, Broadcast: cols}
		step := func(n int) {
			if _, err := net.Train(d.X, y, nnkit.TrainConfig{Epochs: n, Optimizer: opt, Every: n}); err != nil {
				t.Fatal(err)
			}
		}
		step(1)
		close(t, name+" after 1 update", params(net), want.After1)
		step(99)
		close(t, name+" after 100 updates", params(net), want.After100)
		if testing.Short() {
			continue
		}
		step(200000 - 100)
		close(t, name+" after 200 000 updates", params(net), append(append([]float64{}, want.W...), want.B...))
	}
}

// TestTwoNetRecipe: TwoNet on XOR, with the bias typo of seed 002's code and without it,
// gives numpy's loss after the first and the 100th update and its parameters after
// 10 000; with the typo, b² decays to nothing.
func TestTwoNetRecipe(t *testing.T) {
	r := load(t)
	xor, err := datasets.Gate("XOR")
	if err != nil {
		t.Fatal(err)
	}
	for name, opt := range map[string]nnkit.Optimizer{
		"typo":  recipes.BiasTypo{LR: 0.1, Layers: []int{2}},
		"fixed": nnkit.SGD{LR: 0.1},
	} {
		want := r.TwoNet[name]
		// numpy adds λ·W to each dW of the mean cross-entropy: nnkit's Mean reduction
		// divides the L2 term by m = 4, so λ is 4·1e-3 here.
		net := nnkit.New(nnkit.Config{Sizes: []int{2, 6, 2}, Activations: []nnkit.Activation{nnkit.ReLU, nnkit.Softmax},
			Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Mean, Reg: nnkit.Regularization{L2: 4e-3}, Init: recipes.Normal{Scale: 0.01}}, nprand.New(0))
		h, err := net.Train(xor.X, xor.OneHot(), nnkit.TrainConfig{Epochs: 10000, Optimizer: opt, Every: 1})
		if err != nil {
			t.Fatal(err)
		}
		loss := h.Column("loss")
		close(t, name+" loss after 1 and 100 updates", []float64{loss[0], loss[99]}, want.Loss)
		close(t, name+" W¹", raw(net.Layers[0].W), want.W1)
		close(t, name+" W²", raw(net.Layers[1].W), want.W2)
		close(t, name+" b¹", raw(net.Layers[0].B), want.B1)
		close(t, name+" b²", raw(net.Layers[1].B), want.B2)
	}
}
