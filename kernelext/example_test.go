package kernelext_test

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/kernelext"
	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/exercise"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
	"github.com/nnkit-go/nnkit/nnkit/playground"
	"github.com/nnkit-go/nnkit/nnkit/viz"
)

// Outside a notebook, Show prints a short text form; in one it displays HTML and SVG.
func ExampleShow() {
	kernelext.Show(datasets.Iris())
	kernelext.Show(mat.NewDense(2, 2, []float64{1, 2, 3, 4}))
	// Output:
	// iris: 150 samples × 4 features, 3 classes (50, 50, 50)
	// 2×2
	// ⎡1  2⎤
	// ⎣3  4⎦
}

// The HTML a notebook shows is also available as a string.
func ExampleHTML() {
	html, err := kernelext.HTML(mat.NewDense(1, 3, []float64{0.5, 1, 2}))
	fmt.Println(strings.Contains(html, "1×3"), strings.Contains(html, "<script"), err)
	// Output:
	// true false <nil>
}

// A picture's text is what it shows, in words: what a notebook keeps beside it.
func ExampleText() {
	d := datasets.Moons(datasets.MoonsConfig{N: 200, Noise: 0.2}, nprand.New(0))
	svg, _ := viz.Scatter(d, nil, viz.Options{})
	fmt.Println(kernelext.Text(svg))
	// Output:
	// scatter plot of moons: 200 points in 2 classes
}

// Show sends a picture as an <img> with a data URI, which untrusted notebooks keep, and
// its description as text/plain.
func ExampleBundle() {
	d := datasets.Moons(datasets.MoonsConfig{N: 200, Noise: 0.2}, nprand.New(0))
	svg, _ := viz.Scatter(d, nil, viz.Options{})
	b := kernelext.Bundle(svg)
	fmt.Println(strings.Contains(b["text/html"], `<img src="data:image/svg+xml;base64,`))
	fmt.Println(b["text/plain"])
	// Output:
	// true
	// scatter plot of moons: 200 points in 2 classes
}

func ExampleMatrixHTML() {
	html := kernelext.MatrixHTML("W¹", mat.NewDense(2, 3, nil), 8, 8)
	fmt.Println(strings.Count(html, "<tr>"), strings.Contains(html, "2×3"))
	// Output:
	// 2 true
}

// Steps writes each layer's equation with its shapes, as the tutorials do.
func ExampleSteps() {
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, nprand.New(0))
	x := mat.NewDense(4, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1})
	html := kernelext.Steps{}.ForwardHTML(net.Forward(x))
	fmt.Println(strings.Contains(html, "Z¹ = X·W¹ + b¹    (4×2)·(2×3) + (1×3) → 4×3"))
	fmt.Println(strings.Contains(html, "A¹ = tanh(Z¹)"))
	// Output:
	// true
	// true
}

// A forward pass knows its network, so Show writes its equations.
func ExampleShow_trace() {
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 2}, Activations: []nnkit.Activation{nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, nprand.New(0))
	kernelext.Show(net.Forward(mat.NewDense(1, 2, []float64{1, 1})))
	// Output:
	// forward: X 1×2
	//   Z¹ = X·W¹ + b¹    (1×2)·(2×2) + (1×2) → 1×2   Z¹[0] = [1.939 1.868]
	//   A¹ = softmax(Z¹) = exp(Z¹) / Σ exp(Z¹) per row    → 1×2   A¹[0] = [0.518 0.482]
}

// Check compares with published figures; outside a notebook it prints one line each.
func ExampleCheck() {
	ok := kernelext.Check("seed 000",
		kernelext.Expect{Name: "test accuracy", Published: 96, Ours: 96, Tol: 0.5, Unit: "%"})
	fmt.Println(ok)
	// Output:
	// seed 000
	//   ✓ test accuracy: published 96%, ours 96% (+0% (tolerance 0.5%))
	// true
}

func ExampleExpect_OK() {
	fmt.Println(kernelext.Expect{Published: 0.693048, Ours: 0.6930481, Tol: 5e-7}.OK())
	// Output:
	// true
}

// A check table reads like the article's figures: a percentage, a plain figure, and one
// the article does not state.
func ExamplePercent() {
	kernelext.Check("Seed 000: published vs ours",
		kernelext.Percent("test accuracy", 96, 0.96, 0.5),
		kernelext.Figure("loss after the first pass", 0.432387, 0.4323871, 1e-6),
		kernelext.Ours("training accuracy", 97.5, "%"))
	// Output:
	// Seed 000: published vs ours
	//   ✓ test accuracy: published 96%, ours 96% (+0% (tolerance 0.5%))
	//   ✓ loss after the first pass: published 0.432387, ours 0.432387 (+1e-07 (tolerance 1e-06))
	//   · training accuracy: published not stated, ours 97.5% (ours only)
}

// Fit trains once; the second call, with the same network, data and settings, loads the
// same network and History from the cache.
func ExampleFitIn() {
	dir, _ := os.MkdirTemp("", "cache")
	defer os.RemoveAll(dir)
	d := datasets.Moons(datasets.MoonsConfig{N: 100, Noise: 0.2}, nprand.New(0))
	build := func() *nnkit.Network {
		return nnkit.New(nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
			Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, nprand.New(0))
	}
	cfg := nnkit.TrainConfig{Epochs: 100, Optimizer: nnkit.SGD{LR: 0.01}, Every: 50}
	kernelext.Out = io.Discard // the status lines ("trained in 0.0 s") depend on timing
	first, _ := kernelext.FitIn(dir, "moons", build, d.X, d.OneHot(), cfg)
	second, _ := kernelext.FitIn(dir, "moons", build, d.X, d.OneHot(), cfg)
	kernelext.Out = nil
	fmt.Println(first.Cached, second.Cached, mat.Equal(first.Net.Layers[0].W, second.Net.Layers[0].W))
	fmt.Println(len(second.History.Records), second.History.Last().Loss == first.History.Last().Loss)
	// Output:
	// false true true
	// 3 true
}

// Must2 takes a split's two halves and its error.
func ExampleMust2() {
	moons := datasets.Moons(datasets.MoonsConfig{N: 100, Noise: 0.2}, nprand.New(0))
	train, test := kernelext.Must2(datasets.TrainTestSplit(moons, 0.3, nprand.New(42)))
	fmt.Println(train.Len(), test.Len())
	// Output:
	// 70 30
}

// Must is for a value a cell cannot go on without.
func ExampleMust() {
	iris := kernelext.Must(datasets.ReadCSV(strings.NewReader("5.1,3.5,1.4,0.2,0\n"), "iris"))
	fmt.Println(iris.Len())
	// Output:
	// 1
}

func ExampleCacheDir() {
	os.Setenv("NNKIT_CACHE", "/srv/nnkit-cache")
	defer os.Unsetenv("NNKIT_CACHE")
	fmt.Println(kernelext.CacheDir())
	// Output:
	// /srv/nnkit-cache
}

// Live prints a progress line outside a notebook (at most every Interval) and a summary.
func ExampleLive() {
	d := datasets.Moons(datasets.MoonsConfig{N: 100, Noise: 0.2}, nprand.New(0))
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, nprand.New(0))
	view := kernelext.Live(net, kernelext.LiveOptions{Interval: time.Hour})
	var out strings.Builder
	kernelext.Out = &out
	h, err := net.Train(d.X, d.OneHot(), nnkit.TrainConfig{Epochs: 50, Optimizer: nnkit.SGD{LR: 0.01}, Hooks: []nnkit.Hook{view}})
	view.Finish(h, err)
	kernelext.Out = nil
	fmt.Println(view.Updates(), strings.Contains(out.String(), "trained 50 steps"))
	// Output:
	// 1 true
}

func ExampleHeadless() {
	fmt.Println(kernelext.Headless(), kernelext.InNotebook())
	// Output:
	// true false
}

// ShowPlayground draws a run as the playground does, without its controls: outside a
// notebook it prints the run's line.
func ExampleShowPlayground() {
	cfg := playground.Default.Clone()
	cfg.Dataset, cfg.Hidden = "xor", []int{4}
	r := kernelext.Must(playground.New(cfg))
	kernelext.Must(0, r.Steps(20))
	kernelext.ShowPlayground(r)
	// Output:
	// xor, 400 points, noise 0.2, 50% train; features x₁ x₂; hidden [4] tanh; ε 0.03, batch 10, penalty none; seed 0: epoch 20, train loss 0.4246, test loss 0.4288
}

// Figure compares a published number with ours, within a stated tolerance.
func ExampleFigure() {
	e := kernelext.Figure("MSE at epoch 990", 0.024335, 0.0256211, 0.0015)
	fmt.Println(e.OK(), e.Unit == "")
	// Output:
	// true true
}

// Ours is a row for a figure the article does not give: no published value is made up.
func ExampleOurs() {
	kernelext.Check("ex3 digits", kernelext.Ours("training accuracy after 20 epochs", 10.2, "%"))
	// Output:
	// ex3 digits
	//   · training accuracy after 20 epochs: published not stated, ours 10.2% (ours only)
}

// Fit keeps its runs in CacheDir; NNKIT_CACHE points it elsewhere, as CI does.
func ExampleFit() {
	dir, _ := os.MkdirTemp("", "cache")
	defer os.RemoveAll(dir)
	os.Setenv("NNKIT_CACHE", dir)
	defer os.Unsetenv("NNKIT_CACHE")
	d := datasets.Moons(datasets.MoonsConfig{N: 100, Noise: 0.2}, nprand.New(0))
	build := func() *nnkit.Network {
		return nnkit.New(nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
			Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, nprand.New(0))
	}
	kernelext.Out = io.Discard
	run := kernelext.Must(kernelext.Fit("moons", build, d.X, d.OneHot(), nnkit.TrainConfig{Epochs: 500, Optimizer: nnkit.SGD{LR: 0.01}, Every: 100}))
	kernelext.Out = nil
	fmt.Printf("%d records, training accuracy %.0f%%\n", len(run.History.Records), 100*run.Accuracy(d.X, d.OneHot()))
	// Output:
	// 6 records, training accuracy 99%
}

// A figure ours does not reach stays in the table, as an expected miss with its reason.
func ExampleExpect_Missed() {
	ok := kernelext.Check("ex3", kernelext.Figure("cost after epoch 2", 103.1, 0.7, 0.05).
		Missed("Ng's ex3 digits are not available; MNIST-derived digits give other costs"))
	fmt.Println(ok)
	// Output:
	// ex3
	//   ✗ cost after epoch 2: published 103.1, ours 0.7 (-102 (tolerance 0.05); expected miss: Ng's ex3 digits are not available; MNIST-derived digits give other costs)
	// true
}

// Outside a notebook Grade prints the report's text; in one it shows a ✓/✗ table.
func ExampleGrade() {
	planar := exercise.NewPlanar()
	computeCost := func(a2, y *mat.Dense) float64 {
		_, m := y.Dims()
		var sum float64
		for j := range m {
			a, t := a2.At(0, j), y.At(0, j)
			sum += t*math.Log(a) + (1-t)*math.Log(1-a)
		}
		return -sum // the 1/m forgotten
	}
	kernelext.Grade(planar.Cost, computeCost)
	// Output:
	// grade planar/compute_cost: 0 of 1 right, not yet
	//   ✗ cost: 241.7767676, want 0.6044419191; likely mistake: missing the 1/m average over the m samples
}

func ExampleGradeHTML() {
	r := exercise.NewPlanar().Cost.Grade(func(a2, y *mat.Dense) float64 { panic("not implemented yet") })
	fmt.Println(strings.Contains(kernelext.GradeHTML(r), `data-grade="planar/compute_cost" data-right="0" data-of="1" data-passed="false" data-panic="not implemented yet"`))
	// Output:
	// true
}

func ExampleHint() {
	kernelext.Hint("moons", "update")
	// Output:
	// Hint: Gradient descent subtracts: W ← W − ε·dW, and the same for every b.
}

func ExampleSolution() {
	kernelext.Solution("planar", "compute_cost")
	// Output:
	// func computeCost(a2, y *mat.Dense) float64 {
	// 	_, m := y.Dims()
	// 	var sum float64
	// 	for j := range m {
	// 		a, t := a2.At(0, j), y.At(0, j)
	// 		sum += t*math.Log(a) + (1-t)*math.Log(1-a)
	// 	}
	// 	return -sum / float64(m)
	// }
}

// Finish shows the error that stopped the learner's training, or the trained network's
// decision boundary and the tutorial's figures.
func ExampleFinish() {
	moons := exercise.NewMoons()
	kernelext.Finish(moons.Train(func(nnkit.Source) exercise.Params { panic("not implemented yet") }, nil, nil, nil))
	// Output:
	// error: your initialize panicked: not implemented yet
}

// Without a browser, Playground trains its setting for the snapshot's epochs and shows
// it; outside a notebook that is the note and the run's line.
func ExamplePlayground() {
	cfg := playground.Default.Clone()
	cfg.Dataset = "gauss"
	kernelext.Playground(cfg, 10)
	// Output:
	// playground: static snapshot (no browser)
	// gauss, 400 points, noise 0.2, 50% train; features x₁ x₂; hidden [4 2] tanh; ε 0.03, batch 10, penalty none; seed 0: epoch 10, train loss 0.05533, test loss 0.05403
}

// The step view of one neuron, as the playground's chip opens it: outside a notebook,
// its equations.
func ExampleShowPlaygroundStep() {
	cfg := playground.Default.Clone()
	cfg.Features = []playground.Feature{playground.X1, playground.X2, playground.X1X2}
	r := kernelext.Must(playground.Train(cfg, 5))
	kernelext.ShowPlaygroundStep(r, 2, 0)
	// Output:
	// Step view at epoch 5: the last update's batch of 10 training points (rows [162 80 89 198]…), before it was applied
	// Forward — neuron 1 of layer 2 (tanh)
	// z²₁ = A¹·W²[:, 1] + b²₁    (10×4)·(4×1) + (1×1) → 10×1
	// a²₁ = tanh(z²₁)    → 10×1
	// Backward — neuron 1 of layer 2 (tanh)
	// δ²₁ = column 1 of δ² = (δ³·W³ᵀ) ⊙ (1−A²²)
	// dW²[:, 1] = A¹ᵀ·δ²₁    (4×10)·(10×1) → 4×1
	// db²₁ = Σ rows of δ²₁
}
