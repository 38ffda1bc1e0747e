package kernelext

import (
	"fmt"
	"html"
	"strings"

	"github.com/nnkit-go/nnkit/nnkit/exercise"
	"github.com/nnkit-go/nnkit/nnkit/viz"
)

// Grade grades the learner's function f for one part of an exercise (exercise.NewMoons,
// exercise.NewPlanar) and shows the report: a ✓ or ✗ for every quantity, shape first, then
// the worst element, and the likely mistake in plain words. A panic in f is shown as ✗
// with its message; the cell goes on. It returns the report.
//
// The text form begins "grade <exercise>/<part>: <right> of <quantities> right", which is
// what the headless grader (docker/grade.py) reads.
func Grade[F any](p exercise.Part[F], f F) *exercise.Report {
	r := p.Grade(f)
	ShowHTML(GradeHTML(r), strings.TrimSuffix(r.String(), "\n"))
	return r
}

// GradeHTML renders a report as Grade shows it. Its table carries the score in data
// attributes, for tools that read a notebook's outputs.
func GradeHTML(r *exercise.Report) string {
	right, of := r.Score()
	var b strings.Builder
	state := "false"
	if r.Passed() {
		state = "true"
	}
	fmt.Fprintf(&b, `<table data-grade="%s/%s" data-right="%d" data-of="%d" data-passed="%s" data-panic="%s" style="border-collapse:collapse;font-family:sans-serif;font-size:13px">`,
		html.EscapeString(r.Exercise), html.EscapeString(r.Part), right, of, state, html.EscapeString(r.Panic))
	fmt.Fprintf(&b, `<caption style="text-align:left;font-weight:bold">%s: %d of %d right</caption>`, html.EscapeString(r.Part), right, of)
	if r.Panic != "" {
		fmt.Fprintf(&b, `<tr><td style="padding:2px 10px;color:#D55E00;font-weight:bold">✗</td><td colspan="2" style="padding:2px 10px;color:#D55E00">your function panicked: %s</td></tr>`, html.EscapeString(r.Panic))
	}
	for _, row := range r.Rows {
		mark, color := "✓", "#009E73"
		if !row.OK {
			mark, color = "✗", "#D55E00"
		}
		fmt.Fprintf(&b, `<tr><td style="padding:2px 10px;color:%s;font-weight:bold">%s</td><td style="padding:2px 10px;font-family:monospace">%s</td><td style="padding:2px 10px;color:%s">%s</td></tr>`,
			color, mark, html.EscapeString(row.Quantity), color, html.EscapeString(row.Detail()))
	}
	b.WriteString("</table>")
	return b.String()
}

// Hint shows a hint for one part of an exercise (see exercise.Hint).
func Hint(ex, part string) {
	h, err := exercise.Hint(ex, part)
	if err != nil {
		Show(err)
		return
	}
	ShowHTML("<p><b>Hint:</b> "+html.EscapeString(h)+"</p>", "Hint: "+h)
}

// Solution shows the reference solution of one part (see exercise.Solution): a function
// to paste over the learner's.
func Solution(ex, part string) {
	src, err := exercise.Solution(ex, part)
	if err != nil {
		Show(err)
		return
	}
	ShowHTML("<pre>"+html.EscapeString(src)+"</pre>", src)
}

// Finish shows the learner's end-to-end training: the decision boundary of the trained
// network and the check of the tutorial's published figures, or the error that stopped it.
func Finish(t *exercise.Trained, err error) bool {
	if err != nil {
		Show(err)
		return false
	}
	Show(viz.DecisionBoundary(t.Net, t.Data, viz.BoundaryOptions{Options: viz.Options{Title: t.Title}}))
	rows := make([]Expect, len(t.Figures))
	for i, f := range t.Figures {
		rows[i] = Percent(f.Name+" (tolerance: "+f.Evidence+")", f.Published, f.Ours/100, f.Tol)
	}
	return Check("Your functions against the tutorial's published figures", rows...)
}
