package viz_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
	"github.com/nnkit-go/nnkit/nnkit/playground"
	"github.com/nnkit-go/nnkit/nnkit/viz"
)

// write saves an example's SVG where a reader can open it, and summarises it.
func write(name string, svg viz.SVG, err error) {
	if err != nil {
		fmt.Println(err)
		return
	}
	os.WriteFile(filepath.Join(os.TempDir(), name), svg, 0o644)
	fmt.Printf("%s: SVG with %d embedded images\n", name, bytes.Count(svg, []byte("<image")))
}

func ExampleScatter() {
	train := datasets.Moons(datasets.MoonsConfig{N: 200, Noise: 0.2}, nprand.New(0))
	test := datasets.Moons(datasets.MoonsConfig{N: 200, Noise: 0.2}, nprand.New(1))
	svg, err := viz.Scatter(train, test, viz.Options{Width: 480, Height: 400})
	write("moons.svg", svg, err)
	// Output:
	// moons.svg: SVG with 0 embedded images
}

// Seed 000's network after 20 000 passes, with test points and the P = 0.5 line.
func ExampleDecisionBoundary() {
	train := datasets.Moons(datasets.MoonsConfig{N: 200, Noise: 0.2}, nprand.New(0))
	test := datasets.Moons(datasets.MoonsConfig{N: 200, Noise: 0.2}, nprand.New(1))
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
		Reg:       nnkit.Regularization{L2: 0.01},
		Loss:      nnkit.SoftmaxCrossEntropy,
		Reduction: nnkit.Sum,
		Init:      nnkit.InitFanIn{}}, nprand.New(0))
	net.Train(train.X, train.OneHot(), nnkit.TrainConfig{Epochs: 20000, Optimizer: nnkit.SGD{LR: 0.01}, Every: 20000})
	fmt.Printf("test accuracy %.0f%%\n", 100*nnkit.Accuracy(net.Predict(test.X), test.Labels))
	svg, err := viz.DecisionBoundary(net, train, viz.BoundaryOptions{Grid: 300, Shading: true, Contour: true, Test: test})
	write("boundary.svg", svg, err)
	fmt.Println(len(svg) < 100_000)
	// Output:
	// test accuracy 96%
	// boundary.svg: SVG with 1 embedded images
	// true
}

// Coursera's hidden-layer sweep, trained briefly here.
func ExampleSmallMultiples() {
	flower := datasets.Flower()
	var panels []viz.Panel
	for _, nh := range []int{1, 2, 3, 4, 5, 20, 50} {
		net := nnkit.New(nnkit.Config{Sizes: []int{2, nh, 1}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Sigmoid},
			Loss: nnkit.BinaryCrossEntropy, Reduction: nnkit.Mean, Init: nnkit.InitCoursera{Scale: 0.01}}, nprand.New(2))
		net.Train(flower.X, flower.Column(), nnkit.TrainConfig{Epochs: 500, Optimizer: nnkit.SGD{LR: 1.2}, Every: 500})
		panels = append(panels, viz.Panel{Title: fmt.Sprintf("n_h = %d", nh), Model: net, Data: flower})
	}
	svg, err := viz.SmallMultiples(panels, 4, viz.BoundaryOptions{Grid: 100})
	write("hidden-sizes.svg", svg, err)
	// Output:
	// hidden-sizes.svg: SVG with 7 embedded images
}

func ExampleCurves() {
	d := datasets.Moons(datasets.MoonsConfig{N: 200, Noise: 0.2}, nprand.New(0))
	var runs []viz.Run
	for _, lr := range []float64{0.01, 0.001} {
		net := nnkit.New(nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, nprand.New(0))
		h, _ := net.Train(d.X, d.OneHot(), nnkit.TrainConfig{Epochs: 2000, Optimizer: nnkit.SGD{LR: lr}, Every: 100})
		runs = append(runs, viz.Run{Name: fmt.Sprintf("ε = %g", lr), History: h})
	}
	svg, err := viz.Curves(runs, viz.Options{})
	write("curves.svg", svg, err)
	// Output:
	// curves.svg: SVG with 0 embedded images
}

func ExampleNetworkDiagram() {
	d := datasets.Moons(datasets.MoonsConfig{N: 200, Noise: 0.2}, nprand.New(0))
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 4, 3, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Tanh, nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, nprand.New(0))
	net.Train(d.X, d.OneHot(), nnkit.TrainConfig{Epochs: 1000, Optimizer: nnkit.SGD{LR: 0.01}, Every: 1000})
	svg, err := viz.NetworkDiagram(net, viz.DiagramOptions{Data: d})
	write("network.svg", svg, err) // a thumbnail per input and neuron: 2 + 4 + 3 + 2
	// Output:
	// network.svg: SVG with 11 embedded images
}

func ExampleConfusionMatrix() {
	iris := datasets.Iris()
	net := nnkit.New(nnkit.Config{Sizes: []int{4, 10, 3}, Activations: []nnkit.Activation{nnkit.ReLU, nnkit.Softmax},
		Reduction: nnkit.Mean, Init: nnkit.InitHe{},
		Loss: nnkit.SoftmaxCrossEntropy}, nprand.New(0))
	x := datasets.FitStandardizer(iris.X).Apply(iris.X)
	net.Train(x, iris.OneHot(), nnkit.TrainConfig{Epochs: 500, Optimizer: nnkit.SGD{LR: 0.1}, Every: 500})
	c, _ := nnkit.NewConfusion(net.Predict(x), iris.Labels, 3)
	c.Names = iris.Classes
	svg, err := viz.ConfusionMatrix(c, viz.Options{})
	write("confusion.svg", svg, err)
	// Output:
	// confusion.svg: SVG with 0 embedded images
}

func ExampleImageGrid() {
	// Three 3×3 "digits"; the second is misclassified and gets a vermillion frame.
	x := mat.NewDense(3, 9, []float64{
		0, 1, 0, 0, 1, 0, 0, 1, 0,
		1, 1, 1, 0, 0, 1, 1, 1, 1,
		1, 1, 1, 1, 0, 1, 1, 1, 1,
	})
	svg, err := viz.ImageGrid(x, viz.ImageGridOptions{Labels: []int{1, 2, 0}, Pred: []int{1, 7, 0}})
	write("digits.svg", svg, err)
	fmt.Println(bytes.Contains(svg, []byte("2→7")))
	// Output:
	// digits.svg: SVG with 3 embedded images
	// true
}

func ExampleWeightImages() {
	net := nnkit.New(nnkit.Config{Sizes: []int{784, 16, 10}, Activations: []nnkit.Activation{nnkit.ReLU, nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, nprand.New(0))
	svg, err := viz.WeightImages(net.Layers[0].W, viz.ImageGridOptions{Cols: 8})
	write("weights.svg", svg, err)
	// Output:
	// weights.svg: SVG with 16 embedded images
}

// Seed 002's 4-layer sigmoid network before training: the histograms show how the
// deltas shrink towards the input, the vanishing gradient.
func ExampleHistograms() {
	d := datasets.Moons(datasets.MoonsConfig{N: 200, Noise: 0.2}, nprand.New(0))
	sig := nnkit.Sigmoid
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 25, 50, 25, 2}, Activations: []nnkit.Activation{sig, sig, sig, sig},
		Loss: nnkit.MSEHalfSum, Init: nnkit.InitFanOut{BiasScale: 0.1},
		Reduction: nnkit.Sum}, nprand.New(0))
	tr := net.Forward(d.X)
	svg, err := viz.Histograms(net, tr, net.Backward(tr, d.OneHot()), viz.Options{})
	write("histograms.svg", svg, err)
	// Output:
	// histograms.svg: SVG with 0 embedded images
}

// Every picture says in words what it shows, in its <title>.
func ExampleSVG_Description() {
	d := datasets.Moons(datasets.MoonsConfig{N: 200, Noise: 0.2}, nprand.New(0))
	svg, _ := viz.Scatter(d, nil, viz.Options{})
	fmt.Println(svg.Description())
	// Output:
	// scatter plot of moons: 200 points in 2 classes
}

// The playground's three pictures of a run: the output over the plane, the network with a
// thumbnail per input and neuron, and the losses.
func ExamplePlaygroundOutput() {
	cfg := playground.Default.Clone()
	cfg.Dataset, cfg.Features = "circles", []playground.Feature{playground.X1Squared, playground.X2Squared}
	r, err := playground.Train(cfg, 50)
	if err != nil {
		fmt.Println(err)
		return
	}
	o := viz.PlaygroundOptions{Grid: 100, Thumb: 20}
	svg, err := viz.PlaygroundOutput(r, o)
	fmt.Println(svg.Description())
	write("playground-output.svg", svg, err)
	svg, err = viz.PlaygroundNetwork(r, o)
	write("playground-network.svg", svg, err) // 2 features + 4 + 2 + 2 outputs
	svg, err = viz.PlaygroundLoss(r, o)
	fmt.Println(svg.Description())
	// Output:
	// playground output of 2-4-2-2 tanh/tanh/softmax, softmax-cross-entropy (mean) at epoch 50: 90.00% of 200 training points correct
	// playground-output.svg: SVG with 1 embedded images
	// playground-network.svg: SVG with 10 embedded images
	// loss over 50 epochs: train 0.2305, test 0.2398
}
