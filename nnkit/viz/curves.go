package viz

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnkit-go/nnkit/nnkit"
)

// Run is one training run for Curves.
type Run struct {
	Name    string
	History *nnkit.History
}

// Curves draws training curves side by side: the loss on the left, and on the right the
// training (solid) and test (dashed) accuracy, when recorded. Several runs overlay in
// different colours. The x axis is the epoch, or the step when records are per step.
//
// It returns an error if there is no run or a run has no records.
func Curves(runs []Run, o Options) (SVG, error) {
	if len(runs) == 0 {
		return nil, errEmpty
	}
	xLabel := "epoch"
	for _, r := range runs {
		if r.History == nil || len(r.History.Records) == 0 {
			return nil, fmt.Errorf("viz: run %q has no records", r.Name)
		}
		if perStep(r.History) {
			xLabel = "step"
		}
	}
	loss := newPlot("loss", xLabel, "loss")
	acc := newPlot("accuracy", xLabel, "accuracy (%)")
	hasAcc := false
	for i, r := range runs {
		c := classColor(i)
		x := func(rec nnkit.Record) float64 {
			if xLabel == "step" {
				return float64(rec.Step)
			}
			return float64(rec.Epoch)
		}
		if err := addLine(loss, r.History, x, func(rec nnkit.Record) float64 { return rec.Loss }, c, false, legendName(r.Name, "", len(runs))); err != nil {
			return nil, err
		}
		for _, part := range []struct {
			what   string
			v      func(nnkit.Record) float64
			dashed bool
		}{{"train", func(rec nnkit.Record) float64 { return 100 * rec.TrainAcc }, false},
			{"test", func(rec nnkit.Record) float64 { return 100 * rec.TestAcc }, true}} {
			if allNaN(r.History, part.v) {
				continue
			}
			hasAcc = true
			if err := addLine(acc, r.History, x, part.v, c, part.dashed, legendName(r.Name, part.what, len(runs))); err != nil {
				return nil, err
			}
		}
	}
	desc := curvesDescription(runs, xLabel)
	if !hasAcc {
		w, h := o.size(480, 340)
		loss.Title.Text = o.title("loss")
		return renderPlot(loss, w, h, desc), nil
	}
	w, h := o.size(820, 340)
	title := o.title("")
	return renderCanvas(w, h, desc, func(dc draw.Canvas) {
		drawTitle(&dc, title)
		left, right := dc, dc
		left.Max.X = dc.Min.X + (dc.Max.X-dc.Min.X)/2 - px(10)
		right.Min.X = left.Max.X + px(20)
		drawWithLegend(loss, left)
		drawWithLegend(acc, right)
	}), nil
}

// curvesDescription says in words what Curves draws: per run, the loss from its first
// to its last record and the last accuracies measured.
func curvesDescription(runs []Run, xLabel string) string {
	parts := make([]string, len(runs))
	for i, r := range runs {
		recs := r.History.Records
		first, last := recs[0], recs[len(recs)-1]
		x := last.Epoch
		if xLabel == "step" {
			x = last.Step
		}
		s := fmt.Sprintf("loss %.4g → %.4g by %s %d", first.Loss, last.Loss, xLabel, x)
		if !math.IsNaN(last.TrainAcc) {
			s += fmt.Sprintf(", train accuracy %.2f%%", 100*last.TrainAcc)
		}
		if !math.IsNaN(last.TestAcc) {
			s += fmt.Sprintf(", test accuracy %.2f%%", 100*last.TestAcc)
		}
		if r.Name != "" {
			s = r.Name + ": " + s
		}
		parts[i] = s
	}
	return "training curves: " + strings.Join(parts, "; ")
}

func perStep(h *nnkit.History) bool {
	for i := 1; i < len(h.Records); i++ {
		if h.Records[i].Epoch == h.Records[i-1].Epoch {
			return true
		}
	}
	return false
}

func legendName(run, part string, runs int) string {
	switch {
	case runs == 1:
		return part
	case part == "":
		return run
	}
	return run + " " + part
}

func allNaN(h *nnkit.History, v func(nnkit.Record) float64) bool {
	for _, r := range h.Records {
		if !math.IsNaN(v(r)) {
			return false
		}
	}
	return true
}

// addLine adds one curve, skipping unmeasured (NaN) records; a single point is drawn as
// a dot so that it stays visible.
func addLine(p *plot.Plot, h *nnkit.History, x, y func(nnkit.Record) float64, c color.RGBA, dashed bool, name string) error {
	var pts plotter.XYs
	for _, r := range h.Records {
		if v := y(r); !math.IsNaN(v) && !math.IsInf(v, 0) {
			pts = append(pts, plotter.XY{X: x(r), Y: v})
		}
	}
	if len(pts) == 0 {
		return nil
	}
	l, s, err := plotter.NewLinePoints(pts)
	if err != nil {
		return fmt.Errorf("viz: %w", err)
	}
	l.Color, l.Width = c, vg.Points(1.5)
	if dashed {
		l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	}
	s.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(1.4), Shape: draw.CircleGlyph{}}
	if len(pts) > 40 {
		s.GlyphStyle.Radius = 0
	}
	p.Add(l, s)
	if name != "" {
		p.Legend.Add(name, l)
	}
	return nil
}
