package kernelext

import (
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// TestFitKeyCoversEverything: Fit's key changes with each thing that changes what is
// trained, every field of TrainConfig included (the test fails if TrainConfig gains a
// field without a case here), is the same for an untouched re-run with fresh pointers,
// and ignores the hooks, which never change the weights.
func TestFitKeyCoversEverything(t *testing.T) {
	d := datasets.Moons(datasets.MoonsConfig{N: 40, Noise: 0.2}, nprand.New(0))
	test := datasets.Moons(datasets.MoonsConfig{N: 10, Noise: 0.2}, nprand.New(1))
	netCfg := func() nnkit.Config {
		return nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
			Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}, Reg: nnkit.Regularization{L2: 0.01}}
	}
	trainCfg := func() nnkit.TrainConfig {
		return nnkit.TrainConfig{Epochs: 10, Optimizer: &nnkit.Momentum{LR: 0.1, Beta: 0.9}, BatchSize: 8, Shuffle: true,
			Source: nprand.New(1), Every: 2, LossAt: nnkit.AfterEpoch, TestX: test.X, TestY: test.OneHot(),
			EarlyStop: &nnkit.EarlyStop{Monitor: nnkit.MonitorTestLoss, Patience: 3}}
	}
	type parts struct {
		name string
		net  nnkit.Config
		seed uint32
		x, y *mat.Dense
		cfg  nnkit.TrainConfig
	}
	base := func() parts {
		return parts{"moons", netCfg(), 0, mat.DenseCopyOf(d.X), d.OneHot(), trainCfg()}
	}
	key := func(p parts) string {
		k, err := fitKey(p.name, nnkit.New(p.net, nprand.New(p.seed)), p.x, p.y, p.cfg)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	want := key(base())
	if again := key(base()); again != want || !strings.HasPrefix(want, "moons-") {
		t.Fatalf("an untouched re-run gives key %s, then %s", want, again)
	}

	fields := map[string]func(*nnkit.TrainConfig){
		"Epochs":     func(c *nnkit.TrainConfig) { c.Epochs++ },
		"Optimizer":  func(c *nnkit.TrainConfig) { c.Optimizer = &nnkit.Momentum{LR: 0.1, Beta: 0.8} },
		"BatchSize":  func(c *nnkit.TrainConfig) { c.BatchSize = 16 },
		"Shuffle":    func(c *nnkit.TrainConfig) { c.Shuffle = false },
		"Source":     func(c *nnkit.TrainConfig) { c.Source = nprand.New(2) },
		"Orders":     func(c *nnkit.TrainConfig) { c.Orders = [][]int{{0, 1}} },
		"Every":      func(c *nnkit.TrainConfig) { c.Every = 3 },
		"EverySteps": func(c *nnkit.TrainConfig) { c.EverySteps = 5 },
		"LossAt":     func(c *nnkit.TrainConfig) { c.LossAt = nnkit.DuringEpoch },
		"TestX":      func(c *nnkit.TrainConfig) { x := mat.DenseCopyOf(c.TestX); x.Set(0, 0, 9); c.TestX = x },
		"TestY":      func(c *nnkit.TrainConfig) { y := mat.DenseCopyOf(c.TestY); y.Set(0, 0, 1-y.At(0, 0)); c.TestY = y },
		"EarlyStop": func(c *nnkit.TrainConfig) {
			c.EarlyStop = &nnkit.EarlyStop{Monitor: nnkit.MonitorTestLoss, Patience: 4}
		},
	}
	rt := reflect.TypeFor[nnkit.TrainConfig]()
	for i := range rt.NumField() {
		name := rt.Field(i).Name
		if _, ok := fields[name]; !ok && name != "Hooks" {
			t.Errorf("TrainConfig.%s has no case in this test: add one", name)
		}
	}
	changes := map[string]func(*parts){
		"name":                 func(p *parts) { p.name = "moons2" },
		"seed":                 func(p *parts) { p.seed = 1 },
		"λ":                    func(p *parts) { p.net.Reg.L2 = 0.02 },
		"initialiser":          func(p *parts) { p.net.Init = nnkit.InitXavier{} },
		"activation":           func(p *parts) { p.net.Activations = []nnkit.Activation{nnkit.ReLU, nnkit.Softmax} },
		"hidden size":          func(p *parts) { p.net.Sizes = []int{2, 4, 2} },
		"loss reduction":       func(p *parts) { p.net.Reduction = nnkit.Mean },
		"one input value":      func(p *parts) { p.x.Set(3, 1, p.x.At(3, 1)+1e-12) },
		"one target":           func(p *parts) { p.y.Set(0, 0, 1-p.y.At(0, 0)); p.y.Set(0, 1, 1-p.y.At(0, 1)) },
		"a source's position":  func(p *parts) { p.cfg.Source.Perm(3) },
		"an optimiser's state": func(p *parts) { p.cfg.Optimizer.Step([][]float64{{1}}, [][]float64{{1}}) },
	}
	for name, f := range fields {
		changes["TrainConfig."+name] = func(p *parts) { f(&p.cfg) }
	}
	for name, change := range changes {
		p := base()
		change(&p)
		if key(p) == want {
			t.Errorf("changing the %s leaves the key %s", name, want)
		}
	}

	p := base()
	p.cfg.Hooks = []nnkit.Hook{Live(nil, LiveOptions{}), nnkit.HookFuncs{Step: func(nnkit.StepInfo) error { return nil }}}
	if key(p) != want {
		t.Error("attaching hooks changed the key; hooks never change what is trained")
	}
	p = base()
	p.cfg.Source = &funcSource{perm: func(n int) []int { return nil }}
	if _, err := fitKey("moons", nnkit.New(p.net, nprand.New(0)), p.x, p.y, p.cfg); err == nil || !strings.Contains(err.Error(), "TrainConfig.Source") {
		t.Errorf("a source holding a function: error %v, want one naming TrainConfig.Source", err)
	}
}

// funcSource is a Source whose behaviour lives in a function, which no key can see.
type funcSource struct{ perm func(int) []int }

func (s *funcSource) Float64() float64     { return 0 }
func (s *funcSource) NormFloat64() float64 { return 0 }
func (s *funcSource) Perm(n int) []int     { return s.perm(n) }
