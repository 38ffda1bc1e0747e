package viz_test

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/internal/libm"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
	"github.com/nnkit-go/nnkit/nnkit/playground"
	"github.com/nnkit-go/nnkit/nnkit/viz"
)

var update = flag.Bool("update", false, "rewrite the golden SVG files in testdata")

// svgInfo is what a test can see of an SVG: how many of each element, every text, and
// every style attribute.
type svgInfo struct {
	count  map[string]int
	texts  []string
	styles string
}

func inspect(t *testing.T, svg []byte) svgInfo {
	t.Helper()
	info := svgInfo{count: map[string]int{}}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var inText bool
	var styles strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed SVG: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			info.count[el.Name.Local]++
			inText = el.Name.Local == "text"
			for _, a := range el.Attr {
				if a.Name.Local == "style" {
					styles.WriteString(a.Value + ";")
				}
			}
			if el.Name.Local == "script" {
				t.Fatal("SVG holds a script")
			}
		case xml.CharData:
			if inText {
				info.texts = append(info.texts, string(el))
			}
		case xml.EndElement:
			inText = false
		}
	}
	info.styles = styles.String()
	return info
}

func (s svgInfo) hasText(sub string) bool {
	for _, t := range s.texts {
		if strings.Contains(t, sub) {
			return true
		}
	}
	return false
}

// golden compares svg with testdata/<name>_golden.svg, or rewrites it under -update, and
// checks that rendering is deterministic.
func golden(t *testing.T, name string, render func() (viz.SVG, error)) []byte {
	t.Helper()
	svg, err := render()
	if err != nil {
		t.Fatal(err)
	}
	again, _ := render()
	if !bytes.Equal(svg, again) {
		t.Fatalf("%s: two renderings differ", name)
	}
	path := filepath.Join("testdata", name+"_golden.svg")
	if !libm.Exact && !*update {
		// The test data's sin and cos differ by an ulp without cgo, which can change a
		// printed coordinate; structure and determinism are still checked.
		t.Logf("%s: pure-Go build: golden bytes not compared", name)
		return svg
	}
	if *update {
		if err := os.WriteFile(path, svg, 0o644); err != nil {
			t.Fatal(err)
		}
		return svg
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(svg, want) {
		t.Errorf("%s differs from %s (%d bytes, want %d); inspect it and run go test -update if the change is intended",
			name, path, len(svg), len(want))
	}
	return svg
}

// moonsNet is seed 000's 2-3-2 network with np.random.seed(0) weights, untrained, so the
// golden files do not depend on floating-point details of a long training run.
func moonsNet() *nnkit.Network {
	return nnkit.New(nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
		Reg:       nnkit.Regularization{L2: 0.01},
		Loss:      nnkit.SoftmaxCrossEntropy,
		Reduction: nnkit.Sum,
		Init:      nnkit.InitFanIn{}}, nprand.New(0))
}

func moons(seed uint32) *datasets.Dataset {
	return datasets.Moons(datasets.MoonsConfig{N: 200, Noise: 0.2}, nprand.New(seed))
}

func TestScatter(t *testing.T) {
	svg := golden(t, "scatter", func() (viz.SVG, error) { return viz.Scatter(moons(0), moons(1), viz.Options{Width: 400, Height: 300}) })
	s := inspect(t, svg)
	if s.count["path"] < 400 || !s.hasText("moons") || !s.hasText("1 (test)") {
		t.Errorf("paths %d, texts %v", s.count["path"], s.texts)
	}
	if !strings.Contains(string(svg), `width="300pt" height="225pt"`) {
		t.Error("400×300 px is not 300×225 pt")
	}
	if !strings.Contains(s.styles, "fill:#0072B2") || !strings.Contains(s.styles, "fill:#D55E00") {
		t.Error("class colours are not Okabe–Ito blue and vermillion")
	}
}

func TestDecisionBoundary(t *testing.T) {
	d := moons(0)
	svg := golden(t, "boundary", func() (viz.SVG, error) {
		return viz.DecisionBoundary(moonsNet(), d, viz.BoundaryOptions{Grid: 60, Shading: true, Contour: true})
	})
	s := inspect(t, svg)
	if s.count["image"] != 1 || !s.hasText("decision boundary") || s.count["path"] < 200 {
		t.Errorf("images %d, paths %d, texts %v", s.count["image"], s.count["path"], s.texts)
	}
}

// TestDecisionBoundarySize: a 300×300 grid stays under 100 KB because the regions are
// one embedded PNG.
func TestDecisionBoundarySize(t *testing.T) {
	d := moons(0)
	net := moonsNet()
	if _, err := net.Train(d.X, d.OneHot(), nnkit.TrainConfig{Epochs: 3000, Optimizer: nnkit.SGD{LR: 0.01}}); err != nil {
		t.Fatal(err)
	}
	svg, err := viz.DecisionBoundary(net, d, viz.BoundaryOptions{Grid: 300, Shading: true, Contour: true, Test: moons(1)})
	if err != nil {
		t.Fatal(err)
	}
	if len(svg) > 100_000 {
		t.Fatalf("300×300 decision boundary is %d bytes, want < 100 KB", len(svg))
	}
	t.Logf("300×300 decision boundary with 400 points: %d bytes", len(svg))
}

func TestSmallMultiples(t *testing.T) {
	flower := datasets.Planar(100, 4, nprand.New(1)) // a small flower keeps the golden file small
	var panels []viz.Panel
	for _, nh := range []int{1, 2, 4} {
		net := nnkit.New(nnkit.Config{Sizes: []int{2, nh, 1}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Sigmoid},
			Loss: nnkit.BinaryCrossEntropy, Reduction: nnkit.Mean, Init: nnkit.InitXavier{}}, nprand.New(uint32(nh)))
		panels = append(panels, viz.Panel{Title: fmt.Sprintf("n_h = %d", nh), Model: net, Data: flower})
	}
	svg := golden(t, "multiples", func() (viz.SVG, error) {
		return viz.SmallMultiples(panels, 2, viz.BoundaryOptions{Grid: 40, Options: viz.Options{Title: "hidden layer size"}})
	})
	s := inspect(t, svg)
	if s.count["image"] != 3 || !s.hasText("hidden layer size") || !s.hasText("n_h = 4: ") || !s.hasText("%") {
		t.Errorf("images %d, texts %v", s.count["image"], s.texts)
	}
}

func TestCurves(t *testing.T) {
	h := &nnkit.History{Records: []nnkit.Record{
		{Epoch: 0, Loss: 0.69, TrainAcc: 0.5, TestAcc: 0.48, TestLoss: 0.7},
		{Epoch: 10, Loss: 0.4, TrainAcc: 0.8, TestAcc: 0.78, TestLoss: 0.45},
		{Epoch: 20, Loss: 0.2, TrainAcc: 0.9, TestAcc: 0.87, TestLoss: 0.3},
	}}
	noAcc := &nnkit.History{Records: []nnkit.Record{{Epoch: 0, Loss: 1, TrainAcc: math.NaN(), TestAcc: math.NaN()},
		{Epoch: 1, Loss: 0.5, TrainAcc: math.NaN(), TestAcc: math.NaN()}}}
	svg := golden(t, "curves", func() (viz.SVG, error) {
		return viz.Curves([]viz.Run{{Name: "lr 0.1", History: h}, {Name: "lr 0.5", History: noAcc}}, viz.Options{Title: "two runs"})
	})
	s := inspect(t, svg)
	for _, want := range []string{"loss", "accuracy", "lr 0.1 train", "lr 0.1 test", "lr 0.5", "epoch", "two runs"} {
		if !s.hasText(want) {
			t.Errorf("no text %q in %v", want, s.texts)
		}
	}
	if s.hasText("lr 0.5 train") {
		t.Error("a run without accuracy got an accuracy curve")
	}
	if !strings.Contains(s.styles, "stroke-dasharray") {
		t.Error("test accuracy is not dashed")
	}
	// Without accuracy, only the loss panel.
	svg, err := viz.Curves([]viz.Run{{History: noAcc}}, viz.Options{})
	if err != nil || inspect(t, svg).hasText("accuracy") {
		t.Errorf("loss-only curves: %v", err)
	}
}

func TestNetworkDiagram(t *testing.T) {
	svg := golden(t, "diagram", func() (viz.SVG, error) {
		return viz.NetworkDiagram(moonsNet(), viz.DiagramOptions{Data: moons(0), Thumb: 12})
	})
	s := inspect(t, svg)
	// 2 inputs + 3 hidden + 2 outputs thumbnails; 2·3 + 3·2 edges.
	if s.count["image"] != 7 || !s.hasText("layer 1: tanh (3)") || !s.hasText("input (2)") {
		t.Errorf("images %d, texts %v", s.count["image"], s.texts)
	}
	// A wide layer is summarised, and a network with other than 2 inputs draws circles.
	wide := nnkit.New(nnkit.Config{Sizes: []int{4, 30, 3}, Activations: []nnkit.Activation{nnkit.ReLU, nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, nprand.New(0))
	svg, err := viz.NetworkDiagram(wide, viz.DiagramOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s = inspect(t, svg)
	if s.count["image"] != 0 || !s.hasText("+23") || !s.hasText("layer 1: relu (30)") {
		t.Errorf("wide network: images %d, texts %v", s.count["image"], s.texts)
	}
}

func TestConfusionMatrix(t *testing.T) {
	c, _ := nnkit.NewConfusion([]int{0, 1, 1, 2, 2, 2, 0}, []int{0, 1, 2, 2, 2, 2, 1}, 3)
	c.Names = []string{"setosa", "versicolor", "virginica"}
	svg := golden(t, "confusion", func() (viz.SVG, error) { return viz.ConfusionMatrix(c, viz.Options{}) })
	s := inspect(t, svg)
	for _, want := range []string{"setosa", "virginica", "predicted", "true", "accuracy 71.43%", "3"} {
		if !s.hasText(want) {
			t.Errorf("no text %q in %v", want, s.texts)
		}
	}
}

func TestImageGrid(t *testing.T) {
	x := mat.NewDense(6, 16, nil)
	for i := range 6 {
		for j := range 16 {
			x.Set(i, j, float64((i+j)%5))
		}
	}
	labels, pred := []int{0, 1, 2, 3, 4, 5}, []int{0, 1, 7, 3, 4, 5}
	svg := golden(t, "images", func() (viz.SVG, error) {
		return viz.ImageGrid(x, viz.ImageGridOptions{Labels: labels, Pred: pred, Cols: 3, Options: viz.Options{Title: "digits"}})
	})
	s := inspect(t, svg)
	if s.count["image"] != 6 || !s.hasText("2→7") || !strings.Contains(s.styles, "stroke:#D55E00") {
		t.Errorf("images %d, texts %v", s.count["image"], s.texts)
	}
	w := mat.NewDense(16, 3, nil)
	for i := range 16 {
		w.Set(i, 0, float64(i)-8)
		w.Set(i, 1, 1)
	}
	svg = golden(t, "weights", func() (viz.SVG, error) { return viz.WeightImages(w, viz.ImageGridOptions{}) })
	if s := inspect(t, svg); s.count["image"] != 3 || !s.hasText("unit 3") {
		t.Errorf("weights: images %d, texts %v", s.count["image"], s.texts)
	}
}

func TestHistograms(t *testing.T) {
	net := nnkit.New(nnkit.Config{Sizes: []int{2, 8, 8, 2}, Activations: []nnkit.Activation{nnkit.Sigmoid, nnkit.ReLU, nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, nprand.New(0))
	d := moons(0)
	tr := net.Forward(d.X)
	g := net.Backward(tr, d.OneHot())
	svg := golden(t, "hist", func() (viz.SVG, error) { return viz.Histograms(net, tr, g, viz.Options{}) })
	s := inspect(t, svg)
	for _, want := range []string{"A¹ (sigmoid)", "saturated", "A² (relu)", "zero", "δ³: RMS"} {
		if !s.hasText(want) {
			t.Errorf("no text %q in %v", want, s.texts)
		}
	}
}

func TestBadInput(t *testing.T) {
	d := moons(0)
	nan := datasets.Moons(datasets.MoonsConfig{N: 20}, nprand.New(0))
	nan.X.Set(3, 1, math.NaN())
	short := moons(0)
	short.Labels = short.Labels[:10]
	iris := datasets.Iris()
	tests := []struct {
		name string
		f    func() (viz.SVG, error)
		want string
	}{
		{"NaN point", func() (viz.SVG, error) { return viz.Scatter(nan, nil, viz.Options{}) }, "[3][1] is NaN"},
		{"labels", func() (viz.SVG, error) { return viz.Scatter(short, nil, viz.Options{}) }, "200 rows but 10 labels"},
		{"4-D boundary", func() (viz.SVG, error) { return viz.DecisionBoundary(moonsNet(), iris, viz.BoundaryOptions{}) }, "has 4 features"},
		{"huge grid", func() (viz.SVG, error) { return viz.DecisionBoundary(moonsNet(), d, viz.BoundaryOptions{Grid: 5000}) }, "too fine"},
		{"too few outputs", func() (viz.SVG, error) {
			three := datasets.Blobs(datasets.BlobsConfig{N: 30}, nprand.New(0))
			return viz.DecisionBoundary(moonsNet(), three, viz.BoundaryOptions{Grid: 10})
		}, "3 classes but the classifier gives 2"},
		{"NaN test point", func() (viz.SVG, error) {
			return viz.DecisionBoundary(moonsNet(), d, viz.BoundaryOptions{Grid: 10, Test: nan})
		}, "NaN"},
		{"no runs", func() (viz.SVG, error) { return viz.Curves(nil, viz.Options{}) }, "no data"},
		{"empty run", func() (viz.SVG, error) {
			return viz.Curves([]viz.Run{{Name: "x", History: &nnkit.History{}}}, viz.Options{})
		}, `run "x" has no records`},
		{"non-square images", func() (viz.SVG, error) { return viz.ImageGrid(mat.NewDense(2, 15, nil), viz.ImageGridOptions{}) }, "not 4×4"},
		{"few labels", func() (viz.SVG, error) {
			return viz.ImageGrid(mat.NewDense(3, 4, nil), viz.ImageGridOptions{Labels: []int{1}})
		}, "1 labels for 3 images"},
		{"no panels", func() (viz.SVG, error) { return viz.SmallMultiples(nil, 2, viz.BoundaryOptions{}) }, "no data"},
	}
	for _, tc := range tests {
		_, err := tc.f()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}

// BenchmarkDecisionBoundary300 renders seed 000's 2-3-2 network on a 300×300 grid.
func BenchmarkDecisionBoundary300(b *testing.B) {
	d := moons(0)
	net := moonsNet()
	var size int
	for b.Loop() {
		svg, err := viz.DecisionBoundary(net, d, viz.BoundaryOptions{Grid: 300, Shading: true, Contour: true})
		if err != nil {
			b.Fatal(err)
		}
		size = len(svg)
	}
	b.ReportMetric(float64(size), "bytes")
}

// TestDescription checks that every picture says in words what it shows: the text a
// notebook keeps beside the picture, and what a screen reader reads.
func TestDescription(t *testing.T) {
	tests := []struct {
		golden string
		want   []string
	}{
		{"scatter", []string{"scatter plot of moons", "200 points in 2 classes", "200 test points"}},
		{"boundary", []string{"decision boundary of 2-3-2 tanh/softmax", "on moons", "% of 200 points correct"}},
		{"multiples", []string{"hidden layer size: 3 decision boundaries", "n_h = 1: "}},
		{"curves", []string{"training curves", "lr 0.1: loss 0.69 → 0.2 by epoch 20", "test accuracy 87.00%", "lr 0.5: loss 1 → 0.5"}},
		{"diagram", []string{"network diagram of 2-3-2 tanh/softmax", "17 parameters", "w > 0"}},
		{"confusion", []string{"confusion matrix of 3 classes over 7 samples: accuracy 71.43%"}},
		{"images", []string{"6 of 6 images, 4×4 pixels", "1 misclassified"}},
		{"weights", []string{"first-layer weights of 3 of 3 units"}},
		{"hist", []string{"histograms per layer of 2-8-8-2", "A¹ (sigmoid)", "δ³: RMS"}},
	}
	for _, tt := range tests {
		svg, err := os.ReadFile(filepath.Join("testdata", tt.golden+"_golden.svg"))
		if err != nil {
			t.Fatal(err)
		}
		inspect(t, svg) // still well-formed with its <title>
		d := viz.SVG(svg).Description()
		for _, w := range tt.want {
			if !strings.Contains(d, w) {
				t.Errorf("%s: description %q lacks %q", tt.golden, d, w)
			}
		}
		if !bytes.Contains(svg, []byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;")) {
			t.Errorf("%s: text has no fallback fonts", tt.golden)
		}
	}
	if d := viz.SVG(`<svg><g/></svg>`).Description(); d != "" {
		t.Errorf("untitled SVG: description %q, want empty", d)
	}
}

// playgroundRun is the playground's default moons with every feature, trained 20 epochs.
func playgroundRun(t *testing.T, dataset string) *playground.Run {
	t.Helper()
	c := playground.Default.Clone()
	c.Dataset, c.Features, c.Points = dataset, playground.Features(), 100
	r, err := playground.Train(c, 20)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestPlaygroundPictures(t *testing.T) {
	o := viz.PlaygroundOptions{Grid: 30, Thumb: 8, ShowTest: true}
	r := playgroundRun(t, "moons")
	out := inspect(t, golden(t, "playground_output", func() (viz.SVG, error) { return viz.PlaygroundOutput(r, o) }))
	if out.count["image"] != 1 || !out.hasText("moons, epoch 20: train loss") {
		t.Errorf("output: images %d, texts %v", out.count["image"], out.texts)
	}
	o.ShowTest = false
	if svg, _ := viz.PlaygroundOutput(r, o); inspect(t, svg).count["path"] >= out.count["path"] {
		t.Error("without ShowTest the test points are still drawn")
	}
	o.ShowTest = true
	o.Highlight = []int{1, 2}
	net := inspect(t, golden(t, "playground_network", func() (viz.SVG, error) { return viz.PlaygroundNetwork(r, o) }))
	// 7 features + 4 + 2 hidden + 2 outputs, each a thumbnail; the inputs named.
	if net.count["image"] != 15 || !net.hasText("sin x₂") || !net.hasText("input (7)") {
		t.Errorf("network: images %d, texts %v", net.count["image"], net.texts)
	}
	plain, _ := viz.PlaygroundNetwork(r, viz.PlaygroundOptions{Grid: 30, Thumb: 8})
	if p := inspect(t, plain); p.count["path"] >= net.count["path"] {
		t.Errorf("the highlight draws no outline: %d paths, %d without it", net.count["path"], p.count["path"])
	}
	loss := inspect(t, golden(t, "playground_loss", func() (viz.SVG, error) { return viz.PlaygroundLoss(r, o) }))
	if !loss.hasText("train") || !loss.hasText("test") || !loss.hasText("epoch") {
		t.Errorf("loss: texts %v", loss.texts)
	}

	reg := playgroundRun(t, "multi-gauss")
	shaded, err := viz.PlaygroundOutput(reg, o)
	if err != nil {
		t.Fatal(err)
	}
	o.Discretize = true
	steps, err := viz.PlaygroundOutput(reg, o)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(shaded, steps) || !strings.Contains(shaded.Description(), "regression") {
		t.Errorf("regression output: discretize changed nothing, or %q", shaded.Description())
	}
	for _, tc := range []struct {
		o    viz.PlaygroundOptions
		want string
	}{
		{viz.PlaygroundOptions{Grid: 5, Thumb: 8}, "Grid 5"},
		{viz.PlaygroundOptions{Grid: 30, Thumb: 100}, "Thumb 100"},
		{viz.PlaygroundOptions{Grid: 30, Thumb: 8, Highlight: []int{3, 5}}, "names no neuron"},
		{viz.PlaygroundOptions{Grid: 30, Thumb: 8, Highlight: []int{1}}, "names no neuron"},
	} {
		_, err1 := viz.PlaygroundNetwork(r, tc.o)
		if err1 == nil || !strings.Contains(err1.Error(), tc.want) {
			t.Errorf("%+v: error %v, want %q", tc.o, err1, tc.want)
		}
	}
	if _, err := viz.NetworkDiagram(r.Net, viz.DiagramOptions{InputNames: []string{"a"}}); err == nil || !strings.Contains(err.Error(), "1 input names for 7 inputs") {
		t.Errorf("input names: %v", err)
	}
}

// TestPlaygroundLossLong: a long run's loss curve is thinned to at most 200 epochs and
// keeps the last.
func TestPlaygroundLossLong(t *testing.T) {
	c := playground.Default.Clone()
	c.Points = 20
	r, err := playground.Train(c, 1234)
	if err != nil {
		t.Fatal(err)
	}
	long, err := viz.PlaygroundLoss(r, viz.PlaygroundOptions{Grid: 10, Thumb: 4})
	if err != nil {
		t.Fatal(err)
	}
	r.Losses = r.Losses[:100]
	short, _ := viz.PlaygroundLoss(r, viz.PlaygroundOptions{Grid: 10, Thumb: 4})
	// Each drawn epoch is a segment of two paths (train and test); 1235 epochs thinned by
	// 7 are 177 points, against 100.
	if n, m := bytes.Count(long, []byte("L")), bytes.Count(short, []byte("L")); n > 2*m || n < m {
		t.Errorf("%d line segments for 1235 epochs, %d for 100", n, m)
	}
	if !strings.Contains(long.Description(), "over 1234 epochs") {
		t.Errorf("description %q", long.Description())
	}
}
