// Package exercise is practice mode. The learner writes a tutorial's initialise, forward,
// cost, backward and update as plain Go functions on gonum matrices, the equivalents of its
// numpy code, and a Part grades one of them: it runs the function on the tutorial's own
// inputs, compares every quantity it returns with nnkit's, shape first and then values,
// names the worst element, and where the values match a known mistake says which in plain
// words (see Mistakes). A backward pass is also checked against the numerical gradient of
// the tutorial's objective, which names the parameter whose gradient is wrong.
//
// Two exercises follow two tutorials: Moons (seed 000: 2-3-2 tanh/softmax with L2 and
// summed gradients, samples as rows) and Planar (seed 004: Coursera's graded functions for
// the planar flower, 2-4-1 tanh/sigmoid, samples as columns).
package exercise

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Params are a two-layer network's parameters, named as the tutorials' numpy code names
// them.
type Params struct{ W1, B1, W2, B2 *mat.Dense }

// Cache is a forward pass: every Z and A.
type Cache struct{ Z1, A1, Z2, A2 *mat.Dense }

// Grads is a backward pass: every δ (dZ), dW and db.
type Grads struct{ DZ2, DW2, DB2, DZ1, DW1, DB1 *mat.Dense }

// Row is one graded quantity.
type Row struct {
	Quantity string // "Z1", "dW2", "cost", or "gradient check dW1"
	OK       bool
	// Got and Want are the shapes, rows×columns.
	Got, Want [2]int
	// Worst is the element farthest from the reference, with both values, when the
	// shapes agree; Err is its distance.
	I, J               int
	GotVal, WantVal    float64
	Err                float64
	Diagnosis, Message string // a recognised mistake; what else went wrong
}

// Report is a graded part: one row per quantity, or the panic that stopped the learner's
// function.
type Report struct {
	Exercise, Part string
	Rows           []Row
	Panic          string
}

// Passed reports whether the function ran and every quantity is right.
func (r *Report) Passed() bool {
	if r.Panic != "" || len(r.Rows) == 0 {
		return false
	}
	for _, row := range r.Rows {
		if !row.OK {
			return false
		}
	}
	return true
}

// Score is the number of right quantities, and of quantities.
func (r *Report) Score() (right, of int) {
	for _, row := range r.Rows {
		if row.OK {
			right++
		}
	}
	return right, len(r.Rows)
}

// String is the report as text, one line per quantity.
func (r *Report) String() string {
	var b strings.Builder
	right, of := r.Score()
	fmt.Fprintf(&b, "grade %s/%s: %d of %d right", r.Exercise, r.Part, right, of)
	if r.Passed() {
		b.WriteString(", passed\n")
	} else {
		b.WriteString(", not yet\n")
	}
	if r.Panic != "" {
		fmt.Fprintf(&b, "  ✗ your function panicked: %s\n", r.Panic)
	}
	for _, row := range r.Rows {
		mark := "✓"
		if !row.OK {
			mark = "✗"
		}
		fmt.Fprintf(&b, "  %s %s: %s", mark, row.Quantity, row.Detail())
		b.WriteString("\n")
	}
	return b.String()
}

// Detail says in words what the row found: the shapes, the worst element and any
// diagnosis.
func (row Row) Detail() string {
	var parts []string
	switch {
	case row.Got == [2]int{}: // not computed, or nil: the message says which
	case row.Got != row.Want:
		parts = append(parts, fmt.Sprintf("shape %d×%d, want %d×%d", row.Got[0], row.Got[1], row.Want[0], row.Want[1]))
	case row.Want == [2]int{1, 1} && row.Quantity == "cost":
		parts = append(parts, fmt.Sprintf("%.10g, want %.10g", row.GotVal, row.WantVal))
	case row.Want != [2]int{}:
		parts = append(parts, fmt.Sprintf("shape %d×%d", row.Want[0], row.Want[1]))
		if row.OK {
			parts = append(parts, fmt.Sprintf("values agree (worst difference %.1e)", row.Err))
		} else if !math.IsNaN(row.Err) {
			parts = append(parts, fmt.Sprintf("worst element [%d][%d] is %.6g, want %.6g", row.I, row.J, row.GotVal, row.WantVal))
		}
	}
	if row.Message != "" {
		parts = append(parts, row.Message)
	}
	if row.Diagnosis != "" {
		parts = append(parts, "likely mistake: "+row.Diagnosis)
	}
	return strings.Join(parts, "; ")
}

// tolerance is how far a learner's value may be from nnkit's: both compute the same sums
// in float64, so they agree to rounding, about 1e-15 relative; 1e-9 leaves room for a
// different order of operations.
const tolerance = 1e-9

// compare grades got against want. Nil or differently shaped got is wrong; values are
// compared relative to want's largest magnitude.
func compare(name string, got, want *mat.Dense) Row {
	wr, wc := want.Dims()
	row := Row{Quantity: name, Want: [2]int{wr, wc}, Err: math.NaN()}
	if got == nil || got.IsEmpty() {
		row.Message = "missing (nil)"
		return row
	}
	gr, gc := got.Dims()
	row.Got = [2]int{gr, gc}
	if row.Got != row.Want {
		return row
	}
	scale := math.Max(1, mat.Norm(want, math.Inf(1)))
	row.Err = -1
	for i := range wr {
		for j := range wc {
			g, w := got.At(i, j), want.At(i, j)
			d := math.Abs(g - w)
			if math.IsNaN(g) {
				d = math.Inf(1)
			}
			// The first of differences equal to rounding, so that the element named does
			// not depend on the last bits of the machine's cos or exp.
			if d > row.Err*(1+1e-9) || row.Err < 0 {
				row.I, row.J, row.GotVal, row.WantVal, row.Err = i, j, g, w, d
			}
		}
	}
	row.OK = row.Err <= tolerance*scale
	return row
}

// same reports whether got equals want to the grading tolerance.
func same(got, want *mat.Dense) bool {
	if got == nil || want == nil || got.IsEmpty() {
		return false
	}
	return compare("", got, want).OK
}

// scalar grades a number as a 1×1 quantity.
func scalar(name string, got, want float64) Row {
	row := compare(name, mat.NewDense(1, 1, []float64{got}), mat.NewDense(1, 1, []float64{want}))
	row.Quantity = name
	return row
}
