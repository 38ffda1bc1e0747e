package datasets_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/nnkit-go/nnkit/nnkit/internal/testvec"

	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/internal/libm"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// vectors is testdata/vectors.json, written by testdata/gen_vectors.py with Debian's
// numpy 1.24 and sklearn 1.2.
type vectors struct {
	Moons []struct {
		N, Seed int
		Noise   float64
		Shuffle bool
		ref
	}
	Circles []struct {
		N, Seed       int
		Factor, Noise float64
		ref
	}
	Blobs []struct {
		N, Centers, Seed, Features int
		ref
	}
	Quantiles []struct {
		N, Classes, Seed int
		Cov              float64
		ref
	}
	Splits []struct {
		N         int
		MoonsSeed int `json:"moons_seed"`
		Test      float64
		Seed      int
		Train     ref
		TestSet   ref `json:"test_set"`
	}
	Flower ref
	Spiral []struct {
		N, K, Seed int
		ref
	}
	ExtraSeed3 map[string]ref `json:"extra_seed3"`
}

type ref struct {
	X    floats
	Y    []int
	Cols int
}

// floats are exact float64s from the generator scripts.
type floats = testvec.Floats

var refs = func() *vectors {
	b, err := os.ReadFile("testdata/vectors.json")
	if err != nil {
		panic(err)
	}
	var v vectors
	if err := json.Unmarshal(b, &v); err != nil {
		panic(err)
	}
	return &v
}()

// same requires d to equal numpy's arrays: labels exactly, and X exactly in cgo builds.
// Without cgo, sin and cos are Go's, which differ from the C library's by an ulp or two,
// so coordinates may differ by that much (relative to the noise-free shape's scale).
func same(t *testing.T, name string, d *datasets.Dataset, want ref) {
	t.Helper()
	if d.Len() != len(want.Y) || d.NumFeatures() != want.Cols {
		t.Fatalf("%s: got %d×%d, want %d×%d", name, d.Len(), d.NumFeatures(), len(want.Y), want.Cols)
	}
	for i, l := range d.Labels {
		if l != want.Y[i] {
			t.Fatalf("%s: label %d: got %d, want %d", name, i, l, want.Y[i])
		}
	}
	got := d.X.RawMatrix().Data
	for i, v := range got {
		if v == want.X[i] {
			continue
		}
		if libm.Exact || math.Abs(v-want.X[i]) > 1e-15*4 {
			t.Fatalf("%s: X[%d][%d]: got %.17g, want %.17g", name, i/want.Cols, i%want.Cols, v, want.X[i])
		}
	}
}

func TestMoonsMatchSklearn(t *testing.T) {
	for _, c := range refs.Moons {
		name := fmt.Sprintf("make_moons(%d, noise=%g, shuffle=%v, seed %d)", c.N, c.Noise, c.Shuffle, c.Seed)
		same(t, name, datasets.Moons(datasets.MoonsConfig{N: c.N, Noise: c.Noise, NoShuffle: !c.Shuffle}, nprand.New(uint32(c.Seed))), c.ref)
	}
	if len(refs.Moons) < 20 {
		t.Fatalf("only %d make_moons vectors", len(refs.Moons))
	}
}

func TestCirclesMatchSklearn(t *testing.T) {
	for _, c := range refs.Circles {
		name := fmt.Sprintf("make_circles(%d, factor=%g, noise=%g, seed %d)", c.N, c.Factor, c.Noise, c.Seed)
		same(t, name, datasets.Circles(datasets.CirclesConfig{N: c.N, Factor: c.Factor, Noise: c.Noise}, nprand.New(uint32(c.Seed))), c.ref)
	}
}

func TestBlobsMatchSklearn(t *testing.T) {
	for _, c := range refs.Blobs {
		name := fmt.Sprintf("make_blobs(%d, centers=%d, seed %d)", c.N, c.Centers, c.Seed)
		same(t, name, datasets.Blobs(datasets.BlobsConfig{N: c.N, Centers: c.Centers, Features: c.Features}, nprand.New(uint32(c.Seed))), c.ref)
	}
}

func TestGaussianQuantilesMatchSklearn(t *testing.T) {
	for _, c := range refs.Quantiles {
		name := fmt.Sprintf("make_gaussian_quantiles(%d, cov=%g, classes=%d, seed %d)", c.N, c.Cov, c.Classes, c.Seed)
		same(t, name, datasets.GaussianQuantiles(datasets.QuantilesConfig{N: c.N, Cov: c.Cov, Classes: c.Classes}, nprand.New(uint32(c.Seed))), c.ref)
	}
}

func TestTrainTestSplitMatchesSklearn(t *testing.T) {
	for _, c := range refs.Splits {
		d := datasets.Moons(datasets.MoonsConfig{N: c.N, Noise: 0.2}, nprand.New(uint32(c.MoonsSeed)))
		train, test, err := datasets.TrainTestSplit(d, c.Test, nprand.New(uint32(c.Seed)))
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("train_test_split(moons %d, test_size=%g, random_state=%d)", c.N, c.Test, c.Seed)
		same(t, name+" train", train, c.Train)
		same(t, name+" test", test, c.TestSet)
	}
}

func TestFlowerMatchesCoursera(t *testing.T) {
	d := datasets.Flower()
	same(t, "load_planar_dataset", d, refs.Flower)
	// Coursera's published first sample.
	if x, y := d.X.At(0, 0), d.X.At(0, 1); math.Abs(x-1.204442) > 5e-7 || math.Abs(y-3.576114) > 5e-7 {
		t.Fatalf("first sample (%.6f, %.6f), want (1.204442, 3.576114)", x, y)
	}
}

func TestSpiralMatchesCS231n(t *testing.T) {
	for _, c := range refs.Spiral {
		same(t, fmt.Sprintf("spiral(%d, %d, seed %d)", c.N, c.K, c.Seed), datasets.Spiral(c.N, c.K, nprand.New(uint32(c.Seed))), c.ref)
	}
}

func TestCourseraExtraMatches(t *testing.T) {
	e := datasets.CourseraExtra(nprand.New(3))
	for name, d := range map[string]*datasets.Dataset{"noisy_circles": e.NoisyCircles, "noisy_moons": e.NoisyMoons,
		"blobs": e.Blobs, "gaussian_quantiles": e.GaussianQuantiles} {
		same(t, name, d, refs.ExtraSeed3[name])
	}
}
