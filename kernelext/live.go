package kernelext

import (
	"fmt"
	"html"
	"math"
	"strings"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/viz"
)

// LiveOptions set up Live.
type LiveOptions struct {
	// Data, when it is 2-D, adds the decision boundary of the network being trained.
	Data *datasets.Dataset
	// Interval is the least time between two updates; 0 means 200 ms (5 per second).
	Interval time.Duration
	// Title heads the view.
	Title string
}

// LiveView is a training hook that shows progress as it happens: a progress bar with
// rate and ETA, the loss and accuracy curves, and, for 2-D data, the decision boundary.
// In a notebook it updates one output area at most 5 times a second; outside it prints a
// compact progress line. Finish replaces the live area with the final picture as an
// ordinary output, which a saved notebook keeps.
type LiveView struct {
	net     *nnkit.Network
	opt     LiveOptions
	id      string
	last    time.Time
	records []nnkit.Record
	step    nnkit.StepInfo
	updates int
}

// Live returns a LiveView for training net; pass it in TrainConfig.Hooks, or use Train.
func Live(net *nnkit.Network, opt LiveOptions) *LiveView {
	if opt.Interval <= 0 {
		opt.Interval = 200 * time.Millisecond
	}
	return &LiveView{net: net, opt: opt}
}

// OnStep updates the view if Interval has passed since the last update.
func (v *LiveView) OnStep(s nnkit.StepInfo) error {
	v.step = s
	if time.Since(v.last) < v.opt.Interval {
		return nil
	}
	v.last = time.Now()
	v.updates++
	if InNotebook() {
		if v.id == "" {
			v.id = "nnkit-live-" + gonbui.UniqueId()
		}
		send(map[string]string{"text/html": v.html(false, v.pictures(false)), "text/plain": v.progressText()}, v.id)
		return nil
	}
	fmt.Fprintln(out(), v.progressText())
	return nil
}

// OnRecord keeps the record for the curves.
func (v *LiveView) OnRecord(r nnkit.Record) error {
	v.records = append(v.records, r)
	return nil
}

// Updates returns how many times the view was redrawn.
func (v *LiveView) Updates() int { return v.updates }

// Finish replaces the live area's content with the final state, a static picture that a
// saved notebook keeps, given the History that Train returned (which may hold records the
// view did not see) and Train's error.
func (v *LiveView) Finish(h *nnkit.History, err error) {
	if h != nil {
		v.records = h.Records
	}
	if InNotebook() {
		pics := v.pictures(true)
		final := v.html(true, pics)
		if err != nil {
			final += errorHTML(err)
		}
		// v.id is "" when no frame was drawn: the final one is then a new output.
		display(map[string]string{"text/html": final, "text/plain": v.finalText(h, err, pics)}, v.id)
		return
	}
	fmt.Fprintln(out(), v.summaryText(h, err))
}

// Train runs net.Train with a LiveView attached and finishes it.
func Train(net *nnkit.Network, x, y mat.Matrix, cfg nnkit.TrainConfig, opt LiveOptions) (*nnkit.History, error) {
	view := Live(net, opt)
	cfg.Hooks = append(append([]nnkit.Hook(nil), cfg.Hooks...), view)
	h, err := net.Train(x, y, cfg)
	view.Finish(h, err)
	return h, err
}

func (v *LiveView) progressText() string {
	s := v.step
	frac := float64(s.Step) / float64(max(s.Steps, 1))
	rate := float64(s.Step) / max(s.Elapsed.Seconds(), 1e-9)
	eta := time.Duration(float64(s.Steps-s.Step) / max(rate, 1e-9) * float64(time.Second))
	bar := strings.Repeat("█", int(20*frac)) + strings.Repeat("░", 20-int(20*frac))
	line := fmt.Sprintf("%s %3.0f%%  step %d/%d  epoch %d/%d  %.0f steps/s  ETA %s",
		bar, 100*frac, s.Step, s.Steps, s.Epoch+1, s.Epochs, rate, eta.Round(100*time.Millisecond))
	if !math.IsNaN(s.Loss) {
		line += fmt.Sprintf("  loss %.4g", s.Loss)
	}
	return line
}

// finalText is the text form of the final frame: what it says and what it draws.
func (v *LiveView) finalText(h *nnkit.History, err error, pics []viz.SVG) string {
	var b strings.Builder
	if v.opt.Title != "" {
		b.WriteString(v.opt.Title + ": ")
	}
	b.WriteString(v.summaryText(h, err))
	for _, svg := range pics {
		b.WriteString("\n" + svg.Description())
	}
	return b.String()
}

func (v *LiveView) summaryText(h *nnkit.History, err error) string {
	if err != nil {
		return "training stopped: " + err.Error()
	}
	if h == nil || len(h.Records) == 0 {
		return "training done"
	}
	r := h.Last()
	s := fmt.Sprintf("trained %d steps in %.2f s: loss %.6g, train accuracy %.2f%%", r.Step, r.Elapsed.Seconds(), r.Loss, 100*r.TrainAcc)
	if !math.IsNaN(r.TestAcc) {
		s += fmt.Sprintf(", test accuracy %.2f%%", 100*r.TestAcc)
	}
	return s
}

// html lays out the view: the progress line and bar (while running), then its pictures
// side by side.
func (v *LiveView) html(final bool, pics []viz.SVG) string {
	var b strings.Builder
	b.WriteString(`<div style="font-family:sans-serif;font-size:13px">`)
	if v.opt.Title != "" {
		fmt.Fprintf(&b, `<div style="font-weight:bold">%s</div>`, html.EscapeString(v.opt.Title))
	}
	s := v.step
	frac := float64(s.Step) / float64(max(s.Steps, 1))
	if final {
		frac = 1
	}
	fmt.Fprintf(&b, `<div style="background:#eee;width:400px;height:10px;margin:4px 0"><div style="background:#0072B2;width:%.0f%%;height:10px"></div></div>`, 100*frac)
	if final {
		fmt.Fprintf(&b, `<div>%s</div>`, html.EscapeString(v.summaryText(&nnkit.History{Records: v.records}, nil)))
	} else {
		fmt.Fprintf(&b, `<div style="font-family:monospace">%s</div>`, html.EscapeString(v.progressText()))
	}
	b.WriteString(`<div style="display:flex;flex-wrap:wrap;gap:8px">`)
	for _, svg := range pics {
		b.WriteString(svgHTML(svg))
	}
	b.WriteString(`</div></div>`)
	return b.String()
}

// pictures draws the curves and, for 2-D data, the decision boundary: coarse while
// training runs, fine in the final frame.
func (v *LiveView) pictures(final bool) []viz.SVG {
	var pics []viz.SVG
	if len(v.records) > 0 {
		if svg, err := viz.Curves([]viz.Run{{History: &nnkit.History{Records: v.records}}}, viz.Options{Width: 560, Height: 260, Title: "-"}); err == nil {
			pics = append(pics, svg)
		}
	}
	if d := v.opt.Data; d != nil && d.NumFeatures() == 2 {
		grid := 60
		if final {
			grid = 200
		}
		if svg, err := viz.DecisionBoundary(v.net, d, viz.BoundaryOptions{Grid: grid, Options: viz.Options{Width: 340, Height: 280, Title: "-"}}); err == nil {
			pics = append(pics, svg)
		}
	}
	return pics
}
