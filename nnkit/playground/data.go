package playground

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// source describes one dataset.
type source struct {
	name       string
	regression bool
	// about says what the points are and where the noise goes.
	about string
	// make returns the points (m×2) and, for classification, their labels and class
	// count, or for regression their targets.
	make func(n int, noise float64, src *nprand.RandomState) (x *mat.Dense, labels []int, classes int, targets []float64)
}

var sources = []source{
	{"moons", false, "sklearn's make_moons; noise is its noise argument", func(n int, noise float64, src *nprand.RandomState) (*mat.Dense, []int, int, []float64) {
		return fromDataset(datasets.Moons(datasets.MoonsConfig{N: n, Noise: noise}, src), 0, src)
	}},
	{"circles", false, "sklearn's make_circles with factor 0.5; noise is its noise argument", func(n int, noise float64, src *nprand.RandomState) (*mat.Dense, []int, int, []float64) {
		return fromDataset(datasets.Circles(datasets.CirclesConfig{N: n, Noise: noise, Factor: 0.5}, src), 0, src)
	}},
	{"flower", false, "Coursera's planar flower (its own 0.2 noise on angle and radius), then noise on each coordinate", func(n int, noise float64, src *nprand.RandomState) (*mat.Dense, []int, int, []float64) {
		return fromDataset(datasets.Planar(n, 4, src), noise, src)
	}},
	{"spiral", false, "cs231n's three-armed spiral (its own 0.2 noise on the angle), then noise on each coordinate", func(n int, noise float64, src *nprand.RandomState) (*mat.Dense, []int, int, []float64) {
		return fromDataset(datasets.Spiral(n/3, 3, src), noise, src)
	}},
	{"xor", false, "four Gaussian blobs (σ 0.35) at (±1, ±1), opposite corners one class, then noise on each coordinate", func(n int, noise float64, src *nprand.RandomState) (*mat.Dense, []int, int, []float64) {
		d := datasets.Blobs(datasets.BlobsConfig{N: n, CenterPoints: mat.NewDense(4, 2, []float64{-1, -1, -1, 1, 1, 1, 1, -1}), Std: 0.35}, src)
		for i, l := range d.Labels {
			d.Labels[i] = l % 2
		}
		d.Classes = d.Classes[:2]
		return fromDataset(d, noise, src)
	}},
	{"gauss", false, "two Gaussian clusters (σ 0.35) at (1, 1) and (−1, −1), then noise on each coordinate", func(n int, noise float64, src *nprand.RandomState) (*mat.Dense, []int, int, []float64) {
		d := datasets.Blobs(datasets.BlobsConfig{N: n, CenterPoints: mat.NewDense(2, 2, []float64{1, 1, -1, -1}), Std: 0.35}, src)
		return fromDataset(d, noise, src)
	}},
	{"plane", true, "uniform points in [−1, 1]², target (x₁ + x₂)/2, then noise on the target", func(n int, noise float64, src *nprand.RandomState) (*mat.Dense, []int, int, []float64) {
		return uniform(n, noise, src, func(x1, x2 float64) float64 { return (x1 + x2) / 2 })
	}},
	{"multi-gauss", true, "uniform points in [−1, 1]², target a sum of six Gaussian bumps (σ 0.25) of sign ±1, then noise on the target", func(n int, noise float64, src *nprand.RandomState) (*mat.Dense, []int, int, []float64) {
		return uniform(n, noise, src, bumps)
	}},
}

// Datasets lists the dataset names Config accepts: five classification sets of nnkit's,
// TensorFlow Playground's Gaussian clusters, and its two regression problems.
func Datasets() []string {
	names := make([]string, len(sources))
	for i, s := range sources {
		names[i] = s.name
	}
	return names
}

// About says what a dataset's points are and where Noise goes.
func About(name string) string {
	s, ok := dataset(name)
	if !ok {
		return ""
	}
	return s.about
}

func dataset(name string) (source, bool) {
	for _, s := range sources {
		if s.name == name {
			return s, true
		}
	}
	return source{}, false
}

// fromDataset returns d's points with N(0, noise²) added to each coordinate.
func fromDataset(d *datasets.Dataset, noise float64, src *nprand.RandomState) (*mat.Dense, []int, int, []float64) {
	if noise > 0 {
		raw := d.X.RawMatrix().Data
		for i := range raw {
			raw[i] += noise * src.NormFloat64()
		}
	}
	return d.X, d.Labels, d.NumClasses(), nil
}

// uniform draws n points in [−1, 1]² with targets f + N(0, noise²).
func uniform(n int, noise float64, src *nprand.RandomState, f func(x1, x2 float64) float64) (*mat.Dense, []int, int, []float64) {
	x := mat.NewDense(n, 2, src.Uniform(-1, 1, 2*n))
	t := make([]float64, n)
	for i := range t {
		t[i] = f(x.At(i, 0), x.At(i, 1))
		if noise > 0 {
			t[i] += noise * src.NormFloat64()
		}
	}
	return x, nil, 0, t
}

// bumpCenters are the six bumps of multi-gauss: two rows of three, signs alternating.
var bumpCenters = [6][3]float64{
	{-2. / 3, 0.4, 1}, {0, 0.4, -1}, {2. / 3, 0.4, 1},
	{-2. / 3, -0.4, -1}, {0, -0.4, 1}, {2. / 3, -0.4, -1},
}

func bumps(x1, x2 float64) float64 {
	var v float64
	for _, c := range bumpCenters {
		d2 := (x1-c[0])*(x1-c[0]) + (x2-c[1])*(x2-c[1])
		v += c[2] * math.Exp(-d2/(2*0.25*0.25))
	}
	return v
}

// Set is the training or the test part of the data.
type Set struct {
	// Points are the raw (x₁, x₂), one row each.
	Points *mat.Dense
	// Inputs are the configured features of each point: the network's X.
	Inputs *mat.Dense
	// Targets are the network's Y: one-hot rows for classification, one column of
	// values for regression.
	Targets *mat.Dense
	// Labels are the classes of a classification set, nil for regression.
	Labels []int
	// Classes is the number of classes, 0 for regression.
	Classes int
}

// Len returns the number of points.
func (s *Set) Len() int { r, _ := s.Points.Dims(); return r }

// Dataset returns a classification set's points as a datasets.Dataset, for pictures
// that draw points by class. It returns nil for a regression set.
func (s *Set) Dataset(name string) *datasets.Dataset {
	if s.Labels == nil {
		return nil
	}
	classes := make([]string, s.Classes)
	for k := range classes {
		classes[k] = fmt.Sprintf("class %d", k)
	}
	return &datasets.Dataset{Name: name, X: s.Points, Labels: s.Labels, Classes: classes, Features: []string{"x₁", "x₂"}}
}

// Data generates c's points from c.Seed and splits them: the first TrainRatio of a
// random permutation are the training points. It returns Validate's error, if any.
func Data(c Config) (train, test *Set, err error) {
	if err := c.Validate(); err != nil {
		return nil, nil, err
	}
	s, _ := dataset(c.Dataset)
	src := nprand.New(c.Seed)
	x, labels, classes, targets := s.make(c.Points, c.Noise, src)
	m, _ := x.Dims()
	perm := src.Perm(m)
	nTrain := int(math.Round(c.TrainRatio * float64(m)))
	nTrain = min(max(nTrain, 1), m-1)
	part := func(idx []int) *Set {
		set := &Set{Points: mat.NewDense(len(idx), 2, nil), Classes: classes}
		for i, j := range idx {
			set.Points.SetRow(i, x.RawRowView(j))
		}
		if labels != nil {
			set.Labels = make([]int, len(idx))
			for i, j := range idx {
				set.Labels[i] = labels[j]
			}
			set.Targets, _ = nnkit.OneHot(set.Labels, classes)
		} else {
			set.Targets = mat.NewDense(len(idx), 1, nil)
			for i, j := range idx {
				set.Targets.Set(i, 0, targets[j])
			}
		}
		set.Inputs = c.Inputs(set.Points)
		return set
	}
	return part(perm[:nTrain]), part(perm[nTrain:]), nil
}

// Inputs returns the configured features of each row (x₁, x₂) of points.
func (c Config) Inputs(points mat.Matrix) *mat.Dense {
	m, cols := points.Dims()
	if cols != 2 {
		panic(fmt.Sprintf("nnkit: playground: Inputs of %d×%d points, want m×2", m, cols))
	}
	in := mat.NewDense(m, len(c.Features), nil)
	for i := range m {
		x1, x2 := points.At(i, 0), points.At(i, 1)
		row := in.RawRowView(i)
		for j, f := range c.Features {
			row[j] = f.Of(x1, x2)
		}
	}
	return in
}
