package nnkit

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"gonum.org/v1/gonum/mat"
)

// ModelFormat and ModelVersion identify nnkit's JSON model files.
const (
	ModelFormat  = "nnkit-model"
	ModelVersion = 1
)

// maxModelParams bounds what Load accepts, so a corrupt header cannot demand gigabytes.
const maxModelParams = 1 << 28

type modelFile struct {
	Format    string       `json:"format"`
	Version   int          `json:"version"`
	Loss      string       `json:"loss"`
	Reduction string       `json:"reduction"`
	L1        float64      `json:"l1"`
	L2        float64      `json:"l2"`
	Layers    []layerModel `json:"layers"`
}

type layerModel struct {
	In         int       `json:"in"`
	Out        int       `json:"out"`
	Activation string    `json:"activation"`
	W          []float64 `json:"w"` // row-major, in×out
	B          []float64 `json:"b"`
}

// Save writes the network as versioned JSON. Every float64 is written in its shortest
// exact form, so Load gives back the same bits. It returns an error if a parameter is
// NaN or infinite, which JSON cannot hold.
func (n *Network) Save(w io.Writer) error {
	f := modelFile{Format: ModelFormat, Version: ModelVersion, Loss: n.Loss.String(),
		Reduction: n.Reduction.String(), L1: n.Reg.L1, L2: n.Reg.L2}
	for i, d := range n.Layers {
		if k := firstNonFinite(d.W.RawMatrix().Data); k >= 0 {
			return fmt.Errorf("nnkit: Save: %s: W has a non-finite value", n.layerName(i))
		}
		if k := firstNonFinite(d.B.RawMatrix().Data); k >= 0 {
			return fmt.Errorf("nnkit: Save: %s: b has a non-finite value", n.layerName(i))
		}
		f.Layers = append(f.Layers, layerModel{In: d.In(), Out: d.Out(), Activation: d.Act.String(),
			W: mat.DenseCopyOf(d.W).RawMatrix().Data, B: mat.DenseCopyOf(d.B).RawMatrix().Data})
	}
	enc := json.NewEncoder(w)
	return enc.Encode(f)
}

// MaxModelBytes bounds what Load reads: 64 MiB, ten times a 784-300-100-10 network's
// file, so that a hostile or mistaken input is refused before it is decoded.
const MaxModelBytes = 64 << 20

// Load reads a network written by Save. A file that is not an nnkit model, has another
// version, is inconsistent, is followed by anything but white space, or is larger than
// MaxModelBytes gives an error, never a panic.
func Load(r io.Reader) (*Network, error) {
	var f modelFile
	lr := &io.LimitedReader{R: r, N: MaxModelBytes + 1}
	dec := json.NewDecoder(lr)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		if lr.N <= 0 {
			return nil, fmt.Errorf("nnkit: Load: the model is larger than MaxModelBytes (%d MiB)", MaxModelBytes>>20)
		}
		return nil, fmt.Errorf("nnkit: Load: not an nnkit model: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("nnkit: Load: trailing data after the model")
	}
	if f.Format != ModelFormat {
		return nil, fmt.Errorf("nnkit: Load: format %q, want %q", f.Format, ModelFormat)
	}
	if f.Version != ModelVersion {
		return nil, fmt.Errorf("nnkit: Load: model version %d, this nnkit reads version %d", f.Version, ModelVersion)
	}
	if len(f.Layers) == 0 {
		return nil, errors.New("nnkit: Load: model has no layers")
	}
	loss, err := ParseLoss(f.Loss)
	if err != nil {
		return nil, fmt.Errorf("nnkit: Load: %w", err)
	}
	red, err := ParseReduction(f.Reduction)
	if err != nil {
		return nil, fmt.Errorf("nnkit: Load: %w", err)
	}
	n := &Network{Loss: loss, Reduction: red, Reg: Regularization{L1: f.L1, L2: f.L2}}
	total := 0
	for i, l := range f.Layers {
		act, err := ParseActivation(l.Activation)
		if err != nil {
			return nil, fmt.Errorf("nnkit: Load: layer %d: %w", i+1, err)
		}
		if l.In < 1 || l.Out < 1 || l.In > maxModelParams || l.Out > maxModelParams {
			return nil, fmt.Errorf("nnkit: Load: layer %d is %d→%d", i+1, l.In, l.Out)
		}
		if total += (l.In + 1) * l.Out; total > maxModelParams {
			return nil, fmt.Errorf("nnkit: Load: more than %d parameters", maxModelParams)
		}
		if len(l.W) != l.In*l.Out || len(l.B) != l.Out {
			return nil, fmt.Errorf("nnkit: Load: layer %d (Dense %d→%d) has %d weights and %d biases, want %d and %d",
				i+1, l.In, l.Out, len(l.W), len(l.B), l.In*l.Out, l.Out)
		}
		n.Layers = append(n.Layers, &Dense{W: mat.NewDense(l.In, l.Out, l.W), B: mat.NewDense(1, l.Out, l.B), Act: act})
	}
	if math.IsNaN(n.Reg.L1) || math.IsNaN(n.Reg.L2) {
		return nil, errors.New("nnkit: Load: regularisation is NaN")
	}
	if err := n.check(); err != nil {
		return nil, fmt.Errorf("nnkit: Load: %w", err)
	}
	return n, nil
}
