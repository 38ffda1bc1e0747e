package viz

import (
	"fmt"
	"image"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/playground"
)

// maxLossPoints is the most epochs PlaygroundLoss draws.
const maxLossPoints = 200

// PlaygroundOptions set up the playground's pictures.
type PlaygroundOptions struct {
	Options
	// Discretize paints the output plane in hard classes (regression: steps of 0.25)
	// instead of shading it by the network's confidence, as TensorFlow Playground's
	// "discretize output" does.
	Discretize bool
	// ShowTest draws the test points too, as hollow triangles, as TensorFlow Playground's
	// "show test data" does.
	ShowTest bool
	// Grid is the output plane's resolution, 10 to 400 cells a side.
	Grid int
	// Thumb is each neuron thumbnail's resolution, 4 to 64.
	Thumb int
	// Highlight is DiagramOptions.Highlight.
	Highlight []int
}

func (o PlaygroundOptions) check() error {
	if o.Grid < 10 || o.Grid > 400 {
		return fmt.Errorf("viz: playground Grid %d, want 10 to 400", o.Grid)
	}
	if o.Thumb < 4 || o.Thumb > 64 {
		return fmt.Errorf("viz: playground Thumb %d, want 4 to 64", o.Thumb)
	}
	return nil
}

// plane returns the range of every point of r, padded by 0.5 as DecisionBoundary pads
// it: [xmin, xmax, ymin, ymax].
func plane(r *playground.Run) [4]float64 {
	rng := [4]float64{math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)}
	for _, s := range []*playground.Set{r.Train, r.Test} {
		for i := range s.Len() {
			x, y := s.Points.At(i, 0), s.Points.At(i, 1)
			rng = [4]float64{min(rng[0], x), max(rng[1], x), min(rng[2], y), max(rng[3], y)}
		}
	}
	return [4]float64{rng[0] - 0.5, rng[1] + 0.5, rng[2] - 0.5, rng[3] + 0.5}
}

// PlaygroundOutput draws the network's output over the input plane with the training
// points (filled) and, with ShowTest, the test points (hollow) on top: the decision regions of a
// classification run, or the predicted value of a regression run, blue for positive and
// vermillion for negative, as every other picture here.
func PlaygroundOutput(r *playground.Run, o PlaygroundOptions) (SVG, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	train, test := r.Loss()
	title := o.title(fmt.Sprintf("%s, epoch %d: train loss %.3f, test loss %.3f", r.Config.Dataset, r.Epoch, train, test))
	w, h := o.size(420, 400)
	if r.Train.Labels != nil {
		d := r.Train.Dataset(r.Config.Dataset)
		bo := BoundaryOptions{Grid: o.Grid, Shading: !o.Discretize}
		if o.ShowTest {
			bo.Test = r.Test.Dataset(r.Config.Dataset)
		}
		p, acc, err := boundaryPlot(r, d, bo, title, false)
		if err != nil {
			return nil, err
		}
		desc := fmt.Sprintf("playground output of %s at epoch %d: %.2f%% of %d training points correct", r.Net, r.Epoch, 100*acc, r.Train.Len())
		return renderPlot(p, w, h, desc), nil
	}
	rng := plane(r)
	n := o.Grid
	pts := planeGrid(n, rng)
	out := r.Probabilities(pts)
	if err := checkFinite("network output", out); err != nil {
		return nil, err
	}
	img := image.NewRGBA(image.Rect(0, 0, n, n))
	for k, v := range out.RawMatrix().Data {
		if o.Discretize {
			v = math.Round(v*4) / 4
		}
		img.Set(k%n, k/n, mix(diverging(v), 0.3))
	}
	p := newPlot(title, "x₁", "x₂")
	p.Add(plotter.NewImage(img, rng[0], rng[2], rng[1], rng[3]))
	sets := []*playground.Set{r.Train}
	if o.ShowTest {
		sets = append(sets, r.Test)
	}
	for set, s := range sets {
		xy := make(plotter.XYs, s.Len())
		for i := range xy {
			xy[i] = plotter.XY{X: s.Points.At(i, 0), Y: s.Points.At(i, 1)}
		}
		sc, err := plotter.NewScatter(xy)
		if err != nil {
			return nil, fmt.Errorf("viz: %w", err)
		}
		shape, radius := draw.GlyphDrawer(draw.CircleGlyph{}), vg.Points(2.6)
		if set == 1 {
			shape, radius = draw.TriangleGlyph{}, vg.Points(3.2)
		}
		sc.GlyphStyleFunc = func(i int) draw.GlyphStyle { // each point in its target's colour
			return draw.GlyphStyle{Color: diverging(s.Targets.At(i, 0)), Radius: radius, Shape: shape}
		}
		p.Add(sc)
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = rng[0], rng[1], rng[2], rng[3]
	desc := fmt.Sprintf("playground output of %s at epoch %d: regression, train loss %.4g, test loss %.4g", r.Net, r.Epoch, train, test)
	return renderPlot(p, w, h, desc), nil
}

// PlaygroundNetwork draws the run's network as NetworkDiagram does, every neuron a
// thumbnail of its output over the plane, the inputs labelled by their features.
func PlaygroundNetwork(r *playground.Run, o PlaygroundOptions) (SVG, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	names := make([]string, len(r.Config.Features))
	for i, f := range r.Config.Features {
		names[i] = f.String()
	}
	return NetworkDiagram(r.Net, DiagramOptions{Options: o.Options, Range: plane(r), Thumb: o.Thumb,
		Inputs: r.Config.Inputs, InputNames: names, Highlight: o.Highlight})
}

// PlaygroundLoss draws the train (solid) and test (dashed) loss after every epoch; past
// maxLossPoints epochs it draws every k-th, and always the last, so that a long run
// redraws as fast as a short one.
func PlaygroundLoss(r *playground.Run, o PlaygroundOptions) (SVG, error) {
	k := (len(r.Losses) + maxLossPoints - 1) / maxLossPoints
	h := &nnkit.History{}
	for i, p := range r.Losses {
		if i%k == 0 || i == len(r.Losses)-1 {
			h.Records = append(h.Records, nnkit.Record{Epoch: p.Epoch, Loss: p.Train, TestLoss: p.Test})
		}
	}
	p := newPlot(o.title("loss"), "epoch", "loss")
	epoch := func(rec nnkit.Record) float64 { return float64(rec.Epoch) }
	if err := addLine(p, h, epoch, func(rec nnkit.Record) float64 { return rec.Loss }, Blue, false, "train"); err != nil {
		return nil, err
	}
	if err := addLine(p, h, epoch, func(rec nnkit.Record) float64 { return rec.TestLoss }, Vermillion, true, "test"); err != nil {
		return nil, err
	}
	p.Y.Min = 0
	p.X.Min, p.X.Max = 0, math.Max(1, float64(r.Epoch)) // epoch 0 alone still has an axis from 0
	train, test := r.Loss()
	w, hgt := o.size(420, 200)
	return renderPlot(p, w, hgt, fmt.Sprintf("loss over %d epochs: train %.4g, test %.4g", r.Epoch, train, test)), nil
}
