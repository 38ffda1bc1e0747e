package nnkit

import (
	"math"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit/internal/batch"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// TestByteCodedBatchesKeepEveryBit trains on 8-bit image data (just over batch.MinCoded
// elements) with shuffled batches, which Train gathers from byte codes after the first
// epoch, and on data that cannot be coded, and checks each run's weights against a
// hand-written loop of Train's steps over float64 batches, bit for bit.
func TestByteCodedBatchesKeepEveryBit(t *testing.T) {
	const rows, cols, classes = 1400, 784, 10
	if rows*cols < batch.MinCoded {
		t.Fatalf("%d×%d is too small to be coded", rows, cols)
	}
	for _, tc := range []struct {
		name  string
		pixel func(k int) float64
		spoil float64 // put in the last row, if not +0
		scale float64 // the codes' scale, or 0 for none
	}{
		{"k/255", func(k int) float64 { return float64(k) / 255 }, 0, 255},
		{"k", func(k int) float64 { return float64(k) }, 0, 1},
		{"k/255 and a −0", func(k int) float64 { return float64(k) / 255 }, math.Copysign(0, -1), 0},
		{"k/255 and a value between codes", func(k int) float64 { return float64(k) / 255 }, 0.5 / 255, 0},
		{"k/256", func(k int) float64 { return float64(k) / 256 }, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gen := nprand.New(7)
			x, y := mat.NewDense(rows, cols, nil), mat.NewDense(rows, classes, nil)
			for i := range rows {
				for j := range cols {
					x.Set(i, j, tc.pixel(int(gen.Uint32()%256)))
				}
				y.Set(i, int(gen.Uint32()%classes), 1)
			}
			if tc.spoil != 0 || math.Signbit(tc.spoil) {
				x.Set(rows-1, cols/2, tc.spoil)
			}
			cfg := Config{Sizes: []int{cols, 8, classes}, Activations: []Activation{ReLU, Softmax},
				Loss: SoftmaxCrossEntropy, Reduction: Mean, Init: InitHe{}}
			if tc.name == "k" {
				cfg.Init = InitCoursera{Scale: 0.001} // keep raw pixel values from saturating
			}
			const epochs, size = 3, 200

			trained := New(cfg, nprand.New(1))
			tcfg := TrainConfig{Epochs: epochs, BatchSize: size, Shuffle: true, Source: nprand.New(2),
				Optimizer: SGD{LR: 0.05}}
			r := &run{net: trained, cfg: &tcfg, h: &History{BestEpoch: -1}, x: x, y: y, start: time.Now()}
			if err := r.loop(); err != nil {
				t.Fatal(err)
			}
			all, scale := r.xs.Coded()
			switch {
			case tc.scale == 0 && scale != 0:
				t.Errorf("coded as k/%v", scale)
			case tc.scale != 0 && (!all || scale != tc.scale):
				t.Errorf("not coded as k/%v: all rows %v, scale %v", tc.scale, all, scale)
			}

			want := New(cfg, nprand.New(1))
			src := nprand.New(2)
			var tr Trace
			var g Gradients
			bx, by := mat.NewDense(size, cols, nil), mat.NewDense(size, classes, nil)
			for range epochs {
				order := src.Perm(rows)
				for s := 0; s < rows; s += size {
					for i := range size {
						bx.SetRow(i, x.RawRowView(order[s+i]))
						by.SetRow(i, y.RawRowView(order[s+i]))
					}
					// Train's own step, whose update is folded into the backward pass
					// (rounded by OpenBLAS's dgemm in that build; see TestTrainFoldsPlainSGD).
					want.ForwardInto(&tr, bx)
					want.backprop(&g, &tr, want.lossInto(&g, &tr, by, false), &SGD{LR: 0.05}, false)
				}
			}
			for l := range want.Layers {
				for i, w := range want.Layers[l].W.RawMatrix().Data {
					if got := trained.Layers[l].W.RawMatrix().Data[i]; math.Float64bits(got) != math.Float64bits(w) {
						t.Fatalf("W%d[%d] is %v, want %v", l+1, i, got, w)
					}
				}
			}
		})
	}
}
