package nnkit_test

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

func TestSaveLoadRoundTripIsExact(t *testing.T) {
	x, y := seed000Data(t)
	net := nnkit.New(nnkit.Config{
		Sizes:       []int{2, 5, 4, 2},
		Activations: []nnkit.Activation{nnkit.Swish, nnkit.LeakyReLU, nnkit.Softmax},
		Loss:        nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Mean,
		Reg: nnkit.Regularization{L1: 1e-4, L2: 0.003}, Init: nnkit.InitXavier{},
	}, nprand.New(9))
	if _, err := net.Train(x, y, nnkit.TrainConfig{Epochs: 20, Optimizer: &nnkit.Adam{LR: 0.01, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8}}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := net.Save(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := nnkit.Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != net.String() {
		t.Fatalf("got %s, want %s", got, net)
	}
	for l := range net.Layers {
		if !equal(raw(got.Layers[l].W), raw(net.Layers[l].W)) || !equal(raw(got.Layers[l].B), raw(net.Layers[l].B)) {
			t.Fatalf("layer %d: parameters differ after the round trip", l+1)
		}
	}
	// A second save is byte-identical, so a cache can compare files.
	var again bytes.Buffer
	if err := got.Save(&again); err != nil || !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Fatalf("second save differs (err %v)", err)
	}
}

func TestSaveRefusesNonFinite(t *testing.T) {
	net := moonsNet()
	net.Layers[1].B.Set(0, 1, math.Inf(1))
	var buf bytes.Buffer
	if err := net.Save(&buf); err == nil || !strings.Contains(err.Error(), "layer 2 (Dense 3→2): b has a non-finite value") {
		t.Fatalf("got %v", err)
	}
}

func TestLoadRejectsBadFiles(t *testing.T) {
	var buf bytes.Buffer
	if err := moonsNet().Save(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	tests := []struct{ name, file, want string }{
		{"empty", "", "not an nnkit model"},
		{"not json", "W1 = [[1, 2]]", "not an nnkit model"},
		{"foreign json", `{"weights": [1, 2]}`, "not an nnkit model"},
		{"other format", strings.Replace(good, `"nnkit-model"`, `"keras"`, 1), `format "keras"`},
		{"future version", strings.Replace(good, `"version":1`, `"version":2`, 1), "model version 2"},
		{"unknown activation", strings.Replace(good, `"tanh"`, `"gelu"`, 1), `unknown activation "gelu"`},
		{"unknown loss", strings.Replace(good, `"softmax-cross-entropy"`, `"hinge"`, 1), `unknown loss "hinge"`},
		{"short weights", strings.Replace(good, `"in":2,"out":3`, `"in":3,"out":3`, 1), "has 6 weights and 3 biases, want 9 and 3"},
		{"truncated", good[:len(good)/2], "not an nnkit model"},
		{"trailing", good + `{"more": 1}`, "trailing data"},
		{"trailing brackets", good + `]]]`, "trailing data"},
		{"larger than MaxModelBytes", good[:len(good)-2] + `,"pad":"` + strings.Repeat("x", nnkit.MaxModelBytes) + `"}`, "larger than MaxModelBytes (64 MiB)"},
		{"huge layer", strings.Replace(good, `"in":2,"out":3`, `"in":2000000000,"out":2000000000`, 1), "is 2000000000→2000000000"},
		{"wrong loss for output", strings.Replace(good, `"softmax"`, `"sigmoid"`, 1), "needs a softmax output layer"},
		{"negative L2", strings.Replace(good, `"l2":0.01`, `"l2":-1`, 1), "want finite strengths"},
	}
	for _, tc := range tests {
		_, err := nnkit.Load(strings.NewReader(tc.file))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}

// FuzzLoad: no input makes Load panic, and whatever it accepts forms a usable network.
func FuzzLoad(f *testing.F) {
	var buf bytes.Buffer
	if err := moonsNet().Save(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"format":"nnkit-model","version":1,"loss":"mse-mean","reduction":"mean","l1":0,"l2":0,` +
		`"layers":[{"in":1,"out":1,"activation":"relu","w":[2],"b":[0.5]}]}`))
	f.Add([]byte(`{"format":"nnkit-model","version":1,"layers":[]}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, b []byte) {
		net, err := nnkit.Load(bytes.NewReader(b))
		if err != nil {
			return
		}
		x := mat.NewDense(2, net.Layers[0].In(), nil)
		net.Forward(x)
		var out bytes.Buffer
		if err := net.Save(&out); err != nil {
			t.Fatalf("accepted model cannot be saved: %v", err)
		}
	})
}
