package viz

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnkit-go/nnkit/nnkit/datasets"
)

// Scatter draws a 2-D dataset's points coloured by class. Test points, if given, are
// drawn as hollow triangles over the training points.
//
// It returns an error if a dataset is not 2-D, holds NaN or infinite values, or has
// labels that do not match its rows.
func Scatter(train, test *datasets.Dataset, o Options) (SVG, error) {
	p := newPlot(o.title(train.Name), featureName(train, 0), featureName(train, 1))
	if err := addPoints(p, train, test, true); err != nil {
		return nil, err
	}
	w, h := o.size(480, 400)
	desc := fmt.Sprintf("scatter plot of %s: %d points in %d classes", train.Name, len(train.Labels), train.NumClasses())
	if test != nil {
		desc += fmt.Sprintf(", and %d test points", len(test.Labels))
	}
	return renderPlot(p, w, h, desc), nil
}

func featureName(d *datasets.Dataset, j int) string {
	if j < len(d.Features) {
		return d.Features[j]
	}
	return fmt.Sprintf("x%d", j+1)
}

// checkPoints returns an error unless d is a 2-D dataset fit to plot.
func checkPoints(d *datasets.Dataset) error {
	if d == nil || d.X == nil {
		return errEmpty
	}
	r, c := d.X.Dims()
	switch {
	case r == 0:
		return errEmpty
	case c != 2:
		return fmt.Errorf("viz: %s has %d features; a 2-D picture needs exactly 2", d.Name, c)
	case len(d.Labels) != r:
		return fmt.Errorf("viz: %s has %d rows but %d labels", d.Name, r, len(d.Labels))
	}
	for i, l := range d.Labels {
		if l < 0 || (len(d.Classes) > 0 && l >= len(d.Classes)) {
			return fmt.Errorf("viz: %s: label %d of sample %d is outside its %d classes", d.Name, l, i, len(d.Classes))
		}
	}
	return checkFinite(d.Name, d.X)
}

// addPoints adds one scatter per class of train (and of test), with a legend entry per
// class when legend is set.
func addPoints(p *plot.Plot, train, test *datasets.Dataset, legend bool) error {
	if err := checkPoints(train); err != nil {
		return err
	}
	if test != nil {
		if err := checkPoints(test); err != nil {
			return err
		}
	}
	for set, d := range []*datasets.Dataset{train, test} {
		if d == nil {
			continue
		}
		byClass := map[int]plotter.XYs{}
		for i, l := range d.Labels {
			byClass[l] = append(byClass[l], plotter.XY{X: d.X.At(i, 0), Y: d.X.At(i, 1)})
		}
		for k := 0; k < max(len(d.Classes), len(byClass)); k++ {
			pts, ok := byClass[k]
			if !ok {
				continue
			}
			s, err := plotter.NewScatter(pts)
			if err != nil {
				return fmt.Errorf("viz: %s: %w", d.Name, err)
			}
			s.GlyphStyle = pointStyle(k, set == 1)
			p.Add(s)
			if legend {
				name := className(d, k)
				if set == 1 {
					name += " (test)"
				}
				p.Legend.Add(name, s)
			}
		}
	}
	p.Legend.Top = true
	return nil
}

func className(d *datasets.Dataset, k int) string {
	if k < len(d.Classes) {
		return d.Classes[k]
	}
	return fmt.Sprint(k)
}

// pointStyle is a filled circle per class, or a hollow triangle for test points; past
// eight classes the shapes change so that repeated colours stay distinct.
func pointStyle(k int, test bool) draw.GlyphStyle {
	shapes := []draw.GlyphDrawer{draw.CircleGlyph{}, draw.SquareGlyph{}, draw.PyramidGlyph{}, draw.CrossGlyph{}}
	g := draw.GlyphStyle{Color: classColor(k), Radius: vg.Points(2.6), Shape: shapes[(k/len(ClassColors))%len(shapes)]}
	if test {
		g.Shape, g.Radius = draw.TriangleGlyph{}, vg.Points(3.2)
	}
	return g
}
