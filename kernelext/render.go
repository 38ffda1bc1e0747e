package kernelext

import (
	"encoding/base64"
	"fmt"
	"html"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/viz"
)

// HTML renders v as a static HTML fragment. It handles *nnkit.Network (summary and
// diagram), *nnkit.Trace, *nnkit.Gradients, *nnkit.UpdateReport (step by step, with the
// equations of the network that made them; see Steps), *nnkit.History (curves),
// *nnkit.Confusion, *nnkit.GradCheckResult, *datasets.Dataset (a scatter plot or a
// table), any mat.Matrix (a table with its shape), viz.SVG, and error.
func HTML(v any) (string, error) {
	switch v := v.(type) {
	case *nnkit.Network:
		return networkHTML(v)
	case *nnkit.Trace:
		return Steps{}.ForwardHTML(v), nil
	case *nnkit.Gradients:
		return Steps{}.BackwardHTML(v), nil
	case *nnkit.UpdateReport:
		return Steps{}.UpdateHTML(v), nil
	case *nnkit.History:
		svg, err := viz.Curves([]viz.Run{{History: v}}, viz.Options{})
		return svgHTML(svg), err
	case *nnkit.Confusion:
		svg, err := viz.ConfusionMatrix(v, viz.Options{})
		return svgHTML(svg), err
	case *nnkit.GradCheckResult:
		return preHTML(v.String()), nil
	case *datasets.Dataset:
		return datasetHTML(v)
	case mat.Matrix:
		return MatrixHTML("", v, 8, 8), nil
	case viz.SVG:
		return svgHTML(v), nil
	case error:
		return errorHTML(v), nil
	case fmt.Stringer:
		return preHTML(v.String()), nil
	}
	return "", fmt.Errorf("kernelext: cannot show a %T", v)
}

// Text renders v as the text Show prints outside a notebook.
func Text(v any) string {
	switch v := v.(type) {
	case *datasets.Dataset:
		return v.String()
	case *nnkit.History:
		if len(v.Records) == 0 {
			return "history: no records"
		}
		r := v.Last()
		return fmt.Sprintf("history: %d records; last: epoch %d, loss %.6g, train accuracy %.4g, test accuracy %.4g",
			len(v.Records), r.Epoch, r.Loss, r.TrainAcc, r.TestAcc)
	case mat.Matrix:
		r, c := v.Dims()
		return fmt.Sprintf("%d×%d\n%v", r, c, mat.Formatted(v, mat.Excerpt(4)))
	case viz.SVG:
		if d := v.Description(); d != "" {
			return d
		}
		return fmt.Sprintf("a picture (SVG, %d bytes) that does not say what it shows", len(v))
	case error:
		return "error: " + v.Error()
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprintf("%v", v)
}

// MatrixHTML renders m as a table captioned with name and its shape, showing at most
// maxRows×maxCols values with ⋯ and ⋮ for the rest.
func MatrixHTML(name string, m mat.Matrix, maxRows, maxCols int) string {
	r, c := m.Dims()
	var b strings.Builder
	b.WriteString(`<table style="border-collapse:collapse;font-family:monospace;font-size:12px;margin:2px 0">`)
	fmt.Fprintf(&b, `<caption style="text-align:left;font-family:sans-serif">%s <span style="color:#666">%d×%d</span></caption>`,
		html.EscapeString(name), r, c)
	rows := showIndices(r, maxRows)
	cols := showIndices(c, maxCols)
	for _, i := range rows {
		b.WriteString("<tr>")
		for _, j := range cols {
			cell := "⋯"
			switch {
			case i < 0 && j < 0:
				cell = "⋱"
			case i < 0:
				cell = "⋮"
			case j >= 0:
				cell = fmt.Sprintf("%.4g", m.At(i, j))
			}
			fmt.Fprintf(&b, `<td style="border:1px solid #ddd;padding:1px 5px;text-align:right">%s</td>`, cell)
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</table>")
	return b.String()
}

// showIndices lists the first and last indices of n, with −1 for an elided middle.
func showIndices(n, limit int) []int {
	var s []int
	if n <= limit {
		for i := range n {
			s = append(s, i)
		}
		return s
	}
	half := limit / 2
	for i := range limit - half - 1 {
		s = append(s, i)
	}
	s = append(s, -1)
	for i := n - half; i < n; i++ {
		s = append(s, i)
	}
	return s
}

func networkHTML(n *nnkit.Network) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, `<div style="font-family:sans-serif"><b>%s</b>`, html.EscapeString(n.String()))
	b.WriteString(`<table style="border-collapse:collapse;font-size:12px;margin:4px 0"><tr>`)
	for _, h := range []string{"layer", "W", "b", "activation", "parameters"} {
		fmt.Fprintf(&b, `<th style="border-bottom:1px solid #999;padding:2px 8px">%s</th>`, h)
	}
	b.WriteString("</tr>")
	for i, d := range n.Layers {
		fmt.Fprintf(&b, `<tr><td style="padding:2px 8px">%d</td><td style="padding:2px 8px">%d×%d</td><td style="padding:2px 8px">1×%d</td><td style="padding:2px 8px">%s</td><td style="padding:2px 8px;text-align:right">%d</td></tr>`,
			i+1, d.In(), d.Out(), d.Out(), d.Act, (d.In()+1)*d.Out())
	}
	fmt.Fprintf(&b, `<tr><td colspan="4" style="padding:2px 8px;border-top:1px solid #999">total</td><td style="padding:2px 8px;border-top:1px solid #999;text-align:right">%d</td></tr></table>`, n.NumParams())
	svg, err := viz.NetworkDiagram(n, viz.DiagramOptions{Options: viz.Options{Title: "-"}})
	if err != nil {
		return "", err
	}
	b.WriteString(svgHTML(svg))
	b.WriteString("</div>")
	return b.String(), nil
}

func datasetHTML(d *datasets.Dataset) (string, error) {
	if d.NumFeatures() == 2 {
		svg, err := viz.Scatter(d, nil, viz.Options{})
		if err != nil {
			return "", err
		}
		return svgHTML(svg), nil
	}
	return fmt.Sprintf(`<div style="font-family:sans-serif">%s%s</div>`, html.EscapeString(d.String()),
		MatrixHTML("X", d.X, 6, 8)), nil
}

// svgHTML shows an SVG document as an <img> with a data URI, the form that untrusted
// notebooks keep (see the package doc), described by its alt text.
func svgHTML(svg viz.SVG) string {
	return `<div style="max-width:100%;overflow-x:auto"><img src="data:image/svg+xml;base64,` +
		base64.StdEncoding.EncodeToString(svg) + `" alt="` + html.EscapeString(Text(svg)) + `" style="max-width:100%;height:auto"></div>`
}

func preHTML(s string) string {
	return `<pre style="font-size:12px">` + html.EscapeString(s) + `</pre>`
}

func errorHTML(err error) string {
	return `<pre style="color:#D55E00;font-size:12px">` + html.EscapeString(err.Error()) + `</pre>`
}
