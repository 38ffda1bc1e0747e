// Package viz draws nnkit's pictures as static SVG: datasets, decision boundaries,
// training curves, sweeps of decision boundaries, network diagrams, confusion matrices,
// image grids and per-layer histograms.
//
// Every function is pure: it returns the SVG bytes and displays nothing, so the same
// call serves a notebook, a file or a test. Output is deterministic, and dense pictures
// (decision regions, thumbnails, digits) are embedded as small PNG images, so a
// 300×300 decision grid stays well under 100 KB. The SVG has no scripts, so GitHub and
// nbviewer render it.
//
// Every document is titled: its <title> element says in words what the picture shows
// ("decision boundary of 2-3-2 tanh/softmax … on moons: 97.50% of 200 points correct"),
// for screen readers and as the text a notebook shows where it cannot draw the picture.
// SVG.Description reads it back.
//
// Sizes are in CSS pixels. Colours come from Okabe and Ito's colour-blind-safe palette.
// Text is set in Liberation Sans, with Arial, Helvetica and sans-serif as fallbacks:
// Liberation Sans is metric-compatible with Arial, so the layout holds where it is not
// installed, as when a browser draws the SVG as an image, which cannot load web fonts.
package viz

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"image/color"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Options are the settings every picture shares.
type Options struct {
	// Width and Height are the picture's size in CSS pixels; 0 means the picture's default.
	Width, Height int
	// Title replaces the picture's default title; "-" means no title.
	Title string
}

// size returns the picture's size in points, the unit of vg: 1 px = 0.75 pt.
func (o Options) size(defW, defH int) (vg.Length, vg.Length) {
	w, h := o.Width, o.Height
	if w <= 0 {
		w = defW
	}
	if h <= 0 {
		h = defH
	}
	return px(float64(w)), px(float64(h))
}

func (o Options) title(def string) string {
	switch o.Title {
	case "":
		return def
	case "-":
		return ""
	}
	return o.Title
}

func px(v float64) vg.Length { return vg.Length(v * 0.75) }

// Okabe and Ito's palette, ordered so that the first two classes are blue and
// vermillion, distinguishable under every common colour-vision deficiency.
var (
	Blue       = color.RGBA{0x00, 0x72, 0xB2, 0xff}
	Vermillion = color.RGBA{0xD5, 0x5E, 0x00, 0xff}
	Green      = color.RGBA{0x00, 0x9E, 0x73, 0xff}
	Purple     = color.RGBA{0xCC, 0x79, 0xA7, 0xff}
	Orange     = color.RGBA{0xE6, 0x9F, 0x00, 0xff}
	SkyBlue    = color.RGBA{0x56, 0xB4, 0xE9, 0xff}
	Yellow     = color.RGBA{0xF0, 0xE4, 0x42, 0xff}
	Black      = color.RGBA{0x00, 0x00, 0x00, 0xff}
	Grey       = color.RGBA{0x88, 0x88, 0x88, 0xff}
)

// ClassColors are the colours of classes 0, 1, 2, …; they repeat after eight, and
// scatter plots then change the marker shape.
var ClassColors = []color.RGBA{Blue, Vermillion, Green, Purple, Orange, SkyBlue, Yellow, Black}

func classColor(k int) color.RGBA { return ClassColors[k%len(ClassColors)] }

// mix returns c blended towards white: t = 0 is c, t = 1 is white.
func mix(c color.RGBA, t float64) color.RGBA {
	f := func(v uint8) uint8 { return uint8(math.Round(float64(v) + (255-float64(v))*t)) }
	return color.RGBA{f(c.R), f(c.G), f(c.B), 0xff}
}

// diverging maps v in [−1, 1] to vermillion (negative) through white to blue
// (positive): the sign convention of every picture here, as in TensorFlow Playground.
func diverging(v float64) color.RGBA {
	if math.IsNaN(v) {
		return Grey
	}
	v = max(-1, min(1, v))
	if v < 0 {
		return mix(Vermillion, 1+v)
	}
	return mix(Blue, 1-v)
}

var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// newPlot returns a plot whose text is sans-serif at sizes that stay legible when a
// notebook scales the picture to its column width.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sans, 13)
	p.X.Label.Text, p.Y.Label.Text = xLabel, yLabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, 11)
		a.Tick.Label.Font = font.From(sans, 9)
	}
	p.Legend.TextStyle.Font = font.From(sans, 10)
	p.X.Padding, p.Y.Padding = 0, 0
	return p
}

// renderPlot draws p onto a w×h SVG titled desc, with its legend, if any, in a strip at
// the right where it cannot hide data.
func renderPlot(p *plot.Plot, w, h vg.Length, desc string) SVG {
	return renderCanvas(w, h, desc, func(dc draw.Canvas) { drawWithLegend(p, dc) })
}

// drawWithLegend draws p into dc, moving its legend out of the data area.
func drawWithLegend(p *plot.Plot, dc draw.Canvas) {
	legend := p.Legend
	if legend.Rectangle(dc).Size().X == 0 {
		p.Draw(dc)
		return
	}
	p.Legend = plot.NewLegend()
	defer func() { p.Legend = legend }()
	width := legend.Rectangle(dc).Size().X + px(12)
	plotArea, legendArea := dc, dc
	plotArea.Max.X -= width
	legendArea.Min.X = plotArea.Max.X + px(6)
	legendArea.Max.Y -= px(30)
	legend.Top, legend.Left = true, true
	p.Draw(plotArea)
	legend.Draw(legendArea)
}

// renderCanvas runs f on a fresh w×h SVG canvas and returns the document, titled desc.
func renderCanvas(w, h vg.Length, desc string, f func(draw.Canvas)) SVG {
	c := vgsvg.New(w, h)
	f(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		panic(fmt.Sprintf("viz: writing SVG to memory: %v", err)) // bytes.Buffer cannot fail
	}
	doc := bytes.ReplaceAll(buf.Bytes(), []byte("font-family:Liberation Sans;"), []byte(fontFamily))
	// The title goes first inside the root element, where SVG looks for the document's name.
	root := bytes.Index(doc, []byte("<svg"))
	end := root + bytes.IndexByte(doc[root:], '>') + 1
	title := "\n<title>" + html.EscapeString(desc) + "</title>"
	return append(doc[:end:end], append([]byte(title), doc[end:]...)...)
}

const fontFamily = "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"

// SVG is an SVG document, as every function here returns it.
type SVG []byte

// Description returns what the picture shows, in words: the text of its <title>
// element, or "" if it has none.
func (s SVG) Description() string {
	start := bytes.Index(s, []byte("<title>"))
	if start < 0 {
		return ""
	}
	rest := s[start+len("<title>"):]
	end := bytes.Index(rest, []byte("</title>"))
	if end < 0 {
		return ""
	}
	return html.UnescapeString(string(rest[:end]))
}

// modelName names a classifier in a description: its String, if it has one.
func modelName(c any) string {
	if s, ok := c.(fmt.Stringer); ok {
		return s.String()
	}
	return "a classifier"
}

// drawTitle writes title centred at the top of dc and takes its height off dc.
func drawTitle(dc *draw.Canvas, title string) {
	if title == "" {
		return
	}
	sty := newPlot("", "", "").Title.TextStyle
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
	dc.FillText(sty, vg.Point{X: dc.Center().X, Y: dc.Max.Y - vg.Points(4)}, title)
	dc.Max.Y -= px(26)
}

// checkFinite returns an error naming the first NaN or infinite value of m.
func checkFinite(what string, m mat.Matrix) error {
	r, c := m.Dims()
	for i := range r {
		for j := range c {
			if v := m.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("viz: %s[%d][%d] is %v", what, i, j, v)
			}
		}
	}
	return nil
}

var errEmpty = errors.New("viz: no data to draw")
