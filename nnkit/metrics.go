package nnkit

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Probabilities returns the network's output for x: softmax probabilities, sigmoid
// probabilities, or raw outputs, depending on the last activation.
func (n *Network) Probabilities(x mat.Matrix) *mat.Dense {
	return n.Forward(x).Output()
}

// Predict returns the class of each row of x: the argmax of the output, or, for a single
// output unit, 1 where it is ≥ 0.5.
func (n *Network) Predict(x mat.Matrix) []int {
	return Labels(n.Probabilities(x))
}

// Accuracy returns the fraction of x's rows whose predicted class is y's: y holds one-hot
// rows, or one column of 0/1 labels for a single output unit (see Labels).
func (n *Network) Accuracy(x, y mat.Matrix) float64 {
	return Accuracy(n.Predict(x), Labels(y))
}

// ClassOf is the classifier rule every prediction here uses: the class of one output
// row is its argmax (the first, on a tie), or, for a single output unit read as
// P(class 1), 1 where it is ≥ 0.5. It also returns that class's probability. A row
// holding NaN or ±Inf has no class: ClassOf returns −1, which matches no label, so that
// a network that diverged is never read as predicting class 0.
func ClassOf(row []float64) (class int, p float64) {
	if firstNonFinite(row) >= 0 {
		return -1, math.NaN()
	}
	if len(row) == 1 {
		if row[0] >= 0.5 {
			return 1, row[0]
		}
		return 0, 1 - row[0]
	}
	best := 0
	for j, v := range row {
		if v > row[best] {
			best = j
		}
	}
	return best, row[best]
}

// Accuracy returns the fraction of predictions equal to their label.
// It panics if the lengths differ or are zero.
func Accuracy(pred, labels []int) float64 {
	if len(pred) != len(labels) || len(pred) == 0 {
		panic(fmt.Sprintf("nnkit: Accuracy: %d predictions for %d labels", len(pred), len(labels)))
	}
	c := 0
	for i, p := range pred {
		if p == labels[i] {
			c++
		}
	}
	return float64(c) / float64(len(pred))
}

// Confusion is a confusion matrix: Counts[t][p] samples of true class t were predicted p.
type Confusion struct {
	Counts [][]int
	Names  []string // class names, "0", "1", … unless set
}

// NewConfusion counts pred against labels over k classes. It returns an error if the
// lengths differ or a class is outside [0, k).
func NewConfusion(pred, labels []int, k int) (*Confusion, error) {
	if len(pred) != len(labels) {
		return nil, fmt.Errorf("nnkit: NewConfusion: %d predictions for %d labels", len(pred), len(labels))
	}
	if k < 1 {
		return nil, fmt.Errorf("nnkit: NewConfusion: %d classes", k)
	}
	c := &Confusion{Counts: make([][]int, k), Names: make([]string, k)}
	for i := range c.Counts {
		c.Counts[i] = make([]int, k)
		c.Names[i] = fmt.Sprint(i)
	}
	for i, p := range pred {
		t := labels[i]
		if p < 0 || p >= k || t < 0 || t >= k {
			return nil, fmt.Errorf("nnkit: NewConfusion: sample %d has label %d, prediction %d, outside [0, %d)", i, t, p, k)
		}
		c.Counts[t][p]++
	}
	return c, nil
}

// Total returns the number of samples counted.
func (c *Confusion) Total() int {
	var n int
	for _, row := range c.Counts {
		for _, v := range row {
			n += v
		}
	}
	return n
}

// Accuracy returns the fraction on the diagonal.
func (c *Confusion) Accuracy() float64 {
	var d int
	for i := range c.Counts {
		d += c.Counts[i][i]
	}
	return float64(d) / float64(c.Total())
}

// Precision returns, for class k, the fraction of samples predicted k that are k.
// It is NaN when nothing was predicted k.
func (c *Confusion) Precision(k int) float64 {
	var col int
	for t := range c.Counts {
		col += c.Counts[t][k]
	}
	return ratio(c.Counts[k][k], col)
}

// Recall returns, for class k, the fraction of samples of class k predicted k.
// It is NaN when there is no sample of class k.
func (c *Confusion) Recall(k int) float64 {
	var row int
	for _, v := range c.Counts[k] {
		row += v
	}
	return ratio(c.Counts[k][k], row)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return nan()
	}
	return float64(a) / float64(b)
}

// String is the matrix as a text table with per-class precision and recall.
func (c *Confusion) String() string {
	var b strings.Builder
	const corner = "true\\pred"
	first, w := len(corner), 6
	for _, n := range c.Names {
		first = max(first, len(n))
		w = max(w, len(n)+1)
	}
	fmt.Fprintf(&b, "%-*s", first, corner)
	for _, n := range c.Names {
		fmt.Fprintf(&b, "%*s", w, n)
	}
	b.WriteString("  recall\n")
	for t, row := range c.Counts {
		fmt.Fprintf(&b, "%-*s", first, c.Names[t])
		for _, v := range row {
			fmt.Fprintf(&b, "%*d", w, v)
		}
		fmt.Fprintf(&b, "%8.3f\n", c.Recall(t))
	}
	fmt.Fprintf(&b, "%-*s", first, "precision")
	for k := range c.Counts {
		fmt.Fprintf(&b, "%*.3f", w, c.Precision(k))
	}
	fmt.Fprintf(&b, "\naccuracy %.4f of %d", c.Accuracy(), c.Total())
	return b.String()
}
