package datasets_test

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/datasets/internal/idxtest"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

func TestIris(t *testing.T) {
	d := datasets.Iris()
	if d.Len() != 150 || d.NumFeatures() != 4 || strings.Join(d.Classes, ",") != "setosa,versicolor,virginica" {
		t.Fatalf("got %v %v", d, d.Classes)
	}
	for k, c := range d.Counts() {
		if c != 50 {
			t.Fatalf("class %d has %d samples", k, c)
		}
	}
	// Fisher's first sample, and the column means sklearn's load_iris gives.
	if got := d.X.RawRowView(0); got[0] != 5.1 || got[1] != 3.5 || got[2] != 1.4 || got[3] != 0.2 {
		t.Fatalf("first sample %v", got)
	}
	means := []float64{5.843333, 3.057333, 3.758, 1.199333}
	for j, want := range means {
		if m := mat.Sum(d.X.ColView(j)) / 150; math.Abs(m-want) > 1e-6 {
			t.Errorf("mean of %s: %v, want %v", d.Features[j], m, want)
		}
	}
}

func TestReadCSV(t *testing.T) {
	d, err := datasets.ReadCSV(strings.NewReader("x,y,label\n1,2,0\n3,4,1\n5,6,1\n"), "t")
	if err != nil || d.Len() != 3 || d.Features[1] != "y" || d.NumClasses() != 2 {
		t.Fatalf("column header: %v %v", d, err)
	}
	d, err = datasets.ReadCSV(strings.NewReader("\ufeffx,y,label\n1,2,0\n"), "t")
	if err != nil || d.Len() != 1 || d.Features[0] != "x" {
		t.Fatalf("a byte-order mark before the header: %v %v", d, err)
	}
	d, err = datasets.ReadCSV(strings.NewReader("\ufeff1,2,0\n"), "t")
	if err != nil || d.Len() != 1 || d.X.At(0, 0) != 1 {
		t.Fatalf("a byte-order mark before data: %v %v", d, err)
	}
	d, err = datasets.ReadCSV(bytes.NewReader(idxtest.Gzip([]byte("1.5,2,0\n3,4e1,2\n"))), "t")
	if err != nil || d.X.At(1, 1) != 40 || d.NumClasses() != 3 {
		t.Fatalf("gzip, no header: %v %v", d, err)
	}
	tests := []struct{ name, in, want string }{
		{"empty", "", "no data"},
		{"ragged", "1,2,0\n1,0\n", "line 2: 2 fields, want 3"},
		{"text value", "1,2,0\n1,abc,0\n", `line 2, column 2: "abc" is not a finite number`},
		{"NaN", "1,2,0\n1,NaN,0\n", "not a finite number"},
		{"negative label", "1,2,-1\n", `label "-1"`},
		{"fractional label", "1,2,0.5\n", `label "0.5"`},
		{"header count", "3,1,a,b\n1,0\n", "declares 3 samples, file has 1"},
		{"label beyond classes", "1,1,a\n1,1\n", "label 1, but the header names 1 classes"},
		{"one column", "1\n", "want features and a label"},
		{"bad quotes", "1,\"2,0\n", "t:"},
		{"a typo in the first row is data, not a header", "1,2x,0\n3,4,1\n", `line 1, column 2: "2x" is not a finite number`},
		{"a header with a number in it", "x,2,label\n1,2,0\n", `line 1, column 1: "x" is not a finite number`},
	}
	for _, tc := range tests {
		_, err := datasets.ReadCSV(strings.NewReader(tc.in), "t")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("150,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n"))
	f.Add([]byte("a,b,label\n1,2,0\n"))
	f.Add([]byte("1,2,3\n4,5,6\n"))
	f.Add(idxtest.Gzip([]byte("1,2,0\n")))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := datasets.ReadCSV(bytes.NewReader(b), "fuzz")
		if err != nil {
			return
		}
		r, _ := d.X.Dims()
		if r != d.Len() || d.NumClasses() == 0 {
			t.Fatalf("inconsistent dataset %v", d)
		}
		d.OneHot()
	})
}

func TestScalerAndStandardizer(t *testing.T) {
	train := mat.NewDense(3, 2, []float64{1, 10, 2, 10, 3, 10})
	test := mat.NewDense(1, 2, []float64{5, 7})
	s := datasets.FitScaler(train)
	if got := s.Apply(train); got.At(0, 0) != 0 || got.At(2, 0) != 1 || got.At(1, 1) != 0 {
		t.Fatalf("scaled train %v", mat.Formatted(got))
	}
	if got := s.Apply(test); got.At(0, 0) != 2 { // fitted on train: beyond the range is allowed
		t.Fatalf("scaled test %v", mat.Formatted(got))
	}
	z := datasets.FitStandardizer(train)
	got := z.Apply(train)
	if math.Abs(mat.Sum(got.ColView(0))) > 1e-15 || math.Abs(got.At(2, 0)-math.Sqrt(1.5)) > 1e-15 || got.At(0, 1) != 0 {
		t.Fatalf("standardised %v", mat.Formatted(got))
	}
	if msg := panicMsg(func() { z.Apply(mat.NewDense(1, 3, nil)) }); !strings.Contains(msg, "3 columns, fitted on 2") {
		t.Fatalf("got %q", msg)
	}
}

func TestBatchesAndShuffle(t *testing.T) {
	d := datasets.Moons(datasets.MoonsConfig{N: 10}, nprand.New(0))
	var sizes []int
	seen := map[float64]bool{}
	for b := range datasets.Batches(d, 4, nprand.New(1)) {
		sizes = append(sizes, b.Len())
		for i := range b.Len() {
			seen[b.X.At(i, 0)*1000+b.X.At(i, 1)] = true
		}
	}
	if len(sizes) != 3 || sizes[2] != 2 || len(seen) != 10 {
		t.Fatalf("batch sizes %v, %d distinct samples", sizes, len(seen))
	}
	s := datasets.Shuffle(d, nprand.New(2))
	if s.Len() != 10 || s.Name != d.Name || mat.Equal(s.X, d.X) {
		t.Fatal("Shuffle kept the order or lost samples")
	}
}

func TestDownsample(t *testing.T) {
	// A constant image stays constant, and area averaging preserves the mean.
	x := mat.NewDense(2, 784, nil)
	src := nprand.New(3)
	for j := range 784 {
		x.Set(0, j, 0.25)
		x.Set(1, j, src.Float64())
	}
	y := datasets.Downsample(x, 28, 20)
	for j := range 400 {
		if math.Abs(y.At(0, j)-0.25) > 1e-15 {
			t.Fatalf("constant image: pixel %d is %v", j, y.At(0, j))
		}
	}
	in, out := mat.Sum(x.RowView(1))/784, mat.Sum(y.RowView(1))/400
	if math.Abs(in-out) > 1e-12 {
		t.Fatalf("mean %v became %v", in, out)
	}
	// A 2×2 → 1×1 shrink is the plain mean.
	if got := datasets.Downsample(mat.NewDense(1, 4, []float64{1, 2, 3, 6}), 2, 1).At(0, 0); got != 3 {
		t.Fatalf("2×2 mean: %v", got)
	}
}

func TestGates(t *testing.T) {
	for name, want := range map[string][]int{"AND": {0, 0, 0, 1}, "OR": {0, 1, 1, 1}, "XOR": {0, 1, 1, 0}, "NAND": {1, 1, 1, 0}, "NOT": {0, 1}} {
		d, err := datasets.Gate(name)
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range want {
			if d.Labels[i] != l {
				t.Fatalf("%s: labels %v, want %v", name, d.Labels, want)
			}
		}
	}
	if _, err := datasets.Gate("IMPLIES"); err == nil || !strings.Contains(err.Error(), "valid: AND, OR") {
		t.Fatalf("got %v", err)
	}
}

func TestTrainTestSplitErrors(t *testing.T) {
	d := datasets.Moons(datasets.MoonsConfig{N: 10}, nprand.New(0))
	for _, size := range []float64{0, -0.5, 10, 2.5, math.NaN()} {
		if _, _, err := datasets.TrainTestSplit(d, size, nprand.New(0)); err == nil {
			t.Errorf("test size %v: no error", size)
		}
	}
}

func panicMsg(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = r.(string)
		}
	}()
	f()
	return ""
}
