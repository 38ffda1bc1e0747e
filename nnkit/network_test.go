package nnkit_test

import (
	"fmt"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

func moonsNet() *nnkit.Network {
	return nnkit.New(nnkit.Config{
		Sizes:       []int{2, 3, 2},
		Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
		Loss:        nnkit.SoftmaxCrossEntropy,
		Reg:         nnkit.Regularization{L2: 0.01},
		Reduction:   nnkit.Sum,
		Init:        nnkit.InitFanIn{},
	}, nprand.New(0))
}

// panics runs f and returns its panic message, or "" if it did not panic.
func panics(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}

func TestShapeMismatchPanicsNamingTheLayer(t *testing.T) {
	tests := []struct {
		name string
		f    func(net *nnkit.Network)
		want string
	}{
		{"input width", func(net *nnkit.Network) { net.Forward(mat.NewDense(5, 4, nil)) },
			"nnkit: layer 1 (Dense 2→3): input has 4 columns, want 2"},
		{"replaced weights", func(net *nnkit.Network) {
			net.Layers[1].W = mat.NewDense(4, 2, nil)
			net.Forward(mat.NewDense(5, 2, nil))
		}, "nnkit: layer 2 (Dense 4→2): input has 3 columns, want 4"},
		{"targets", func(net *nnkit.Network) {
			net.Backward(net.Forward(mat.NewDense(5, 2, nil)), mat.NewDense(5, 3, nil))
		}, "nnkit: layer 2 (Dense 3→2): targets are 5×3, want 5×2"},
		{"trace of another network", func(net *nnkit.Network) {
			other := nnkit.New(nnkit.Config{Sizes: []int{2, 2}, Activations: []nnkit.Activation{nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, nprand.New(1))
			net.Backward(other.Forward(mat.NewDense(1, 2, nil)), mat.NewDense(1, 2, nil))
		}, "nnkit: Backward: trace has 1 layers, network 2"},
	}
	for _, tc := range tests {
		got := panics(func() { tc.f(moonsNet()) })
		if got != tc.want {
			t.Errorf("%s: got panic %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestNewRejectsBadConfigs(t *testing.T) {
	tanh, soft := nnkit.Tanh, nnkit.Softmax
	tests := []struct {
		name string
		cfg  nnkit.Config
		want string
	}{
		{"one size", nnkit.Config{Sizes: []int{2}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, "1 sizes"},
		{"activation count", nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{tanh}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, "1 activations for 2 layers"},
		{"zero width", nnkit.Config{Sizes: []int{2, 0, 2}, Activations: []nnkit.Activation{tanh, soft}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, "size 1 is 0"},
		{"fused loss on wrong output", nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{tanh, tanh}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}},
			"loss softmax-cross-entropy needs a softmax output layer, got tanh"},
		{"bce on softmax", nnkit.Config{Sizes: []int{2, 2}, Activations: []nnkit.Activation{soft}, Loss: nnkit.BinaryCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}},
			"needs a sigmoid output layer"},
		{"negative L2", nnkit.Config{Sizes: []int{2, 2}, Activations: []nnkit.Activation{soft}, Reg: nnkit.Regularization{L2: -1}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}},
			"want finite strengths ≥ 0"},
		{"unknown activation", nnkit.Config{Sizes: []int{2, 2}, Activations: []nnkit.Activation{99}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, "invalid activation 99"},
		// Every setting is explicit: the zero values are refused, naming the choices.
		{"unset loss", nnkit.Config{Sizes: []int{2, 2}, Activations: []nnkit.Activation{soft}, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}},
			"Config.Loss is unset; choose SoftmaxCrossEntropy, BinaryCrossEntropy, MSEHalfSum or MSEMean"},
		{"unset reduction", nnkit.Config{Sizes: []int{2, 2}, Activations: []nnkit.Activation{soft}, Loss: nnkit.SoftmaxCrossEntropy, Init: nnkit.InitFanIn{}},
			"Config.Reduction is unset; choose Sum"},
		{"unset initialiser", nnkit.Config{Sizes: []int{2, 2}, Activations: []nnkit.Activation{soft}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Mean},
			"Config.Init is unset; choose InitFanIn"},
		{"unknown loss", nnkit.Config{Sizes: []int{2, 2}, Activations: []nnkit.Activation{soft}, Loss: 9, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, "invalid loss 9"},
	}
	for _, tc := range tests {
		got := panics(func() { nnkit.New(tc.cfg, nprand.New(0)) })
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s: got panic %q, want it to contain %q", tc.name, got, tc.want)
		}
	}
	if got := panics(func() {
		nnkit.New(nnkit.Config{Sizes: []int{2, 2}, Activations: []nnkit.Activation{soft}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}, nil)
	}); !strings.Contains(got, "nil Source") {
		t.Errorf("nil source: got %q", got)
	}
}

func TestUnknownNamesListTheValidOnes(t *testing.T) {
	if _, err := nnkit.ParseActivation("gelu"); err == nil ||
		err.Error() != `nnkit: unknown activation "gelu" (valid: identity, sigmoid, tanh, relu, leaky-relu, softmax, swish)` {
		t.Errorf("ParseActivation: got %v", err)
	}
	if _, err := nnkit.ParseLoss("hinge"); err == nil || !strings.Contains(err.Error(), "valid: softmax-cross-entropy, binary-cross-entropy, mse-half-sum, mse-mean") {
		t.Errorf("ParseLoss: got %v", err)
	}
	if _, err := nnkit.ParseReduction("avg"); err == nil || !strings.Contains(err.Error(), "valid: sum, mean") {
		t.Errorf("ParseReduction: got %v", err)
	}
	for _, a := range allActivations {
		if got, err := nnkit.ParseActivation(a.String()); err != nil || got != a {
			t.Errorf("ParseActivation(%q) = %v, %v", a, got, err)
		}
	}
}

func TestNewDoesNotMutateConfig(t *testing.T) {
	cfg := nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax}, Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Init: nnkit.InitFanIn{}}
	nnkit.New(cfg, nprand.New(0))
	if cfg.Init != (nnkit.InitFanIn{}) || len(cfg.Sizes) != 3 || cfg.Sizes[1] != 3 {
		t.Fatalf("New changed its config: %+v", cfg)
	}
}

// TestInitializers checks each initialiser against the numpy expression it documents.
func TestInitializers(t *testing.T) {
	// Coursera's initialize_parameters(2, 4, 1) after np.random.seed(2): the expected
	// output printed in the notebook (and ../shared/seeds/README.md), transposed.
	net := nnkit.New(nnkit.Config{
		Sizes: []int{2, 4, 1}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Sigmoid},
		Loss: nnkit.BinaryCrossEntropy, Reduction: nnkit.Mean, Init: nnkit.InitCoursera{Scale: 0.01},
	}, nprand.New(2))
	w1 := mat.NewDense(4, 2, []float64{-0.00416758, -0.00056267, -0.02136196, 0.01640271,
		-0.01793436, -0.00841747, 0.00502881, -0.01245288})
	w2 := mat.NewDense(1, 4, []float64{-0.01057952, -0.00909008, 0.00551454, 0.02292208})
	if !mat.EqualApprox(net.Layers[0].W.T(), w1, 5e-9) || !mat.EqualApprox(net.Layers[1].W.T(), w2, 5e-9) {
		t.Errorf("Coursera W1ᵀ = %v, W2ᵀ = %v", mat.Formatted(net.Layers[0].W.T()), mat.Formatted(net.Layers[1].W.T()))
	}

	// Seed 002: randn(n_in, n_out)·√(1/n_out), then rand(n_out)·0.1, layer by layer.
	src := nprand.New(5)
	want := nprand.New(5)
	net = nnkit.New(nnkit.Config{Sizes: []int{2, 4, 3}, Activations: []nnkit.Activation{nnkit.Sigmoid, nnkit.Sigmoid},
		Loss: nnkit.MSEHalfSum, Init: nnkit.InitFanOut{BiasScale: 0.1},
		Reduction: nnkit.Sum}, src)
	for l, d := range net.Layers {
		in, out := d.In(), d.Out()
		w := want.Randn(in * out)
		b := want.Rand(out)
		for i := range w {
			w[i] *= sqrt(1 / float64(out))
		}
		for i := range b {
			b[i] *= 0.1
		}
		if !equal(raw(d.W), w) || !equal(raw(d.B), b) {
			t.Errorf("InitFanOut layer %d differs from numpy's draw order", l+1)
		}
	}

	// Zero, Xavier and He keep to their ranges and scales.
	for _, init := range []nnkit.Initializer{nnkit.InitZeros{}, nnkit.InitXavier{}, nnkit.InitHe{}} {
		net := nnkit.New(nnkit.Config{Sizes: []int{200, 300}, Activations: []nnkit.Activation{nnkit.ReLU},
			Loss: nnkit.MSEMean, Init: init,
			Reduction: nnkit.Sum}, nprand.New(1))
		w := raw(net.Layers[0].W)
		var ss, maxAbs float64
		for _, v := range w {
			ss += v * v
			maxAbs = max(maxAbs, abs(v))
		}
		std := sqrt(ss / float64(len(w)))
		switch init.(type) {
		case nnkit.InitZeros:
			if maxAbs != 0 {
				t.Errorf("zeros: max |w| %v", maxAbs)
			}
		case nnkit.InitXavier:
			// U(±r) has std r/√3 = √(2/(in+out)).
			if r := sqrt(6.0 / 500); maxAbs > r || abs(std-sqrt(2.0/500)) > 0.02*sqrt(2.0/500) {
				t.Errorf("xavier: max |w| %v (limit %v), std %v", maxAbs, r, std)
			}
		case nnkit.InitHe:
			if want := sqrt(2.0 / 200); abs(std-want) > 0.02*want {
				t.Errorf("he: std %v, want %v", std, want)
			}
		}
	}
}
