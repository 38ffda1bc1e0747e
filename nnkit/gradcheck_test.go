package nnkit_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
)

var allActivations = []nnkit.Activation{nnkit.Identity, nnkit.Sigmoid, nnkit.Tanh, nnkit.ReLU,
	nnkit.LeakyReLU, nnkit.Softmax, nnkit.Swish}

// TestGradCheckEveryCombination checks backprop against central differences for every
// hidden activation, every loss with every output activation it accepts, every
// regularisation and both reductions, through two hidden layers.
func TestGradCheckEveryCombination(t *testing.T) {
	type head struct {
		loss nnkit.Loss
		out  nnkit.Activation
		k    int
	}
	var heads []head
	heads = append(heads, head{nnkit.SoftmaxCrossEntropy, nnkit.Softmax, 3},
		head{nnkit.BinaryCrossEntropy, nnkit.Sigmoid, 1}, head{nnkit.BinaryCrossEntropy, nnkit.Sigmoid, 3})
	for _, a := range allActivations {
		heads = append(heads, head{nnkit.MSEHalfSum, a, 3}, head{nnkit.MSEMean, a, 3})
	}
	regs := []nnkit.Regularization{{}, {L1: 0.03}, {L2: 0.05}, {L1: 0.02, L2: 0.04}}
	checked := 0
	for _, hidden := range allActivations {
		for _, hd := range heads {
			for _, reg := range regs {
				for _, red := range []nnkit.Reduction{nnkit.Sum, nnkit.Mean} {
					name := fmt.Sprintf("%s/%s-%s-k%d/%v/%s", hidden, hd.loss, hd.out, hd.k, reg, red)
					src := rand.New(rand.NewPCG(uint64(checked), 7))
					net := nnkit.New(nnkit.Config{
						Sizes:       []int{3, 4, 5, hd.k},
						Activations: []nnkit.Activation{hidden, hidden, hd.out},
						Loss:        hd.loss, Reduction: red, Reg: reg, Init: nnkit.InitXavier{},
					}, src)
					// Random biases: with b = 0, a sample whose ReLUs are all dead feeds the
					// next layer z = 0 exactly, a kink where central differences are wrong.
					for _, d := range net.Layers {
						for j := range d.Out() {
							d.B.Set(0, j, src.Float64()-0.5)
						}
					}
					x, y := randomData(src, 6, 3, hd.k, hd.loss)
					res := net.GradCheck(x, y)
					if res.RelErr >= 1e-7 {
						t.Errorf("%s: relative error %.3g ≥ 1e-7\n%v", name, res.RelErr, res)
					}
					checked++
				}
			}
		}
	}
	t.Logf("%d combinations checked", checked)
}

// randomData makes m samples: inputs in [−2, 2), and targets that fit the loss.
func randomData(src *rand.Rand, m, n, k int, loss nnkit.Loss) (*mat.Dense, *mat.Dense) {
	x := mat.NewDense(m, n, nil)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			x.Set(i, j, 4*src.Float64()-2)
		}
	}
	y := mat.NewDense(m, k, nil)
	for i := 0; i < m; i++ {
		switch loss {
		case nnkit.SoftmaxCrossEntropy:
			y.Set(i, src.IntN(k), 1)
		case nnkit.BinaryCrossEntropy:
			for j := 0; j < k; j++ {
				y.Set(i, j, float64(src.IntN(2)))
			}
		default:
			for j := 0; j < k; j++ {
				y.Set(i, j, src.Float64())
			}
		}
	}
	return x, y
}

// TestGradCheckReportsAKink puts a ReLU exactly on its kink, where backprop's
// derivative (0) and the central difference (the half slope) disagree, and checks that
// GradCheck fails there and names the parameter.
func TestGradCheckReportsAKink(t *testing.T) {
	net := nnkit.New(nnkit.Config{
		Sizes:       []int{1, 1, 1},
		Activations: []nnkit.Activation{nnkit.ReLU, nnkit.Identity},
		Loss:        nnkit.MSEHalfSum,
		Init:        nnkit.InitZeros{},
		Reduction:   nnkit.Sum,
	}, nil)
	net.Layers[0].W.Set(0, 0, 1)
	net.Layers[1].W.Set(0, 0, 1)
	x := mat.NewDense(1, 1, []float64{0}) // z¹ = 1·0 + 0 = 0
	y := mat.NewDense(1, 1, []float64{1})
	r := net.GradCheck(x, y)
	if r.RelErr < 0.1 {
		t.Fatalf("relative error %.3g at a kink, want a clear failure", r.RelErr)
	}
	want := nnkit.ParamRef{Layer: 1, Kind: "b"}
	if r.Worst != want || r.Analytic != 0 || math.Abs(r.Numeric+0.5) > 1e-5 {
		t.Fatalf("worst %v: backprop %v, numeric %v; want %v: 0, -0.5", r.Worst, r.Analytic, r.Numeric, want)
	}
	// The check leaves the parameters as it found them.
	if net.Layers[0].B.At(0, 0) != 0 || net.Layers[0].W.At(0, 0) != 1 {
		t.Fatal("GradCheck changed the parameters")
	}
}
