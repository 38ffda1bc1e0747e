package f32_test

import (
	"fmt"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/f32"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// A network built and initialised by nnkit as usual, trained in float32 and read back
// as a float64 network.
func Example() {
	iris := datasets.Iris()
	net := nnkit.New(nnkit.Config{
		Sizes:       []int{4, 16, 3},
		Activations: []nnkit.Activation{nnkit.ReLU, nnkit.Softmax},
		Loss:        nnkit.SoftmaxCrossEntropy,
		Reduction:   nnkit.Mean,
		Init:        nnkit.InitHe{},
	}, nprand.New(0))
	n32, err := f32.New(net)
	if err != nil {
		fmt.Println(err)
		return
	}
	err = n32.Train(iris.X, iris.Labels, f32.TrainConfig{Epochs: 200, BatchSize: 16, LR: 0.05, Source: nprand.New(1)})
	if err != nil {
		fmt.Println(err)
		return
	}
	trained := n32.Network()
	fmt.Println(n32.Sizes(), trained.Layers[1])
	fmt.Printf("training accuracy %.2f\n", nnkit.Accuracy(trained.Predict(iris.X), iris.Labels))
	// Output:
	// [4 16 3] Dense 16→3 softmax
	// training accuracy 0.97
}

// New names what float32 training does not cover.
func ExampleNew() {
	net := nnkit.New(nnkit.Config{
		Sizes:       []int{2, 3, 2},
		Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
		Loss:        nnkit.SoftmaxCrossEntropy,
		Reduction:   nnkit.Sum,
		Init:        nnkit.InitFanIn{},
	}, nprand.New(0))
	_, err := f32.New(net)
	fmt.Println(err)
	// Output:
	// nnkit: f32: layer 1 (Dense 2→3 tanh) is tanh; f32 trains ReLU hidden layers
	// the loss is softmax-cross-entropy, sum; f32 trains the mean softmax cross-entropy
}

// Backend says what runs the products on this machine.
func ExampleBackend() {
	switch f32.Backend() {
	case "avx512", "avx2", "gonum":
		fmt.Println("one of nnkit's kernels or gonum")
	}
	// Output: one of nnkit's kernels or gonum
}
