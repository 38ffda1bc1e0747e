package datasets_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/datasets/internal/idxtest"
)

// TestRealMNISTTestSet reads the real MNIST test set: 10 000 images whose label counts
// are MNIST's published ones.
func TestRealMNISTTestSet(t *testing.T) {
	d, err := datasets.ReadMNIST(idxtest.Shared(t, "mnist"), "t10k")
	if err != nil {
		t.Fatal(err)
	}
	want := []int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009} // MNIST's test-set class counts
	for k, n := range d.Counts() {
		if n != want[k] {
			t.Fatalf("digit %d: %d images, want %d", k, n, want[k])
		}
	}
	ex3, err := datasets.Ex3Digits(d, 500)
	if err != nil {
		t.Fatal(err)
	}
	if ex3.Len() != 5000 || ex3.NumFeatures() != 400 || ex3.Labels[0] != 0 || ex3.Labels[4999] != 9 {
		t.Fatalf("ex3 digits: %v", ex3)
	}
}

// TestSklearnDigits reads sklearn's 8×8 digits from ../shared or from Debian's sklearn.
func TestSklearnDigits(t *testing.T) {
	p := filepath.Join("..", "..", "..", "shared", "data", "digits.csv.gz")
	if _, err := os.Stat(p); err != nil {
		p = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"
		if _, err := os.Stat(p); err != nil {
			t.Skip("real data absent: no digits.csv.gz in ../shared/data or Debian's python3-sklearn")
		}
	}
	d, err := datasets.SklearnDigits(p)
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 1797 || d.NumFeatures() != 64 || d.Labels[0] != 0 || d.X.At(0, 2) != 5 {
		t.Fatalf("got %v, first row %v", d, d.X.RawRowView(0)[:4])
	}
}
