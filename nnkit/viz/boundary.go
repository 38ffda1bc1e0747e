package viz

import (
	"fmt"
	"image"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/datasets"
)

// Classifier is anything that gives class probabilities for rows of inputs, such as an
// *nnkit.Network. A single output column is read as P(class 1), as a sigmoid unit's.
type Classifier interface {
	Probabilities(x mat.Matrix) *mat.Dense
}

// BoundaryOptions set up DecisionBoundary and SmallMultiples.
type BoundaryOptions struct {
	Options
	// Grid is the number of cells along each axis; 0 means 200.
	Grid int
	// Margin pads the data's range on every side; 0 means 0.5, as the tutorials' plots do.
	Margin float64
	// Shading fades each cell towards white as the classifier's confidence falls.
	Shading bool
	// Contour draws the P = 0.5 line of a two-class classifier.
	Contour bool
	// Test points, if any, are drawn as hollow triangles.
	Test *datasets.Dataset
}

func (o BoundaryOptions) grid() int {
	if o.Grid <= 0 {
		return 200
	}
	return o.Grid
}

// DecisionBoundary fills the plane around a 2-D dataset with the class c predicts at
// each point, then draws the data on top.
//
// It returns an error if the dataset is not 2-D or holds NaN, if Grid is too large
// (over 2000), or if the classifier's output does not fit the dataset's classes.
func DecisionBoundary(c Classifier, d *datasets.Dataset, o BoundaryOptions) (SVG, error) {
	p, acc, err := boundaryPlot(c, d, o, o.title(d.Name+": decision boundary"), true)
	if err != nil {
		return nil, err
	}
	w, h := o.Options.size(480, 400)
	desc := fmt.Sprintf("decision boundary of %s on %s: %.2f%% of %d points correct", modelName(c), d.Name, 100*acc, len(d.Labels))
	return renderPlot(p, w, h, desc), nil
}

// Panel is one picture of SmallMultiples: a classifier and the data it is judged on.
type Panel struct {
	Title string
	Model Classifier
	Data  *datasets.Dataset
}

// SmallMultiples draws one decision boundary per panel in a grid of cols columns, each
// titled with its panel's title and the classifier's accuracy on its data, as Coursera's
// hidden-layer-size figure does.
func SmallMultiples(panels []Panel, cols int, o BoundaryOptions) (SVG, error) {
	if len(panels) == 0 {
		return nil, errEmpty
	}
	cols = max(1, min(cols, len(panels)))
	rows := (len(panels) + cols - 1) / cols
	plots := make([][]*plot.Plot, rows)
	for i := range plots {
		plots[i] = make([]*plot.Plot, cols)
	}
	titles := make([]string, len(panels))
	for i, pn := range panels {
		p, acc, err := boundaryPlot(pn.Model, pn.Data, o, "", false)
		if err != nil {
			return nil, fmt.Errorf("viz: panel %d (%s): %w", i+1, pn.Title, err)
		}
		p.Title.Text = fmt.Sprintf("%s: %.2f%%", pn.Title, 100*acc)
		p.Title.TextStyle.Font.Size = vg.Points(11)
		plots[i/cols][i%cols] = p
		titles[i] = p.Title.Text
	}
	w, h := o.Options.size(260*cols, 240*rows+30)
	title := o.title("")
	desc := fmt.Sprintf("%d decision boundaries (%s)", len(panels), strings.Join(titles, "; "))
	if title != "" {
		desc = title + ": " + desc
	}
	return renderCanvas(w, h, desc, func(dc draw.Canvas) {
		drawTitle(&dc, title)
		tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: px(8), PadY: px(8), PadTop: px(4), PadBottom: px(4)}
		canvases := plot.Align(plots, tiles, dc)
		for i := range plots {
			for j, p := range plots[i] {
				if p != nil {
					p.Draw(canvases[i][j])
				}
			}
		}
	}), nil
}

// boundaryPlot builds the decision-boundary plot and returns it with the classifier's
// accuracy on d.
func boundaryPlot(c Classifier, d *datasets.Dataset, o BoundaryOptions, title string, legend bool) (*plot.Plot, float64, error) {
	if err := checkPoints(d); err != nil {
		return nil, 0, err
	}
	n := o.grid()
	if n > 2000 {
		return nil, 0, fmt.Errorf("viz: grid of %d×%d cells is too fine (at most 2000)", n, n)
	}
	margin := o.Margin
	if margin == 0 {
		margin = 0.5
	}
	xmin, xmax := colRange(d, 0, o.Test)
	ymin, ymax := colRange(d, 1, o.Test)
	xmin, xmax, ymin, ymax = xmin-margin, xmax+margin, ymin-margin, ymax+margin

	g := &probGrid{n: n, xmin: xmin, xmax: xmax, ymin: ymin, ymax: ymax}
	pts := mat.NewDense(n*n, 2, nil)
	for r := range n {
		for col := range n {
			pts.Set(r*n+col, 0, g.X(col))
			pts.Set(r*n+col, 1, g.Y(r))
		}
	}
	probs := c.Probabilities(pts)
	if pr, _ := probs.Dims(); pr != n*n {
		return nil, 0, fmt.Errorf("viz: classifier gave %d rows for %d points", pr, n*n)
	}
	if err := checkFinite("classifier output", probs); err != nil {
		return nil, 0, err
	}
	_, k := probs.Dims()
	classes := max(k, 2)
	if len(d.Classes) > classes {
		return nil, 0, fmt.Errorf("viz: %s has %d classes but the classifier gives %d outputs", d.Name, len(d.Classes), k)
	}
	img := image.NewRGBA(image.Rect(0, 0, n, n))
	g.p1 = make([]float64, n*n)
	for r := range n {
		for col := range n {
			row := probs.RawRowView(r*n + col)
			class, conf := nnkit.ClassOf(row)
			g.p1[r*n+col] = row[len(row)-1] // P(class 1) for one or two outputs
			fade := 0.55
			if o.Shading {
				// Confidence 1/classes (a coin toss) is white, 1 is the full region colour.
				t := (conf - 1/float64(classes)) / (1 - 1/float64(classes))
				fade = 1 - 0.5*max(0, min(1, t))
			}
			img.Set(col, n-1-r, mix(classColor(class), fade)) // image row 0 is the top
		}
	}

	p := newPlot(title, featureName(d, 0), featureName(d, 1))
	p.Add(plotter.NewImage(img, xmin, ymin, xmax, ymax))
	if o.Contour && k <= 2 {
		p.Add(halfContour{g})
	}
	if err := addPoints(p, d, o.Test, legend); err != nil {
		return nil, 0, err
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin, xmax, ymin, ymax
	return p, nnkit.Accuracy(nnkit.Labels(c.Probabilities(d.X)), d.Labels), nil
}

func colRange(d *datasets.Dataset, j int, extra *datasets.Dataset) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range []*datasets.Dataset{d, extra} {
		if s == nil {
			continue
		}
		r, _ := s.X.Dims()
		for i := range r {
			v := s.X.At(i, j)
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	return lo, hi
}

// probGrid is the evaluation grid, with P(class 1) at each cell centre, as GridXYZ.
type probGrid struct {
	n                      int
	xmin, xmax, ymin, ymax float64
	p1                     []float64
}

func (g *probGrid) Dims() (c, r int)   { return g.n, g.n }
func (g *probGrid) Z(c, r int) float64 { return g.p1[r*g.n+c] }
func (g *probGrid) X(c int) float64 {
	return g.xmin + (float64(c)+0.5)*(g.xmax-g.xmin)/float64(g.n)
}
func (g *probGrid) Y(r int) float64 {
	return g.ymin + (float64(r)+0.5)*(g.ymax-g.ymin)/float64(g.n)
}

// halfContour draws the P = 0.5 line of a grid by marching squares, visiting cells in
// order so that the SVG is the same on every run (gonum's contour joins segments through
// a map, whose order varies).
type halfContour struct{ g *probGrid }

func (hc halfContour) Plot(dc draw.Canvas, p *plot.Plot) {
	g := hc.g
	trX, trY := p.Transforms(&dc)
	var path vg.Path
	at := func(c0, r0, c1, r1 int) vg.Point {
		z0, z1 := g.Z(c0, r0)-0.5, g.Z(c1, r1)-0.5
		t := z0 / (z0 - z1)
		x := g.X(c0) + t*(g.X(c1)-g.X(c0))
		y := g.Y(r0) + t*(g.Y(r1)-g.Y(r0))
		return vg.Point{X: trX(x), Y: trY(y)}
	}
	above := func(c, r int) bool { return g.Z(c, r) >= 0.5 }
	for r := 0; r < g.n-1; r++ {
		for c := 0; c < g.n-1; c++ {
			// Crossings on the bottom, right, top and left edges of the cell.
			var pts []vg.Point
			if above(c, r) != above(c+1, r) {
				pts = append(pts, at(c, r, c+1, r))
			}
			if above(c+1, r) != above(c+1, r+1) {
				pts = append(pts, at(c+1, r, c+1, r+1))
			}
			if above(c, r+1) != above(c+1, r+1) {
				pts = append(pts, at(c, r+1, c+1, r+1))
			}
			if above(c, r) != above(c, r+1) {
				pts = append(pts, at(c, r, c, r+1))
			}
			for i := 0; i+1 < len(pts); i += 2 { // a saddle's four crossings pair up in order
				path.Move(pts[i])
				path.Line(pts[i+1])
			}
		}
	}
	dc.SetLineStyle(draw.LineStyle{Color: Black, Width: vg.Points(1.2)})
	dc.Stroke(path)
}
