package exercise

import (
	"fmt"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// A Mistake is a known wrong way to compute a quantity. The grader recomputes the quantity
// the wrong way from the same inputs, and if the learner's value matches, says so.
type Mistake struct {
	Name, Says string
}

// mistakes are the patterns the grader recognises, by name.
var mistakes = []Mistake{
	{"init-scale", "W is randn scaled by the tutorial's factor: check the scale of your draws"},
	{"init-bias", "b starts at zero"},
	{"no-bias", "Z is computed without its bias: add b"},
	{"hidden-activation", "the hidden layer's activation is tanh"},
	{"output-activation", "the output layer's activation is wrong or missing"},
	{"softmax-axis", "softmax normalises each sample's scores (each row), not each column"},
	{"transposed", "transposed: a wrong transpose or operand order"},
	{"missing-1/m", "missing the 1/m average over the m samples"},
	{"m-twice", "divided by m twice"},
	{"divided-by-m", "divided by m, but the article's gradients are sums over the batch"},
	{"l2-missing", "the L2 term is missing"},
	{"l2-half", "the L2 term is λ/2·ΣW², not λ·ΣW²"},
	{"l2-not-averaged", "the L2 term is averaged over the m samples too: (Σ loss + λ/2·ΣW²)/m"},
	{"l2-on-b", "L2 applied to b: only the weights are regularised"},
	{"tanh-1-a", "tanh's derivative is 1 − a², not 1 − a"},
	{"tanh-z", "tanh's derivative is 1 − a² with a = tanh(z), not 1 − z²"},
	{"no-derivative", "the activation's derivative is missing"},
	{"sigmoid-twice", "with cross-entropy the sigmoid's derivative cancels: dZ² = A² − Y"},
	{"not-summed", "db sums δ over the samples"},
	{"sign", "sign error"},
	{"update-sign", "sign error in the update: gradient descent subtracts ε·dW"},
	{"update-assign", "the update assigns ε·dW instead of subtracting it from W (the bug in seed 001's code)"},
	{"update-no-b", "b was not updated"},
}

// Mistakes lists every mistake the grader recognises, with what it tells the learner.
func Mistakes() []Mistake { return slices.Clone(mistakes) }

func says(name string) string {
	for _, m := range mistakes {
		if m.Name == name {
			return m.Says
		}
	}
	panic(fmt.Sprintf("exercise: no mistake %q", name))
}

// candidate is a quantity computed one known wrong way.
type candidate struct {
	mistake string
	value   *mat.Dense
}

// diagnose fills in row's diagnosis when got matches one of the candidates, or the
// reference transposed, negated, or with its samples not summed (m rows or columns where
// want has one). follows names the learner's own upstream quantity from which got was
// correctly computed, if any.
func diagnose(row *Row, got, want *mat.Dense, follows string, cands ...candidate) {
	if row.OK || got == nil || got.IsEmpty() {
		return
	}
	if follows != "" {
		row.Diagnosis = "follows from your " + follows + ": fix that first"
		return
	}
	for _, c := range cands {
		if c.value != nil && same(got, c.value) {
			row.Diagnosis = says(c.mistake)
			return
		}
	}
	if wr, wc := want.Dims(); row.Got == [2]int{wc, wr} && wr != wc && same(got, mat.DenseCopyOf(want.T())) {
		row.Diagnosis = says("transposed")
		return
	}
	if row.Got == row.Want && same(got, Scale(-1, want)) {
		row.Diagnosis = says("sign")
	}
}

// plus returns a + s·b.
func plus(a mat.Matrix, s float64, b mat.Matrix) *mat.Dense {
	var out mat.Dense
	out.Add(a, Scale(s, b))
	return &out
}

// mul returns a·b.
func mul(a, b mat.Matrix) *mat.Dense {
	var out mat.Dense
	out.Mul(a, b)
	return &out
}

// apply returns f of every element of a.
func apply(f func(float64) float64, a mat.Matrix) *mat.Dense {
	var out mat.Dense
	out.Apply(func(_, _ int, v float64) float64 { return f(v) }, a)
	return &out
}

// addRow adds the 1×n row b to every row of a; addCol the m×1 column b to every column.
func addRow(a, b mat.Matrix) *mat.Dense {
	var out mat.Dense
	out.Apply(func(_, j int, v float64) float64 { return v + b.At(0, j) }, a)
	return &out
}

func addCol(a, b mat.Matrix) *mat.Dense {
	var out mat.Dense
	out.Apply(func(i, _ int, v float64) float64 { return v + b.At(i, 0) }, a)
	return &out
}

// copyOf returns a copy of a, or nil.
func copyOf(a *mat.Dense) *mat.Dense {
	if a == nil || a.IsEmpty() {
		return nil
	}
	return mat.DenseCopyOf(a)
}

func (p Params) clone() Params {
	return Params{copyOf(p.W1), copyOf(p.B1), copyOf(p.W2), copyOf(p.B2)}
}

func (p Params) list() []*mat.Dense { return []*mat.Dense{p.W1, p.B1, p.W2, p.B2} }

var paramNames = []string{"W1", "b1", "W2", "b2"}
