package nnkit_test

import (
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// The three workloads of ../shared/bench/README.md, at their step shapes:
// (a) 2-3-2 tanh/softmax on a 200-sample full batch; (b) 2-25-50-25-2 sigmoid/MSE on one
// sample; (c) 784-300-100-10 ReLU/softmax on a batch of 256.
type workload struct {
	name  string
	cfg   nnkit.Config
	batch int
}

var workloads = []workload{
	{"a_2-3-2_m200", nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
		Loss: nnkit.SoftmaxCrossEntropy, Reg: nnkit.Regularization{L2: 0.01},
		Reduction: nnkit.Sum,
		Init:      nnkit.InitFanIn{}}, 200},
	{"b_2-25-50-25-2_m1", nnkit.Config{Sizes: []int{2, 25, 50, 25, 2},
		Activations: []nnkit.Activation{nnkit.Sigmoid, nnkit.Sigmoid, nnkit.Sigmoid, nnkit.Sigmoid}, Loss: nnkit.MSEHalfSum,
		Reduction: nnkit.Sum,
		Init:      nnkit.InitFanIn{}}, 1},
	{"c_784-300-100-10_m256", nnkit.Config{Sizes: []int{784, 300, 100, 10},
		Activations: []nnkit.Activation{nnkit.ReLU, nnkit.ReLU, nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy,
		Reduction: nnkit.Mean, Init: nnkit.InitHe{}}, 256},
}

func benchSetup(cfg nnkit.Config, m int) (*nnkit.Network, *mat.Dense, *mat.Dense) {
	src := nprand.New(0)
	net := nnkit.New(cfg, src)
	n := cfg.Sizes[0]
	k := cfg.Sizes[len(cfg.Sizes)-1]
	x := mat.NewDense(m, n, src.Rand(m*n))
	labels := make([]int, m)
	for i := range labels {
		labels[i] = i % k
	}
	y, _ := nnkit.OneHot(labels, k)
	return net, x, y
}

func BenchmarkForward(b *testing.B) {
	for _, w := range workloads {
		b.Run(w.name, func(b *testing.B) {
			net, x, _ := benchSetup(w.cfg, w.batch)
			var t nnkit.Trace
			b.ReportAllocs()
			for b.Loop() {
				net.ForwardInto(&t, x)
			}
		})
	}
}

// threeNetL2 is notebook 05's ThreeNet step: 784-200-80-10 with an L2 penalty on a batch
// of 256, where adding the penalty's gradient to 173 600 weights is a loop of its own.
var threeNetL2 = workload{"threenet_784-200-80-10_l2_m256", nnkit.Config{Sizes: []int{784, 200, 80, 10},
	Activations: []nnkit.Activation{nnkit.ReLU, nnkit.ReLU, nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy,
	Reduction: nnkit.Mean, Reg: nnkit.Regularization{L2: 0.256}, Init: nnkit.InitHe{}}, 256}

func BenchmarkBackward(b *testing.B) {
	for _, w := range append(workloads[:len(workloads):len(workloads)], threeNetL2) {
		b.Run(w.name, func(b *testing.B) {
			net, x, y := benchSetup(w.cfg, w.batch)
			var t nnkit.Trace
			var g nnkit.Gradients
			net.ForwardInto(&t, x)
			b.ReportAllocs()
			for b.Loop() {
				net.BackwardInto(&g, &t, y)
			}
		})
	}
}

func BenchmarkUpdate(b *testing.B) {
	for _, w := range workloads {
		b.Run(w.name, func(b *testing.B) {
			net, x, y := benchSetup(w.cfg, w.batch)
			g := net.Backward(net.Forward(x), y)
			var opt nnkit.Optimizer = nnkit.SGD{LR: 1e-9} // boxed once, as Train does
			b.ReportAllocs()
			for b.Loop() {
				net.UpdateInto(nil, g, opt)
			}
		})
	}
}

// BenchmarkStep is one whole training step, as Train runs it.
func BenchmarkStep(b *testing.B) {
	for _, w := range workloads {
		b.Run(w.name, func(b *testing.B) {
			net, x, y := benchSetup(w.cfg, w.batch)
			var t nnkit.Trace
			var g nnkit.Gradients
			var opt nnkit.Optimizer = nnkit.SGD{LR: 1e-6} // boxed once, as Train does
			b.ReportAllocs()
			for b.Loop() {
				net.ForwardInto(&t, x)
				net.BackwardInto(&g, &t, y)
				net.UpdateInto(nil, &g, opt)
			}
		})
	}
}

// BenchmarkTrain runs Train as the benchmark scripts do, over enough epochs that the one
// History record at the end is amortised: (a) 100 full-batch passes over 200 samples;
// (b) 2 epochs of 1400 per-sample updates in shuffled order; (c) 2 epochs of ten batches
// of 256. It reports the time per pass, sample or batch that the targets are stated in.
func BenchmarkTrain(b *testing.B) {
	for _, w := range []struct {
		name                  string
		wl                    int
		samples, size, epochs int
		unit                  string
	}{
		{"a", 0, 200, 0, 100, "us/pass"},
		{"b", 1, 1400, 1, 2, "us/sample"},
		{"c", 2, 2560, 256, 2, "us/batch"},
	} {
		b.Run(w.name, func(b *testing.B) {
			net, x, y := benchSetup(workloads[w.wl].cfg, w.samples)
			cfg := nnkit.TrainConfig{Epochs: w.epochs, Every: w.epochs, Optimizer: nnkit.SGD{LR: 1e-6},
				BatchSize: w.size, Shuffle: w.size == 1, Source: nprand.New(1)}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := net.Train(x, y, cfg); err != nil {
					b.Fatal(err)
				}
			}
			steps := w.epochs // full batch: one step per epoch
			if w.size > 0 {
				steps = w.epochs * (w.samples + w.size - 1) / w.size
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1e3/float64(b.N)/float64(steps), w.unit)
		})
	}
}
