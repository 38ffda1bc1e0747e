// Package datasets reproduces the tutorials' data exactly and loads real data sets.
//
// The generators follow sklearn 1.2 and Coursera's planar_utils draw for draw. Given an
// nprand.RandomState in the same state, they return the same arrays: make_moons after
// np.random.seed(0) is Moons(MoonsConfig{N: 200, Noise: 0.2}, nprand.New(0)), and
// random_state=100 is a fresh nprand.New(100). Equality is exact; where a data set
// uses sin and cos, only in cgo builds (see Exact, and nnkit/internal/libm for the one
// caveat: numpy's AVX-512 sin/cos).
//
// Loaders read IDX (MNIST, Fashion-MNIST) and CSV files; package fetch finds MNIST and
// Fashion-MNIST on disk or downloads them, verified, and only it links net/http.
package datasets

import (
	"fmt"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
)

// Dataset is a table of samples, one per row of X, with integer class labels.
type Dataset struct {
	Name     string
	X        *mat.Dense
	Labels   []int
	Classes  []string // class names, one per class
	Features []string // feature names, or nil
}

// Len returns the number of samples.
func (d *Dataset) Len() int { return len(d.Labels) }

// NumClasses returns the number of classes.
func (d *Dataset) NumClasses() int { return len(d.Classes) }

// NumFeatures returns the number of columns of X.
func (d *Dataset) NumFeatures() int { _, c := d.X.Dims(); return c }

// OneHot returns the labels one-hot encoded, Len()×NumClasses().
func (d *Dataset) OneHot() *mat.Dense {
	y, err := nnkit.OneHot(d.Labels, d.NumClasses())
	if err != nil {
		panic(fmt.Sprintf("datasets: %s: %v", d.Name, err)) // a Dataset's labels are in range by construction
	}
	return y
}

// Column returns the labels as a Len()×1 matrix of 0/1, for one sigmoid output unit.
// It panics unless the dataset has two classes.
func (d *Dataset) Column() *mat.Dense {
	if d.NumClasses() != 2 {
		panic(fmt.Sprintf("datasets: %s: Column needs 2 classes, have %d", d.Name, d.NumClasses()))
	}
	y, _ := nnkit.Column(d.Labels)
	return y
}

// Subset returns the samples at idx, in that order, as a new Dataset.
func (d *Dataset) Subset(idx []int) *Dataset {
	_, c := d.X.Dims()
	x := mat.NewDense(max(len(idx), 1), c, nil)
	if len(idx) == 0 {
		x = &mat.Dense{}
	}
	labels := make([]int, len(idx))
	for i, j := range idx {
		x.SetRow(i, d.X.RawRowView(j))
		labels[i] = d.Labels[j]
	}
	return &Dataset{Name: d.Name, X: x, Labels: labels, Classes: d.Classes, Features: d.Features}
}

// Counts returns the number of samples of each class.
func (d *Dataset) Counts() []int {
	n := make([]int, d.NumClasses())
	for _, l := range d.Labels {
		n[l]++
	}
	return n
}

// String summarises the dataset: "moons: 200 samples × 2 features, 2 classes (100, 100)".
func (d *Dataset) String() string {
	counts := make([]string, 0, d.NumClasses())
	for _, c := range d.Counts() {
		counts = append(counts, fmt.Sprint(c))
	}
	return fmt.Sprintf("%s: %d samples × %d features, %d classes (%s)",
		d.Name, d.Len(), d.NumFeatures(), d.NumClasses(), strings.Join(counts, ", "))
}

// check panics if d is inconsistent; loaders return errors before building one.
func (d *Dataset) check() *Dataset {
	r, _ := d.X.Dims()
	if r != len(d.Labels) {
		panic(fmt.Sprintf("datasets: %s: %d rows, %d labels", d.Name, r, len(d.Labels)))
	}
	for i, l := range d.Labels {
		if l < 0 || l >= len(d.Classes) {
			panic(fmt.Sprintf("datasets: %s: label %d of sample %d outside [0, %d)", d.Name, l, i, len(d.Classes)))
		}
	}
	return d
}

// numbered returns class names "0", "1", … for k classes.
func numbered(k int) []string {
	s := make([]string, k)
	for i := range s {
		s[i] = fmt.Sprint(i)
	}
	return s
}
