package viz

import (
	"fmt"
	"image"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/datasets"
)

// DiagramOptions set up NetworkDiagram.
type DiagramOptions struct {
	Options
	// Data, for a network with two inputs, sets the input plane that each neuron's
	// thumbnail shows (the data's range plus 0.5); otherwise Range does, as
	// [xmin, xmax, ymin, ymax], defaulting to [−2, 2, −2, 2].
	Data  *datasets.Dataset
	Range [4]float64
	// MaxNeurons is the most neurons drawn per layer; a wider layer shows its first and
	// last neurons around a "+N" marker. 0 means 8.
	MaxNeurons int
	// Thumb is each thumbnail's resolution; 0 means 24.
	Thumb int
	// Inputs, if set, turns points of the input plane (rows of x₁, x₂) into the
	// network's inputs, as the playground's features do: the thumbnails are then drawn
	// whatever the network's input width, each input showing its feature.
	Inputs func(plane mat.Matrix) *mat.Dense
	// InputNames, if set, label the input neurons, one name each.
	InputNames []string
	// Highlight, if set, outlines one neuron as {layer, neuron}, layer 0 being the
	// inputs, or a whole layer as {layer, −1}.
	Highlight []int
}

// NetworkDiagram draws the network as TensorFlow Playground does, but static: a column
// of neurons per layer, edges as thick as |w| and blue where w > 0, vermillion where
// w < 0. When the network has two inputs, every neuron is drawn as a thumbnail of its
// own activation over the input plane, so one sees what each unit computes.
func NetworkDiagram(net *nnkit.Network, o DiagramOptions) (SVG, error) {
	maxN := o.MaxNeurons
	if maxN <= 0 {
		maxN = 8
	}
	if maxN < 3 {
		return nil, fmt.Errorf("viz: MaxNeurons %d; at least 3 are needed to summarise a layer", maxN)
	}
	for i, d := range net.Layers {
		if err := checkFinite(fmt.Sprintf("W%s", nnkit.Sup(i+1)), d.W); err != nil {
			return nil, err
		}
	}
	sizes := net.Sizes()
	cols := make([][]int, len(sizes)) // the neuron index shown in each slot, −1 for "+N"
	tallest := 0
	for l, n := range sizes {
		cols[l] = shown(n, maxN)
		tallest = max(tallest, len(cols[l]))
	}
	if o.InputNames != nil && len(o.InputNames) != sizes[0] {
		return nil, fmt.Errorf("viz: %d input names for %d inputs", len(o.InputNames), sizes[0])
	}
	if o.Highlight != nil && (len(o.Highlight) != 2 || o.Highlight[0] < 0 || o.Highlight[0] >= len(sizes) ||
		o.Highlight[1] < -1 || o.Highlight[1] >= sizes[o.Highlight[0]]) {
		return nil, fmt.Errorf("viz: Highlight %v names no neuron of %v", o.Highlight, sizes)
	}
	var thumbs [][]*image.RGBA
	if sizes[0] == 2 || o.Inputs != nil {
		var err error
		if thumbs, err = thumbnails(net, o); err != nil {
			return nil, err
		}
	}
	w, h := o.size(max(170*len(sizes), 360), max(62*tallest+90, 260))
	title := o.title(net.String())
	p := newPlot(title, "", "")
	desc := fmt.Sprintf("network diagram of %s: %d parameters, edges as wide as |w|, blue for w > 0 and vermillion for w < 0", net, net.NumParams())
	if thumbs != nil {
		desc += ", each neuron drawn as its output over the input plane"
	}
	return renderCanvas(w, h, desc, func(dc draw.Canvas) {
		titleSty := p.Title.TextStyle
		titleSty.Font.Size = vg.Points(11)
		titleSty.XAlign, titleSty.YAlign = draw.XCenter, draw.YTop
		if title != "" {
			dc.FillText(titleSty, vg.Point{X: dc.Center().X, Y: dc.Max.Y - vg.Points(4)}, title)
			dc.Max.Y -= px(24)
		}
		label := p.X.Tick.Label
		label.XAlign, label.YAlign = draw.XCenter, draw.YBottom
		dc.Min.Y += px(30) // room for the column labels
		if o.InputNames != nil {
			dc.Min.X += px(34) // room for the input names
		}
		colW := (dc.Max.X - dc.Min.X) / vg.Length(len(sizes))
		rowH := (dc.Max.Y - dc.Min.Y) / vg.Length(tallest)
		node := min(colW*0.42, rowH*0.8, px(52))
		pos := func(l, slot int) vg.Point {
			top := dc.Max.Y - (vg.Length(tallest-len(cols[l]))*rowH)/2
			return vg.Point{X: dc.Min.X + (vg.Length(l)+0.5)*colW, Y: top - (vg.Length(slot)+0.5)*rowH}
		}
		// Edges first, behind the nodes.
		for l := 1; l < len(sizes); l++ {
			W := net.Layers[l-1].W
			scale := nnkit.MaxAbs(W)
			for si, i := range cols[l-1] {
				for sj, j := range cols[l] {
					if i < 0 || j < 0 || scale == 0 {
						continue
					}
					v := W.At(i, j) / scale
					a, b := pos(l-1, si), pos(l, sj)
					a.X += node / 2
					b.X -= node / 2
					c := Blue
					if v < 0 {
						c = Vermillion
					}
					dc.StrokeLine2(draw.LineStyle{Color: mix(c, 0.15), Width: px(0.3 + 3.7*math.Abs(v))}, a.X, a.Y, b.X, b.Y)
				}
			}
		}
		for l := range sizes {
			for slot, j := range cols[l] {
				c := pos(l, slot)
				box := vg.Rectangle{Min: vg.Point{X: c.X - node/2, Y: c.Y - node/2}, Max: vg.Point{X: c.X + node/2, Y: c.Y + node/2}}
				switch {
				case j < 0:
					sty := label
					sty.YAlign = draw.YCenter
					dc.FillText(sty, c, fmt.Sprintf("+%d", sizes[l]-len(cols[l])+1))
				case thumbs != nil:
					dc.DrawImage(box, thumbs[l][j])
					frame(dc, box, Grey)
				default:
					dc.FillPolygon(mix(Grey, 0.6), circle(c, node/3))
				}
				if j >= 0 && o.Highlight != nil && o.Highlight[0] == l && (o.Highlight[1] == j || o.Highlight[1] == -1) {
					pad := px(3)
					ring := vg.Rectangle{Min: vg.Point{X: box.Min.X - pad, Y: box.Min.Y - pad}, Max: vg.Point{X: box.Max.X + pad, Y: box.Max.Y + pad}}
					dc.StrokeLines(draw.LineStyle{Color: Black, Width: px(2.5)}, []vg.Point{ring.Min, {X: ring.Max.X, Y: ring.Min.Y}, ring.Max, {X: ring.Min.X, Y: ring.Max.Y}, ring.Min})
				}
				if l == 0 && j >= 0 && o.InputNames != nil {
					sty := label
					sty.XAlign, sty.YAlign = draw.XRight, draw.YCenter
					dc.FillText(sty, vg.Point{X: box.Min.X - px(5), Y: c.Y}, o.InputNames[j])
				}
			}
			name := "input"
			if l > 0 {
				name = fmt.Sprintf("layer %d: %s", l, net.Layers[l-1].Act)
			}
			dc.FillText(label, vg.Point{X: pos(l, 0).X, Y: dc.Min.Y - px(26)}, fmt.Sprintf("%s (%d)", name, sizes[l]))
		}
	}), nil
}

// shown lists the neurons drawn for a layer of n: all of them, or the first and last
// around a −1 that stands for the rest.
func shown(n, maxN int) []int {
	var s []int
	if n <= maxN {
		for i := range n {
			s = append(s, i)
		}
		return s
	}
	keep := maxN - 1
	first := (keep + 1) / 2
	for i := range first {
		s = append(s, i)
	}
	s = append(s, -1)
	for i := n - (keep - first); i < n; i++ {
		s = append(s, i)
	}
	return s
}

// thumbnails evaluates the network on a grid over the input plane and returns, for the
// inputs and every layer, one image per neuron of its value there.
func thumbnails(net *nnkit.Network, o DiagramOptions) ([][]*image.RGBA, error) {
	r := o.Range
	if o.Data != nil {
		if err := checkPoints(o.Data); err != nil {
			return nil, err
		}
		x0, x1 := colRange(o.Data, 0, nil)
		y0, y1 := colRange(o.Data, 1, nil)
		r = [4]float64{x0 - 0.5, x1 + 0.5, y0 - 0.5, y1 + 0.5}
	}
	if r == [4]float64{} {
		r = [4]float64{-2, 2, -2, 2}
	}
	if !(r[1] > r[0] && r[3] > r[2]) {
		return nil, fmt.Errorf("viz: input range %v is empty", r)
	}
	n := o.Thumb
	if n <= 0 {
		n = 24
	}
	grid := planeGrid(n, r)
	in := grid
	if o.Inputs != nil {
		in = o.Inputs(grid)
		if r, c := in.Dims(); r != n*n || c != net.Sizes()[0] {
			return nil, fmt.Errorf("viz: Inputs gave %d×%d for %d points and %d inputs", r, c, n*n, net.Sizes()[0])
		}
	}
	t := net.Forward(in)
	values := []*mat.Dense{in}
	acts := []nnkit.Activation{nnkit.Identity}
	for l, lt := range t.Layers {
		values = append(values, lt.A)
		acts = append(acts, net.Layers[l].Act)
	}
	out := make([][]*image.RGBA, len(values))
	for l, v := range values {
		_, units := v.Dims()
		for u := range units {
			col := mat.Col(nil, u, v)
			center, scale := 0.0, 0.0
			if acts[l] == nnkit.Sigmoid || acts[l] == nnkit.Softmax {
				center, scale = 0.5, 0.5 // probabilities: 0.5 is white
			} else {
				for _, x := range col {
					scale = max(scale, math.Abs(x))
				}
			}
			img := image.NewRGBA(image.Rect(0, 0, n, n))
			for k, x := range col {
				c := 0.0
				if scale > 0 {
					c = (x - center) / scale
				}
				img.Set(k%n, k/n, diverging(c))
			}
			out[l] = append(out[l], img)
		}
	}
	return out, nil
}

// planeGrid returns the centres of an n×n grid of cells over the plane r, [xmin, xmax,
// ymin, ymax], one row per cell, in image order: row 0 is the top.
func planeGrid(n int, r [4]float64) *mat.Dense {
	grid := mat.NewDense(n*n, 2, nil)
	for i := range n {
		for j := range n {
			grid.Set(i*n+j, 0, r[0]+(float64(j)+0.5)*(r[1]-r[0])/float64(n))
			grid.Set(i*n+j, 1, r[3]-(float64(i)+0.5)*(r[3]-r[2])/float64(n))
		}
	}
	return grid
}

// circle approximates a circle of radius r around c by a polygon.
func circle(c vg.Point, r vg.Length) []vg.Point {
	pts := make([]vg.Point, 24)
	for i := range pts {
		a := 2 * math.Pi * float64(i) / float64(len(pts))
		pts[i] = vg.Point{X: c.X + r*vg.Length(math.Cos(a)), Y: c.Y + r*vg.Length(math.Sin(a))}
	}
	return pts
}
