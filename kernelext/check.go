package kernelext

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// Expect is one row of a check table: a figure the article published (or a value it
// expects) and what this notebook computed.
type Expect struct {
	Name      string
	Published float64
	Ours      float64
	// Tol is the largest |ours − published| that passes; 0 means exact equality.
	Tol float64
	// Unit is appended to both values, e.g. "%".
	Unit string
	// NotStated marks a figure the article does not give: the row shows ours alone and
	// checks nothing (Published is ignored).
	NotStated bool
	// Miss, when set, records a published figure that ours does not reach, and why: the
	// row shows ✗ with the reason, never hidden, and Check counts it as expected. CI
	// still compares ours with the committed outputs, so a change shows.
	Miss string
}

// Missed is e recorded as an expected miss, for the reason given.
func (e Expect) Missed(reason string) Expect {
	e.Miss = reason
	return e
}

// Figure is a row comparing a published figure with ours, passing within tol.
func Figure(name string, published, ours, tol float64) Expect {
	return Expect{Name: name, Published: published, Ours: ours, Tol: tol}
}

// Percent is Figure for a percentage: published and tol in percent, ours a fraction
// (an accuracy, as nnkit gives it), shown in percent.
func Percent(name string, published, ours, tol float64) Expect {
	return Expect{Name: name, Published: published, Ours: 100 * ours, Tol: tol, Unit: "%"}
}

// Ours is a row for a figure the article does not state: ours is shown, with unit,
// and no published value is made up for it.
func Ours(name string, ours float64, unit string) Expect {
	return Expect{Name: name, Ours: ours, Unit: unit, NotStated: true}
}

// OK reports whether Ours is within Tol of Published; a row whose figure is not stated
// is OK when ours is a number. A recorded miss is not OK.
func (e Expect) OK() bool {
	if e.NotStated {
		return !math.IsNaN(e.Ours)
	}
	return !math.IsNaN(e.Ours) && math.Abs(e.Ours-e.Published) <= e.Tol
}

// Check displays a table of published against computed figures, with a green ✓ or a
// red ✗ and the difference for each, in the style of Coursera's test cases, and reports
// whether all passed or were recorded misses. Outside a notebook it prints one line per
// figure.
func Check(title string, rows ...Expect) bool {
	html, text, ok := CheckHTML(title, rows...)
	ShowHTML(html, text)
	return ok
}

// CheckHTML renders what Check displays, and its text form.
func CheckHTML(title string, rows ...Expect) (htmlOut, text string, ok bool) {
	ok = true
	var b, t strings.Builder
	fmt.Fprintf(&b, `<table style="border-collapse:collapse;font-family:sans-serif;font-size:13px"><caption style="text-align:left;font-weight:bold">%s</caption>`, html.EscapeString(title))
	b.WriteString(`<tr><th style="padding:2px 10px;border-bottom:1px solid #999"></th><th style="padding:2px 10px;border-bottom:1px solid #999;text-align:left">figure</th><th style="padding:2px 10px;border-bottom:1px solid #999">published</th><th style="padding:2px 10px;border-bottom:1px solid #999">ours</th><th style="padding:2px 10px;border-bottom:1px solid #999">difference</th></tr>`)
	fmt.Fprintf(&t, "%s\n", title)
	for _, r := range rows {
		mark, color := "✓", "#009E73"
		state := "true"
		if !r.OK() {
			mark, color, state = "✗", "#D55E00", "false"
			if r.Miss != "" {
				state = "miss"
			} else {
				ok = false
			}
		}
		published := figure(r.Published, r.Unit)
		diff := fmt.Sprintf("%+.3g%s", r.Ours-r.Published, r.Unit)
		if r.Tol > 0 {
			diff += fmt.Sprintf(" (tolerance %g%s)", r.Tol, r.Unit)
		}
		if r.NotStated && r.OK() {
			mark, color, published, diff = "·", "#555", "not stated", "ours only"
		}
		if state == "miss" {
			diff += "; expected miss: " + r.Miss
		}
		// The data attributes let tools compare a notebook's figures run against run.
		fmt.Fprintf(&b, `<tr data-check="%s" data-ours="%s" data-ok="%s">`, html.EscapeString(r.Name), strconv.FormatFloat(r.Ours, 'g', -1, 64), state)
		fmt.Fprintf(&b, `<td style="padding:2px 10px;color:%s;font-weight:bold">%s</td><td style="padding:2px 10px">%s</td><td style="padding:2px 10px;text-align:right">%s</td><td style="padding:2px 10px;text-align:right">%s</td><td style="padding:2px 10px;color:%s">%s</td></tr>`,
			color, mark, html.EscapeString(r.Name), published, figure(r.Ours, r.Unit), color, html.EscapeString(diff))
		fmt.Fprintf(&t, "  %s %s: published %s, ours %s (%s)\n", mark, r.Name, published, figure(r.Ours, r.Unit), diff)
	}
	b.WriteString("</table>")
	return b.String(), strings.TrimSuffix(t.String(), "\n"), ok
}

func figure(v float64, unit string) string { return fmt.Sprintf("%.6g%s", v, unit) }
