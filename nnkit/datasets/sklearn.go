package datasets

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/internal/libm"
)

// Linspace is np.linspace(start, stop, num, endpoint): i·step + start, with the last
// value set to stop exactly when endpoint is true.
func Linspace(start, stop float64, num int, endpoint bool) []float64 {
	if num < 0 {
		panic(fmt.Sprintf("datasets: Linspace: num %d < 0", num))
	}
	div := num
	if endpoint {
		div = num - 1
	}
	out := make([]float64, num)
	delta := stop - start
	switch step := delta / float64(div); {
	case div <= 0:
		for i := range out {
			out[i] = float64(i)*delta + start
		}
	case step == 0:
		for i := range out {
			out[i] = float64(i)/float64(div)*delta + start
		}
	default:
		for i := range out {
			out[i] = float64(i)*step + start
		}
	}
	if endpoint && num > 1 {
		out[num-1] = stop
	}
	return out
}

// MoonsConfig is sklearn's make_moons arguments.
type MoonsConfig struct {
	N int
	// Noise is the standard deviation of the Gaussian noise added to every coordinate.
	// 0 adds none and draws nothing, like noise=None; sklearn's noise=0.0 gives the same
	// points but draws 2N normals.
	Noise float64
	// NoShuffle keeps the outer moon first, like shuffle=False.
	NoShuffle bool
}

// Moons is sklearn.datasets.make_moons: two interleaving half circles, class 0 the upper.
func Moons(cfg MoonsConfig, src nnkit.Source) *Dataset {
	mustSamples("Moons", cfg.N, 1)
	mustSource("Moons", src)
	out := cfg.N / 2
	in := cfg.N - out
	x := mat.NewDense(cfg.N, 2, nil)
	for i, t := range Linspace(0, math.Pi, out, true) {
		x.Set(i, 0, libm.Cos(t))
		x.Set(i, 1, libm.Sin(t))
	}
	for i, t := range Linspace(0, math.Pi, in, true) {
		x.Set(out+i, 0, 1-libm.Cos(t))
		x.Set(out+i, 1, 1-libm.Sin(t)-0.5)
	}
	d := &Dataset{Name: "moons", X: x, Labels: twoGroups(out, in), Classes: numbered(2), Features: []string{"x₁", "x₂"}}
	return finish(d, !cfg.NoShuffle, cfg.Noise, src)
}

// CirclesConfig is sklearn's make_circles arguments.
type CirclesConfig struct {
	N     int
	Noise float64 // as in MoonsConfig
	// Factor is the inner circle's radius relative to the outer's, in [0, 1); 0 means
	// sklearn's default 0.8.
	Factor    float64
	NoShuffle bool
}

// Circles is sklearn.datasets.make_circles: a circle inside another, class 0 the outer.
func Circles(cfg CirclesConfig, src nnkit.Source) *Dataset {
	mustSamples("Circles", cfg.N, 1)
	mustSource("Circles", src)
	factor := cfg.Factor
	if factor == 0 {
		factor = 0.8
	}
	if factor < 0 || factor >= 1 {
		panic(fmt.Sprintf("datasets: Circles: factor %v outside [0, 1)", factor))
	}
	out := cfg.N / 2
	in := cfg.N - out
	x := mat.NewDense(cfg.N, 2, nil)
	for i, t := range Linspace(0, 2*math.Pi, out, false) {
		x.Set(i, 0, libm.Cos(t))
		x.Set(i, 1, libm.Sin(t))
	}
	for i, t := range Linspace(0, 2*math.Pi, in, false) {
		x.Set(out+i, 0, libm.Cos(t)*factor)
		x.Set(out+i, 1, libm.Sin(t)*factor)
	}
	d := &Dataset{Name: "circles", X: x, Labels: twoGroups(out, in), Classes: numbered(2), Features: []string{"x₁", "x₂"}}
	return finish(d, !cfg.NoShuffle, cfg.Noise, src)
}

// BlobsConfig is sklearn's make_blobs arguments.
type BlobsConfig struct {
	N int
	// Features is the number of columns; 0 means 2.
	Features int
	// Centers is the number of clusters, drawn uniformly in Box; 0 means 3. CenterPoints,
	// if set, gives the centres instead (one per row) and nothing is drawn for them.
	Centers      int
	CenterPoints *mat.Dense
	// Std is every cluster's standard deviation; 0 means 1.
	Std float64
	// Box bounds the drawn centres; the zero value means sklearn's (−10, 10).
	Box       [2]float64
	NoShuffle bool
}

// Blobs is sklearn.datasets.make_blobs: isotropic Gaussian clusters, one class each.
func Blobs(cfg BlobsConfig, src nnkit.Source) *Dataset {
	mustSamples("Blobs", cfg.N, 1)
	mustSource("Blobs", src)
	if cfg.Centers < 0 || cfg.Features < 0 || cfg.Std < 0 {
		panic(fmt.Sprintf("datasets: Blobs: Centers %d, Features %d, Std %v: want none negative", cfg.Centers, cfg.Features, cfg.Std))
	}
	std := orDefault(cfg.Std, 1)
	box := cfg.Box
	if box == [2]float64{} {
		box = [2]float64{-10, 10}
	}
	centers := cfg.CenterPoints
	if centers == nil {
		k, nf := orDefaultInt(cfg.Centers, 3), orDefaultInt(cfg.Features, 2)
		centers = mat.NewDense(k, nf, nil)
		raw := centers.RawMatrix().Data
		for i := range raw {
			raw[i] = box[0] + (box[1]-box[0])*src.Float64()
		}
	}
	k, nf := centers.Dims()
	x := mat.NewDense(cfg.N, nf, nil)
	labels := make([]int, cfg.N)
	row := 0
	for c := range k {
		n := cfg.N / k
		if c < cfg.N%k {
			n++
		}
		for range n {
			for j := range nf {
				x.Set(row, j, centers.At(c, j)+std*src.NormFloat64())
			}
			labels[row] = c
			row++
		}
	}
	d := &Dataset{Name: "blobs", X: x, Labels: labels, Classes: numbered(k)}
	return finish(d, !cfg.NoShuffle, 0, src)
}

// QuantilesConfig is sklearn's make_gaussian_quantiles arguments.
type QuantilesConfig struct {
	N        int
	Features int     // 0 means 2
	Classes  int     // 0 means 3
	Cov      float64 // the variance of every feature; 0 means 1
	Mean     []float64
	// NoShuffle keeps the samples sorted by distance from the mean.
	NoShuffle bool
}

// GaussianQuantiles is sklearn.datasets.make_gaussian_quantiles: one isotropic Gaussian
// cut into classes by nested spheres holding equal numbers of samples.
func GaussianQuantiles(cfg QuantilesConfig, src nnkit.Source) *Dataset {
	nf, k := orDefaultInt(cfg.Features, 2), orDefaultInt(cfg.Classes, 3)
	mustSamples("GaussianQuantiles", cfg.N, k)
	cov := orDefault(cfg.Cov, 1)
	if !(cov > 0) {
		panic(fmt.Sprintf("datasets: GaussianQuantiles: covariance %v, want > 0", cov))
	}
	mean := cfg.Mean
	if mean == nil {
		mean = make([]float64, nf)
	}
	if len(mean) != nf {
		panic(fmt.Sprintf("datasets: GaussianQuantiles: mean has %d values for %d features", len(mean), nf))
	}
	// multivariate_normal(mean, cov·I): standard normals times √cov (the SVD of cov·I is
	// the identity scaled), plus the mean.
	s := math.Sqrt(cov)
	x := mat.NewDense(cfg.N, nf, nil)
	raw := x.RawMatrix().Data
	for i := range raw {
		raw[i] = src.NormFloat64()*s + mean[i%nf]
	}
	dist := make([]float64, cfg.N)
	idx := make([]int, cfg.N)
	for i := range dist {
		var d float64
		for j := range nf {
			v := x.At(i, j) - mean[j]
			d += v * v
		}
		dist[i], idx[i] = d, i
	}
	sort.SliceStable(idx, func(a, b int) bool { return dist[idx[a]] < dist[idx[b]] })
	step := cfg.N / k
	labels := make([]int, cfg.N)
	for i := range labels {
		labels[i] = min(i/step, k-1)
	}
	d := (&Dataset{X: x, Labels: make([]int, cfg.N), Classes: numbered(k)}).Subset(idx)
	d.Name, d.Labels = "gaussian quantiles", labels
	return finish(d, !cfg.NoShuffle, 0, src)
}

// TrainTestSplit is sklearn's train_test_split(X, y, test_size, random_state): one
// permutation, whose first part is the test set. testSize in (0, 1) is a fraction
// (rounded up, as sklearn does); testSize ≥ 1 is a count. It returns an error when
// either part would be empty.
func TrainTestSplit(d *Dataset, testSize float64, src nnkit.Source) (train, test *Dataset, err error) {
	n := d.Len()
	var nTest int
	switch {
	case testSize > 0 && testSize < 1:
		nTest = int(math.Ceil(testSize * float64(n)))
	case testSize >= 1 && testSize == math.Trunc(testSize):
		nTest = int(testSize)
	default:
		return nil, nil, fmt.Errorf("datasets: TrainTestSplit: test size %v is neither a fraction in (0, 1) nor a whole count", testSize)
	}
	if nTest >= n {
		return nil, nil, fmt.Errorf("datasets: TrainTestSplit: test size %v leaves no training samples of %d", testSize, n)
	}
	perm := src.Perm(n)
	return d.Subset(perm[nTest:]), d.Subset(perm[:nTest]), nil
}

// finish shuffles rows (sklearn.utils.shuffle: one permutation) and adds noise
// (generator.normal(scale=noise, size=X.shape)), in that order.
func finish(d *Dataset, shuffle bool, noise float64, src nnkit.Source) *Dataset {
	if shuffle {
		d = renamed(d.Subset(src.Perm(d.Len())), d.Name)
	}
	if noise < 0 || math.IsNaN(noise) {
		panic(fmt.Sprintf("datasets: %s: noise %v, want ≥ 0", d.Name, noise))
	}
	if noise > 0 {
		raw := d.X.RawMatrix().Data
		for i := range raw {
			raw[i] += noise * src.NormFloat64()
		}
	}
	return d.check()
}

func renamed(d *Dataset, name string) *Dataset { d.Name = name; return d }

func twoGroups(a, b int) []int {
	l := make([]int, a+b)
	for i := a; i < a+b; i++ {
		l[i] = 1
	}
	return l
}

// mustSource panics if a generator that draws was given no Source.
func mustSource(fn string, src nnkit.Source) {
	if src == nil {
		panic("datasets: " + fn + ": nil Source; pass nprand.New(seed)")
	}
}

func mustSamples(fn string, n, least int) {
	if n < least {
		panic(fmt.Sprintf("datasets: %s: %d samples, want at least %d", fn, n, least))
	}
}

func orDefault(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

func orDefaultInt(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// Exact reports whether this build computes sin and cos with the C library, as numpy
// does (a cgo build), and so reproduces the data sets drawn with them bit for bit:
// moons, circles and Coursera's flower and spiral. Without cgo their points agree to a
// few ulps. Gaussians are numpy's in every build.
const Exact = libm.Exact
