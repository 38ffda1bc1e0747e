package f32_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/f32"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

func mlp(sizes []int, acts []nnkit.Activation, loss nnkit.Loss, red nnkit.Reduction, reg nnkit.Regularization) *nnkit.Network {
	return nnkit.New(nnkit.Config{Sizes: sizes, Activations: acts, Loss: loss, Reduction: red, Reg: reg, Init: nnkit.InitHe{}}, nprand.New(0))
}

func TestNewRefuses(t *testing.T) {
	relu, soft := nnkit.ReLU, nnkit.Softmax
	for _, c := range []struct {
		net  *nnkit.Network
		want []string
	}{
		{mlp([]int{4, 5, 3}, []nnkit.Activation{nnkit.Tanh, soft}, nnkit.SoftmaxCrossEntropy, nnkit.Mean, nnkit.Regularization{}),
			[]string{"layer 1 (Dense 4→5 tanh) is tanh; f32 trains ReLU hidden layers"}},
		{mlp([]int{4, 5, 3}, []nnkit.Activation{relu, nnkit.Sigmoid}, nnkit.BinaryCrossEntropy, nnkit.Mean, nnkit.Regularization{}),
			[]string{"the output layer (Dense 5→3 sigmoid) is sigmoid", "the loss is"}},
		{mlp([]int{4, 5, 3}, []nnkit.Activation{relu, soft}, nnkit.SoftmaxCrossEntropy, nnkit.Sum, nnkit.Regularization{}),
			[]string{"f32 trains the mean softmax cross-entropy"}},
		{mlp([]int{4, 5, 3}, []nnkit.Activation{relu, soft}, nnkit.SoftmaxCrossEntropy, nnkit.Mean, nnkit.Regularization{L2: 0.01}),
			[]string{"the network has regularisation L2 λ=0.01; f32 trains without"}},
	} {
		_, err := f32.New(c.net)
		if err == nil {
			t.Errorf("New(%v) = nil error", c.net)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) || !strings.HasPrefix(err.Error(), "nnkit: f32: ") {
				t.Errorf("New(%v) = %q, want it to say %q", c.net, err, w)
			}
		}
	}
}

// blobs is k Gaussian clusters in d dimensions, n rows each, with labels.
func blobs(rng *rand.Rand, n, d, k int) (*mat.Dense, []int) {
	x := mat.NewDense(n*k, d, nil)
	labels := make([]int, n*k)
	for c := range k {
		centre := make([]float64, d)
		for j := range centre {
			centre[j] = 2 * rng.NormFloat64()
		}
		for i := range n {
			r := c*n + i
			labels[r] = c
			for j := range d {
				x.Set(r, j, centre[j]+rng.NormFloat64())
			}
		}
	}
	return x, labels
}

// TestTrainFollowsFloat64 trains the same network, initial weights and batch orders in
// float32 and in nnkit's float64, and compares the weights: they differ only by float32's
// rounding. Measured largest relative difference after 5 epochs of 40 steps: 1.4e-6 on the
// AVX-512 kernels; the bound is 70× that.
func TestTrainFollowsFloat64(t *testing.T) {
	x, labels := blobs(rand.New(rand.NewPCG(1, 2)), 250, 40, 4)
	sizes, acts := []int{40, 64, 32, 4}, []nnkit.Activation{nnkit.ReLU, nnkit.ReLU, nnkit.Softmax}
	net := mlp(sizes, acts, nnkit.SoftmaxCrossEntropy, nnkit.Mean, nnkit.Regularization{})
	n32, err := f32.New(net)
	if err != nil {
		t.Fatal(err)
	}
	// Start float64 from the float32 weights, so that only the training's rounding differs.
	net = n32.Network()
	const epochs, batch, lr = 5, 25, 0.05
	if err := n32.Train(x, labels, f32.TrainConfig{Epochs: epochs, BatchSize: batch, LR: lr, Source: nprand.New(7)}); err != nil {
		t.Fatal(err)
	}
	y, _ := nnkit.OneHot(labels, 4)
	if _, err := net.Train(x, y, nnkit.TrainConfig{Epochs: epochs, BatchSize: batch, Shuffle: true, Source: nprand.New(7),
		Optimizer: nnkit.SGD{LR: lr}, LossAt: nnkit.DuringEpoch}); err != nil {
		t.Fatal(err)
	}
	got := n32.Network()
	var worst float64
	for l := range net.Layers {
		for _, p := range [][2]*mat.Dense{{got.Layers[l].W, net.Layers[l].W}, {got.Layers[l].B, net.Layers[l].B}} {
			g, w := p[0].RawMatrix().Data, p[1].RawMatrix().Data
			var scale float64
			for _, v := range w {
				scale = max(scale, math.Abs(v))
			}
			for i := range w {
				worst = max(worst, math.Abs(g[i]-w[i])/scale)
			}
		}
	}
	t.Logf("largest difference from float64, relative to each parameter's largest: %.2g", worst)
	if worst > 1e-4 {
		t.Errorf("float32 weights differ from float64's by %.2g of their scale, want ≤ 1e-4", worst)
	}
	if acc := nnkit.Accuracy(got.Predict(x), labels); acc < 0.95 {
		t.Errorf("accuracy %.3f after training, want ≥ 0.95", acc)
	}
}

func TestTrainErrors(t *testing.T) {
	x, labels := blobs(rand.New(rand.NewPCG(3, 4)), 10, 6, 3)
	net := mlp([]int{6, 8, 3}, []nnkit.Activation{nnkit.ReLU, nnkit.Softmax}, nnkit.SoftmaxCrossEntropy, nnkit.Mean, nnkit.Regularization{})
	ok := f32.TrainConfig{Epochs: 1, BatchSize: 5, LR: 0.1, Source: nprand.New(0)}
	bad := append([]int{3}, labels[1:]...)
	for _, c := range []struct {
		cfg    f32.TrainConfig
		labels []int
		want   string
	}{
		{f32.TrainConfig{LR: float32(math.NaN())}, labels,
			"Epochs is 0, want at least 1\nBatchSize is 0, want at least 1\nLR is NaN, want a finite rate above 0\nSource is nil; it shuffles each epoch"},
		{ok, labels[1:], "29 labels for 30 rows"},
		{ok, bad, "label 3 of row 0 is not one of the 3 classes"},
		{f32.TrainConfig{Epochs: 3, BatchSize: 5, LR: 1e30, Source: nprand.New(0)}, labels, "epoch 1's loss is"},
	} {
		n32, err := f32.New(net)
		if err != nil {
			t.Fatal(err)
		}
		err = n32.Train(x, c.labels, c.cfg)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Train(%+v) = %v, want %q", c.cfg, err, c.want)
		}
	}
	n32, _ := f32.New(net)
	stop := n32.Train(x, labels, f32.TrainConfig{Epochs: 4, BatchSize: 7, LR: 0.1, Source: nprand.New(0),
		AfterEpoch: func(e int) error {
			if e == 2 {
				return errStop
			}
			return nil
		}})
	if stop != errStop {
		t.Errorf("AfterEpoch's error: Train = %v", stop)
	}
	defer func() {
		if r := recover(); r == nil || r != "nnkit: f32: Train: x is 30×5, the network's input is 6 wide" {
			t.Errorf("panic %v", r)
		}
	}()
	_ = n32.Train(mat.NewDense(30, 5, nil), labels, ok)
}

var errStop = &stopError{}

type stopError struct{}

func (*stopError) Error() string { return "stop" }

// BenchmarkEpoch is workload (c)'s training in float32: 784-300-100-10 ReLU, batches of
// 256, here one epoch's worth of steps on random pixels.
func BenchmarkEpoch(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	const rows = 60000
	data := make([]float64, rows*784)
	for i := range data {
		data[i] = float64(rng.IntN(256)) / 255
	}
	labels := make([]int, rows)
	for i := range labels {
		labels[i] = rng.IntN(10)
	}
	x := mat.NewDense(rows, 784, data)
	net := mlp([]int{784, 300, 100, 10}, []nnkit.Activation{nnkit.ReLU, nnkit.ReLU, nnkit.Softmax}, nnkit.SoftmaxCrossEntropy, nnkit.Mean, nnkit.Regularization{})
	n32, err := f32.New(net)
	if err != nil {
		b.Fatal(err)
	}
	src := nprand.New(0)
	b.ResetTimer()
	for b.Loop() {
		if err := n32.Train(x, labels, f32.TrainConfig{Epochs: 1, BatchSize: 256, LR: 0.01, Source: src}); err != nil {
			b.Fatal(err)
		}
	}
}
