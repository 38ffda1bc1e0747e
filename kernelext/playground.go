package kernelext

import (
	"errors"
	"fmt"
	"html"
	"os"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/playground"
	"github.com/nnkit-go/nnkit/nnkit/viz"
)

// HeadlessEnv names the environment variable that, set to anything, makes Playground
// render a static snapshot: GoNB's widgets wait for a browser to answer, so a cell with
// widgets never finishes under a headless runner such as nbclient. CI sets it.
const HeadlessEnv = "NNKIT_HEADLESS"

// Headless reports whether interactive widgets must not be used: outside a notebook, or
// when HeadlessEnv is set.
func Headless() bool { return !InNotebook() || os.Getenv(HeadlessEnv) != "" }

// The choices of the playground's selects: TensorFlow Playground's own, and two more
// activations.
var (
	pgRates       = []float64{0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10}
	pgRegRates    = []float64{0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10}
	pgActivations = []nnkit.Activation{nnkit.ReLU, nnkit.Tanh, nnkit.Sigmoid, nnkit.Identity, nnkit.LeakyReLU, nnkit.Swish}
)

// playgroundPictures sets the resolution of the live pictures: fine enough to read, small
// enough to redraw five times a second.
var playgroundPictures = viz.PlaygroundOptions{Grid: 100, Thumb: 20}

// pgState is the playground's whole state: the controls' setting, the run it trains
// and what is shown. Every event goes through handle, which a test can drive exactly as
// the browser does.
type pgState struct {
	cfg        playground.Config
	run        *playground.Run
	playing    bool
	discretize bool
	showTest   bool
	selected   []int   // {layer, neuron}, neuron −1 for the whole layer; nil for none
	regRate    float64 // the rate chosen for L1 or L2, kept while the penalty is off
	code       bool    // show the "as code" cell
	message    string  // the last action's note, or an error
	connected  bool    // a message has come from the browser
}

func newPlaygroundState(cfg playground.Config) (*pgState, error) {
	r, err := playground.New(cfg)
	if err != nil {
		return nil, err
	}
	s := &pgState{cfg: r.Config.Clone(), run: r, regRate: cfg.RegRate, showTest: true}
	if s.regRate == 0 {
		s.regRate = pgRegRates[2]
	}
	return s, nil
}

// errEvent wraps an event the playground does not understand.
var errEvent = errors.New("kernelext: playground event")

// handle applies one event from the controls. An event it cannot parse, or a setting
// the playground refuses, leaves everything as it was and sets the message; the first
// also returns an error wrapping errEvent.
func (s *pgState) handle(ev string) error {
	s.message, s.connected = "", true
	if _, rest, ok := strings.Cut(ev, "|"); ok { // the browser numbers its events
		ev = rest
	}
	f := strings.Split(ev, ":")
	bad := func() error {
		err := fmt.Errorf("%w %q not understood", errEvent, ev)
		s.message = err.Error()
		return err
	}
	switch f[0] {
	case "hello":
		return nil
	case "play":
		s.playing = true
		return nil
	case "pause":
		s.playing = false
		return nil
	case "step":
		s.playing = false
		if err := s.run.Step(); err != nil {
			s.message = err.Error()
		}
		return nil
	case "reset":
		s.setConfig(s.cfg)
		return nil
	case "code":
		s.code = !s.code
		return nil
	case "layer":
		if len(f) != 2 {
			return bad()
		}
		c := s.cfg.Clone()
		switch f[1] {
		case "+":
			c.Hidden = append(c.Hidden, 2)
		case "-":
			if len(c.Hidden) == 0 {
				s.message = "no hidden layer to remove"
				return nil
			}
			c.Hidden = c.Hidden[:len(c.Hidden)-1]
		default:
			return bad()
		}
		s.setConfig(c)
		return nil
	case "neuron":
		if len(f) != 3 {
			return bad()
		}
		l, err := strconv.Atoi(f[1])
		if err != nil || l < 1 || l > len(s.cfg.Hidden) {
			return bad()
		}
		c := s.cfg.Clone()
		switch f[2] {
		case "+":
			c.Hidden[l-1]++
		case "-":
			c.Hidden[l-1]--
		default:
			return bad()
		}
		s.setConfig(c)
		return nil
	case "select":
		if len(f) == 2 && f[1] == "none" {
			s.selected = nil
			return nil
		}
		if len(f) != 3 {
			return bad()
		}
		l, err1 := strconv.Atoi(f[1])
		j, err2 := strconv.Atoi(f[2])
		sizes := s.run.Net.Sizes()
		if err1 != nil || err2 != nil || l < 0 || l >= len(sizes) || j < -1 || j >= sizes[l] {
			return bad()
		}
		s.selected = []int{l, j}
		return nil
	case "set":
		if len(f) < 3 {
			return bad()
		}
		return s.set(f[1], f[2:], bad)
	}
	return bad()
}

// set handles "set:NAME:VALUE…".
func (s *pgState) set(name string, v []string, bad func() error) error {
	c := s.cfg.Clone()
	num := func() (float64, bool) {
		x, err := strconv.ParseFloat(v[0], 64)
		return x, err == nil && len(v) == 1
	}
	switch name {
	case "dataset":
		c.Dataset = v[0]
	case "ratio": // percent
		x, ok := num()
		if !ok {
			return bad()
		}
		c.TrainRatio = x / 100
	case "noise": // hundredths
		x, ok := num()
		if !ok {
			return bad()
		}
		c.Noise = x / 100
	case "batch":
		x, ok := num()
		if !ok || x != float64(int(x)) {
			return bad()
		}
		c.BatchSize = int(x)
	case "lr":
		x, ok := num()
		if !ok {
			return bad()
		}
		c.LR = x
	case "regrate":
		x, ok := num()
		if !ok || !slices.Contains(pgRegRates, x) {
			return bad()
		}
		s.regRate = x
		if c.Penalty != playground.NoPenalty {
			c.RegRate = x
		}
	case "penalty":
		switch v[0] {
		case "none":
			c.Penalty, c.RegRate = playground.NoPenalty, 0
		case "L1", "L2":
			c.Penalty, c.RegRate = playground.L1, s.regRate
			if v[0] == "L2" {
				c.Penalty = playground.L2
			}
		default:
			return bad()
		}
	case "act":
		a, err := nnkit.ParseActivation(v[0])
		if err != nil || !slices.Contains(pgActivations, a) {
			return bad()
		}
		c.Activation = a
	case "seed":
		switch v[0] {
		case "+":
			c.Seed++
		case "-":
			if c.Seed == 0 {
				return nil
			}
			c.Seed--
		default:
			return bad()
		}
	case "feature":
		if len(v) != 2 {
			return bad()
		}
		i, err := strconv.Atoi(v[0])
		if err != nil || i < 0 || i >= len(playground.Features()) {
			return bad()
		}
		f := playground.Feature(i)
		switch v[1] {
		case "1":
			if !slices.Contains(c.Features, f) {
				c.Features = append(c.Features, f)
				slices.Sort(c.Features) // TensorFlow Playground's order
			}
		case "0":
			c.Features = slices.DeleteFunc(c.Features, func(g playground.Feature) bool { return g == f })
		default:
			return bad()
		}
	case "discretize", "showtest":
		if len(v) != 1 || (v[0] != "0" && v[0] != "1") {
			return bad()
		}
		if name == "discretize" {
			s.discretize = v[0] == "1"
		} else {
			s.showTest = v[0] == "1"
		}
		return nil
	default:
		return bad()
	}
	s.setConfig(c)
	return nil
}

// setConfig starts a fresh run of c, as TensorFlow Playground resets on every change,
// so that a configuration and its seed always give the same run. A setting that
// playground refuses keeps the current run and says why.
func (s *pgState) setConfig(c playground.Config) {
	r, err := playground.New(c)
	if err != nil {
		s.message = err.Error()
		return
	}
	s.cfg, s.run = r.Config.Clone(), r
	if s.selected != nil {
		sizes := r.Net.Sizes()
		if s.selected[0] >= len(sizes) || s.selected[1] >= sizes[s.selected[0]] {
			s.selected = nil
		}
	}
}

// tick trains up to n epochs while playing; it pauses at an error.
func (s *pgState) tick(n int) {
	for range n {
		if !s.playing {
			return
		}
		if err := s.run.Step(); err != nil {
			s.message, s.playing = err.Error(), false
		}
	}
}

// The playground's parts, each a <div> that the live cell fills.
const (
	partToolbar  = "toolbar"
	partControls = "controls"
	partNetwork  = "network"
	partOutput   = "output"
	partStep     = "step"
	partCode     = "code"
)

var pgParts = []string{partToolbar, partControls, partNetwork, partOutput, partStep, partCode}

// render returns the HTML of every part for the current state.
func (s *pgState) render(live bool) map[string]string {
	parts := s.progress(live)
	parts[partControls] = s.controlsHTML(live)
	return parts
}

// progress returns the parts that training changes: all but the controls. While the
// playground plays only these are redrawn, so that a slider being dragged or a select
// held open is not replaced under the pointer; an event redraws the controls too.
func (s *pgState) progress(live bool) map[string]string {
	parts := map[string]string{
		partToolbar: "",
		partNetwork: s.networkHTML(live),
		partOutput:  s.outputHTML(),
		partStep:    "",
		partCode:    "",
	}
	if live {
		parts[partToolbar] = s.toolbarHTML()
	}
	if s.selected != nil {
		parts[partStep], _ = stepView(s.run, s.selected)
	}
	if s.code {
		parts[partCode] = `<div style="font-weight:bold;margin-top:8px">As code: paste this into a new cell</div>` + preHTML(s.run.Code())
	}
	return parts
}

const pgButton = `style="margin:1px;padding:1px 7px;font-size:12px;cursor:pointer"`

func pgBtn(ev, label, title string, disabled bool) string {
	d := ""
	if disabled {
		d = " disabled"
	}
	return fmt.Sprintf(`<button type="button" data-ev="%s" title="%s" %s%s>%s</button>`,
		html.EscapeString(ev), html.EscapeString(title), pgButton, d, html.EscapeString(label))
}

func pgSelect(name string, options []string, labels []string, current string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<select data-set="%s" style="font-size:12px">`, name)
	for i, o := range options {
		sel := ""
		if o == current {
			sel = " selected"
		}
		fmt.Fprintf(&b, `<option value="%s"%s>%s</option>`, html.EscapeString(o), sel, html.EscapeString(labels[i]))
	}
	b.WriteString(`</select>`)
	return b.String()
}

// pgRange is a slider whose current value is printed beside it, updated as it moves.
func pgRange(name string, lo, hi, step, value int, div float64, digits int, unit string) string {
	id := "nnkit-pg-" + name
	shown := strconv.FormatFloat(float64(value)/div, 'f', digits, 64) + unit
	return fmt.Sprintf(`<input type="range" data-set="%s" data-label="%s" data-div="%g" data-digits="%d" data-unit="%s" min="%d" max="%d" step="%d" value="%d" style="width:80px;vertical-align:middle"> <span class="%s">%s</span>`,
		name, id, div, digits, unit, lo, hi, step, value, id, shown)
}

func pgRow(label, control string) string {
	return `<div style="margin:3px 0"><span style="display:inline-block;min-width:74px;color:#555">` + html.EscapeString(label) + `</span>` + control + `</div>`
}

func floats(v []float64) (vals, labels []string) {
	for _, x := range v {
		s := strconv.FormatFloat(x, 'g', -1, 64)
		vals, labels = append(vals, s), append(labels, s)
	}
	return
}

// controlsHTML renders every control with its current value. Static, it is a table of
// the setting instead.
func (s *pgState) controlsHTML(live bool) string {
	c := s.cfg
	if !live {
		return preHTML(settingsText(c, s.discretize))
	}
	var b strings.Builder
	b.WriteString(`<div style="font-weight:bold;margin-bottom:2px">Data</div>`)
	b.WriteString(pgRow("dataset", pgSelect("dataset", playground.Datasets(), playground.Datasets(), c.Dataset)))
	b.WriteString(pgRow("train part", pgRange("ratio", 10, 90, 10, int(100*c.TrainRatio+0.5), 1, 0, "%")))
	b.WriteString(pgRow("noise σ", pgRange("noise", 0, 50, 5, int(100*c.Noise+0.5), 100, 2, "")))
	b.WriteString(pgRow("batch size", pgRange("batch", 1, playground.MaxBatchSize, 1, c.BatchSize, 1, 0, "")))
	b.WriteString(pgRow("seed", fmt.Sprintf(`%s <b>%d</b> %s`, pgBtn("set:seed:-", "−", "previous seed", c.Seed == 0), c.Seed, pgBtn("set:seed:+", "+", "next seed", false))))
	b.WriteString(`<div style="font-weight:bold;margin:6px 0 2px">Features</div>`)
	for _, f := range playground.Features() {
		on := ""
		if slices.Contains(c.Features, f) {
			on = " checked"
		}
		fmt.Fprintf(&b, `<label style="display:inline-block;min-width:62px"><input type="checkbox" data-set="feature:%d"%s> %s</label>`, int(f), on, html.EscapeString(f.String()))
	}
	b.WriteString(`<div style="font-weight:bold;margin:6px 0 2px">Training</div>`)
	vals, labels := floats(pgRates)
	b.WriteString(pgRow("learning rate", pgSelect("lr", vals, labels, strconv.FormatFloat(c.LR, 'g', -1, 64))))
	var acts []string
	for _, a := range pgActivations {
		acts = append(acts, a.String())
	}
	b.WriteString(pgRow("activation", pgSelect("act", acts, acts, c.Activation.String())))
	b.WriteString(pgRow("regularisation", pgSelect("penalty", []string{"none", "L1", "L2"}, []string{"none", "L1", "L2"}, c.Penalty.String())))
	vals, labels = floats(pgRegRates)
	rate := pgSelect("regrate", vals, labels, strconv.FormatFloat(s.regRate, 'g', -1, 64))
	if c.Penalty == playground.NoPenalty {
		rate = strings.Replace(rate, "<select ", "<select disabled ", 1)
	}
	b.WriteString(pgRow("reg. rate", rate))
	for _, t := range []struct {
		name, label string
		on          bool
	}{{"showtest", "show test data", s.showTest}, {"discretize", "discretize output", s.discretize}} {
		on := ""
		if t.on {
			on = " checked"
		}
		fmt.Fprintf(&b, `<label style="display:block;margin-top:4px"><input type="checkbox" data-set="%s"%s> %s</label>`, t.name, on, t.label)
	}
	return b.String()
}

// settingsText is the setting as the static snapshot lists it.
func settingsText(c playground.Config, discretize bool) string {
	feats := make([]string, len(c.Features))
	for i, f := range c.Features {
		feats[i] = f.String()
	}
	reg := c.Penalty.String()
	if c.Penalty != playground.NoPenalty {
		reg += fmt.Sprintf(", rate %g", c.RegRate)
	}
	return fmt.Sprintf("dataset      %s (%d points)\ntrain part   %g%%\nnoise σ      %g\nbatch size   %d\nseed         %d\nfeatures     %s\nhidden       %v\nlearning rate %g\nactivation   %s\nregularisation %s\ndiscretize   %v",
		c.Dataset, c.Points, 100*c.TrainRatio, c.Noise, c.BatchSize, c.Seed, strings.Join(feats, ", "), c.Hidden, c.LR, c.Activation, reg, discretize)
}

// toolbarHTML is play/pause, step, reset, the epoch and "as code".
func (s *pgState) toolbarHTML() string {
	play := pgBtn("play", "▶ play", "train continuously", false)
	if s.playing {
		play = pgBtn("pause", "❚❚ pause", "stop training", false)
	}
	train, test := s.run.Loss()
	msg := ""
	if !s.connected {
		// Also what a saved notebook keeps of a live cell, whose controls then need the cell run.
		msg = `<div style="color:#555;margin-top:3px">connecting to the kernel… (if this stays, run the cell again)</div>`
	}
	if s.message != "" {
		msg = `<div style="color:#D55E00;margin-top:3px">` + html.EscapeString(s.message) + `</div>`
	}
	return fmt.Sprintf(`<div data-connected="%t">%s %s %s %s <span style="margin-left:10px">epoch <b data-epoch="%d">%d</b> · train loss <b data-loss="%g">%.4f</b> · test loss <b>%.4f</b></span>%s</div>`,
		s.connected, pgBtn("reset", "⟲ reset", "new weights, epoch 0", false), play, pgBtn("step", "step", "train one epoch", false),
		pgBtn("code", "as code", "show the Go cell for this setting", false), s.run.Epoch, s.run.Epoch, train, train, test, msg)
}

// networkHTML is the diagram with the layer and neuron buttons above it and a chip per
// neuron to select it.
func (s *pgState) networkHTML(live bool) string {
	var b strings.Builder
	if live {
		fmt.Fprintf(&b, `<div style="margin:0 0 4px">%s %s <b>%d</b> hidden layers `, pgBtn("layer:+", "+", "add a hidden layer", len(s.cfg.Hidden) >= playground.MaxLayers),
			pgBtn("layer:-", "−", "remove the last hidden layer", len(s.cfg.Hidden) == 0), len(s.cfg.Hidden))
		for i, h := range s.cfg.Hidden {
			fmt.Fprintf(&b, `<span style="margin-left:6px;white-space:nowrap">%d: %s<b>%d</b>%s</span>`, i+1,
				pgBtn(fmt.Sprintf("neuron:%d:-", i+1), "−", "one neuron fewer", h <= 1), h,
				pgBtn(fmt.Sprintf("neuron:%d:+", i+1), "+", "one neuron more", h >= playground.MaxNeurons))
		}
		b.WriteString(`</div>`)
	}
	o := playgroundPictures
	o.Width, o.Height, o.Title, o.Highlight = 440, 290, "-", s.selected
	sizes := make([]string, 0, len(s.cfg.Hidden)+2)
	for _, n := range s.run.Net.Sizes() {
		sizes = append(sizes, strconv.Itoa(n))
	}
	fmt.Fprintf(&b, `<div data-sizes="%s">%s</div>`, strings.Join(sizes, "-"), pictureHTML(viz.PlaygroundNetwork(s.run, o)))
	if live {
		b.WriteString(`<div style="margin-top:2px">step view of `)
		for l, n := range s.run.Net.Sizes() {
			name := "input"
			if l > 0 {
				name = fmt.Sprintf("layer %d", l)
			}
			chips := []string{chip(fmt.Sprintf("select:%d:-1", l), name, s.selected, l, -1)}
			for j := range n {
				chips = append(chips, chip(fmt.Sprintf("select:%d:%d", l, j), strconv.Itoa(j+1), s.selected, l, j))
			}
			b.WriteString(`<span style="white-space:nowrap;margin-right:6px">` + strings.Join(chips, "") + `</span>`)
		}
		b.WriteString(pgBtn("select:none", "none", "hide the step view", s.selected == nil) + `</div>`)
	}
	return b.String()
}

func chip(ev, label string, sel []int, l, j int) string {
	bg := "#eee"
	if sel != nil && sel[0] == l && sel[1] == j {
		bg = "#0072B2;color:#fff"
	}
	return fmt.Sprintf(`<button type="button" data-ev="%s" style="margin:0 1px;padding:0 5px;font-size:11px;border:1px solid #bbb;border-radius:3px;background:%s;cursor:pointer">%s</button>`, ev, bg, html.EscapeString(label))
}

// outputHTML is the output plane and the loss curves.
func (s *pgState) outputHTML() string {
	o := playgroundPictures
	o.Discretize, o.ShowTest = s.discretize, s.showTest
	o.Width, o.Height, o.Title = 280, 270, "-"
	out := pictureHTML(viz.PlaygroundOutput(s.run, o))
	o.Height = 170
	loss := pictureHTML(viz.PlaygroundLoss(s.run, o))
	train, test := s.run.Loss()
	acc := ""
	if a, b := s.run.Accuracy(); a == a {
		acc = fmt.Sprintf(" · accuracy %.1f%% / %.1f%%", 100*a, 100*b)
	}
	return fmt.Sprintf(`<div style="font-weight:bold">Output at epoch %d</div><div>train loss %.4f · test loss %.4f%s</div>%s%s`, s.run.Epoch, train, test, acc, out, loss)
}

func pictureHTML(svg viz.SVG, err error) string {
	if err != nil {
		return errorHTML(err)
	}
	return svgHTML(svg)
}

// layoutHTML lays the parts out: the toolbar, then three columns (the controls, the
// network, the output) that fit side by side from about 780 px and wrap below that, so
// that nothing needs a horizontal scroll; the step view and the code go below.
func layoutHTML(root string, parts map[string]string) string {
	div := func(part, style string) string {
		return fmt.Sprintf(`<div id="%s-%s" style="%s">%s</div>`, root, part, style, parts[part])
	}
	return fmt.Sprintf(`<div id="%s" data-nnkit-playground style="font-family:sans-serif;font-size:12px;max-width:1000px">%s`+
		`<div style="display:flex;flex-wrap:wrap;gap:10px;align-items:flex-start">%s%s%s</div>%s%s</div>`,
		root, div(partToolbar, "margin-bottom:6px"), div(partControls, "flex:0 0 195px"), div(partNetwork, "flex:1 1 280px;min-width:0"),
		div(partOutput, "flex:0 1 280px;min-width:240px"), div(partStep, ""), div(partCode, ""))
}

// ShowPlaygroundStep shows what the playground's step view shows for a layer's or a
// neuron's chip: the forward and backward step of r's latest update for neuron j of
// layer l, or the whole layer if j is −1 (layer 0 is the inputs, whose features it
// describes), with the equations, the operand shapes and the values of the batch, as
// ShowForward and ShowBackward show a whole pass. Outside a notebook it prints the
// equations. A neuron r's network does not have is shown as an error.
func ShowPlaygroundStep(r *playground.Run, l, j int) {
	h, text := stepView(r, []int{l, j})
	ShowHTML(h, text)
}

// stepView renders the step view of sel, {layer, neuron}, as HTML and as text.
func stepView(r *playground.Run, sel []int) (htmlOut, text string) {
	t, g, batch := r.Last()
	sizes := r.Net.Sizes()
	if len(sel) != 2 || sel[0] < 0 || sel[0] >= len(sizes) || sel[1] < -1 || sel[1] >= sizes[sel[0]] {
		err := fmt.Errorf("kernelext: no neuron %v in a network of sizes %v", sel, sizes)
		return errorHTML(err), err.Error()
	}
	l, j := sel[0], sel[1]
	st := Steps{Rows: 4, Cols: 8}
	headText := fmt.Sprintf("Step view at epoch %d: the last update's batch of %d training points (rows %v…), before it was applied", r.Epoch, len(batch), batch[:min(len(batch), 4)])
	head := `<div style="font-weight:bold;margin-top:8px">` + html.EscapeString(headText) + `</div>`
	if l == 0 {
		var lines []string
		for i, f := range r.Config.Features {
			if j == -1 || j == i {
				lines = append(lines, fmt.Sprintf("input %d = %s of the point (x₁, x₂)", i+1, f))
			}
		}
		x := t.X
		if j >= 0 {
			x = col(x, j)
		}
		return head + block("Inputs (features)", lines, st.table("X", x)), headText + "\n" + strings.Join(lines, "\n")
	}
	i := l - 1
	lt, lg := t.Layers[i], g.Layers[i]
	z, a := t.Equations(i)
	delta, dw, db := g.Equations(i)
	up := sup(l)
	in := "X" // the layer's input, named as its equations name it
	if i > 0 {
		in = "A" + sup(i)
	}
	if j == -1 {
		fwd, bwd := []string{z, a}, []string{delta, dw, db}
		return head + block(layerTitle("Forward", i, lt.Z, actName(r.Net, i)), fwd, st.table(in, lt.In), st.table("W"+up, r.Net.Layers[i].W), st.table("b"+up, r.Net.Layers[i].B), st.table("Z"+up, lt.Z), st.table("A"+up, lt.A)) +
				block(layerTitle("Backward", i, lg.Delta, actName(r.Net, i)), bwd, st.table("δ"+up, lg.Delta), st.table("dW"+up, lg.DW), st.table("db"+up, lg.DB)),
			headText + "\n" + strings.Join(append(fwd, bwd...), "\n")
	}
	m, k := lt.In.Dims()
	n := fmt.Sprintf("%d", j+1)
	sub := subscript(j + 1)
	act := r.Net.Layers[i].Act
	fz := fmt.Sprintf("z%s%s = %s·W%s[:, %s] + b%s%s    (%d×%d)·(%d×1) + (1×1) → %d×1", up, sub, in, up, n, up, sub, m, k, k, m)
	fa := fmt.Sprintf("a%s%s = %s    → %d×1", up, sub, act.Formula("z"+up+sub), m)
	if act == nnkit.Softmax {
		fa = fmt.Sprintf("a%s%s = exp(z%s%s) / Σₖ exp(z%sₖ) per row    → %d×1", up, sub, up, sub, up, m)
	}
	bd := fmt.Sprintf("δ%s%s = column %s of %s", up, sub, n, strings.SplitN(delta, "    ", 2)[0])
	bw := fmt.Sprintf("dW%s[:, %s] = %sᵀ·δ%s%s    (%d×%d)·(%d×1) → %d×1", up, n, in, up, sub, k, m, m, k)
	bb := fmt.Sprintf("db%s%s = Σ rows of δ%s%s", up, sub, up, sub)
	title := fmt.Sprintf("neuron %d of layer %d (%s)", j+1, l, act)
	return head + block("Forward — "+title, []string{fz, fa}, st.table(in, lt.In), st.table("W"+up+"[:, "+n+"]", col(r.Net.Layers[i].W, j)),
			st.table("b"+up+sub, col(r.Net.Layers[i].B, j)), st.table("z"+up+sub, col(lt.Z, j)), st.table("a"+up+sub, col(lt.A, j))) +
			block("Backward — "+title, []string{bd, bw, bb}, st.table("δ"+up+sub, col(lg.Delta, j)), st.table("dW"+up+"[:, "+n+"]", col(lg.DW, j)), st.table("db"+up+sub, col(lg.DB, j))),
		headText + "\n" + strings.Join([]string{"Forward — " + title, fz, fa, "Backward — " + title, bd, bw, bb}, "\n")
}

// subscript writes n in subscript digits.
func subscript(n int) string {
	var b strings.Builder
	for _, d := range strconv.Itoa(n) {
		b.WriteRune('₀' + d - '0')
	}
	return b.String()
}

// ShowPlayground shows a run as the playground draws it, without the controls: the
// setting, the network with every neuron's thumbnail, the output plane and the losses.
// Like Show, it takes a function's error too, and shows it below the picture:
// ShowPlayground(run, run.Steps(100)) trains, then draws, and says if training failed.
func ShowPlayground(r *playground.Run, errs ...error) {
	s := &pgState{cfg: r.Config, run: r, showTest: true}
	ShowHTML(layoutHTML("nnkit-pg-static", s.render(false)), r.String())
	for _, err := range errs {
		if err != nil {
			Show(err)
		}
	}
}

// col returns column j of m as an r×1 matrix.
func col(m *mat.Dense, j int) *mat.Dense {
	r, _ := m.Dims()
	return mat.NewDense(r, 1, mat.Col(nil, j, m))
}
