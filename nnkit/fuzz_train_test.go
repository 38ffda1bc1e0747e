package nnkit_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// FuzzTrain trains random small networks on random data with random settings. Whatever
// happens, a nil error means finite weights, and a panic is one of nnkit's own, naming
// the mistake ("nnkit: …"), never the runtime's.
func FuzzTrain(f *testing.F) {
	// The reproduction: 2-3-2 ReLU/LeakyReLU, MSE, SGD at 1000, 5 epochs.
	f.Add([]byte{2, 3, 2, 3, 4, 3}, uint32(0), 1000.0, uint8(5), uint8(0), uint8(0))
	f.Add([]byte{2, 4, 1, 2, 1}, uint32(1), 1.2, uint8(20), uint8(1), uint8(1))
	f.Add([]byte{3, 2, 3, 0, 5}, uint32(7), 1e300, uint8(3), uint8(2), uint8(4))
	f.Add([]byte{1, 1, 6}, uint32(3), 0.1, uint8(2), uint8(3), uint8(2))
	f.Fuzz(func(t *testing.T, spec []byte, seed uint32, lr float64, epochs, opt, batch uint8) {
		if len(spec) < 3 || len(spec) > 9 {
			return
		}
		defer func() {
			if e := recover(); e != nil && !strings.HasPrefix(fmt.Sprint(e), "nnkit: ") {
				t.Fatalf("a panic that is not nnkit's: %v", e)
			}
		}()

		// spec: input width, then layer widths and activations, alternating.
		sizes := []int{int(spec[0]%4) + 1}
		var acts []nnkit.Activation
		for i := 1; i+1 < len(spec); i += 2 {
			sizes = append(sizes, int(spec[i]%4)+1)
			acts = append(acts, nnkit.Activation(int(spec[i+1])%7))
		}
		if len(acts) == 0 {
			return
		}
		out := len(acts) - 1
		loss := nnkit.MSEHalfSum
		switch acts[out] {
		case nnkit.Softmax:
			loss = nnkit.SoftmaxCrossEntropy
		case nnkit.Sigmoid:
			loss = nnkit.BinaryCrossEntropy
		}
		for i, a := range acts[:out] {
			if a == nnkit.Softmax {
				acts[i] = nnkit.Tanh // softmax is an output layer's
			}
		}
		src := nprand.New(seed)
		net := nnkit.New(nnkit.Config{Sizes: sizes, Activations: acts, Loss: loss, Reduction: nnkit.Mean,
			Reg: nnkit.Regularization{L2: float64(seed%3) * 0.01}, Init: nnkit.InitFanIn{}}, src)
		m := 8
		x := mat.NewDense(m, sizes[0], nil)
		for i := range m {
			for j := range sizes[0] {
				x.Set(i, j, src.NormFloat64()*float64(1+seed%5))
			}
		}
		k := sizes[len(sizes)-1]
		y := mat.NewDense(m, k, nil)
		for i := range m {
			c := int(src.Float64() * float64(k))
			for j := range k {
				switch {
				case loss == nnkit.SoftmaxCrossEntropy && j == c, loss == nnkit.BinaryCrossEntropy && src.Float64() < 0.5:
					y.Set(i, j, 1)
				case loss == nnkit.MSEHalfSum:
					y.Set(i, j, src.NormFloat64())
				}
			}
		}
		if k == 1 && loss == nnkit.SoftmaxCrossEntropy {
			y.Set(0, 0, 1)
		}
		var o nnkit.Optimizer
		switch opt % 3 {
		case 0:
			o = nnkit.SGD{LR: lr}
		case 1:
			o = &nnkit.Momentum{LR: lr, Beta: 0.9}
		default:
			o = &nnkit.Adam{LR: lr, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8}
		}
		_, err := net.Train(x, y, nnkit.TrainConfig{Epochs: int(epochs%8) + 1, Optimizer: o, BatchSize: int(batch % 9)})
		if err != nil {
			return
		}
		for i, l := range net.Layers {
			for _, v := range append(l.W.RawMatrix().Data, l.B.RawMatrix().Data...) {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("nil error, but layer %d holds %v (sizes %v, %v, lr %g)", i+1, v, sizes, acts, lr)
				}
			}
		}
	})
}
