package playground_test

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
	"github.com/nnkit-go/nnkit/nnkit/playground"
)

var update = flag.Bool("update", false, "rewrite testdata/losses.golden")

// golden lists the configurations whose final losses testdata/losses.golden pins: every
// dataset at the defaults, and every control at its extremes.
func golden() map[string]playground.Config {
	cfgs := map[string]playground.Config{}
	for _, d := range playground.Datasets() {
		c := playground.Default.Clone()
		c.Dataset = d
		cfgs[d] = c
	}
	vary := func(name string, f func(c *playground.Config)) {
		c := playground.Default.Clone()
		f(&c)
		cfgs[name] = c
	}
	vary("all-features", func(c *playground.Config) { c.Features = playground.Features() })
	vary("sin-only", func(c *playground.Config) { c.Features = []playground.Feature{playground.SinX1, playground.SinX2} })
	vary("no-hidden", func(c *playground.Config) { c.Hidden = nil })
	vary("six-by-eight", func(c *playground.Config) { c.Hidden = []int{8, 8, 8, 8, 8, 8}; c.Activation = nnkit.ReLU })
	vary("l1", func(c *playground.Config) { c.Penalty, c.RegRate = playground.L1, 0.01 })
	vary("l2", func(c *playground.Config) { c.Penalty, c.RegRate = playground.L2, 0.03 })
	vary("sigmoid-batch1", func(c *playground.Config) { c.Activation, c.BatchSize = nnkit.Sigmoid, 1 })
	vary("swish-batch30", func(c *playground.Config) { c.Activation, c.BatchSize = nnkit.Swish, 30 })
	vary("linear-lr1", func(c *playground.Config) { c.Activation, c.LR = nnkit.Identity, 1 })
	vary("noise-split", func(c *playground.Config) { c.Noise, c.TrainRatio, c.Seed = 0.5, 0.1, 7 })
	vary("spiral-deep", func(c *playground.Config) {
		c.Dataset, c.Features, c.Hidden, c.Activation, c.LR = "spiral", playground.Features(), []int{8, 8, 6}, nnkit.Tanh, 0.1
	})
	vary("multi-gauss-relu", func(c *playground.Config) {
		c.Dataset, c.Hidden, c.Activation, c.LR, c.TrainRatio = "multi-gauss", []int{8, 8}, nnkit.LeakyReLU, 0.1, 0.9
	})
	return cfgs
}

// goldenEpochs is how long each configuration of golden trains.
const goldenEpochs = 40

// TestLossesGolden trains each configuration of golden and compares its train and test
// losses after goldenEpochs with testdata/losses.golden, which this test wrote with
// -update: the reference is this package's own result, pinned so that a change in the
// data, the features or the training order shows. The relative tolerance 1e-12 is for
// machine-dependent digits: on amd64, -tags openblas gives the same bits and
// CGO_ENABLED=0 (Go's math for the C library's) differs by at most 1e-15.
func TestLossesGolden(t *testing.T) {
	cfgs := golden()
	names := make([]string, 0, len(cfgs))
	for n := range cfgs {
		names = append(names, n)
	}
	slices.Sort(names)
	var b strings.Builder
	got := map[string][2]float64{}
	for _, n := range names {
		r, err := playground.New(cfgs[n])
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if err := r.Steps(goldenEpochs); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		train, test := r.Loss()
		got[n] = [2]float64{train, test}
		fmt.Fprintf(&b, "%s %.17g %.17g\n", n, train, test)
	}
	path := filepath.Join("testdata", "losses.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	seen := 0
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			t.Fatalf("bad golden line %q", line)
		}
		g, ok := got[f[0]]
		if !ok {
			t.Errorf("golden has %s, which the test no longer trains", f[0])
			continue
		}
		seen++
		for i, s := range f[1:] {
			want, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(g[i]-want) > 1e-12*math.Abs(want) {
				t.Errorf("%s: %s loss %.17g, golden %.17g", f[0], []string{"train", "test"}[i], g[i], want)
			}
		}
	}
	if seen != len(got) {
		t.Errorf("golden has %d of %d configurations; run go test -update", seen, len(got))
	}
}

// TestLossesFall: every configuration ends below its initial training loss, and the
// two easy sets are learnt (gauss measured at 100%, xor at 98% / 94%): the training
// works, beyond being the same as before.
func TestLossesFall(t *testing.T) {
	for name, c := range golden() {
		r, err := playground.New(c)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Steps(goldenEpochs); err != nil {
			t.Fatal(err)
		}
		first, last := r.Losses[0].Train, r.Losses[len(r.Losses)-1].Train
		if !(last < first) {
			t.Errorf("%s: training loss %.4g → %.4g", name, first, last)
		}
		if len(r.Losses) != goldenEpochs+1 || r.Epoch != goldenEpochs {
			t.Errorf("%s: %d losses at epoch %d", name, len(r.Losses), r.Epoch)
		}
	}
	for name, least := range map[string]float64{"gauss": 0.99, "xor": 0.9} {
		r, _ := playground.New(golden()[name])
		r.Steps(goldenEpochs)
		if train, test := r.Accuracy(); train < least || test < least {
			t.Errorf("%s: accuracy %.3f / %.3f, want ≥ %v", name, train, test, least)
		}
	}
}

// TestDeterministic: the same setting and seed give the same weights, bit for bit, and
// another seed gives others.
func TestDeterministic(t *testing.T) {
	c := golden()["spiral-deep"]
	run := func(c playground.Config) *playground.Run {
		r, err := playground.New(c)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Steps(15); err != nil {
			t.Fatal(err)
		}
		return r
	}
	a, b := run(c), run(c)
	for i := range a.Net.Layers {
		if !mat.Equal(a.Net.Layers[i].W, b.Net.Layers[i].W) || !mat.Equal(a.Net.Layers[i].B, b.Net.Layers[i].B) {
			t.Fatalf("layer %d differs between two runs of one setting", i+1)
		}
	}
	c.Seed++
	if d := run(c); mat.Equal(a.Net.Layers[0].W, d.Net.Layers[0].W) {
		t.Fatal("another seed gave the same weights")
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		change func(c *playground.Config)
		want   string
	}{
		{func(c *playground.Config) { c.Dataset = "mnist" }, `unknown dataset "mnist" (valid: moons, circles, flower, spiral, xor, gauss, plane, multi-gauss)`},
		{func(c *playground.Config) { c.Points = 0 }, "Points is 0, want 10 to 2000"},
		{func(c *playground.Config) { c.Noise = 0.6 }, "Noise is 0.6"},
		{func(c *playground.Config) { c.Noise = math.NaN() }, "Noise is NaN"},
		{func(c *playground.Config) { c.TrainRatio = 0 }, "TrainRatio is 0"},
		{func(c *playground.Config) { c.Features = nil }, "no features"},
		{func(c *playground.Config) { c.Features = []playground.Feature{playground.X1, playground.X1} }, "feature x₁ appears twice"},
		{func(c *playground.Config) { c.Features = []playground.Feature{9} }, "unknown feature 9"},
		{func(c *playground.Config) { c.Hidden = []int{1, 1, 1, 1, 1, 1, 1} }, "7 hidden layers, want at most 6"},
		{func(c *playground.Config) { c.Hidden = []int{4, 0} }, "hidden layer 2 has 0 neurons"},
		{func(c *playground.Config) { c.Activation = nnkit.Softmax }, "activation softmax cannot be a hidden layer's"},
		{func(c *playground.Config) { c.LR = 0 }, "LR is 0"},
		{func(c *playground.Config) { c.RegRate = 0.1 }, "RegRate is 0.1 with no penalty"},
		{func(c *playground.Config) { c.Penalty = playground.L2 }, "RegRate is 0 with L2"},
		{func(c *playground.Config) { c.BatchSize = 0 }, "BatchSize is 0, want 1 to 30"},
	} {
		c := playground.Default.Clone()
		tc.change(&c)
		err := c.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want %q", c, err, tc.want)
		}
		if _, err := playground.New(c); err == nil {
			t.Errorf("New accepted %+v", c)
		}
	}
	if err := playground.Default.Validate(); err != nil {
		t.Fatal(err)
	}
}

// TestData: each dataset splits into the configured parts with the right targets; the
// moons are sklearn's points (nnkit's Moons), only permuted.
func TestData(t *testing.T) {
	for _, name := range playground.Datasets() {
		c := playground.Default.Clone()
		c.Dataset, c.Points, c.TrainRatio = name, 301, 0.3
		train, test, err := playground.Data(c)
		if err != nil {
			t.Fatal(err)
		}
		m := 301
		if name == "spiral" {
			m = 300 // three arms of 100
		}
		if train.Len()+test.Len() != m || train.Len() != int(math.Round(0.3*float64(m))) {
			t.Errorf("%s: %d + %d points", name, train.Len(), test.Len())
		}
		for _, s := range []*playground.Set{train, test} {
			r, k := s.Inputs.Dims()
			ty, tk := s.Targets.Dims()
			if r != s.Len() || k != 2 || ty != s.Len() {
				t.Errorf("%s: inputs %d×%d, targets %d×%d for %d points", name, r, k, ty, tk, s.Len())
			}
			if c.Regression() != (s.Labels == nil) || (s.Labels == nil) != (s.Classes == 0) {
				t.Errorf("%s: regression %v, labels %v, classes %d", name, c.Regression(), s.Labels != nil, s.Classes)
			}
			if s.Labels != nil && tk != s.Classes {
				t.Errorf("%s: %d target columns for %d classes", name, tk, s.Classes)
			}
		}
		if playground.About(name) == "" {
			t.Errorf("%s: no description", name)
		}
	}
	c := playground.Default.Clone()
	train, test, _ := playground.Data(c)
	d := datasets.Moons(datasets.MoonsConfig{N: c.Points, Noise: c.Noise}, nprand.New(c.Seed))
	want := map[[2]float64]int{}
	for i := range d.Len() {
		want[[2]float64{d.X.At(i, 0), d.X.At(i, 1)}] = d.Labels[i]
	}
	for _, s := range []*playground.Set{train, test} {
		for i := range s.Len() {
			if l, ok := want[[2]float64{s.Points.At(i, 0), s.Points.At(i, 1)}]; !ok || l != s.Labels[i] {
				t.Fatalf("moons point %d (%v, %v) class %d is not one of make_moons'", i, s.Points.At(i, 0), s.Points.At(i, 1), s.Labels[i])
			}
		}
	}
}

func TestFeatures(t *testing.T) {
	want := []float64{0.5, -2, 0.25, 4, -1, math.Sin(0.5), math.Sin(-2)}
	for i, f := range playground.Features() {
		if got := f.Of(0.5, -2); got != want[i] {
			t.Errorf("%s(0.5, −2) = %v, want %v", f, got, want[i])
		}
	}
	c := playground.Default.Clone()
	c.Features = []playground.Feature{playground.X1X2, playground.X2Squared}
	in := c.Inputs(mat.NewDense(1, 2, []float64{3, 2}))
	if in.At(0, 0) != 6 || in.At(0, 1) != 4 {
		t.Errorf("Inputs: %v", mat.Formatted(in))
	}
}

// TestDiverges: a learning rate far too large stops with an error naming the epoch, and
// that epoch is not counted.
func TestDiverges(t *testing.T) {
	c := playground.Default.Clone()
	c.Dataset, c.Hidden, c.Activation, c.LR, c.Features = "plane", []int{8, 8, 8}, nnkit.ReLU, 10, playground.Features()
	r, err := playground.New(c)
	if err != nil {
		t.Fatal(err)
	}
	err = r.Steps(50)
	if err == nil || !strings.Contains(err.Error(), "training diverged at epoch") || !strings.Contains(err.Error(), "lower the learning rate") {
		t.Fatalf("error %v", err)
	}
	if len(r.Losses) != r.Epoch+1 {
		t.Errorf("%d losses at epoch %d", len(r.Losses), r.Epoch)
	}
}

// TestLast: before any epoch Last is the first batch's passes; after one, the last batch's.
func TestLast(t *testing.T) {
	r, _ := playground.New(playground.Default)
	tr, g, idx := r.Last()
	if len(idx) != 10 || idx[9] != 9 || tr.X.RawMatrix().Rows != 10 || g.M != 10 {
		t.Fatalf("before training: batch %v", idx)
	}
	r.Step()
	_, g, idx = r.Last()
	if len(idx) != 10 || g.M != 10 || slices.Equal(idx, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}) {
		t.Fatalf("after an epoch: batch %v", idx)
	}
}
