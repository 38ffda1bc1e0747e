// Package f32 trains an nnkit network in float32: the large-batch case, where the
// matrix products are nearly all of the work and float32 fits twice as many values in a
// register, so each product takes about half as long.
//
// It is a separate type, not a setting of nnkit.Network, so that nothing in nnkit's
// float64 path changes: the tutorials' exactness tests and the notebooks stay on float64.
// New takes a float64 network built and initialised as usual, so its first weights are
// nnkit's (numpy's, through nprand) rounded to float32, as numpy's astype(np.float32)
// rounds them; Network returns the trained weights as a float64 network again, for
// Predict, Accuracy and the pictures.
//
// It trains what large batches train: hidden layers with ReLU, a softmax output on the
// mean cross-entropy, no regularisation, and plain SGD on shuffled minibatches. New
// refuses any other network, naming what it does not cover. The products run on nnkit's
// float32 AVX2/AVX-512 kernels, which compute each element as one chain of float32 FMAs
// on either; elsewhere they run on gonum's float32 BLAS. A layer's bias and ReLU, and the
// ReLU's mask on δ, run as the products' epilogues: on each block of rows as soon as it
// is final, on the core that computed it, with the bits of the passes done after.
package f32

import (
	"errors"
	"fmt"
	"math"
	"sync/atomic"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/internal/elementwise"
	"github.com/nnkit-go/nnkit/nnkit/internal/gemm"
)

// Backend names what runs the products: "avx512" or "avx2" (nnkit's kernels), or
// "gonum".
func Backend() string {
	if gemm.Available {
		return gemm.Kernel()
	}
	return "gonum"
}

// Net is a network's weights in float32, and the buffers of a training step.
type Net struct {
	sizes  []int
	w, b   [][]float32 // layer l: sizes[l]×sizes[l+1] row-major, and 1×sizes[l+1]
	a, d   [][]float32 // per layer, a batch's activations and deltas
	g      [][]float32 // per layer, the bias gradient
	xb     []float32   // a batch's inputs
	batch  int         // rows the buffers hold
	labels []int       // a batch's labels

	// The products' epilogues, made once so that a step allocates nothing: layer l's
	// bias and ReLU on its output, and the ReLU mask on layer l−1's δ. Each runs on the
	// block of rows and columns a product has just finished, on the core that did it.
	forward, backward func(i0, i1, j0, j1 int)
	l                 int // the layer they work on

	// The batch being gathered, for gather, bound once into gatherFn.
	idx      []int
	xs       []float32
	codes    []uint8
	gatherFn func(lo, hi int)
	touched  atomic.Uint32 // the sum of the bytes gather loads early, kept so the loads stay
}

// New copies net's weights into float32. It returns an error if net is not a stack of
// ReLU layers under a softmax output trained on the mean cross-entropy without
// regularisation.
func New(net *nnkit.Network) (*Net, error) {
	var errs []error
	last := len(net.Layers) - 1
	for i, d := range net.Layers {
		switch {
		case i < last && d.Act != nnkit.ReLU:
			errs = append(errs, fmt.Errorf("layer %d (%v) is %v; f32 trains ReLU hidden layers", i+1, d, d.Act))
		case i == last && d.Act != nnkit.Softmax:
			errs = append(errs, fmt.Errorf("the output layer (%v) is %v; f32 trains a softmax output", d, d.Act))
		}
	}
	if net.Loss != nnkit.SoftmaxCrossEntropy || net.Reduction != nnkit.Mean {
		errs = append(errs, fmt.Errorf("the loss is %v, %v; f32 trains the mean softmax cross-entropy", net.Loss, net.Reduction))
	}
	if net.Reg != (nnkit.Regularization{}) {
		errs = append(errs, fmt.Errorf("the network has regularisation %v; f32 trains without", net.Reg))
	}
	if len(net.Layers) == 0 {
		errs = append(errs, errors.New("the network has no layers"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("nnkit: f32: %w", err)
	}
	n := &Net{sizes: net.Sizes()}
	n.forward, n.backward, n.gatherFn = n.biasReLU, n.maskReLU, n.gather
	for _, d := range net.Layers {
		n.w = append(n.w, round(d.W.RawMatrix().Data))
		n.b = append(n.b, round(d.B.RawMatrix().Data))
	}
	return n, nil
}

func round(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x)
	}
	return out
}

// Sizes returns the input width followed by each layer's width.
func (n *Net) Sizes() []int { return append([]int(nil), n.sizes...) }

// Network returns the weights as a float64 network of the same layers, each float32
// value exactly.
func (n *Net) Network() *nnkit.Network {
	net := &nnkit.Network{Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Mean}
	for l := range n.w {
		in, out := n.sizes[l], n.sizes[l+1]
		w, b := make([]float64, in*out), make([]float64, out)
		for i, v := range n.w[l] {
			w[i] = float64(v)
		}
		for i, v := range n.b[l] {
			b[i] = float64(v)
		}
		act := nnkit.ReLU
		if l == len(n.w)-1 {
			act = nnkit.Softmax
		}
		net.Layers = append(net.Layers, &nnkit.Dense{W: mat.NewDense(in, out, w), B: mat.NewDense(1, out, b), Act: act})
	}
	return net
}

// TrainConfig is a training run. Every field but AfterEpoch is required.
type TrainConfig struct {
	Epochs    int
	BatchSize int // the last batch of an epoch keeps the rows left over
	LR        float32
	// Source shuffles the rows each epoch with Source.Perm, as np.random.permutation.
	Source nnkit.Source
	// AfterEpoch, if not nil, is called after each epoch (from 1); an error stops Train.
	AfterEpoch func(epoch int) error
}

func (c TrainConfig) validate() error {
	var errs []error
	if c.Epochs < 1 {
		errs = append(errs, fmt.Errorf("Epochs is %d, want at least 1", c.Epochs))
	}
	if c.BatchSize < 1 {
		errs = append(errs, fmt.Errorf("BatchSize is %d, want at least 1", c.BatchSize))
	}
	if !(c.LR > 0) || math.IsInf(float64(c.LR), 0) {
		errs = append(errs, fmt.Errorf("LR is %v, want a finite rate above 0", c.LR))
	}
	if c.Source == nil {
		errs = append(errs, errors.New("Source is nil; it shuffles each epoch"))
	}
	return errors.Join(errs...)
}

// Train trains on the rows of x, whose classes are labels, with SGD: each step takes
// a batch's mean cross-entropy gradient and sets W −= LR·∂L/∂W and b −= LR·∂L/∂b. It
// panics if x's width is not the input width, and returns an error for a bad setting, a
// label out of range or an epoch whose loss is not finite (the weights are then that
// epoch's, not finite either). Each call converts x to float32 once, a pass over all of
// it: train many epochs per call.
func (n *Net) Train(x *mat.Dense, labels []int, cfg TrainConfig) error {
	rows, cols := x.Dims()
	if cols != n.sizes[0] {
		panic(fmt.Sprintf("nnkit: f32: Train: x is %d×%d, the network's input is %d wide", rows, cols, n.sizes[0]))
	}
	if err := cfg.validate(); err != nil {
		return fmt.Errorf("nnkit: f32: Train: %w", err)
	}
	if len(labels) != rows {
		return fmt.Errorf("nnkit: f32: Train: %d labels for %d rows", len(labels), rows)
	}
	classes := n.sizes[len(n.sizes)-1]
	for i, y := range labels {
		if y < 0 || y >= classes {
			return fmt.Errorf("nnkit: f32: Train: label %d of row %d is not one of the %d classes", y, i, classes)
		}
	}
	xs, codes := rowsOf(x)
	defer func() { n.idx, n.xs, n.codes = nil, nil, nil }() // do not keep x's copies alive
	n.grow(min(cfg.BatchSize, rows))
	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		order := cfg.Source.Perm(rows)
		var loss float64
		for s := 0; s < rows; s += cfg.BatchSize {
			idx := order[s:min(s+cfg.BatchSize, rows)]
			n.idx, n.xs, n.codes = idx, xs, codes
			// Both cores gather, each its own rows: the pass is memory-bound, and the
			// helpers that run the products are idle between them.
			gemm.Parallel(len(idx), gatherGrain, n.gatherFn)
			for r, i := range idx {
				n.labels[r] = labels[i]
			}
			loss += n.step(len(idx), cfg.LR) * float64(len(idx))
		}
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			return fmt.Errorf("nnkit: f32: Train: epoch %d's loss is %v; lower LR", epoch, loss)
		}
		if cfg.AfterEpoch != nil {
			if err := cfg.AfterEpoch(epoch); err != nil {
				return err
			}
		}
	}
	return nil
}

// gatherGrain is the rows a core gathers at a time: 32 rows of 784 bytes are 25 KB.
const gatherGrain = 32

// gather copies rows [lo, hi) of the batch n.idx into n.xb, from the codes or the rows.
func (n *Net) gather(lo, hi int) {
	cols := n.sizes[0]
	if n.codes == nil {
		for r := lo; r < hi; r++ {
			i := n.idx[r]
			copy(n.xb[r*cols:(r+1)*cols], n.xs[i*cols:(i+1)*cols])
		}
		return
	}
	var sum uint8 // every row first, then decode (see elementwise.Touch)
	for _, i := range n.idx[lo:hi] {
		sum += elementwise.Touch(n.codes[i*cols : (i+1)*cols])
	}
	n.touched.Add(uint32(sum))
	for r := lo; r < hi; r++ {
		i := n.idx[r]
		elementwise.Decode32(n.xb[r*cols:(r+1)*cols], n.codes[i*cols:(i+1)*cols], &pixel)
	}
}

// levels[k] is k/255, an 8-bit pixel as numpy's x/255.0 stores it, and pixel[k] its
// float32, as astype(np.float32) stores it.
var levels, pixel = func() (l [256]float64, p [256]float32) {
	for k := range l {
		l[k] = float64(k) / 255
		p[k] = float32(l[k])
	}
	return l, p
}()

// rowsOf returns x in float32. When every value is an 8-bit pixel k/255, as image data
// is, it returns the bytes k instead: shuffled batches then gather a quarter of the
// memory, and decode to the same float32s.
func rowsOf(x *mat.Dense) ([]float32, []uint8) {
	rows, cols := x.Dims()
	codes := make([]uint8, rows*cols)
	coded := true
	for i := 0; i < rows && coded; i++ {
		coded = elementwise.Encode(codes[i*cols:(i+1)*cols], x.RawRowView(i), &levels, 255)
	}
	if coded {
		return nil, codes
	}
	xs := make([]float32, rows*cols)
	for i := range rows {
		for j, v := range x.RawRowView(i) {
			xs[i*cols+j] = float32(v)
		}
	}
	return xs, nil
}

func (n *Net) grow(batch int) {
	if n.batch >= batch {
		return
	}
	n.batch = batch
	n.xb = make([]float32, batch*n.sizes[0])
	n.labels = make([]int, batch)
	n.a, n.d, n.g = nil, nil, nil
	for _, out := range n.sizes[1:] {
		n.a = append(n.a, make([]float32, batch*out))
		n.d = append(n.d, make([]float32, batch*out))
		n.g = append(n.g, make([]float32, out))
	}
}

// step trains on the first m rows of the batch buffers and returns their mean loss
// before the update.
func (n *Net) step(m int, lr float32) float64 {
	L := len(n.w)
	in := n.xb
	for l := range L {
		out := n.sizes[l+1]
		a := n.a[l][:m*out]
		n.l = l
		mulThen(m, out, n.sizes[l], gemm.Matrix32{Data: in, Stride: n.sizes[l]}, gemm.Matrix32{Data: n.w[l], Stride: out}, a, n.forward)
		in = a
	}
	loss := n.outputDelta(m)
	// Back to front: each layer's δ·Wᵀ is taken before W's update, which then folds
	// the gradient's product into W += −lr·Inᵀ·δ.
	for l := L - 1; l >= 0; l-- {
		out, width := n.sizes[l+1], n.sizes[l]
		d := n.d[l][:m*out]
		if l > 0 {
			n.l = l
			mulThen(m, width, out, gemm.Matrix32{Data: d, Stride: out}, gemm.Matrix32{Data: n.w[l], Stride: out, T: true}, n.d[l-1][:m*width], n.backward)
		}
		in := n.xb
		if l > 0 {
			in = n.a[l-1]
		}
		mul(width, out, m, gemm.Matrix32{Data: in[:m*width], Stride: width, T: true}, gemm.Matrix32{Data: d, Stride: out}, n.w[l], -lr)
		// db sums δ's rows, row by row as memory holds them.
		b, g := n.b[l], n.g[l]
		clear(g)
		for r := range m {
			for j, v := range d[r*out : (r+1)*out] {
				g[j] += v
			}
		}
		for j, v := range g {
			b[j] -= lr * v
		}
	}
	return loss
}

// outputDelta sets the output layer's δ, (softmax(z) − onehot(y)) / m as numpy computes
// it, from its z, and returns the batch's mean loss.
func (n *Net) outputDelta(m int) float64 {
	L := len(n.w)
	k := n.sizes[L]
	z, d := n.a[L-1][:m*k], n.d[L-1][:m*k]
	var loss float64
	inv := float32(m)
	for r := range m {
		zr, dr := z[r*k:(r+1)*k], d[r*k:(r+1)*k]
		top := zr[0]
		for _, v := range zr {
			top = max(top, v)
		}
		var sum float32
		for j, v := range zr {
			dr[j] = float32(math.Exp(float64(v - top)))
			sum += dr[j]
		}
		for j := range dr {
			dr[j] /= sum
		}
		y := n.labels[r]
		loss -= math.Log(max(float64(dr[y]), math.SmallestNonzeroFloat64))
		dr[y]--
		for j := range dr {
			dr[j] /= inv
		}
	}
	return loss / float64(m)
}

// biasReLU adds layer n.l's bias to rows [i0, i1) and columns [j0, j1) of its output,
// and rectifies them if the layer is hidden.
func (n *Net) biasReLU(i0, i1, j0, j1 int) {
	out := n.sizes[n.l+1]
	a, b := n.a[n.l], n.b[n.l][j0:j1]
	hidden := n.l < len(n.w)-1
	for r := i0; r < i1; r++ {
		row := a[r*out+j0 : r*out+j1]
		if hidden {
			elementwise.AddReLU32(row, row, b)
			continue
		}
		for j := range row {
			row[j] += b[j]
		}
	}
}

// maskReLU applies δ ⊙ (A > 0) to rows [i0, i1) and columns [j0, j1) of layer n.l−1's δ,
// A being that layer's output.
func (n *Net) maskReLU(i0, i1, j0, j1 int) {
	width := n.sizes[n.l]
	d, a := n.d[n.l-1], n.a[n.l-1]
	for r := i0; r < i1; r++ {
		row := d[r*width+j0 : r*width+j1]
		elementwise.ReLUBackward32(row, row, a[r*width+j0:r*width+j1])
	}
}

// mulThen sets c = a·b, c being m×n and dense, and calls then on its blocks as they
// are final: on both cores with nnkit's kernels, on the whole of c after gonum's.
func mulThen(m, n, k int, a, b gemm.Matrix32, c []float32, then func(i0, i1, j0, j1 int)) {
	if gemm.Available {
		gemm.Mul32Then(m, n, k, a, b, c, n, then)
		return
	}
	mulGonum(m, n, k, a, b, c, 0)
	then(0, m, 0, n)
}

// mul sets c = a·b (alpha 0) or c += alpha·(a·b), c being m×n and dense.
func mul(m, n, k int, a, b gemm.Matrix32, c []float32, alpha float32) {
	if gemm.Available {
		if alpha == 0 {
			gemm.Mul32(m, n, k, a, b, c, n)
		} else {
			gemm.MulAdd32(m, n, k, alpha, a, b, c, n)
		}
		return
	}
	mulGonum(m, n, k, a, b, c, alpha)
}

// mulGonum is mul on gonum's float32 BLAS, for CPUs without nnkit's kernels.
func mulGonum(m, n, k int, a, b gemm.Matrix32, c []float32, alpha float32) {
	op := func(t bool) blas.Transpose {
		if t {
			return blas.Trans
		}
		return blas.NoTrans
	}
	beta := float32(1)
	if alpha == 0 {
		alpha, beta = 1, 0
	}
	ga := blas32.General{Rows: m, Cols: k, Stride: a.Stride, Data: a.Data}
	if a.T {
		ga.Rows, ga.Cols = k, m
	}
	gb := blas32.General{Rows: k, Cols: n, Stride: b.Stride, Data: b.Data}
	if b.T {
		gb.Rows, gb.Cols = n, k
	}
	blas32.Gemm(op(a.T), op(b.T), alpha, ga, gb, beta, blas32.General{Rows: m, Cols: n, Stride: n, Data: c})
}
