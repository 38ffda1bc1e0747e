package kernelext

import (
	"fmt"
	"os"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/widgets"
	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// HeadlessEnv names the environment variable that, set to anything, makes Playground
// render a static snapshot: GoNB's widgets wait for a browser to answer, so a cell with
// widgets never finishes under a headless runner such as nbclient. CI sets it.
const HeadlessEnv = "NNKIT_HEADLESS"

// Headless reports whether interactive widgets must not be used: outside a notebook, or
// when HeadlessEnv is set.
func Headless() bool { return !InNotebook() || os.Getenv(HeadlessEnv) != "" }

// PlaygroundConfig is one setting of the Playground's controls.
type PlaygroundConfig struct {
	Dataset    string // "moons", "circles", "flower", "spiral" or "xor"
	Hidden     int    // hidden units in the one hidden layer
	Activation nnkit.Activation
	LR         float64
	L2         float64
	Epochs     int
	Seed       uint32
}

// Choices offered by the Playground's controls.
var (
	PlaygroundDatasets    = []string{"moons", "circles", "flower", "spiral", "xor"}
	PlaygroundActivations = []nnkit.Activation{nnkit.Tanh, nnkit.ReLU, nnkit.Sigmoid, nnkit.LeakyReLU, nnkit.Swish}
	PlaygroundRates       = []float64{0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1}
	PlaygroundL2          = []float64{0, 0.001, 0.01, 0.1}
	PlaygroundEpochs      = []int{100, 300, 1000, 3000, 10000}
)

// DefaultPlayground is where the controls start: seed 000's network.
var DefaultPlayground = PlaygroundConfig{Dataset: "moons", Hidden: 3, Activation: nnkit.Tanh, LR: 1, L2: 0.001, Epochs: 1000}

// Data returns the configured dataset.
func (c PlaygroundConfig) Data() (*datasets.Dataset, error) {
	src := nprand.New(c.Seed)
	switch c.Dataset {
	case "moons":
		return datasets.Moons(datasets.MoonsConfig{N: 200, Noise: 0.2}, src), nil
	case "circles":
		return datasets.Circles(datasets.CirclesConfig{N: 200, Noise: 0.1, Factor: 0.5}, src), nil
	case "flower":
		return datasets.Planar(400, 4, src), nil
	case "spiral":
		return datasets.Spiral(100, 3, src), nil
	case "xor":
		d := datasets.Blobs(datasets.BlobsConfig{N: 200, CenterPoints: xorCenters(), Std: 0.35}, src)
		for i, l := range d.Labels {
			d.Labels[i] = l % 2
		}
		d.Classes, d.Name = d.Classes[:2], "xor"
		return d, nil
	}
	return nil, fmt.Errorf("kernelext: unknown playground dataset %q (valid: %v)", c.Dataset, PlaygroundDatasets)
}

// Network returns a fresh network for the configured data.
func (c PlaygroundConfig) Network(d *datasets.Dataset) *nnkit.Network {
	return nnkit.New(nnkit.Config{
		Sizes:       []int{2, max(c.Hidden, 1), d.NumClasses()},
		Activations: []nnkit.Activation{c.Activation, nnkit.Softmax},
		Loss:        nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Mean,
		Reg: nnkit.Regularization{L2: c.L2}, Init: nnkit.InitXavier{},
	}, nprand.New(c.Seed))
}

// Run trains the configured network with a live view and returns it.
func (c PlaygroundConfig) Run() (*nnkit.Network, *nnkit.History, error) {
	d, err := c.Data()
	if err != nil {
		return nil, nil, err
	}
	net := c.Network(d)
	h, err := Train(net, d.X, d.OneHot(), nnkit.TrainConfig{Epochs: c.Epochs, Optimizer: nnkit.SGD{LR: c.LR}, Every: max(c.Epochs/50, 1)},
		LiveOptions{Data: d, Title: c.String()})
	return net, h, err
}

func (c PlaygroundConfig) String() string {
	return fmt.Sprintf("%s: 2-%d-%s, ε = %g, λ = %g, %d epochs", c.Dataset, c.Hidden, c.Activation, c.LR, c.L2, c.Epochs)
}

// xorCenters puts class 0 at (−1,−1) and (1,1) and class 1 at (−1,1) and (1,−1), once
// the four blobs' labels are taken mod 2.
func xorCenters() *mat.Dense {
	return mat.NewDense(4, 2, []float64{-1, -1, -1, 1, 1, 1, 1, -1})
}

// Playground is an interactive cell: selects for the dataset and activation, sliders for
// hidden units, learning rate, λ and epochs, a Train button that trains and redraws the
// decision boundary and the curves, and a Step button that applies one update and shows
// it step by step. It runs until the cell is interrupted.
//
// When Headless, it instead trains DefaultPlayground once and shows the result, with a
// note saying why there are no controls, and returns. An error is shown in the cell as
// well as returned, so a cell may call Playground() alone.
//
// GoNB v0.11.1's widgets wait only 500 ms for the kernel to acknowledge their channel. On
// a busy machine (a fresh kernel's gopls still loading, say) that can fail, and the
// controls then show but do not respond: interrupt the cell and run it again.
func Playground() error {
	if Headless() {
		ShowHTML(`<div style="font-family:sans-serif;font-size:12px;color:#555">Static snapshot: interactive controls need JupyterLab in a browser (`+HeadlessEnv+` is set or this is not a notebook).</div>`,
			"playground: static snapshot (no browser)")
		_, _, err := DefaultPlayground.Run()
		if err != nil {
			Show(err)
		}
		return err
	}
	cfg := DefaultPlayground
	label := func(text string) {
		gonbui.DisplayHTML(`<div style="font-family:sans-serif;font-size:12px;margin-top:6px">` + text + `</div>`)
	}
	label("dataset")
	dataSel := widgets.Select(PlaygroundDatasets).Done()
	actNames := make([]string, len(PlaygroundActivations))
	for i, a := range PlaygroundActivations {
		actNames[i] = a.String()
	}
	label("hidden activation")
	actSel := widgets.Select(actNames).Done()
	label("hidden units (1 to 8)")
	hidden := widgets.Slider(1, 8, cfg.Hidden).Done()
	label(fmt.Sprintf("learning rate ε: %v", PlaygroundRates))
	rate := widgets.Slider(0, len(PlaygroundRates)-1, index(PlaygroundRates, cfg.LR)).Done()
	label(fmt.Sprintf("L2 strength λ: %v", PlaygroundL2))
	l2 := widgets.Slider(0, len(PlaygroundL2)-1, index(PlaygroundL2, cfg.L2)).Done()
	label(fmt.Sprintf("epochs: %v", PlaygroundEpochs))
	epochs := widgets.Slider(0, len(PlaygroundEpochs)-1, index(PlaygroundEpochs, cfg.Epochs)).Done()
	train := widgets.Button("Train").Done()
	step := widgets.Button("Step").Done()
	status := "nnkit-playground-" + gonbui.UniqueId()
	gonbui.UpdateHTML(status, "Choose the settings, then press Train or Step.")

	read := func() PlaygroundConfig {
		return PlaygroundConfig{Dataset: PlaygroundDatasets[dataSel.Value()], Hidden: hidden.Value(),
			Activation: PlaygroundActivations[actSel.Value()], LR: PlaygroundRates[rate.Value()],
			L2: PlaygroundL2[l2.Value()], Epochs: PlaygroundEpochs[epochs.Value()]}
	}
	var net *nnkit.Network
	var netCfg PlaygroundConfig
	trains, steps := train.Listen(), step.Listen()
	for {
		select {
		case <-trains.C:
			c := read()
			gonbui.UpdateHTML(status, "Training "+c.String())
			n, _, err := c.Run()
			if err != nil {
				gonbui.UpdateHTML(status, errorHTML(err))
				continue
			}
			net, netCfg = n, c
			gonbui.UpdateHTML(status, "Trained "+c.String())
		case <-steps.C:
			c := read()
			d, err := c.Data()
			if err != nil {
				gonbui.UpdateHTML(status, errorHTML(err))
				continue
			}
			if net == nil || c != netCfg {
				net, netCfg = c.Network(d), c
			}
			t := net.Forward(d.X)
			g := net.Backward(t, d.OneHot())
			u := net.Update(g, nnkit.SGD{LR: c.LR})
			s := Steps{Rows: 2}
			gonbui.UpdateHTML(status, s.BackwardHTML(g)+s.UpdateHTML(u))
		}
	}
}

// index returns the position of v in choices, or 0.
func index[T comparable](choices []T, v T) int {
	for i, c := range choices {
		if c == v {
			return i
		}
	}
	return 0
}
