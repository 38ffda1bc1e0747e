package nnkit

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// OneHot returns the m×k matrix whose row i is 1 in column labels[i] and 0 elsewhere.
// It returns an error if a label is outside [0, k).
func OneHot(labels []int, k int) (*mat.Dense, error) {
	if k < 1 {
		return nil, fmt.Errorf("nnkit: OneHot: %d classes, want ≥ 1", k)
	}
	if len(labels) == 0 {
		return nil, errors.New("nnkit: OneHot: no labels")
	}
	y := mat.NewDense(len(labels), k, nil)
	for i, l := range labels {
		if l < 0 || l >= k {
			return nil, fmt.Errorf("nnkit: OneHot: label %d of sample %d is outside [0, %d)", l, i, k)
		}
		y.Set(i, l, 1)
	}
	return y, nil
}

// Column returns labels as an m×1 matrix of 0s and 1s, the targets of a single sigmoid
// output. It returns an error for a label other than 0 or 1.
func Column(labels []int) (*mat.Dense, error) {
	if len(labels) == 0 {
		return nil, errors.New("nnkit: Column: no labels")
	}
	y := mat.NewDense(len(labels), 1, nil)
	for i, l := range labels {
		if l != 0 && l != 1 {
			return nil, fmt.Errorf("nnkit: Column: label %d of sample %d is not 0 or 1", l, i)
		}
		y.Set(i, 0, float64(l))
	}
	return y, nil
}

// Labels returns the class of each row of y: the column of its largest value, or, for
// a single column, 1 where the value is ≥ 0.5 and 0 elsewhere.
func Labels(y mat.Matrix) []int {
	yd := asDense(y)
	raw := yd.RawMatrix()
	out := make([]int, raw.Rows)
	for i := range out {
		out[i] = rowClass(raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols])
	}
	return out
}

// CheckData returns an error if x and y cannot be trained on by n: no samples, row
// counts that differ, widths that do not fit the network, or a value that is NaN or ±Inf.
func (n *Network) CheckData(x, y mat.Matrix) error {
	m, c := x.Dims()
	if m == 0 {
		return errors.New("nnkit: no samples")
	}
	if in := n.Layers[0].In(); c != in {
		return fmt.Errorf("nnkit: %s: data has %d columns, want %d", n.layerName(0), c, in)
	}
	ym, yc := y.Dims()
	if ym != m {
		return fmt.Errorf("nnkit: %d samples but %d target rows", m, ym)
	}
	if out := n.Layers[len(n.Layers)-1].Out(); yc != out {
		return fmt.Errorf("nnkit: %s: targets have %d columns, want %d", n.layerName(len(n.Layers)-1), yc, out)
	}
	if err := finite("data", x); err != nil {
		return err
	}
	if err := finite("targets", y); err != nil {
		return err
	}
	return n.Loss.checkTargets(y)
}

// checkTargets returns an error for targets outside the loss's domain, where it would
// train without complaint towards nonsense: binary cross-entropy needs every target in
// [0, 1], softmax cross-entropy rows of non-negative values that sum to 1.
func (l Loss) checkTargets(y mat.Matrix) error {
	r, c := y.Dims()
	for i := range r {
		sum := 0.0
		for j := range c {
			v := y.At(i, j)
			sum += v
			switch {
			case l == BinaryCrossEntropy && (v < 0 || v > 1):
				return fmt.Errorf("nnkit: binary cross-entropy needs targets in [0, 1]; targets[%d][%d] is %v", i, j, v)
			case l == SoftmaxCrossEntropy && v < 0:
				return fmt.Errorf("nnkit: softmax cross-entropy needs a probability row per sample; targets[%d][%d] is %v", i, j, v)
			}
		}
		if l == SoftmaxCrossEntropy && math.Abs(sum-1) > 1e-9 {
			return fmt.Errorf("nnkit: softmax cross-entropy needs target rows that sum to 1 (one-hot); row %d sums to %v", i, sum)
		}
	}
	return nil
}

func finite(what string, m mat.Matrix) error {
	r, c := m.Dims()
	if rm, ok := m.(mat.RawMatrixer); ok {
		// Whole-row scans: At's bounds checks made this a fifth of an MNIST epoch.
		raw := rm.RawMatrix()
		for i := 0; i < r; i++ {
			if j := firstNonFinite(raw.Data[i*raw.Stride : i*raw.Stride+c]); j >= 0 {
				return fmt.Errorf("nnkit: %s[%d][%d] is %v", what, i, j, raw.Data[i*raw.Stride+j])
			}
		}
		return nil
	}
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if v := m.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("nnkit: %s[%d][%d] is %v", what, i, j, v)
			}
		}
	}
	return nil
}
