package recipes_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
	"github.com/nnkit-go/nnkit/nnkit/recipes"
)

// OneNet's 1×2 bias broadcasts its one unit into two: AND's weight comes out 2×2, as the
// article prints it.
func ExampleOneNet() {
	and, _ := datasets.Gate("AND")
	net := recipes.OneNet(2, 2, nprand.New(0))
	opt := &recipes.SumPenalty{LR: 1e-3, Lambda: 1e-3, Broadcast: 2}
	net.Train(and.X, recipes.Repeat(and.Column(), 2), nnkit.TrainConfig{Epochs: 200000, Optimizer: opt, Every: 200000})
	w := net.Layers[0].W
	fmt.Printf("%.4f %.4f\n%.4f %.4f\n", w.At(0, 0), w.At(0, 1), w.At(1, 0), w.At(1, 1))
	// Output:
	// 3.5865 3.5861
	// 3.5865 3.5861
}

func ExampleSumPenalty() {
	fmt.Println(nnkit.UpdateRule(&recipes.SumPenalty{LR: 1e-3, Lambda: 1e-3, Broadcast: 1}, "W¹"))
	// Output:
	// W¹ ← W¹ − ε·(dW¹ + λ·Σw)
}

func ExampleRepeat() {
	y, _ := nnkit.Column([]int{0, 1})
	fmt.Println(recipes.Repeat(y, 3).RawMatrix().Data)
	// Output:
	// [0 0 0 1 1 1]
}

// The typo b ← b − ε·b makes the bias decay instead of learn.
func ExampleBiasTypo() {
	xor, _ := datasets.Gate("XOR")
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 6, 2}, Activations: []nnkit.Activation{nnkit.ReLU, nnkit.Softmax},
		Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Mean, Init: recipes.Normal{Scale: 0.01}}, nprand.New(0))
	opt := recipes.BiasTypo{LR: 0.1, Layers: []int{2}}
	net.Train(xor.X, xor.OneHot(), nnkit.TrainConfig{Epochs: 1000, Optimizer: opt, Every: 1000})
	fmt.Println(nnkit.UpdateRule(opt, "b²"))
	fmt.Printf("b² = %.2g\n", net.Layers[1].B.At(0, 0))
	// Output:
	// b² ← b² − ε·b²   (the typo: ε·db² was meant)
	// b² = 2.7e-49
}

func ExampleNormal() {
	fmt.Println(recipes.Normal{Scale: 0.01})
	fmt.Println(recipes.Normal{Scale: 0.01, BiasFirst: true})
	// Output:
	// N(0,1)·0.01, b too
	// N(0,1)·0.01, b first
}

// ex3's update assigns the step instead of taking it.
func ExampleAssign() {
	fmt.Println(nnkit.UpdateRule(recipes.Assign{LR: 0.003}, "W¹"))
	// Output:
	// W¹ = −ε·dW¹   (the old W¹ is dropped)
}

// The MNIST softmax post's update decays the bias with the weights; the iris post's never
// touches its bias.
func ExampleDecay() {
	fmt.Println(nnkit.UpdateRule(recipes.Decay{LR: 2e-4, Lambda: 2e-4}, "b¹"))
	fmt.Println(nnkit.UpdateRule(recipes.Decay{LR: 2e-4, Lambda: 2e-4, FreezeBias: true}, "b¹"))
	// Output:
	// b¹ ← b¹ − ε·(db¹ + λ·b¹)
	// b¹ unchanged (never updated)
}

// The post's loop over np.arange(0, 60000 − 256, 256) never reaches the last 96 images.
func ExampleCovered() {
	fmt.Println(recipes.Covered(60000, 256), recipes.Covered(60000, 128), recipes.Covered(120, 8))
	// Output:
	// 59904 59904 112
}

func ExampleUnscaled() {
	x := mat.NewDense(1, 3, []float64{0, 3.0 / 255, 1})
	fmt.Println(recipes.Unscaled(x).RawMatrix().Data)
	// Output:
	// [0 3 255]
}

func ExampleCentered() {
	train := mat.NewDense(2, 2, []float64{0, 1, 2, 3})
	test := mat.NewDense(1, 2, []float64{1, 1})
	c, t := recipes.Centered(train, test)
	fmt.Println(c.RawMatrix().Data, t.RawMatrix().Data)
	// Output:
	// [-1 -1 1 1] [0 -1]
}
