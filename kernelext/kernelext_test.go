package kernelext_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"html"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/kernelext"
	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
	"github.com/nnkit-go/nnkit/nnkit/playground"
	"github.com/nnkit-go/nnkit/nnkit/viz"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func moons() *datasets.Dataset {
	return datasets.Moons(datasets.MoonsConfig{N: 200, Noise: 0.2}, nprand.New(0))
}

func moonsNet() *nnkit.Network {
	return nnkit.New(nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
		Reg:       nnkit.Regularization{L2: 0.01},
		Loss:      nnkit.SoftmaxCrossEntropy,
		Reduction: nnkit.Sum,
		Init:      nnkit.InitFanIn{}}, nprand.New(0))
}

// capture redirects Out for the duration of f and returns what was written.
func capture(f func()) string {
	var buf bytes.Buffer
	old := kernelext.Out
	kernelext.Out = &buf
	defer func() { kernelext.Out = old }()
	f()
	return buf.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		os.WriteFile(path, []byte(got), 0o644)
		return
	}
	if !datasets.Exact {
		t.Logf("%s: pure-Go build: golden bytes not compared", name)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file; inspect and run go test -update if intended", name)
	}
}

// TestStepsSeed000 renders seed 000's first forward pass, backward pass and update: the
// equations, shapes and values a learner reads instead of numpy arrays.
func TestStepsSeed000(t *testing.T) {
	d := moons()
	net := moonsNet()
	tr := net.Forward(d.X)
	g := net.Backward(tr, d.OneHot())
	u := net.Update(g, nnkit.SGD{LR: 0.01})
	s := kernelext.Steps{}
	fwd, bwd, upd := s.ForwardHTML(tr), s.BackwardHTML(g), s.UpdateHTML(u)
	for _, want := range []string{
		"Z¹ = X·W¹ + b¹    (200×2)·(2×3) + (1×3) → 200×3", "A¹ = tanh(Z¹)",
		"Z² = A¹·W² + b²    (200×3)·(3×2) + (1×2) → 200×2", "A² = softmax(Z²)",
	} {
		if !strings.Contains(fwd, want) {
			t.Errorf("forward lacks %q", want)
		}
	}
	for _, want := range []string{
		"δ² = A² − Y", "δ¹ = (δ²·W²ᵀ) ⊙ (1−A¹²)    (200×2)·(2×3) ⊙ (200×3) → 200×3",
		"dW¹ = Xᵀ·δ¹    (2×200)·(200×3) → 2×3  + (λ)·W¹", "db¹ = Σ rows of δ¹    → 1×3", "sum over m = 200",
	} {
		if !strings.Contains(bwd, want) {
			t.Errorf("backward lacks %q", want)
		}
	}
	if !strings.Contains(upd, "W¹ ← W¹ − ε·dW¹") {
		t.Error("update lacks its equation")
	}
	for _, h := range []string{fwd, bwd, upd} {
		if strings.Contains(h, "<script") {
			t.Fatal("HTML holds a script")
		}
	}
	golden(t, "steps_seed000_golden.html", fwd+bwd+upd)
}

func TestStepsMeanMSE(t *testing.T) {
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 4, 2}, Activations: []nnkit.Activation{nnkit.Sigmoid, nnkit.Sigmoid},
		Loss: nnkit.MSEMean, Reduction: nnkit.Mean,
		Init: nnkit.InitFanIn{}}, nprand.New(0))
	d := moons()
	g := net.Backward(net.Forward(d.X), d.OneHot())
	bwd := kernelext.Steps{}.BackwardHTML(g)
	if !strings.Contains(bwd, "δ² = (2/2)(A² − Y) ⊙ A²(1−A²) , divided by m = 200") {
		t.Errorf("MSE output delta not shown as the tutorials write it:\n%s", bwd)
	}
}

// TestHTMLForEveryValue checks what Show sends for each kind of value: the HTML, and a
// text/plain that says what it is (no picture is "[picture]").
func TestHTMLForEveryValue(t *testing.T) {
	d := moons()
	net := moonsNet()
	h, err := net.Train(d.X, d.OneHot(), nnkit.TrainConfig{Epochs: 30, Optimizer: nnkit.SGD{LR: 0.01}, Every: 10})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := nnkit.NewConfusion(net.Predict(d.X), d.Labels, 2)
	for _, tc := range []struct {
		v           any
		html, plain string
	}{
		{net, picture, "2-3-2 tanh/softmax"},
		{net, "total</td>", "2-3-2 tanh/softmax"},
		{net.Forward(d.X), "Forward pass", "Z¹"},
		{h, picture, "history: 4 records"},
		{c, picture, "accuracy"},
		{c, `alt="confusion matrix of 2 classes over 200 samples`, "accuracy"},
		{net.GradCheck(d.X, d.OneHot()), "overall", "overall"},
		{d, picture, "moons"},
		{datasets.Iris(), "150 samples", "150 samples"},
		{mat.NewDense(20, 20, nil), "⋮", "20×20"},
		{viz.SVG(`<?xml version="1.0"?><svg></svg>`), picture, "a picture (SVG, 32 bytes)"},
		{errors.New("boom"), "boom", "error: boom"},
	} {
		got, err := kernelext.HTML(tc.v)
		if err != nil || !strings.Contains(got, tc.html) {
			t.Errorf("HTML(%T): %v; want it to contain %q", tc.v, err, tc.html)
		}
		if strings.Contains(got, "<script") || strings.Contains(got, "<svg") {
			t.Errorf("HTML(%T) holds a script or an inline <svg>, which untrusted notebooks drop", tc.v)
		}
		b := kernelext.Bundle(tc.v)
		if len(b) != 2 || b["text/html"] != got || !strings.Contains(b["text/plain"], tc.plain) {
			t.Errorf("Bundle(%T): %d forms, text/plain %q; want text/html as HTML and text/plain with %q", tc.v, len(b), b["text/plain"], tc.plain)
		}
	}
	if _, err := kernelext.HTML(struct{}{}); err == nil {
		t.Error("HTML of a struct{}: no error")
	}
}

const picture = `<img src="data:image/svg+xml;base64,`

// TestBundleOfSVG checks the MIME bundle that Show sends for a picture: an <img> whose
// data URI holds the SVG byte for byte, described in its alt text and in text/plain,
// and no inline <svg>, which JupyterLab strips from untrusted notebooks.
func TestBundleOfSVG(t *testing.T) {
	d := moons()
	svg, err := viz.DecisionBoundary(moonsNet(), d, viz.BoundaryOptions{Grid: 40})
	if err != nil {
		t.Fatal(err)
	}
	desc := "decision boundary of 2-3-2 tanh/softmax, softmax-cross-entropy (sum), L2 λ=0.01 on moons: 86.50% of 200 points correct"
	tests := []struct {
		name      string
		svg       []byte
		plain     string
		inlineAlt string
	}{
		{"viz picture", svg, desc, html.EscapeString(desc)},
		{"untitled SVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>`),
			"a picture (SVG, 69 bytes) that does not say what it shows", "a picture (SVG, 69 bytes) that does not say what it shows"},
		{"title with markup", []byte(`<svg><title>w &lt; 0 &amp; "b"</title></svg>`), `w < 0 & "b"`, `w &lt; 0 &amp; &#34;b&#34;`},
	}
	for _, tt := range tests {
		b := kernelext.Bundle(viz.SVG(tt.svg))
		if len(b) != 2 || b["text/plain"] != tt.plain {
			t.Errorf("%s: bundle keys %d, text/plain %q; want text/html and text/plain %q", tt.name, len(b), b["text/plain"], tt.plain)
		}
		h := b["text/html"]
		m := regexp.MustCompile(`^<div[^>]*><img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)" style="[^"]*"></div>$`).FindStringSubmatch(h)
		if m == nil {
			t.Errorf("%s: text/html is not one data-URI <img>: %.200s", tt.name, h)
			continue
		}
		if got, err := base64.StdEncoding.DecodeString(m[1]); err != nil || !bytes.Equal(got, tt.svg) {
			t.Errorf("%s: the data URI does not hold the SVG (%v)", tt.name, err)
		}
		if m[2] != tt.inlineAlt {
			t.Errorf("%s: alt %q, want %q", tt.name, m[2], tt.inlineAlt)
		}
	}
}

// TestShowOutsideANotebook: the same calls print text under go run and go test.
func TestShowOutsideANotebook(t *testing.T) {
	out := capture(func() {
		kernelext.Show(moonsNet())
		kernelext.Show(moons())
		kernelext.Show(struct{ A int }{3})
	})
	for _, want := range []string{"2-3-2 tanh/softmax", "moons: 200 samples × 2 features", "{3}"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
}

func TestMatrixHTML(t *testing.T) {
	m := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6.5})
	got := kernelext.MatrixHTML("W", m, 8, 8)
	if !strings.Contains(got, "W <span") || !strings.Contains(got, "3×2") || !strings.Contains(got, ">6.5<") {
		t.Errorf("got %s", got)
	}
	big := kernelext.MatrixHTML("X", mat.NewDense(100, 100, nil), 4, 4)
	if strings.Count(big, "<tr>") != 4 || !strings.Contains(big, "⋱") {
		t.Errorf("a 100×100 matrix should show 4 rows with ellipses: %s", big)
	}
}

func TestCheck(t *testing.T) {
	var ok bool
	out := capture(func() {
		ok = kernelext.Check("seed 000", kernelext.Expect{Name: "test accuracy", Published: 96, Ours: 96, Tol: 0.5, Unit: "%"},
			kernelext.Expect{Name: "loss", Published: 0.0713, Ours: 0.08, Tol: 0.001})
	})
	if ok || !strings.Contains(out, "✓ test accuracy") || !strings.Contains(out, "✗ loss") {
		t.Errorf("ok %v, output:\n%s", ok, out)
	}
	html, _, ok := kernelext.CheckHTML("x", kernelext.Expect{Name: "a", Published: 1, Ours: 1})
	if !ok || !strings.Contains(html, "#009E73") {
		t.Errorf("exact match not green: %s", html)
	}
	if (kernelext.Expect{Published: 1, Ours: math.NaN(), Tol: 10}).OK() {
		t.Error("NaN passed a check")
	}
}

func TestFit(t *testing.T) {
	dir := t.TempDir()
	d := moons()
	builds := 0
	build := func() *nnkit.Network { builds++; return moonsNet() }
	cfg := nnkit.TrainConfig{Epochs: 50, Optimizer: nnkit.SGD{LR: 0.01}, Every: 10}
	var first, second *kernelext.Run
	out := capture(func() {
		var err error
		if first, err = kernelext.FitIn(dir, "moons", build, d.X, d.OneHot(), cfg); err != nil {
			t.Fatal(err)
		}
		if second, err = kernelext.FitIn(dir, "moons", build, d.X, d.OneHot(), cfg); err != nil {
			t.Fatal(err)
		}
	})
	if first.Cached || !second.Cached || !strings.Contains(out, "moons: trained in") || !strings.Contains(out, "moons: loaded from cache (trained 20") {
		t.Fatalf("cached %v then %v, output:\n%s", first.Cached, second.Cached, out)
	}
	if !mat.Equal(first.Net.Layers[0].W, second.Net.Layers[0].W) || len(second.History.Records) != 6 ||
		second.History.Last().Loss != first.History.Last().Loss || second.History.Last().Elapsed != first.History.Last().Elapsed || first.Key != second.Key {
		t.Fatal("the cached run differs from the trained one")
	}
	// An edit of the data trains again, under another key.
	d2 := moons()
	d2.X.Set(7, 1, d2.X.At(7, 1)+1e-9)
	var third *kernelext.Run
	capture(func() { third, _ = kernelext.FitIn(dir, "moons", build, d2.X, d2.OneHot(), cfg) })
	if third.Cached || third.Key == first.Key {
		t.Fatal("a change of one input value was served from the cache")
	}
	// A corrupt entry is trained again and replaced, never trusted.
	os.WriteFile(filepath.Join(dir, first.Key+".gob"), []byte("not a run"), 0o600)
	out = capture(func() {
		if r, err := kernelext.FitIn(dir, "moons", build, d.X, d.OneHot(), cfg); err != nil || r.Cached {
			t.Fatal(err)
		}
	})
	if !strings.Contains(out, "unreadable and is replaced") {
		t.Fatalf("corrupt entry, output:\n%s", out)
	}
	// A run that diverges stores nothing and returns the error.
	wild := nnkit.TrainConfig{Epochs: 50, Optimizer: nnkit.SGD{LR: 1e6}}
	var err error
	var r *kernelext.Run
	capture(func() { r, err = kernelext.FitIn(dir, "wild", build, d.X, d.OneHot(), wild) })
	var div *nnkit.DivergedError
	if !errors.As(err, &div) || r == nil || r.Net == nil {
		t.Fatalf("diverging run: %v", err)
	}
	for _, e := range mustReadDir(t, dir) {
		if strings.HasPrefix(e, "wild-") || strings.Contains(e, ".part-") {
			t.Fatalf("a failed run or a temporary file left an entry: %s", e)
		}
	}
	// An unwritable cache still gives the trained network, with a warning.
	file := filepath.Join(dir, "a-file")
	os.WriteFile(file, nil, 0o600)
	out = capture(func() { r, err = kernelext.FitIn(filepath.Join(file, "sub"), "moons", build, d.X, d.OneHot(), cfg) })
	if err != nil || r.Net == nil || !strings.Contains(out, "but not cached") {
		t.Fatalf("unwritable cache: %v, output:\n%s", err, out)
	}
	if msg := panics(func() { kernelext.FitIn(dir, "../escape", build, d.X, d.OneHot(), cfg) }); !strings.Contains(msg, "use letters, digits") {
		t.Fatalf("a name with a slash: panic %q", msg)
	}
}

func mustReadDir(t *testing.T, dir string) []string {
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// TestLiveOutsideANotebook: a text progress line at most every Interval, then a summary.
func TestLiveOutsideANotebook(t *testing.T) {
	d := moons()
	net := moonsNet()
	var view *kernelext.LiveView
	out := capture(func() {
		view = kernelext.Live(net, kernelext.LiveOptions{Interval: time.Hour})
		h, err := net.Train(d.X, d.OneHot(), nnkit.TrainConfig{Epochs: 500, Optimizer: nnkit.SGD{LR: 0.01}, Every: 100,
			Hooks: []nnkit.Hook{view}})
		view.Finish(h, err)
	})
	if view.Updates() != 1 {
		t.Errorf("%d updates in one hour's interval, want 1 (the first step)", view.Updates())
	}
	if !strings.Contains(out, "step 1/500") || !strings.Contains(out, "trained 500 steps") {
		t.Errorf("output:\n%s", out)
	}
	unbounded := nnkit.New(nnkit.Config{Sizes: []int{2, 8, 2}, Activations: []nnkit.Activation{nnkit.ReLU, nnkit.Identity},
		Loss:      nnkit.MSEHalfSum,
		Reduction: nnkit.Sum,
		Init:      nnkit.InitFanIn{}}, nprand.New(0))
	out = capture(func() {
		if _, err := kernelext.Train(unbounded, d.X, d.OneHot(), nnkit.TrainConfig{Epochs: 100, Optimizer: nnkit.SGD{LR: 5}},
			kernelext.LiveOptions{}); err == nil {
			t.Error("no divergence at lr 5")
		}
	})
	if !strings.Contains(out, "training stopped: nnkit: training diverged") {
		t.Errorf("divergence not reported:\n%s", out)
	}
}

// TestPlaygroundHeadless: without a browser the playground trains its setting for the
// snapshot's epochs, shows it and returns instead of waiting for the browser.
func TestPlaygroundHeadless(t *testing.T) {
	if !kernelext.Headless() {
		t.Fatal("a test is not headless")
	}
	out := capture(func() {
		if err := kernelext.Playground(playground.Default, 30); err != nil {
			t.Fatal(err)
		}
	})
	r, err := playground.New(playground.Default)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Steps(30); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "static snapshot") || !strings.Contains(out, r.String()) {
		t.Errorf("output:\n%s\nwant the note and %q", out, r.String())
	}
	bad := playground.Default.Clone()
	bad.Dataset = "mnist"
	out = capture(func() {
		if err := kernelext.Playground(bad, 30); err == nil {
			t.Error("unknown dataset: no error")
		}
	})
	if !strings.Contains(out, `unknown dataset "mnist"`) {
		t.Errorf("the error is not shown:\n%s", out)
	}
}

// panics returns the message f panics with, or "".
func panics(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}

// TestWatchingNeverChangesTraining: Fit and Train, which attach a LiveView, end with the
// weights net.Train gives without one, bit for bit, on this build's backend (CI runs
// it on nnkit's kernel and with -tags openblas, where a folded update rounds differently
// from an unfolded one).
func TestWatchingNeverChangesTraining(t *testing.T) {
	const rows, cols, classes = 512, 784, 10
	gen := nprand.New(7)
	x, y := mat.NewDense(rows, cols, gen.Rand(rows*cols)), mat.NewDense(rows, classes, nil)
	for i := range rows {
		y.Set(i, int(gen.Uint32()%classes), 1)
	}
	build := func() *nnkit.Network {
		return nnkit.New(nnkit.Config{Sizes: []int{cols, 48, classes}, Activations: []nnkit.Activation{nnkit.ReLU, nnkit.Softmax},
			Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Mean, Init: nnkit.InitHe{}}, nprand.New(1))
	}
	cfg := func() nnkit.TrainConfig {
		return nnkit.TrainConfig{Epochs: 3, BatchSize: 64, Shuffle: true, Source: nprand.New(2), Optimizer: nnkit.SGD{LR: 0.1}}
	}
	plain := build()
	if _, err := plain.Train(x, y, cfg()); err != nil {
		t.Fatal(err)
	}
	watched := build()
	var run *kernelext.Run
	capture(func() {
		if _, err := kernelext.Train(watched, x, y, cfg(), kernelext.LiveOptions{Interval: time.Nanosecond}); err != nil {
			t.Fatal(err)
		}
		run = kernelext.Must(kernelext.FitIn(t.TempDir(), "watched", build, x, y, cfg(), kernelext.LiveOptions{Interval: time.Nanosecond}))
	})
	for name, got := range map[string]*nnkit.Network{"kernelext.Train": watched, "kernelext.Fit": run.Net} {
		for l := range plain.Layers {
			if !mat.Equal(got.Layers[l].W, plain.Layers[l].W) || !mat.Equal(got.Layers[l].B, plain.Layers[l].B) {
				t.Errorf("%s (%s backend): layer %d differs from training without a live view", name, nnkit.MatMulBackend(), l+1)
			}
		}
	}
}

// TestFitRefusesPlantedEntries: an entry in a directory that other users can write, or
// that belongs to another user, is never loaded: Fit trains instead and says why.
func TestFitRefusesPlantedEntries(t *testing.T) {
	d := moons()
	cfg := nnkit.TrainConfig{Epochs: 20, Optimizer: nnkit.SGD{LR: 0.01}, Every: 10}
	good := t.TempDir()
	var planted *kernelext.Run
	capture(func() { planted, _ = kernelext.FitIn(good, "moons", moonsNet, d.X, d.OneHot(), cfg) })
	entry, _ := os.ReadFile(filepath.Join(good, planted.Key+".gob"))
	shared := t.TempDir()
	os.WriteFile(filepath.Join(shared, planted.Key+".gob"), entry, 0o600)
	os.Chmod(shared, 0o777)
	var r *kernelext.Run
	out := capture(func() { r, _ = kernelext.FitIn(shared, "moons", moonsNet, d.X, d.OneHot(), cfg) })
	if r.Cached || !strings.Contains(out, "writable by other users") || !strings.Contains(out, "not cached") {
		t.Errorf("world-writable cache: cached %v, output:\n%s", r.Cached, out)
	}
	if os.Getuid() != 0 {
		t.Skip("not root: cannot make an entry that belongs to another user (run as root to test it)")
	}
	other := t.TempDir()
	p := filepath.Join(other, planted.Key+".gob")
	os.WriteFile(p, entry, 0o600)
	os.Chown(p, 65534, 65534)
	out = capture(func() { r, _ = kernelext.FitIn(other, "moons", moonsNet, d.X, d.OneHot(), cfg) })
	if r.Cached || !strings.Contains(out, "belongs to uid 65534") {
		t.Errorf("another user's entry: cached %v, output:\n%s", r.Cached, out)
	}
}
