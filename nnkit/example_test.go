package nnkit_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// xorData is the XOR truth table, one-hot.
func xorData() (*mat.Dense, *mat.Dense) {
	x := mat.NewDense(4, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1})
	y, _ := nnkit.OneHot([]int{0, 1, 1, 0}, 2)
	return x, y
}

// Seed 000's network, built from np.random.seed(0): one forward pass, one backward pass
// and one update, each with its shapes.
func Example() {
	net := nnkit.New(nnkit.Config{
		Sizes:       []int{2, 3, 2},
		Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
		Loss:        nnkit.SoftmaxCrossEntropy,
		Reduction:   nnkit.Sum,
		Reg:         nnkit.Regularization{L2: 0.01},
		Init:        nnkit.InitFanIn{}, // np.random.randn(2, 3) / np.sqrt(2)
	}, nprand.New(0))
	fmt.Println(net)
	fmt.Printf("W1 = %.4f\n", mat.Formatted(net.Layers[0].W, mat.Prefix("     ")))

	x, y := xorData()
	tr := net.Forward(x)
	g := net.Backward(tr, y)
	net.Update(g, nnkit.SGD{LR: 0.01})
	fmt.Printf("loss %.4f\n", g.Objective())
	// Output:
	// 2-3-2 tanh/softmax, softmax-cross-entropy (sum), L2 λ=0.01
	// W1 = ⎡ 1.2474   0.2830   0.6921⎤
	//      ⎣ 1.5846   1.3206  -0.6910⎦
	// loss 3.1158
}

func ExampleNew() {
	net := nnkit.New(nnkit.Config{
		Sizes:       []int{2, 25, 50, 25, 2},
		Activations: []nnkit.Activation{nnkit.Sigmoid, nnkit.Sigmoid, nnkit.Sigmoid, nnkit.Sigmoid},
		Loss:        nnkit.MSEHalfSum,
		Init:        nnkit.InitFanOut{BiasScale: 0.1}, // seed 002's Layer constructor,
		Reduction:   nnkit.Sum,
	}, nprand.New(0))
	fmt.Println(net)
	fmt.Println(net.NumParams(), "parameters")
	// Output:
	// 2-25-50-25-2 sigmoid/sigmoid/sigmoid/sigmoid, mse-half-sum (sum)
	// 2702 parameters
}

func ExampleNetwork_Forward() {
	net := nnkit.New(nnkit.Config{
		Sizes:       []int{2, 3, 2},
		Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
		Loss:        nnkit.SoftmaxCrossEntropy,
		Reduction:   nnkit.Sum,
		Init:        nnkit.InitFanIn{},
	}, nprand.New(0))
	x, _ := xorData()
	fmt.Println(net.Forward(x))
	// Output:
	// forward: X 4×2
	//   Z¹ = X·W¹ + b¹    (4×2)·(2×3) + (1×3) → 4×3   Z¹[0] = [0 0 0]
	//   A¹ = tanh(Z¹)    → 4×3   A¹[0] = [0 0 0]
	//   Z² = A¹·W² + b²    (4×3)·(3×2) + (1×2) → 4×2   Z²[0] = [0 0]
	//   A² = softmax(Z²) = exp(Z²) / Σ exp(Z²) per row    → 4×2   A²[0] = [0.5 0.5]
}

func ExampleNetwork_Backward() {
	net := nnkit.New(nnkit.Config{
		Sizes:       []int{2, 3, 2},
		Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
		Reg:         nnkit.Regularization{L2: 0.01},
		Loss:        nnkit.SoftmaxCrossEntropy,
		Reduction:   nnkit.Sum,
		Init:        nnkit.InitFanIn{},
	}, nprand.New(0))
	x, y := xorData()
	fmt.Println(net.Backward(net.Forward(x), y))
	// Output:
	// backward: loss 3.11582 = data 3.07619 + reg 0.0396368 (sum over m=4)
	//   δ² = A² − Y   δ²[0] = [-0.5 0.5]
	//   dW² = A¹ᵀ·δ²    (3×4)·(4×2) → 3×2  + (λ)·W²   dW²[0] = [0.6517 -0.6471]
	//   db² = Σ rows of δ²    → 1×2   = [0.2751 -0.2751]
	//   δ¹ = (δ²·W²ᵀ) ⊙ (1−A¹²)    (4×2)·(2×3) ⊙ (4×3) → 4×3   δ¹[0] = [-0.318 0.1483 0.3782]
	//   dW¹ = Xᵀ·δ¹    (2×4)·(4×3) → 2×3  + (λ)·W¹   dW¹[0] = [0.0986 -0.1162 0.07547]
	//   db¹ = Σ rows of δ¹    → 1×3   = [-0.1643 -0.02127 0.1139]
}

func ExampleNetwork_Update() {
	net := nnkit.New(nnkit.Config{
		Sizes:       []int{2, 2},
		Activations: []nnkit.Activation{nnkit.Softmax},
		Loss:        nnkit.SoftmaxCrossEntropy,
		Reduction:   nnkit.Sum,
		Init:        nnkit.InitFanIn{},
	}, nprand.New(0))
	x, y := xorData()
	g := net.Backward(net.Forward(x), y)
	fmt.Println(net.Update(g, nnkit.SGD{LR: 0.1}))
	// Output:
	// update: SGD lr=0.1
	//   ΔW¹ 2×2 max|Δ| 0.0242 [-0.0242 0.0242]   Δb¹ 1×2 max|Δ| 0.00326 [-0.003258 0.003258]
}

// Training XOR with a 2-6-2 ReLU/softmax network, as seed 003's TwoNet does.
func ExampleNetwork_Train() {
	net := nnkit.New(nnkit.Config{
		Sizes:       []int{2, 6, 2},
		Activations: []nnkit.Activation{nnkit.ReLU, nnkit.Softmax},
		Loss:        nnkit.SoftmaxCrossEntropy,
		Reduction:   nnkit.Mean,
		Init:        nnkit.InitHe{},
	}, nprand.New(1))
	x, y := xorData()
	h, err := net.Train(x, y, nnkit.TrainConfig{Epochs: 2000, Optimizer: nnkit.SGD{LR: 0.5}, Every: 1000})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range h.Records {
		fmt.Printf("epoch %4d: accuracy %.2f\n", r.Epoch, r.TrainAcc)
	}
	fmt.Println(net.Predict(x))
	// Output:
	// epoch    0: accuracy 0.50
	// epoch 1000: accuracy 1.00
	// epoch 1999: accuracy 1.00
	// [0 1 1 0]
}

func ExampleNetwork_GradCheck() {
	net := nnkit.New(nnkit.Config{
		Sizes:       []int{2, 4, 2},
		Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
		Reg:         nnkit.Regularization{L2: 0.1},
		Loss:        nnkit.SoftmaxCrossEntropy,
		Reduction:   nnkit.Sum,
		Init:        nnkit.InitFanIn{},
	}, nprand.New(0))
	x, y := xorData()
	r := net.GradCheck(x, y)
	fmt.Println(r.RelErr < 1e-7)
	// Output:
	// true
}

func ExampleNetwork_Save() {
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 2}, Activations: []nnkit.Activation{nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, nprand.New(0))
	var buf bytes.Buffer
	if err := net.Save(&buf); err != nil {
		fmt.Println(err)
		return
	}
	back, err := nnkit.Load(&buf)
	fmt.Println(back, err)
	fmt.Println(mat.Equal(back.Layers[0].W, net.Layers[0].W))
	// Output:
	// 2-2 softmax, softmax-cross-entropy (sum) <nil>
	// true
}

func ExampleLoad() {
	_, err := nnkit.Load(bytes.NewReader([]byte(`{"format":"nnkit-model","version":7}`)))
	fmt.Println(err)
	// Output:
	// nnkit: Load: model version 7, this nnkit reads version 1
}

func ExampleParseActivation() {
	a, _ := nnkit.ParseActivation("tanh")
	fmt.Println(a, a.Formula("Z¹"), "f′ =", a.Derivative("A¹"))
	_, err := nnkit.ParseActivation("gelu")
	fmt.Println(err)
	// Output:
	// tanh tanh(Z¹) f′ = (1−A¹²)
	// nnkit: unknown activation "gelu" (valid: identity, sigmoid, tanh, relu, leaky-relu, softmax, swish)
}

func ExampleParseLoss() {
	l, _ := nnkit.ParseLoss("mse-mean")
	fmt.Println(l == nnkit.MSEMean)
	// Output:
	// true
}

func ExampleOneHot() {
	y, _ := nnkit.OneHot([]int{2, 0, 1}, 3)
	fmt.Println(mat.Formatted(y))
	fmt.Println(nnkit.Labels(y))
	_, err := nnkit.OneHot([]int{3}, 3)
	fmt.Println(err)
	// Output:
	// ⎡0  0  1⎤
	// ⎢1  0  0⎥
	// ⎣0  1  0⎦
	// [2 0 1]
	// nnkit: OneHot: label 3 of sample 0 is outside [0, 3)
}

func ExampleNewConfusion() {
	c, _ := nnkit.NewConfusion([]int{0, 1, 1, 1}, []int{0, 0, 1, 1}, 2)
	fmt.Println(c)
	// Output:
	// true\pred     0     1  recall
	// 0             1     1   0.500
	// 1             0     2   1.000
	// precision 1.000 0.667
	// accuracy 0.7500 of 4
}

func ExampleAccuracy() {
	fmt.Println(nnkit.Accuracy([]int{1, 0, 1, 1}, []int{1, 0, 0, 1}))
	// Output:
	// 0.75
}

// Coursera's initialize_parameters(2, 4, 1) with np.random.seed(2): nnkit's W¹ is the
// transpose of Coursera's, with the same values.
func ExampleInitCoursera() {
	net := nnkit.New(nnkit.Config{
		Sizes:       []int{2, 4, 1},
		Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Sigmoid},
		Loss:        nnkit.BinaryCrossEntropy,
		Reduction:   nnkit.Mean,
		Init:        nnkit.InitCoursera{Scale: 0.01},
	}, nprand.New(2))
	fmt.Printf("%.8f\n", mat.Formatted(net.Layers[0].W.T()))
	// Output:
	// ⎡-0.00416758  -0.00056267⎤
	// ⎢-0.02136196   0.01640271⎥
	// ⎢-0.01793436  -0.00841747⎥
	// ⎣ 0.00502881  -0.01245288⎦
}

// Any Source works; math/rand/v2's generators implement it.
func ExampleSource() {
	var src nnkit.Source = rand.New(rand.NewPCG(1, 2))
	net := nnkit.New(nnkit.Config{Sizes: []int{3, 2}, Activations: []nnkit.Activation{nnkit.Softmax},
		Init:      nnkit.InitXavier{},
		Loss:      nnkit.SoftmaxCrossEntropy,
		Reduction: nnkit.Sum}, src)
	fmt.Println(net.Layers[0].W.At(0, 0) != 0)
	// Output:
	// true
}

func ExampleAdam() {
	net := nnkit.New(nnkit.Config{
		Sizes:       []int{2, 8, 2},
		Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
		Reduction:   nnkit.Mean,
		Loss:        nnkit.SoftmaxCrossEntropy,
		Init:        nnkit.InitFanIn{},
	}, nprand.New(0))
	x, y := xorData()
	h, _ := net.Train(x, y, nnkit.TrainConfig{Epochs: 300, Optimizer: &nnkit.Adam{LR: 0.05, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8}, Every: 300})
	fmt.Printf("accuracy %.2f\n", h.Last().TrainAcc)
	// Output:
	// accuracy 1.00
}

func ExampleMomentum() {
	opt := &nnkit.Momentum{LR: 0.1, Beta: 0.9}
	p := [][]float64{{1}}
	opt.Step(p, [][]float64{{1}}) // v = 1, p = 1 − 0.1
	opt.Step(p, [][]float64{{1}}) // v = 1.9, p = 0.9 − 0.19
	fmt.Printf("%s: %.2f\n", opt, p[0][0])
	// Output:
	// Momentum lr=0.1 β=0.9: 0.71
}

func ExampleEarlyStop() {
	x, y := xorData()
	net := nnkit.New(nnkit.Config{
		Sizes:       []int{2, 6, 2},
		Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
		Loss:        nnkit.SoftmaxCrossEntropy,
		Reduction:   nnkit.Sum,
		Init:        nnkit.InitFanIn{},
	}, nprand.New(0))
	h, _ := net.Train(x, y, nnkit.TrainConfig{
		Epochs: 100000, Optimizer: nnkit.SGD{LR: 0.1}, Every: 100,
		EarlyStop: &nnkit.EarlyStop{Monitor: nnkit.MonitorLoss, Patience: 3, MinDelta: 1e-3},
	})
	fmt.Println(h.Last().Epoch < 99999, h.BestEpoch >= 0)
	// Output:
	// true true
}

// A hook sees every step and every record; returning ErrStop ends training cleanly.
func ExampleHookFuncs() {
	x, y := xorData()
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 4, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, nprand.New(0))
	h, err := net.Train(x, y, nnkit.TrainConfig{
		Epochs: 1000, Optimizer: nnkit.SGD{LR: 0.1},
		Hooks: []nnkit.Hook{nnkit.HookFuncs{Step: func(s nnkit.StepInfo) error {
			if s.Step == 10 {
				return nnkit.ErrStop
			}
			return nil
		}}},
	})
	fmt.Println(len(h.Records), h.Stopped, err)
	// Output:
	// 9 stopped by a hook <nil>
}

func ExampleDivergedError() {
	x, y := xorData()
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 8, 2}, Activations: []nnkit.Activation{nnkit.ReLU, nnkit.Identity},
		Loss:      nnkit.MSEHalfSum,
		Reduction: nnkit.Sum,
		Init:      nnkit.InitFanIn{}}, nprand.New(0))
	_, err := net.Train(x, y, nnkit.TrainConfig{Epochs: 1000, Optimizer: nnkit.SGD{LR: 50}})
	var d *nnkit.DivergedError
	fmt.Println(errors.As(err, &d))
	// Output:
	// true
}

func ExampleHistory_Column() {
	x, y := xorData()
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 4, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, nprand.New(0))
	h, _ := net.Train(x, y, nnkit.TrainConfig{Epochs: 30, Optimizer: nnkit.SGD{LR: 0.1}, Every: 10})
	fmt.Println(h.Column("epoch"))
	// Output:
	// [0 10 20 29]
}

func ExampleNetwork_CheckData() {
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 2}, Activations: []nnkit.Activation{nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, nprand.New(0))
	x := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	y := mat.NewDense(3, 2, nil)
	fmt.Println(net.CheckData(x, y))
	// Output:
	// nnkit: 2 samples but 3 target rows
}

// With KeepLatest, a record that ties the best replaces it, as a numpy loop comparing with
// >= keeps its snapshot; without, the first stays.
func ExampleEarlyStop_keepLatest() {
	x, y := xorData()
	for _, latest := range []bool{false, true} {
		net := nnkit.New(nnkit.Config{Sizes: []int{2, 6, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
			Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, nprand.New(0))
		h, _ := net.Train(x, y, nnkit.TrainConfig{Epochs: 2000, Optimizer: nnkit.SGD{LR: 0.1}, Every: 100,
			EarlyStop: &nnkit.EarlyStop{Monitor: nnkit.MonitorTrainAccuracy, Patience: 100, KeepLatest: latest}})
		fmt.Printf("KeepLatest %v: the snapshot of epoch %d (last record %d)\n", latest, h.BestEpoch, h.Last().Epoch)
	}
	// Output:
	// KeepLatest false: the snapshot of epoch 100 (last record 1999)
	// KeepLatest true: the snapshot of epoch 1999 (last record 1999)
}

// A loss that grows a millionfold is divergence even while it is finite.
func ExampleGrowthLimit() {
	x, y := xorData()
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 2}, Activations: []nnkit.Activation{nnkit.Identity}, Loss: nnkit.MSEHalfSum,
		Reduction: nnkit.Mean, Init: nnkit.InitFanIn{}}, nprand.New(0))
	_, err := net.Train(x, y, nnkit.TrainConfig{Epochs: 100, Optimizer: nnkit.SGD{LR: 20}})
	fmt.Println(strings.Contains(err.Error(), "more than 1e+06 times (GrowthLimit)"))
	// Output:
	// true
}

// New refuses a layer too large to allocate, with its sizes.
func ExampleMaxWeights() {
	defer func() { fmt.Println(recover()) }()
	nnkit.New(nnkit.Config{Sizes: []int{1 << 20, 1 << 20}, Activations: []nnkit.Activation{nnkit.Sigmoid},
		Loss: nnkit.BinaryCrossEntropy, Reduction: nnkit.Mean, Init: nnkit.InitZeros{}}, nil)
	// Output:
	// nnkit: New: layer 1 (1048576→1048576) would hold 1.1e+12 weights, more than MaxWeights (2²⁸, 2 GiB)
}

// Load refuses anything after the model.
func ExampleMaxModelBytes() {
	var b bytes.Buffer
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 1}, Activations: []nnkit.Activation{nnkit.Sigmoid}, Loss: nnkit.BinaryCrossEntropy,
		Reduction: nnkit.Mean, Init: nnkit.InitZeros{}}, nil)
	net.Save(&b)
	_, err := nnkit.Load(strings.NewReader(b.String() + "]]]"))
	fmt.Println(err, nnkit.MaxModelBytes>>20, "MiB at most")
	// Output:
	// nnkit: Load: trailing data after the model 64 MiB at most
}
