package viz

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnkit-go/nnkit/nnkit"
)

// ConfusionMatrix draws c as a heat map: true classes down, predictions across, each
// cell shaded by the fraction of its true class and labelled with its count. The title
// gives the accuracy.
func ConfusionMatrix(c *nnkit.Confusion, o Options) (SVG, error) {
	k := len(c.Counts)
	if k == 0 || c.Total() == 0 {
		return nil, errEmpty
	}
	names := c.Names
	if len(names) != k {
		return nil, fmt.Errorf("viz: confusion matrix has %d classes but %d names", k, len(names))
	}
	p := newPlot(o.title(fmt.Sprintf("confusion matrix: accuracy %.2f%%", 100*c.Accuracy())), "predicted", "true")
	size := 28 * k // pixels of matrix: room for a three-digit count per cell
	w, h := o.size(max(size+150, 320), max(size+100, 260))
	p.Add(confusionCells{c: c})
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -0.5, float64(k)-0.5, -0.5, float64(k)-0.5
	reversed := make([]string, k)
	for i, n := range names {
		reversed[k-1-i] = n
	}
	p.NominalX(names...)
	p.NominalY(reversed...)
	desc := fmt.Sprintf("confusion matrix of %d classes over %d samples: accuracy %.2f%%", k, c.Total(), 100*c.Accuracy())
	return renderPlot(p, w, h, desc), nil
}

// confusionCells draws the cells and their counts; true class t is row k−1−t, so the
// first class is at the top as in a printed table.
type confusionCells struct{ c *nnkit.Confusion }

func (cc confusionCells) Plot(dc draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&dc)
	k := len(cc.c.Counts)
	sty := text.Style{Font: newPlot("", "", "").X.Tick.Label.Font, XAlign: draw.XCenter, YAlign: draw.YCenter,
		Handler: p.Title.TextStyle.Handler}
	sty.Font.Size = vg.Points(max(6, min(10, 220/float64(k))))
	for t, row := range cc.c.Counts {
		total := 0
		for _, v := range row {
			total += v
		}
		for pr, v := range row {
			frac := 0.0
			if total > 0 {
				frac = float64(v) / float64(total)
			}
			x, y := float64(pr), float64(k-1-t)
			fill := mix(Blue, 1-0.9*frac)
			if pr != t && v > 0 {
				fill = mix(Vermillion, 1-0.9*frac)
			}
			rect := []vg.Point{{X: trX(x - 0.5), Y: trY(y - 0.5)}, {X: trX(x + 0.5), Y: trY(y - 0.5)},
				{X: trX(x + 0.5), Y: trY(y + 0.5)}, {X: trX(x - 0.5), Y: trY(y + 0.5)}}
			dc.FillPolygon(fill, rect)
			if v > 0 {
				sty.Color = color.Black
				if frac > 0.6 {
					sty.Color = color.White
				}
				dc.FillText(sty, vg.Point{X: trX(x), Y: trY(y)}, fmt.Sprint(v))
			}
		}
	}
}
