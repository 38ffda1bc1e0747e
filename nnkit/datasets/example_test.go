package datasets_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/datasets/internal/idxtest"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// Seed 000's data: np.random.seed(0); sklearn.datasets.make_moons(200, noise=0.20).
func ExampleMoons() {
	d := datasets.Moons(datasets.MoonsConfig{N: 200, Noise: 0.2}, nprand.New(0))
	fmt.Println(d)
	fmt.Printf("%.8f %d\n", d.X.RawRowView(0), d.Labels[0])
	// Output:
	// moons: 200 samples × 2 features, 2 classes (100, 100)
	// [0.74346118 0.46465633] 0
}

func ExampleCircles() {
	d := datasets.Circles(datasets.CirclesConfig{N: 100, Factor: 0.5, Noise: 0.05}, nprand.New(1))
	fmt.Println(d)
	// Output:
	// circles: 100 samples × 2 features, 2 classes (50, 50)
}

func ExampleBlobs() {
	d := datasets.Blobs(datasets.BlobsConfig{N: 200, Centers: 6}, nprand.New(5))
	fmt.Println(d)
	// Output:
	// blobs: 200 samples × 2 features, 6 classes (34, 34, 33, 33, 33, 33)
}

func ExampleGaussianQuantiles() {
	d := datasets.GaussianQuantiles(datasets.QuantilesConfig{N: 200, Classes: 2, Cov: 0.5}, nprand.New(0))
	fmt.Println(d)
	// Output:
	// gaussian quantiles: 200 samples × 2 features, 2 classes (100, 100)
}

// Seed 002's data: make_moons(2000, noise=0.2, random_state=100), then
// train_test_split(test_size=0.3, random_state=42).
func ExampleTrainTestSplit() {
	d := datasets.Moons(datasets.MoonsConfig{N: 2000, Noise: 0.2}, nprand.New(100))
	train, test, err := datasets.TrainTestSplit(d, 0.3, nprand.New(42))
	fmt.Println(train.Len(), test.Len(), err)
	// Output:
	// 1400 600 <nil>
}

// Coursera's load_planar_dataset(), whose first point the course prints.
func ExampleFlower() {
	d := datasets.Flower()
	fmt.Println(d)
	fmt.Printf("%.6f\n", d.X.RawRowView(0))
	// Output:
	// flower: 400 samples × 2 features, 2 classes (200, 200)
	// [1.204442 3.576114]
}

func ExamplePlanar() {
	d := datasets.Planar(100, 3, nprand.New(7))
	fmt.Println(d.Len(), d.Classes)
	// Output:
	// 100 [y=0 y=1]
}

func ExampleCourseraExtra() {
	e := datasets.CourseraExtra(nprand.New(3))
	fmt.Println(e.NoisyCircles)
	fmt.Println(e.Blobs.NumClasses())
	// Output:
	// noisy circles: 200 samples × 2 features, 2 classes (100, 100)
	// 6
}

func ExampleSpiral() {
	d := datasets.Spiral(100, 3, nprand.New(0))
	fmt.Println(d)
	// Output:
	// spiral: 300 samples × 2 features, 3 classes (100, 100, 100)
}

func ExampleGate() {
	d, _ := datasets.Gate("XOR")
	fmt.Println(mat.Formatted(d.X), d.Labels)
	// Output:
	// ⎡0  0⎤
	// ⎢0  1⎥
	// ⎢1  0⎥
	// ⎣1  1⎦ [0 1 1 0]
}

func ExampleLinspace() {
	fmt.Println(datasets.Linspace(0, 1, 5, true), datasets.Linspace(0, 1, 4, false))
	// Output:
	// [0 0.25 0.5 0.75 1] [0 0.25 0.5 0.75]
}

func ExampleIris() {
	d := datasets.Iris()
	fmt.Println(d)
	fmt.Println(d.Features[2], d.Classes[2])
	// Output:
	// iris: 150 samples × 4 features, 3 classes (50, 50, 50)
	// petal length (cm) virginica
}

func ExampleReadCSV() {
	d, err := datasets.ReadCSV(strings.NewReader("3,2,no,yes\n0.5,1,0\n2,0.5,1\n1,1,1\n"), "toy")
	fmt.Println(d, err)
	fmt.Println(d.Classes)
	// Output:
	// toy: 3 samples × 2 features, 2 classes (1, 2) <nil>
	// [no yes]
}

func ExampleReadCSVFile() {
	dir, _ := os.MkdirTemp("", "csv")
	defer os.RemoveAll(dir)
	p := filepath.Join(dir, "gate.csv")
	os.WriteFile(p, []byte("0,0,0\n0,1,1\n1,0,1\n1,1,1\n"), 0o644)
	d, err := datasets.ReadCSVFile(p)
	fmt.Println(d.Len(), d.Labels, err)
	// Output:
	// 4 [0 1 1 1] <nil>
}

// sklearn's digits file: 64 pixels and a label per line.
func ExampleSklearnDigits() {
	dir, _ := os.MkdirTemp("", "digits")
	defer os.RemoveAll(dir)
	var rows []string
	for k := range 10 {
		rows = append(rows, strings.Repeat("16,", 64)+fmt.Sprint(k))
	}
	p := filepath.Join(dir, "digits.csv")
	os.WriteFile(p, []byte(strings.Join(rows, "\n")), 0o644)
	d, err := datasets.SklearnDigits(p)
	fmt.Println(d, err)
	// Output:
	// digits 8×8: 10 samples × 64 features, 10 classes (1, 1, 1, 1, 1, 1, 1, 1, 1, 1) <nil>
}

func ExampleReadIDX() {
	// A 2×3 IDX file of unsigned bytes: magic 0x00000802, then the dimensions.
	b := []byte{0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6}
	x, err := datasets.ReadIDX(bytes.NewReader(b))
	fmt.Println(x.Dims, x.Data, err)
	_, err = datasets.ReadIDX(bytes.NewReader(b[:15]))
	fmt.Println(err)
	// Output:
	// [2 3] [1 2 3 4 5 6] <nil>
	// truncated: 3 of 6 data bytes for dimensions [2 3]
}

func ExampleReadIDXFile() {
	_, err := datasets.ReadIDXFile(filepath.Join(os.TempDir(), "no-such-dir", "x.idx"))
	fmt.Println(err != nil)
	// Output:
	// true
}

func ExampleReadMNIST() {
	dir, _ := os.MkdirTemp("", "mnist")
	defer os.RemoveAll(dir)
	idxtest.WriteToy(dir)
	d, err := datasets.ReadMNIST(dir, "t10k")
	fmt.Println(d.Len(), d.NumFeatures(), d.Labels[:3], err)
	// Output:
	// 20 784 [0 1 2] <nil>
}

func ExampleReadFashionMNIST() {
	dir, _ := os.MkdirTemp("", "fashion")
	defer os.RemoveAll(dir)
	idxtest.WriteToy(dir)
	d, _ := datasets.ReadFashionMNIST(dir, "t10k")
	fmt.Println(d.Classes[d.Labels[9]])
	// Output:
	// Ankle boot
}

func ExampleEx3Digits() {
	dir, _ := os.MkdirTemp("", "mnist")
	defer os.RemoveAll(dir)
	idxtest.WriteToy(dir)
	d, _ := datasets.ReadMNIST(dir, "t10k")
	d.Name = "toy mnist"
	ex3, err := datasets.Ex3Digits(d, 2)
	fmt.Println(ex3, err)
	_, err = datasets.Ex3Digits(d, 3)
	fmt.Println(err)
	// Output:
	// ex3-style digits 20×20: 20 samples × 400 features, 10 classes (2, 2, 2, 2, 2, 2, 2, 2, 2, 2) <nil>
	// datasets: Ex3Digits: toy mnist has 2 images of 0, want 3
}

func ExampleDownsample() {
	x := mat.NewDense(1, 16, []float64{
		1, 1, 0, 0,
		1, 1, 0, 0,
		0, 0, 4, 4,
		0, 0, 4, 4,
	})
	fmt.Println(datasets.Downsample(x, 4, 2).RawRowView(0))
	// Output:
	// [1 0 0 4]
}

func ExampleFitStandardizer() {
	train := mat.NewDense(4, 1, []float64{1, 2, 3, 4})
	s := datasets.FitStandardizer(train)
	fmt.Printf("mean %.2f std %.4f → %.4f\n", s.Mean[0], s.Std[0], s.Apply(mat.NewDense(1, 1, []float64{5})).At(0, 0))
	// Output:
	// mean 2.50 std 1.1180 → 2.2361
}

func ExampleFitScaler() {
	s := datasets.FitScaler(mat.NewDense(3, 1, []float64{0, 255, 51}))
	fmt.Println(s.Apply(mat.NewDense(1, 1, []float64{51})).At(0, 0))
	// Output:
	// 0.2
}

func ExampleShuffle() {
	d, _ := datasets.Gate("AND")
	fmt.Println(datasets.Shuffle(d, nprand.New(0)).Labels)
	// Output:
	// [0 1 0 0]
}

func ExampleBatches() {
	d := datasets.Iris()
	for b := range datasets.Batches(d, 64, nprand.New(0)) {
		fmt.Print(b.Len(), " ")
	}
	fmt.Println()
	// Output:
	// 64 64 22
}

func ExampleDataset_OneHot() {
	d, _ := datasets.Gate("XOR")
	fmt.Println(mat.Formatted(d.OneHot()))
	// Output:
	// ⎡1  0⎤
	// ⎢0  1⎥
	// ⎢0  1⎥
	// ⎣1  0⎦
}

// Locate finds a published file under the names its copies go by.
func ExampleLocate() {
	dir, _ := os.MkdirTemp("", "mnist")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "train-images.idx3-ubyte"), nil, 0o644)
	p, ok := datasets.Locate(dir, "train-images-idx3-ubyte.gz")
	fmt.Println(filepath.Base(p), ok)
	// Output:
	// train-images.idx3-ubyte true
}

func ExampleDataset_Subset() {
	d := datasets.Iris()
	s := d.Subset([]int{0, 50, 100})
	fmt.Println(s.Labels, s.NumFeatures(), s.NumClasses())
	// Output:
	// [0 1 2] 4 3
}

// A single sigmoid unit's targets, as Coursera's planar network uses them.
func ExampleDataset_Column() {
	d, _ := datasets.Gate("OR")
	fmt.Println(d.Column().RawMatrix().Data)
	// Output:
	// [0 1 1 1]
}

func ExampleDataset_Counts() {
	fmt.Println(datasets.Spiral(10, 4, nprand.New(0)).Counts())
	// Output:
	// [10 10 10 10]
}

func ExampleDataset_Len() {
	d := datasets.Flower()
	fmt.Println(d.Len(), d.NumFeatures(), d.NumClasses())
	// Output:
	// 400 2 2
}
