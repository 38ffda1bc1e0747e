package playground_test

import (
	"fmt"

	"github.com/nnkit-go/nnkit/nnkit/playground"
)

// A run trains one epoch of minibatches per Step, and records the losses after each.
func ExampleNew() {
	cfg := playground.Default.Clone()
	cfg.Dataset, cfg.Hidden = "gauss", []int{3}
	r, err := playground.New(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := r.Steps(10); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Net)
	for _, p := range []playground.Point{r.Losses[0], r.Losses[5], r.Losses[10]} {
		fmt.Printf("epoch %2d: train loss %.4f, test loss %.4f\n", p.Epoch, p.Train, p.Test)
	}
	// Output:
	// 2-3-2 tanh/softmax, softmax-cross-entropy (mean)
	// epoch  0: train loss 0.3688, test loss 0.3627
	// epoch  5: train loss 0.0908, test loss 0.0864
	// epoch 10: train loss 0.0455, test loss 0.0424
}

// The features are the network's inputs, computed from each point.
func ExampleFeature() {
	for _, f := range playground.Features() {
		fmt.Printf("%s = %.3f\n", f, f.Of(0.5, 2))
	}
	// Output:
	// x₁ = 0.500
	// x₂ = 2.000
	// x₁² = 0.250
	// x₂² = 4.000
	// x₁x₂ = 1.000
	// sin x₁ = 0.479
	// sin x₂ = 0.909
}

// Validate names every setting out of range at once.
func ExampleConfig_Validate() {
	c := playground.Default.Clone()
	c.Hidden, c.BatchSize = []int{9}, 0
	fmt.Println(c.Validate())
	// Output:
	// playground: hidden layer 1 has 9 neurons, want 1 to 8
	// playground: BatchSize is 0, want 1 to 30
}

// GoString writes a setting as the "as code" cell does.
func ExampleConfig_GoString() {
	fmt.Printf("%#v\n", playground.Default)
	// Output:
	// playground.Config{
	// 	Dataset:    "moons",
	// 	Points:     400,
	// 	Noise:      0.2,
	// 	TrainRatio: 0.5,
	// 	Features:   []playground.Feature{playground.X1, playground.X2},
	// 	Hidden:     []int{4, 2},
	// 	Activation: nnkit.Tanh,
	// 	LR:         0.03,
	// 	Penalty:    playground.NoPenalty,
	// 	RegRate:    0,
	// 	BatchSize:  10,
	// 	Seed:       0,
	// }
}

// The datasets, and where each puts its noise.
func ExampleAbout() {
	for _, d := range playground.Datasets() {
		fmt.Printf("%s: %s\n", d, playground.About(d))
	}
	// Output:
	// moons: sklearn's make_moons; noise is its noise argument
	// circles: sklearn's make_circles with factor 0.5; noise is its noise argument
	// flower: Coursera's planar flower (its own 0.2 noise on angle and radius), then noise on each coordinate
	// spiral: cs231n's three-armed spiral (its own 0.2 noise on the angle), then noise on each coordinate
	// xor: four Gaussian blobs (σ 0.35) at (±1, ±1), opposite corners one class, then noise on each coordinate
	// gauss: two Gaussian clusters (σ 0.35) at (1, 1) and (−1, −1), then noise on each coordinate
	// plane: uniform points in [−1, 1]², target (x₁ + x₂)/2, then noise on the target
	// multi-gauss: uniform points in [−1, 1]², target a sum of six Gaussian bumps (σ 0.25) of sign ±1, then noise on the target
}

// Code is the GoNB cell that rebuilds a run: the setting, then the epochs trained.
func ExampleRun_Code() {
	cfg := playground.Default.Clone()
	cfg.Hidden = []int{3}
	r, _ := playground.Train(cfg, 25)
	fmt.Print(r.Code())
	// Output:
	// %%
	// // The playground's setting as code: change a field and run the cell.
	// cfg := playground.Config{
	// 	Dataset:    "moons",
	// 	Points:     400,
	// 	Noise:      0.2,
	// 	TrainRatio: 0.5,
	// 	Features:   []playground.Feature{playground.X1, playground.X2},
	// 	Hidden:     []int{3},
	// 	Activation: nnkit.Tanh,
	// 	LR:         0.03,
	// 	Penalty:    playground.NoPenalty,
	// 	RegRate:    0,
	// 	BatchSize:  10,
	// 	Seed:       0,
	// }
	// run := kernelext.Must(playground.New(cfg))
	// kernelext.ShowPlayground(run, run.Steps(25)) // train 25 epochs, then draw; run.Net is the network
	// train, test := run.Loss()
	// fmt.Printf("epoch %d: train loss %.6f, test loss %.6f\n", run.Epoch, train, test)
}

// Last is the latest update's batch and its two passes, which the step view shows.
func ExampleRun_Last() {
	r, _ := playground.Train(playground.Default, 1)
	t, g, batch := r.Last()
	fmt.Println(len(batch), t.X.RawMatrix().Rows, g.M, len(g.Layers))
	// Output:
	// 10 10 10 3
}
