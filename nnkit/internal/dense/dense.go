// Package dense holds the one helper the training loop's packages share for reusing
// matrices from step to step.
package dense

import "gonum.org/v1/gonum/mat"

// Reuse returns m resized to r×c, reusing its storage (as gonum's ReuseAs does), or a
// new matrix if m is nil. The values of a resized m are not kept.
func Reuse(m *mat.Dense, r, c int) *mat.Dense {
	if m == nil {
		return mat.NewDense(r, c, nil)
	}
	if mr, mc := m.Dims(); mr != r || mc != c {
		m.Reset()
		m.ReuseAs(r, c)
	}
	return m
}
