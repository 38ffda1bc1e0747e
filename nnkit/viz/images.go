package viz

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ImageGridOptions set up ImageGrid.
type ImageGridOptions struct {
	Options
	// Side is each image's width and height in pixels; 0 means √(columns of x).
	Side int
	// Cols is the number of images per row; 0 means 10.
	Cols int
	// Count is the number of images drawn, from the first; 0 means all, up to 100.
	Count int
	// Labels, if set, captions each image with its true class; Pred with the predicted
	// one too, and a mismatch is framed and captioned in vermillion as "true→predicted".
	Labels, Pred []int
	// Names are the class names for captions; nil means the class numbers.
	Names []string
	// ColumnMajor reads each image column by column, as Octave stores ex3's digits.
	ColumnMajor bool
}

// ImageGrid draws images, one per row of x, in a grid: MNIST or ex3 digits with their
// labels, misclassified ones marked. Pixels are shaded from white (the smallest value
// of the image set) to black (the largest).
func ImageGrid(x mat.Matrix, o ImageGridOptions) (SVG, error) {
	n, cols := x.Dims()
	if n == 0 {
		return nil, errEmpty
	}
	if err := checkFinite("image data", x); err != nil {
		return nil, err
	}
	side, count, perRow, err := o.layout(cols, n)
	if err != nil {
		return nil, err
	}
	for _, l := range [][]int{o.Labels, o.Pred} {
		if l != nil && len(l) < count {
			return nil, fmt.Errorf("viz: %d labels for %d images", len(l), count)
		}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range count {
		for j := range cols {
			v := x.At(i, j)
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	shade := func(v float64) color.Color {
		t := 0.0
		if hi > lo {
			t = (v - lo) / (hi - lo)
		}
		return color.Gray{Y: uint8(math.Round(255 * (1 - t)))}
	}
	caption := o.Labels != nil
	desc := fmt.Sprintf("%d of %d images, %d×%d pixels", count, n, side, side)
	switch {
	case o.Pred != nil:
		wrong := 0
		for i := range count {
			wrong += boolInt(o.Labels[i] != o.Pred[i])
		}
		desc += fmt.Sprintf(", captioned true→predicted, %d misclassified", wrong)
	case caption:
		desc += ", captioned with their labels"
	}
	return tiles(count, perRow, o.Options, o.title(""), desc, caption, func(i int, dc draw.Canvas, cap text.Style) {
		img := image.NewGray(image.Rect(0, 0, side, side))
		for r := range side {
			for c := range side {
				j := r*side + c
				if o.ColumnMajor {
					j = c*side + r
				}
				img.Set(c, r, shade(x.At(i, j)))
			}
		}
		box := square(dc)
		dc.DrawImage(box, img)
		if !caption {
			return
		}
		label := className2(o.Names, o.Labels[i])
		wrong := o.Pred != nil && o.Pred[i] != o.Labels[i]
		if o.Pred != nil && wrong {
			label += "→" + className2(o.Names, o.Pred[i])
			frame(dc, box, Vermillion)
			cap.Color = Vermillion
		}
		dc.FillText(cap, vg.Point{X: (box.Min.X + box.Max.X) / 2, Y: box.Min.Y - vg.Points(1)}, label)
	})
}

// WeightImages draws each column of a first layer's W (n_in×n_h) as a side×side image:
// what each hidden unit looks for. Colours run from vermillion (negative) through white
// to blue (positive), scaled per unit by its largest |w|.
func WeightImages(w mat.Matrix, o ImageGridOptions) (SVG, error) {
	in, units := w.Dims()
	if units == 0 {
		return nil, errEmpty
	}
	if err := checkFinite("weights", w); err != nil {
		return nil, err
	}
	side, count, perRow, err := o.layout(in, units)
	if err != nil {
		return nil, err
	}
	desc := fmt.Sprintf("first-layer weights of %d of %d units as %d×%d images, vermillion negative, blue positive", count, units, side, side)
	return tiles(count, perRow, o.Options, o.title("first-layer weights"), desc, true, func(u int, dc draw.Canvas, cap text.Style) {
		var m float64
		for j := range in {
			m = max(m, math.Abs(w.At(j, u)))
		}
		img := image.NewRGBA(image.Rect(0, 0, side, side))
		for r := range side {
			for c := range side {
				v := 0.0
				if m > 0 {
					v = w.At(r*side+c, u) / m
				}
				img.Set(c, r, diverging(v))
			}
		}
		box := square(dc)
		dc.DrawImage(box, img)
		dc.FillText(cap, vg.Point{X: (box.Min.X + box.Max.X) / 2, Y: box.Min.Y - vg.Points(1)}, fmt.Sprintf("unit %d", u+1))
	})
}

// layout returns the side of square images of pixels values, how many of the n images
// to draw, and how many per row.
func (o ImageGridOptions) layout(pixels, n int) (side, count, perRow int, err error) {
	side = o.Side
	if side == 0 {
		side = int(math.Round(math.Sqrt(float64(pixels))))
	}
	if side*side != pixels {
		return 0, 0, 0, fmt.Errorf("viz: images of %d pixels are not %d×%d squares", pixels, side, side)
	}
	count = o.Count
	if count <= 0 {
		count = 100
	}
	count = min(count, n)
	perRow = o.Cols
	if perRow <= 0 {
		perRow = 10
	}
	return side, count, min(perRow, count), nil
}

func className2(names []string, k int) string {
	if k >= 0 && k < len(names) {
		return names[k]
	}
	return fmt.Sprint(k)
}

// tiles lays out count cells in rows of perRow, with an optional title and room under
// each cell for a caption, and calls cell for each. desc describes the whole.
func tiles(count, perRow int, o Options, title, desc string, caption bool, cell func(i int, dc draw.Canvas, cap text.Style)) (SVG, error) {
	rows := (count + perRow - 1) / perRow
	cellPx := 56
	w, h := o.size(perRow*cellPx+10, rows*cellPx+10+boolInt(title != "")*26)
	p := newPlot(title, "", "")
	cap := p.X.Tick.Label
	cap.XAlign, cap.YAlign = draw.XCenter, draw.YTop
	return renderCanvas(w, h, desc, func(dc draw.Canvas) {
		drawTitle(&dc, title)
		cw := (dc.Max.X - dc.Min.X) / vg.Length(perRow)
		ch := (dc.Max.Y - dc.Min.Y) / vg.Length(rows)
		for i := range count {
			r, c := i/perRow, i%perRow
			sub := dc
			sub.Min = vg.Point{X: dc.Min.X + vg.Length(c)*cw + px(3), Y: dc.Max.Y - vg.Length(r+1)*ch + px(3)}
			sub.Max = vg.Point{X: sub.Min.X + cw - px(6), Y: sub.Min.Y + ch - px(6)}
			if caption {
				sub.Min.Y += px(12)
			}
			cell(i, sub, cap)
		}
	}), nil
}

// square returns the largest square centred at the top of dc.
func square(dc draw.Canvas) vg.Rectangle {
	s := min(dc.Max.X-dc.Min.X, dc.Max.Y-dc.Min.Y)
	x := (dc.Min.X + dc.Max.X - s) / 2
	return vg.Rectangle{Min: vg.Point{X: x, Y: dc.Max.Y - s}, Max: vg.Point{X: x + s, Y: dc.Max.Y}}
}

func frame(dc draw.Canvas, r vg.Rectangle, c color.Color) {
	dc.StrokeLines(draw.LineStyle{Color: c, Width: vg.Points(1.5)}, []vg.Point{
		r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
