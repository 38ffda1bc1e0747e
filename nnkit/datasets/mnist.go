package datasets

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// FashionClasses are Fashion-MNIST's class names, in label order.
var FashionClasses = []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}

// ReadMNIST reads one split ("train" or "t10k") of MNIST or Fashion-MNIST from dir: the
// files <split>-images-idx3-ubyte and <split>-labels-idx1-ubyte, gzipped (.gz) or raw,
// and named with "-idx3-" or ".idx3-" (see Locate). It reads any files in that layout;
// MNIST and FashionMNIST verify theirs first. Pixels are scaled to [0, 1] (value/255),
// one 784-pixel image per row, row by row. Errors name the file and what is wrong with it.
func ReadMNIST(dir, split string) (*Dataset, error) {
	if split != "train" && split != "t10k" {
		return nil, fmt.Errorf("datasets: ReadMNIST: split %q, want \"train\" or \"t10k\"", split)
	}
	imgPath, err := findIDX(dir, split+"-images-idx3-ubyte")
	if err != nil {
		return nil, err
	}
	lblPath, err := findIDX(dir, split+"-labels-idx1-ubyte")
	if err != nil {
		return nil, err
	}
	img, err := readIDXFile(imgPath, maxPixels) // one byte a pixel: refused from the header
	if err != nil {
		return nil, err
	}
	lbl, err := readIDXFile(lblPath, maxPixels)
	if err != nil {
		return nil, err
	}
	if len(img.Dims) != 3 {
		return nil, fmt.Errorf("datasets: %s: dimensions %v, want images × rows × columns", imgPath, img.Dims)
	}
	if len(lbl.Dims) != 1 {
		return nil, fmt.Errorf("datasets: %s: dimensions %v, want one label per image", lblPath, lbl.Dims)
	}
	n, pixels := img.Dims[0], img.Dims[1]*img.Dims[2]
	if lbl.Dims[0] != n {
		return nil, fmt.Errorf("datasets: %s has %d images but %s has %d labels", imgPath, n, lblPath, lbl.Dims[0])
	}
	labels := make([]int, n)
	for i, l := range lbl.Data {
		if l > 9 {
			return nil, fmt.Errorf("datasets: %s: label %d of item %d is not a digit class 0–9", lblPath, l, i)
		}
		labels[i] = int(l)
	}
	x := mat.NewDense(n, pixels, nil)
	raw := x.RawMatrix().Data
	for i, p := range img.Data {
		raw[i] = float64(p) / 255
	}
	return &Dataset{Name: filepath.Base(dir) + "/" + split, X: x, Labels: labels, Classes: numbered(10)}, nil
}

// maxPixels bounds ReadMNIST's matrix: MNIST's training set has 47 million pixels.
const maxPixels = 1 << 27

// ReadFashionMNIST is ReadMNIST with Fashion-MNIST's class names.
func ReadFashionMNIST(dir, split string) (*Dataset, error) {
	d, err := ReadMNIST(dir, split)
	if err != nil {
		return nil, err
	}
	d.Classes = FashionClasses
	return d, nil
}

// Locate returns the path in dir of the file published as name (such as
// "train-images-idx3-ubyte.gz"), under any of the names copies go by: compressed or not,
// and "-idx3-" or ".idx3-" ("train-images.idx3-ubyte"), in that order of preference.
func Locate(dir, name string) (string, bool) {
	base := strings.TrimSuffix(name, ".gz")
	dotted := strings.Replace(base, "-idx", ".idx", 1)
	for _, n := range []string{base + ".gz", base, dotted + ".gz", dotted} {
		p := filepath.Join(dir, n)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, true
		}
	}
	return "", false
}

// findIDX returns the path of the file base in dir, under any name Locate accepts.
func findIDX(dir, base string) (string, error) {
	if p, ok := Locate(dir, base+".gz"); ok {
		return p, nil
	}
	dotted := strings.Replace(base, "-idx", ".idx", 1)
	return "", fmt.Errorf("datasets: %s has none of %s.gz, %s, %s.gz or %s: %w", dir, base, base, dotted, dotted, fs.ErrNotExist)
}

// Ex3Digits builds a set like Andrew Ng's ex3data1 (5000 handwritten digits of 20×20
// pixels, 500 per class, sorted by class) from real MNIST images: the first perClass
// images of each digit in src's order, each area-averaged from 28×28 down to 20×20.
// Ng's set came from MNIST too, but by its own preprocessing, so pixel values differ;
// its labels 1…10 (10 for zero) are 0…9 here.
func Ex3Digits(src *Dataset, perClass int) (*Dataset, error) {
	if src.NumFeatures() != 28*28 {
		return nil, fmt.Errorf("datasets: Ex3Digits: %s has %d pixels per image, want 784", src.Name, src.NumFeatures())
	}
	picked := make([][]int, 10)
	for i, l := range src.Labels {
		if l < 10 && len(picked[l]) < perClass {
			picked[l] = append(picked[l], i)
		}
	}
	var idx []int
	for digit, p := range picked {
		if len(p) < perClass {
			return nil, fmt.Errorf("datasets: Ex3Digits: %s has %d images of %d, want %d", src.Name, len(p), digit, perClass)
		}
		idx = append(idx, p...)
	}
	sub := src.Subset(idx)
	return &Dataset{Name: "ex3-style digits 20×20", X: Downsample(sub.X, 28, 20), Labels: sub.Labels, Classes: numbered(10)}, nil
}

// Downsample shrinks square images (one per row of x, side×side pixels row by row) to
// to×to by area averaging: each output pixel is the mean of the input area it covers,
// partial pixels weighted by their overlap.
func Downsample(x mat.Matrix, side, to int) *mat.Dense {
	rows, cols := x.Dims()
	if cols != side*side || to < 1 || to > side {
		panic(fmt.Sprintf("datasets: Downsample: %d columns from %d×%d to %d×%d", cols, side, side, to, to))
	}
	// weights[o][i] is how much input row (or column) i covers of output o, normalised.
	weights := make([][]float64, to)
	scale := float64(side) / float64(to)
	for o := range weights {
		weights[o] = make([]float64, side)
		lo, hi := float64(o)*scale, float64(o+1)*scale
		for i := range side {
			a, b := max(lo, float64(i)), min(hi, float64(i+1))
			if b > a {
				weights[o][i] = (b - a) / scale
			}
		}
	}
	out := mat.NewDense(rows, to*to, nil)
	tmp := make([]float64, to*side) // rows averaged first, then columns
	for r := range rows {
		for o := range to {
			for j := range side {
				var s float64
				for i, w := range weights[o] {
					if w != 0 {
						s += w * x.At(r, i*side+j)
					}
				}
				tmp[o*side+j] = s
			}
		}
		for o := range to {
			for p := range to {
				var s float64
				for j, w := range weights[p] {
					if w != 0 {
						s += w * tmp[o*side+j]
					}
				}
				out.Set(r, o*to+p, s)
			}
		}
	}
	return out
}
