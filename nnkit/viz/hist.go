package viz

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnkit-go/nnkit/nnkit"
)

// Histograms draws, for every layer, the distribution of its activations A and, when g
// is given, of its deltas δ: one row per layer. Titles report what to look for:
// saturated sigmoid and tanh units, dead ReLUs, and the size (RMS) of the gradients,
// which shrinks or grows layer by layer when gradients vanish or explode.
func Histograms(net *nnkit.Network, t *nnkit.Trace, g *nnkit.Gradients, o Options) (SVG, error) {
	if t == nil || len(t.Layers) == 0 {
		return nil, errEmpty
	}
	if len(t.Layers) != len(net.Layers) || (g != nil && len(g.Layers) != len(net.Layers)) {
		return nil, fmt.Errorf("viz: trace has %d layers, network %d", len(t.Layers), len(net.Layers))
	}
	cols := 1
	if g != nil {
		cols = 2
	}
	rows := len(t.Layers)
	plots := make([][]*plot.Plot, rows)
	for i, lt := range t.Layers {
		act := net.Layers[i].Act
		a := lt.A.RawMatrix().Data
		p, err := histogram(a, fmt.Sprintf("A%s (%s)%s", nnkit.Sup(i+1), act, saturation(act, a)), Blue)
		if err != nil {
			return nil, err
		}
		plots[i] = []*plot.Plot{p}
		if g != nil {
			d := g.Layers[i].Delta.RawMatrix().Data
			p, err := histogram(d, fmt.Sprintf("δ%s: RMS %.3g", nnkit.Sup(i+1), rms(d)), Vermillion)
			if err != nil {
				return nil, err
			}
			plots[i] = append(plots[i], p)
		}
	}
	w, h := o.size(360*cols, 170*rows+30)
	title := o.title("activations and gradients per layer")
	var panels []string
	for _, row := range plots {
		for _, p := range row {
			panels = append(panels, p.Title.Text)
		}
	}
	desc := fmt.Sprintf("histograms per layer of %s: %s", net, strings.Join(panels, "; "))
	return renderCanvas(w, h, desc, func(dc draw.Canvas) {
		drawTitle(&dc, title)
		canvases := plot.Align(plots, draw.Tiles{Rows: rows, Cols: cols, PadX: px(14), PadY: px(10)}, dc)
		for i := range plots {
			for j, p := range plots[i] {
				p.Draw(canvases[i][j])
			}
		}
	}), nil
}

func histogram(v []float64, title string, c interface{ RGBA() (r, g, b, a uint32) }) (*plot.Plot, error) {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("viz: %s holds %v", title, x)
		}
	}
	h, err := plotter.NewHist(plotter.Values(v), 30)
	if err != nil {
		return nil, fmt.Errorf("viz: %s: %w", title, err)
	}
	h.FillColor, h.LineStyle.Width = c, 0
	p := newPlot(title, "", "count")
	p.Title.TextStyle.Font.Size = vg.Points(10)
	p.Add(h)
	return p, nil
}

// saturation describes the share of units where the activation's gradient vanishes.
func saturation(act nnkit.Activation, a []float64) string {
	count := func(f func(float64) bool) float64 {
		n := 0
		for _, v := range a {
			if f(v) {
				n++
			}
		}
		return 100 * float64(n) / float64(len(a))
	}
	switch act {
	case nnkit.Sigmoid:
		return fmt.Sprintf(": %.0f%% saturated", count(func(v float64) bool { return v < 0.02 || v > 0.98 }))
	case nnkit.Tanh:
		return fmt.Sprintf(": %.0f%% saturated", count(func(v float64) bool { return math.Abs(v) > 0.96 }))
	case nnkit.ReLU:
		return fmt.Sprintf(": %.0f%% zero", count(func(v float64) bool { return v == 0 }))
	}
	return ""
}

func rms(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s / float64(len(v)))
}
