package datasets

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/internal/libm"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// Flower is Coursera's load_planar_dataset(): np.random.seed(1), then Planar(400, 4).
// Its first sample is (1.204442, 3.576114). Coursera keeps samples in columns (X is 2×400);
// here they are rows, so its X is this X transposed.
func Flower() *Dataset { return Planar(400, 4, nprand.New(1)) }

// Planar is the body of Coursera's load_planar_dataset for m samples and petal length a:
// for each class j of m/2 points, t = linspace(3.12j, 3.12(j+1), m/2) + 0.2·randn and
// r = a·sin(4t) + 0.2·randn, giving the point (r·sin t, r·cos t).
func Planar(m int, a float64, src nnkit.Source) *Dataset {
	mustSamples("Planar", m, 2)
	mustSource("Planar", src)
	n := m / 2
	x := mat.NewDense(m, 2, nil)
	labels := make([]int, m)
	for j := range 2 {
		t := Linspace(float64(j)*3.12, float64(j+1)*3.12, n, true)
		for i := range t {
			t[i] += src.NormFloat64() * 0.2
		}
		for i := range t {
			r := a*libm.Sin(4*t[i]) + src.NormFloat64()*0.2
			x.Set(n*j+i, 0, r*libm.Sin(t[i]))
			x.Set(n*j+i, 1, r*libm.Cos(t[i]))
			labels[n*j+i] = j
		}
	}
	// Coursera names y=0 "red" and y=1 "blue" after its colour map; nnkit keeps the labels.
	// For odd m, Coursera's zeros((m, 2)) leaves the last row at the origin with label 0.
	return (&Dataset{Name: "flower", X: x, Labels: labels, Classes: []string{"y=0", "y=1"}, Features: []string{"x₁", "x₂"}}).check()
}

// Extra is what Coursera's load_extra_datasets() returns, but its no_structure pair.
type Extra struct {
	NoisyCircles, NoisyMoons, Blobs, GaussianQuantiles *Dataset
}

// CourseraExtra draws load_extra_datasets() from src, which plays numpy's global
// generator: make_circles(200, factor=.5, noise=.3) and make_moons(200, noise=.2) from
// src, make_blobs(200, centers=6, random_state=5) from its own generator, then
// make_gaussian_quantiles(cov=0.5, n_samples=200, n_classes=2) from src. Coursera's
// notebook maps the blobs' six labels to two with Y % 2; Blobs keeps all six.
func CourseraExtra(src nnkit.Source) Extra {
	return Extra{
		NoisyCircles:      renamed(Circles(CirclesConfig{N: 200, Factor: 0.5, Noise: 0.3}, src), "noisy circles"),
		NoisyMoons:        renamed(Moons(MoonsConfig{N: 200, Noise: 0.2}, src), "noisy moons"),
		Blobs:             Blobs(BlobsConfig{N: 200, Centers: 6}, nprand.New(5)),
		GaussianQuantiles: GaussianQuantiles(QuantilesConfig{N: 200, Classes: 2, Cov: 0.5}, src),
	}
}

// Spiral is cs231n's spiral: k arms of n points, arm j at radius linspace(0, 1, n) and
// angle linspace(4j, 4(j+1), n) + 0.2·randn.
func Spiral(n, k int, src nnkit.Source) *Dataset {
	mustSamples("Spiral", n, 1)
	mustSource("Spiral", src)
	if k < 1 {
		panic(fmt.Sprintf("datasets: Spiral: %d classes", k))
	}
	x := mat.NewDense(n*k, 2, nil)
	labels := make([]int, n*k)
	r := Linspace(0, 1, n, true)
	for j := range k {
		t := Linspace(float64(j*4), float64((j+1)*4), n, true)
		for i := range t {
			t[i] += src.NormFloat64() * 0.2
		}
		for i := range t {
			x.Set(n*j+i, 0, r[i]*libm.Sin(t[i]))
			x.Set(n*j+i, 1, r[i]*libm.Cos(t[i]))
			labels[n*j+i] = j
		}
	}
	return (&Dataset{Name: "spiral", X: x, Labels: labels, Classes: numbered(k), Features: []string{"x₁", "x₂"}}).check()
}

// Gate is a logic gate's truth table as a dataset, inputs in seed 003's order:
// (0,0), (0,1), (1,0), (1,1); NOT takes (1), (0).
func Gate(name string) (*Dataset, error) {
	var out []int
	switch name {
	case "AND":
		out = []int{0, 0, 0, 1}
	case "OR":
		out = []int{0, 1, 1, 1}
	case "NAND":
		out = []int{1, 1, 1, 0}
	case "NOR":
		out = []int{1, 0, 0, 0}
	case "XOR":
		out = []int{0, 1, 1, 0}
	case "XNOR":
		out = []int{1, 0, 0, 1}
	case "NOT":
		return &Dataset{Name: "NOT", X: mat.NewDense(2, 1, []float64{1, 0}), Labels: []int{0, 1},
			Classes: []string{"0", "1"}, Features: []string{"x"}}, nil
	default:
		return nil, fmt.Errorf("datasets: unknown gate %q (valid: AND, OR, NAND, NOR, XOR, XNOR, NOT)", name)
	}
	return &Dataset{Name: name, X: mat.NewDense(4, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1}), Labels: out,
		Classes: []string{"0", "1"}, Features: []string{"x₁", "x₂"}}, nil
}
