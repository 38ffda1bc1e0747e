package nnkit

import (
	"errors"
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit/internal/batch"
	"github.com/nnkit-go/nnkit/nnkit/internal/elementwise"
)

// TrainConfig sets up Train. Only Epochs and Optimizer are required.
type TrainConfig struct {
	Epochs    int
	Optimizer Optimizer
	// BatchSize is the number of samples per update: 0 means the whole training set
	// (full batch), 1 per-sample SGD. The last batch of an epoch may be smaller.
	BatchSize int
	// Shuffle reorders the samples each epoch with Source.Perm, as np.random.permutation.
	Shuffle bool
	Source  Source
	// Orders, if set, gives each epoch's sample order explicitly (one permutation per
	// epoch), as benchmark workload (b) precomputes them; it overrides Shuffle.
	Orders [][]int
	// Every records History every Every epochs (0 means 1). The last epoch is always recorded.
	Every int
	// EverySteps, when > 0, records every EverySteps updates instead (and after the last),
	// for per-sample training whose epochs are long.
	EverySteps int
	LossAt     LossTiming
	// TestX and TestY, when set, add test loss and accuracy to each record.
	TestX, TestY mat.Matrix
	EarlyStop    *EarlyStop
	Hooks        []Hook
}

// Hook observes training. Returning ErrStop from a hook ends training early without
// error; any other error ends it and is returned by Train.
type Hook interface {
	OnStep(StepInfo) error
	OnRecord(Record) error
}

// A GradientReader is a Hook that reads StepInfo.Gradients. The gradients are there
// only for such hooks: with plain SGD, Train folds each large weight update into its
// gradient's product and stores no dW, and for a GradientReader it computes dW as well.
// The update is the same either way, so attaching a hook never changes the weights.
type GradientReader interface {
	Hook
	ReadsGradients() bool
}

// HookFuncs adapts two functions to a Hook; either may be nil. Step sees the step's
// gradients only with Gradients set.
type HookFuncs struct {
	Step      func(StepInfo) error
	Record    func(Record) error
	Gradients bool
}

// ReadsGradients reports h.Gradients.
func (h HookFuncs) ReadsGradients() bool { return h.Gradients }

// OnStep calls h.Step, if set.
func (h HookFuncs) OnStep(s StepInfo) error {
	if h.Step == nil {
		return nil
	}
	return h.Step(s)
}

// OnRecord calls h.Record, if set.
func (h HookFuncs) OnRecord(r Record) error {
	if h.Record == nil {
		return nil
	}
	return h.Record(r)
}

// ErrStop, returned by a hook, ends training early without an error.
var ErrStop = errors.New("nnkit: training stopped by a hook")

// StepInfo describes one update, after it was applied.
type StepInfo struct {
	Epoch, Epochs int // 0-based epoch, and the total
	Step, Steps   int // 1-based global step, and the total
	Loss          float64
	Trace         *Trace     // the step's forward pass (reused: valid during the call only)
	Gradients     *Gradients // the step's backward pass (likewise), for a GradientReader; else nil
	Elapsed       time.Duration
}

// DivergedError reports that training produced a NaN or an infinity.
type DivergedError struct {
	Epoch, Step int
	Layer       int    // 1-based layer whose output went non-finite, or 0 for the loss alone
	Where       string // e.g. "layer 2 (Dense 3→2): A[17][0] is NaN"
}

// Error names the epoch, the step and where the first non-finite value appeared.
func (e *DivergedError) Error() string {
	return fmt.Sprintf("nnkit: training diverged at epoch %d, step %d: %s", e.Epoch, e.Step, e.Where)
}

// Train fits the network to x and y with repeated Forward, Backward and Update calls,
// and returns what it recorded. On error the History holds the records made so far.
// With plain SGD, each layer's update is applied within the backward pass, and folded
// into the product that is the weights' gradient where that product is large: the same
// weights, bit for bit, as Backward then Update with nnkit's kernel; with OpenBLAS,
// rounded by its dgemm (W += −ε·Inᵀ·δ with β = 1) rather than in two steps. Hooks never
// change this: the weights are the same with or without them (see GradientReader).
//
// It returns an error for bad data (see CheckData), or when a loss or activation goes
// non-finite (*DivergedError, naming the epoch, step and first layer), or when a hook
// fails. It panics on an invalid TrainConfig.
func (n *Network) Train(x, y mat.Matrix, cfg TrainConfig) (*History, error) {
	h := &History{BestEpoch: -1}
	cfg.mustBeValid()
	if err := n.CheckData(x, y); err != nil {
		return h, err
	}
	if cfg.TestX != nil {
		if err := n.CheckData(cfg.TestX, cfg.TestY); err != nil {
			return h, fmt.Errorf("test set: %w", err)
		}
	}
	r := &run{net: n, cfg: &cfg, h: h, x: asDense(x), y: asDense(y), start: time.Now(), bestVal: math.NaN(), firstLoss: math.NaN()}
	err := r.loop()
	if r.best != nil {
		n.copyParamsFrom(r.best)
	}
	if errors.Is(err, ErrStop) {
		h.Stopped = "stopped by a hook"
		return h, nil
	}
	return h, err
}

// run is the state of one Train call.
type run struct {
	net  *Network
	cfg  *TrainConfig
	h    *History
	x, y *mat.Dense

	tr    Trace
	g     Gradients
	xs    *batch.Gatherer
	by    *mat.Dense
	start time.Time

	// DuringEpoch accumulators since the last record.
	lossSum       float64
	correct, seen int
	// The last batch trained on, for Record.BatchAcc; full says it was the whole set.
	lastX, lastY *mat.Dense
	full         bool

	best    *Network
	bestVal float64
	wait    int

	firstLoss float64 // the first batch's loss before any update, for GrowthLimit
}

func (r *run) loop() error {
	cfg, n := r.cfg, r.net
	m, _ := r.x.Dims()
	bs := cfg.BatchSize
	if bs <= 0 || bs > m {
		bs = m
	}
	every := max(cfg.Every, 1)
	steps := (m + bs - 1) / bs * cfg.Epochs
	// Coding pays off only from the second epoch, and only where batches are gathered.
	r.xs = batch.New(r.x, cfg.Epochs > 1 && (cfg.Shuffle || cfg.Orders != nil || bs < m))
	sgd := r.sgdInBackprop()
	readers := false
	for _, hk := range cfg.Hooks {
		if g, ok := hk.(GradientReader); ok && g.ReadsGradients() {
			readers = true
		}
	}
	var order []int
	step := 0
	for epoch := 0; epoch < cfg.Epochs; epoch++ {
		order = cfg.order(epoch, m, order)
		lastEpoch := epoch == cfg.Epochs-1
		recordEpoch := cfg.EverySteps == 0 && (epoch%every == 0 || lastEpoch)
		if recordEpoch {
			r.lossSum, r.correct, r.seen = 0, 0, 0
		}
		for s := 0; s < m; s += bs {
			e := min(s+bs, m)
			bx, by := r.x, r.y
			if order != nil || e-s != m {
				r.by = batch.Rows(r.by, r.y, order, s, e)
				bx, by = r.xs.Gather(order, s, e), r.by
			}
			step++
			r.lastX, r.lastY, r.full = bx, by, e-s == m
			duringRecord := cfg.LossAt == DuringEpoch && (recordEpoch || cfg.EverySteps > 0)
			n.ForwardInto(&r.tr, bx)
			yd := n.lossInto(&r.g, &r.tr, by, duringRecord || len(cfg.Hooks) > 0 || step == 1)
			if step == 1 { // the loss before any update, in a record's terms, for GrowthLimit
				r.firstLoss = (r.g.LossSum + r.g.Penalty*float64(e-s)/float64(m)) / float64(e-s)
			}
			if err := n.nonFinite(&r.tr, &r.g, epoch, step); err != nil {
				return err
			}
			if duringRecord {
				r.lossSum += r.g.LossSum + r.g.Penalty*float64(e-s)/float64(m)
				r.correct += countCorrect(r.tr.Output(), by)
				r.seen += e - s
			}
			n.backprop(&r.g, &r.tr, yd, sgd, readers)
			if sgd == nil {
				n.UpdateInto(nil, &r.g, cfg.Optimizer)
			}
			// A non-finite weight can hide behind a ReLU that outputs 0, so the outputs'
			// check does not catch it. Every step's deltas are checked, which is cheap and
			// catches a non-finite gradient, the usual source; the parameters themselves
			// after every update of a batch of 32 or more, and else at every record, the
			// last update's included (on workload (b)'s per-sample steps the scan would
			// cost 0.20 of 2.26 µs). Weights that a folded update checked as it wrote them
			// are not read again (see finiteCheck).
			if err := n.nonFiniteDeltas(&r.g, epoch, step); err != nil {
				return err
			}
			if bs >= 32 {
				if err := n.nonFiniteParams(&r.g, epoch, step); err != nil {
					return err
				}
			}
			for _, hk := range cfg.Hooks {
				info := StepInfo{Epoch: epoch, Epochs: cfg.Epochs, Step: step, Steps: steps,
					Loss: r.g.Objective(), Trace: &r.tr, Elapsed: time.Since(r.start)}
				if g, ok := hk.(GradientReader); ok && g.ReadsGradients() {
					info.Gradients = &r.g
				}
				if err := hk.OnStep(info); err != nil {
					return err
				}
			}
			if cfg.EverySteps > 0 && (step%cfg.EverySteps == 0 || step == steps) {
				if stop, err := r.record(epoch, step); stop || err != nil {
					return err
				}
			}
		}
		if recordEpoch {
			if stop, err := r.record(epoch, step); stop || err != nil {
				return err
			}
		}
	}
	return nil
}

// sgdInBackprop returns the optimiser when it is plain SGD, so that backprop applies it
// layer by layer and may fold the weights' update into their gradient's product; else
// nil, for backprop, then Update.
func (r *run) sgdInBackprop() *SGD {
	var o SGD
	switch opt := r.cfg.Optimizer.(type) {
	case SGD:
		o = opt
	case *SGD:
		o = *opt
	default:
		return nil
	}
	mustPositive("SGD", "LR", o.LR)
	return &o
}

// record appends a History record, calls the hooks and applies early stopping, which
// it reports by stop.
func (r *run) record(epoch, step int) (stop bool, err error) {
	n, cfg, h := r.net, r.cfg, r.h
	rec := Record{Epoch: epoch, Step: step, TestLoss: math.NaN(), TestAcc: math.NaN()}
	if cfg.LossAt == DuringEpoch {
		rec.Loss, rec.TrainAcc = r.lossSum/float64(r.seen), float64(r.correct)/float64(r.seen)
		r.lossSum, r.correct, r.seen = 0, 0, 0
	} else {
		rec.Loss, rec.TrainAcc = n.evaluate(&r.tr, r.x, r.y)
	}
	if r.full && cfg.LossAt == AfterEpoch {
		rec.BatchAcc = rec.TrainAcc // the batch was the whole set, just measured
	} else {
		n.ForwardInto(&r.tr, r.lastX)
		rec.BatchAcc = float64(countCorrect(r.tr.Output(), r.lastY)) / float64(r.lastY.RawMatrix().Rows)
	}
	if cfg.TestX != nil {
		rec.TestLoss, rec.TestAcc = n.evaluate(&r.tr, cfg.TestX, cfg.TestY)
	}
	rec.Elapsed = time.Since(r.start)
	if err := n.nonFiniteParams(nil, epoch, step); err != nil {
		return true, err
	}
	if err := r.diverged(rec); err != nil {
		return true, err
	}
	h.Records = append(h.Records, rec)
	for _, hk := range cfg.Hooks {
		if err := hk.OnRecord(rec); err != nil {
			return true, err
		}
	}
	es := cfg.EarlyStop
	if es == nil {
		return false, nil
	}
	v := es.Monitor.value(rec)
	if r.best == nil || es.improves(v, r.bestVal) {
		if r.best == nil {
			r.best = n.Clone()
		} else {
			r.best.copyParamsFrom(n)
		}
		r.bestVal, h.BestEpoch, r.wait = v, epoch, 0
		return false, nil
	}
	if r.wait++; r.wait >= es.Patience {
		h.Stopped = fmt.Sprintf("early stop at epoch %d: %s has not improved on %.6g (epoch %d) for %d records",
			epoch, es.Monitor, r.bestVal, h.BestEpoch, es.Patience)
		return true, nil
	}
	return false, nil
}

func (cfg *TrainConfig) mustBeValid() {
	switch {
	case cfg.Epochs < 1:
		panic(fmt.Sprintf("nnkit: Train: Epochs is %d, want ≥ 1", cfg.Epochs))
	case cfg.Optimizer == nil:
		panic("nnkit: Train: no Optimizer")
	case cfg.Shuffle && cfg.Source == nil && cfg.Orders == nil:
		panic("nnkit: Train: Shuffle needs a Source")
	case cfg.Orders != nil && len(cfg.Orders) < cfg.Epochs:
		panic(fmt.Sprintf("nnkit: Train: %d Orders for %d epochs", len(cfg.Orders), cfg.Epochs))
	case (cfg.TestX == nil) != (cfg.TestY == nil):
		panic("nnkit: Train: TestX and TestY go together")
	case cfg.Every < 0 || cfg.EverySteps < 0:
		panic("nnkit: Train: Every and EverySteps must be ≥ 0")
	case cfg.BatchSize < 0:
		panic(fmt.Sprintf("nnkit: Train: BatchSize is %d, want ≥ 1, or 0 for the whole training set", cfg.BatchSize))
	case cfg.EarlyStop != nil && cfg.EarlyStop.Patience < 1:
		panic("nnkit: Train: EarlyStop.Patience must be ≥ 1")
	case cfg.EarlyStop != nil && cfg.TestX == nil &&
		(cfg.EarlyStop.Monitor == MonitorTestLoss || cfg.EarlyStop.Monitor == MonitorTestAccuracy):
		panic("nnkit: Train: EarlyStop monitors the test set, but there is none")
	}
}

// order returns the sample order of an epoch, or nil for the natural order.
func (cfg *TrainConfig) order(epoch, m int, buf []int) []int {
	switch {
	case cfg.Orders != nil:
		o := cfg.Orders[epoch]
		if len(o) != m {
			panic(fmt.Sprintf("nnkit: Train: Orders[%d] has %d entries for %d samples", epoch, len(o), m))
		}
		for i, k := range o {
			if k < 0 || k >= m {
				panic(fmt.Sprintf("nnkit: Train: Orders[%d][%d] is %d, want a sample index in [0, %d)", epoch, i, k, m))
			}
		}
		return o
	case cfg.Shuffle:
		return cfg.Source.Perm(m)
	}
	return nil
}

// nonFinite returns a *DivergedError if any layer's Z or A, or the loss, is NaN or ±Inf.
// Finite Z make every loss finite but for MSE overflowing its squares; a loss the step
// did not compute is NaN and is not checked.
func (n *Network) nonFinite(t *Trace, g *Gradients, epoch, step int) error {
	// A NaN or infinity anywhere reaches the output, so the output alone is checked on
	// every step, and the layers are searched only to name the first bad one.
	out := t.Layers[len(t.Layers)-1]
	if elementwise.AllFinite(out.Z.RawMatrix().Data) && elementwise.AllFinite(out.A.RawMatrix().Data) {
		if l := g.Objective(); math.IsInf(l, 0) {
			return &DivergedError{Epoch: epoch, Step: step, Where: fmt.Sprintf("loss is %v", l)}
		}
		return nil
	}
	for i, lt := range t.Layers {
		for _, part := range []struct {
			name string
			m    *mat.Dense
		}{{"Z", lt.Z}, {"A", lt.A}} {
			raw := part.m.RawMatrix()
			if k := firstNonFinite(raw.Data); k >= 0 {
				return &DivergedError{Epoch: epoch, Step: step, Layer: i + 1,
					Where: fmt.Sprintf("%s: %s[%d][%d] is %v", n.layerName(i), part.name, k/raw.Cols, k%raw.Cols, raw.Data[k])}
			}
		}
	}
	return nil
}

// GrowthLimit is the divergence rule for a loss that stays finite: training stops with a
// *DivergedError once a record's loss exceeds GrowthLimit times the initial loss, the
// first batch's before any update (per sample, as records are).
// Gradient descent that works lowers its loss; one that grows a millionfold is diverging,
// usually from too large a learning rate, even before it overflows.
const GrowthLimit = 1e6

// diverged returns a *DivergedError for a record holding a non-finite measurement, or
// whose loss has grown beyond GrowthLimit times the initial loss.
func (r *run) diverged(rec Record) error {
	for _, v := range []struct {
		name string
		v    float64
	}{{"loss", rec.Loss}, {"training accuracy", rec.TrainAcc}, {"last batch's accuracy", rec.BatchAcc}} {
		if math.IsNaN(v.v) || math.IsInf(v.v, 0) {
			return &DivergedError{Epoch: rec.Epoch, Step: rec.Step, Where: fmt.Sprintf("the %s is %v", v.name, v.v)}
		}
	}
	if r.cfg.TestX != nil && (math.IsNaN(rec.TestLoss) || math.IsInf(rec.TestLoss, 0)) {
		return &DivergedError{Epoch: rec.Epoch, Step: rec.Step, Where: fmt.Sprintf("the test loss is %v", rec.TestLoss)}
	}
	if r.firstLoss > 0 && rec.Loss > GrowthLimit*r.firstLoss {
		return &DivergedError{Epoch: rec.Epoch, Step: rec.Step,
			Where: fmt.Sprintf("the loss grew from %.6g before training to %.6g, more than %g times (GrowthLimit)", r.firstLoss, rec.Loss, GrowthLimit)}
	}
	return nil
}

// nonFiniteDeltas returns a *DivergedError naming the first layer whose δ holds a NaN or
// an infinity. db, the column sums of δ, comes first: a NaN or an infinity in a column
// makes its sum NaN or infinite, so a finite db clears the whole δ at the cost of its
// few elements; only a non-finite one (or a sum of finite values that overflowed) has
// δ scanned.
func (n *Network) nonFiniteDeltas(g *Gradients, epoch, step int) error {
	for i, l := range g.Layers {
		if l.Delta == nil {
			continue
		}
		if l.DB != nil && elementwise.AllFinite(l.DB.RawMatrix().Data) {
			continue
		}
		if raw := l.Delta.RawMatrix(); !elementwise.AllFinite(raw.Data[:raw.Rows*raw.Stride]) {
			k := firstNonFinite(raw.Data)
			return &DivergedError{Epoch: epoch, Step: step, Layer: i + 1,
				Where: fmt.Sprintf("%s: δ[%d][%d] is %v", n.layerName(i), k/raw.Stride, k%raw.Stride, raw.Data[k])}
		}
	}
	return nil
}

// nonFiniteParams returns a *DivergedError naming the first NaN or ±Inf weight or bias.
// It skips the weights of a layer whose update in g, this step's, found them finite as
// it wrote them; g may be nil.
func (n *Network) nonFiniteParams(g *Gradients, epoch, step int) error {
	for i, l := range n.Layers {
		for _, part := range []struct {
			name string
			m    *mat.Dense
		}{{"W", l.W}, {"b", l.B}} {
			if part.name == "W" && g != nil && len(g.checks) == len(n.Layers) && g.checks[i].finite() {
				continue
			}
			raw := part.m.RawMatrix()
			if !elementwise.AllFinite(raw.Data) {
				k := firstNonFinite(raw.Data)
				return &DivergedError{Epoch: epoch, Step: step, Layer: i + 1,
					Where: fmt.Sprintf("%s: %s[%d][%d] is %v after the update", n.layerName(i), part.name, k/raw.Cols, k%raw.Cols, raw.Data[k])}
			}
		}
	}
	return nil
}

// evaluate returns the History loss, (Σᵢ Lᵢ + R)/m, and the accuracy on x, y.
func (n *Network) evaluate(t *Trace, x, y mat.Matrix) (loss, acc float64) {
	s, yd := n.dataSum(t, x, y, "LossOn")
	m, _ := yd.Dims()
	if m == 0 {
		return nan(), nan()
	}
	return (s + n.penalty()) / float64(m), float64(countCorrect(t.Output(), yd)) / float64(m)
}

// dataSum runs x forward into t and returns Σᵢ Lᵢ on the targets y, and y as a
// *mat.Dense. It panics, naming fn, if y's shape is not the output's.
func (n *Network) dataSum(t *Trace, x, y mat.Matrix, fn string) (float64, *mat.Dense) {
	n.ForwardInto(t, x)
	out := t.Output()
	yd := asDense(y)
	m, k := out.Dims()
	if yr, yc := yd.Dims(); yr != m || yc != k {
		panic(fmt.Sprintf("nnkit: %s: targets are %d×%d, want %d×%d", fn, yr, yc, m, k))
	}
	lt := t.Layers[len(t.Layers)-1]
	return n.Loss.sum(lt.Z.RawMatrix().Data, lt.A.RawMatrix().Data, yd.RawMatrix().Data, k), yd
}

// LossOn returns the History loss of the network on x and y: (Σᵢ Lᵢ + R(W))/m. That is
// seed 000's calculate_loss and Coursera's compute_cost with its L2 term alike.
func (n *Network) LossOn(x, y mat.Matrix) float64 {
	var t Trace
	l, _ := n.evaluate(&t, x, y)
	return l
}

// DataLossOn is LossOn without the regulariser: Σᵢ Lᵢ/m, the loss of the data alone, as
// TensorFlow Playground reports its training and test loss. It runs one forward pass and
// no backward one.
func (n *Network) DataLossOn(x, y mat.Matrix) float64 {
	var t Trace
	s, yd := n.dataSum(&t, x, y, "DataLossOn")
	m, _ := yd.Dims()
	if m == 0 {
		return nan()
	}
	return s / float64(m)
}

// countCorrect counts the rows where out and y name the same class (see Labels).
func countCorrect(out, y *mat.Dense) int {
	o, t := out.RawMatrix(), y.RawMatrix()
	c := 0
	for i := 0; i < o.Rows; i++ {
		if rowClass(o.Data[i*o.Stride:i*o.Stride+o.Cols]) == rowClass(t.Data[i*t.Stride:i*t.Stride+t.Cols]) {
			c++
		}
	}
	return c
}

// rowClass is ClassOf's class.
func rowClass(row []float64) int {
	k, _ := ClassOf(row)
	return k
}
