package nnkit_test

import (
	"fmt"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// Sum and Mean differ by the batch size: the same network, the same data, gradients m
// times apart. Seed 000 sums; Coursera averages.
func ExampleReduction() {
	x, y := xorData()
	for _, red := range []nnkit.Reduction{nnkit.Sum, nnkit.Mean} {
		net := nnkit.New(nnkit.Config{Sizes: []int{2, 2}, Activations: []nnkit.Activation{nnkit.Softmax},
			Reduction: red,
			Loss:      nnkit.SoftmaxCrossEntropy,
			Init:      nnkit.InitFanIn{}}, nprand.New(0))
		g := net.Backward(net.Forward(x), y)
		fmt.Printf("%s: loss %.4f, dW[0][0] %.4f\n", red, g.Objective(), g.Layers[0].DW.At(0, 0))
	}
	// Output:
	// sum: loss 2.9817, dW[0][0] 0.2420
	// mean: loss 0.7454, dW[0][0] 0.0605
}

// L2 adds (λ/2)·Σw² to the loss and λ·W to dW; biases are never penalised.
func ExampleRegularization() {
	x, y := xorData()
	for _, reg := range []nnkit.Regularization{{}, {L2: 0.5}, {L1: 0.1}} {
		net := nnkit.New(nnkit.Config{Sizes: []int{2, 2}, Activations: []nnkit.Activation{nnkit.Softmax},
			Reg:       reg,
			Loss:      nnkit.SoftmaxCrossEntropy,
			Reduction: nnkit.Sum,
			Init:      nnkit.InitFanIn{}}, nprand.New(0))
		g := net.Backward(net.Forward(x), y)
		fmt.Printf("%-8s data %.4f reg %.4f\n", reg, g.DataLoss(), g.RegLoss())
	}
	// Output:
	// none     data 2.9817 reg 0.0000
	// L2 λ=0.5 data 2.9817 reg 1.1564
	// L1 λ=0.1 data 2.9817 reg 0.3807
}

// AfterEpoch evaluates after the update (seed 000's calculate_loss); DuringEpoch keeps
// the loss computed before it (Coursera's cost), at no extra cost.
func ExampleLossTiming() {
	x, y := xorData()
	for _, timing := range []nnkit.LossTiming{nnkit.AfterEpoch, nnkit.DuringEpoch} {
		net := nnkit.New(nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}},
			nprand.New(0))
		h, _ := net.Train(x, y, nnkit.TrainConfig{Epochs: 1, Optimizer: nnkit.SGD{LR: 0.5}, LossAt: timing})
		fmt.Printf("%.4f\n", h.Records[0].Loss)
	}
	// Output:
	// 0.7183
	// 0.7690
}

func ExampleNetwork_Predict() {
	x, y := xorData()
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 8, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
		Reduction: nnkit.Mean,
		Loss:      nnkit.SoftmaxCrossEntropy,
		Init:      nnkit.InitFanIn{}}, nprand.New(0))
	if _, err := net.Train(x, y, nnkit.TrainConfig{Epochs: 3000, Optimizer: nnkit.SGD{LR: 1}}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(net.Predict(x))
	fmt.Printf("%.2f\n", mat.Formatted(net.Probabilities(x).Slice(0, 1, 0, 2)))
	// Output:
	// [0 1 1 0]
	// [1.00  0.00]
}

func ExampleLabels() {
	probs := mat.NewDense(3, 3, []float64{0.1, 0.7, 0.2, 0.5, 0.3, 0.2, 0.1, 0.1, 0.8})
	fmt.Println(nnkit.Labels(probs))
	sigmoidOut := mat.NewDense(3, 1, []float64{0.2, 0.5, 0.9})
	fmt.Println(nnkit.Labels(sigmoidOut))
	// Output:
	// [1 0 2]
	// [0 1 1]
}

// A single sigmoid output unit (seed 003's OneNet, Coursera's planar network) takes its
// targets as one 0/1 column.
func ExampleColumn() {
	y, _ := nnkit.Column([]int{0, 0, 0, 1}) // AND
	fmt.Println(mat.Formatted(y.T()))
	// Output:
	// [0  0  0  1]
}

func ExampleSGD() {
	opt := nnkit.SGD{LR: 0.01}
	p := [][]float64{{1, 2}}
	opt.Step(p, [][]float64{{10, -10}})
	fmt.Println(opt, p[0])
	// Output:
	// SGD lr=0.01 [0.9 2.1]
}

// seed 000's initial weights: np.random.seed(0); np.random.randn(2, 3) / np.sqrt(2).
func ExampleInitFanIn() {
	w, b := mat.NewDense(2, 3, nil), mat.NewDense(1, 3, nil)
	nnkit.InitFanIn{}.Init(w, b, nprand.New(0))
	fmt.Printf("%.8f\n", mat.Formatted(w))
	// Output:
	// ⎡ 1.24737338   0.28295388   0.69207227⎤
	// ⎣ 1.58455078   1.32056292  -0.69103982⎦
}

// seed 002's Layer(2, 25): randn(2, 25)·√(1/25), then bias rand(25)·0.1.
func ExampleInitFanOut() {
	w, b := mat.NewDense(2, 25, nil), mat.NewDense(1, 25, nil)
	init := nnkit.InitFanOut{BiasScale: 0.1}
	init.Init(w, b, nprand.New(0))
	fmt.Println(init)
	fmt.Printf("%.6f %.6f\n", w.At(0, 0), b.At(0, 0))
	// Output:
	// randn·√(1/n_out), b = rand·0.1
	// 0.352810 0.015897
}

func ExampleInitHe() {
	net := nnkit.New(nnkit.Config{Sizes: []int{784, 300}, Activations: []nnkit.Activation{nnkit.ReLU},
		Loss: nnkit.MSEMean, Init: nnkit.InitHe{},
		Reduction: nnkit.Sum}, nprand.New(0))
	fmt.Printf("%.6f\n", net.Layers[0].W.At(0, 0)) // 1.76405235·√(2/784)
	// Output:
	// 0.089098
}

func ExampleInitXavier() {
	net := nnkit.New(nnkit.Config{Sizes: []int{4, 6}, Activations: []nnkit.Activation{nnkit.Tanh},
		Loss: nnkit.MSEMean, Init: nnkit.InitXavier{},
		Reduction: nnkit.Sum}, nprand.New(0))
	w := net.Layers[0].W.At(0, 0) // −1 + 2·0.5488135 times √(6/10)
	fmt.Printf("%.6f\n", w)
	// Output:
	// 0.075622
}

// Zeros leaves every hidden unit identical: they receive identical gradients and stay
// identical, which is why the tutorials start from random weights.
func ExampleInitZeros() {
	x, y := xorData()
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
		Init:      nnkit.InitZeros{},
		Loss:      nnkit.SoftmaxCrossEntropy,
		Reduction: nnkit.Sum}, nil)
	net.Train(x, y, nnkit.TrainConfig{Epochs: 100, Optimizer: nnkit.SGD{LR: 0.1}})
	w := net.Layers[0].W
	fmt.Println(w.At(0, 0) == w.At(0, 1) && w.At(0, 1) == w.At(0, 2))
	// Output:
	// true
}

func ExampleMonitor() {
	fmt.Println(nnkit.MonitorTestAccuracy)
	// Output:
	// test accuracy
}

// penalisedNet is the examples' one-layer softmax net on xorData, with an L2 penalty.
func penalisedNet() *nnkit.Network {
	return nnkit.New(nnkit.Config{Sizes: []int{2, 2}, Activations: []nnkit.Activation{nnkit.Softmax},
		Reg:       nnkit.Regularization{L2: 0.5},
		Loss:      nnkit.SoftmaxCrossEntropy,
		Reduction: nnkit.Sum,
		Init:      nnkit.InitFanIn{}}, nprand.New(0))
}

func ExampleNetwork_LossOn() {
	x, y := xorData()
	net := penalisedNet()
	// (Σ cross-entropy + (λ/2)·Σw²)/m, seed 000's calculate_loss.
	fmt.Printf("%.4f\n", net.LossOn(x, y))
	// Output:
	// 1.0345
}

// DataLossOn leaves the penalty out: the cross-entropy alone, per sample.
func ExampleNetwork_DataLossOn() {
	x, y := xorData()
	net := penalisedNet()
	fmt.Printf("%.4f\n", net.DataLossOn(x, y))
	// Output:
	// 0.7454
}

func ExampleNetwork_Clone() {
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 2}, Activations: []nnkit.Activation{nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, nprand.New(0))
	c := net.Clone()
	c.Layers[0].W.Set(0, 0, 100)
	fmt.Println(net.Layers[0].W.At(0, 0) != 100)
	// Output:
	// true
}

func ExampleSup() {
	fmt.Println("W" + nnkit.Sup(12))
	// Output:
	// W¹²
}

// ForwardInto reuses a Trace's storage: a loop of them allocates nothing per call.
func ExampleNetwork_ForwardInto() {
	x, _ := xorData()
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, nprand.New(0))
	var t nnkit.Trace
	for range 3 {
		net.ForwardInto(&t, x)
	}
	r, c := t.Output().Dims()
	fmt.Println(r, c)
	// Output:
	// 4 2
}

// Seed 002's numpy code updates only the weights; FixedBiases does the same.
func ExampleSGD_fixedBiases() {
	x, y := xorData()
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.Sigmoid, nnkit.Sigmoid},
		Loss: nnkit.MSEHalfSum, Init: nnkit.InitFanOut{BiasScale: 0.1},
		Reduction: nnkit.Sum}, nprand.New(0))
	b := net.Layers[0].B.At(0, 0)
	w := net.Layers[0].W.At(0, 0)
	net.Train(x, y, nnkit.TrainConfig{Epochs: 10, BatchSize: 1, Optimizer: nnkit.SGD{LR: 0.5, FixedBiases: true}})
	fmt.Println(net.Layers[0].B.At(0, 0) == b, net.Layers[0].W.At(0, 0) != w)
	// Output:
	// true true
}

// MatMulBackend names what multiplies large matrices: "avx512" or "avx2" by default on
// amd64 CPUs with AVX-512, or AVX2 and FMA, "gonum" elsewhere, "openblas" when built with -tags openblas (and
// a note after the name if that tag could not take effect).
func ExampleMatMulBackend() {
	switch strings.Fields(nnkit.MatMulBackend())[0] {
	case "avx512", "avx2", "gonum", "openblas":
		fmt.Println("a known backend")
	}
	// Output: a known backend
}

// The loss writes the output layer's δ as the tutorials do.
func ExampleLoss_Delta() {
	fmt.Println(nnkit.SoftmaxCrossEntropy.Delta(nnkit.Softmax, "A²", 2))
	fmt.Println(nnkit.MSEMean.Delta(nnkit.Sigmoid, "A²", 2))
	// Output:
	// A² − Y
	// (2/2)(A² − Y) ⊙ A²(1−A²)
}

// Each optimiser writes its own update rule.
func ExampleUpdateRule() {
	fmt.Println(nnkit.UpdateRule(nnkit.SGD{LR: 0.01}, "W¹"))
	fmt.Println(nnkit.UpdateRule(&nnkit.Momentum{LR: 0.1, Beta: 0.9}, "W¹"))
	// Output:
	// W¹ ← W¹ − ε·dW¹
	// v ← β·v + dW¹;  W¹ ← W¹ − ε·v
}

// The one classifier rule: the argmax, or for a single output P(class 1) ≥ 0.5.
func ExampleClassOf() {
	fmt.Println(nnkit.ClassOf([]float64{0.2, 0.7, 0.1}))
	fmt.Println(nnkit.ClassOf([]float64{0.3}))
	// Output:
	// 1 0.7
	// 0 0.7
}

func ExampleMaxAbs() {
	fmt.Println(nnkit.MaxAbs(mat.NewDense(2, 2, []float64{0.5, -3, 2, 1})))
	// Output:
	// 3
}

// A hook that reads the gradients says so; Train then stores them for it. The weights
// are the same with or without it.
func ExampleGradientReader() {
	x := mat.NewDense(4, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1})
	y := mat.NewDense(4, 2, []float64{1, 0, 0, 1, 0, 1, 1, 0})
	train := func(hooks ...nnkit.Hook) *nnkit.Network {
		net := nnkit.New(nnkit.Config{Sizes: []int{2, 4, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
			Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Mean, Init: nnkit.InitXavier{}}, nprand.New(0))
		net.Train(x, y, nnkit.TrainConfig{Epochs: 100, Optimizer: nnkit.SGD{LR: 0.5}, Hooks: hooks})
		return net
	}
	var largest float64
	reader := nnkit.HookFuncs{Gradients: true, Step: func(s nnkit.StepInfo) error {
		largest = max(largest, nnkit.MaxAbs(s.Gradients.Layers[0].DW))
		return nil
	}}
	fmt.Println(mat.Equal(train(reader).Layers[0].W, train().Layers[0].W), largest > 0)
	// Output:
	// true true
}

// A pass knows its network, which writes its equations.
func ExampleTrace_Equations() {
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
		Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Mean, Init: nnkit.InitFanIn{}}, nprand.New(0))
	x, y := mat.NewDense(4, 2, nil), mat.NewDense(4, 2, []float64{1, 0, 0, 1, 1, 0, 0, 1})
	t := net.Forward(x)
	z, a := t.Equations(0)
	delta, dW, _ := net.Backward(t, y).Equations(1)
	fmt.Println(z)
	fmt.Println(a)
	fmt.Println(delta)
	fmt.Println(dW)
	// Output:
	// Z¹ = X·W¹ + b¹    (4×2)·(2×3) + (1×3) → 4×3
	// A¹ = tanh(Z¹)    → 4×3
	// δ² = A² − Y , divided by m = 4
	// dW² = A¹ᵀ·δ²    (3×4)·(4×2) → 3×2
}

func ExampleNetwork_Accuracy() {
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 2}, Activations: []nnkit.Activation{nnkit.Softmax},
		Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Mean, Init: nnkit.InitZeros{}}, nil)
	net.Layers[0].W.Set(0, 1, 1) // class 1 where x₀ > 0
	x := mat.NewDense(4, 2, []float64{1, 0, -1, 0, 2, 0, -2, 0})
	y, _ := nnkit.OneHot([]int{1, 0, 0, 0}, 2)
	fmt.Println(net.Accuracy(x, y))
	// Output:
	// 0.75
}
