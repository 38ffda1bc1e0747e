package datasets_test

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/datasets/internal/idxtest"
)

func TestReadIDX(t *testing.T) {
	good := idxtest.Bytes([]uint32{2, 3}, []byte{1, 2, 3, 4, 5, 6})
	for _, in := range [][]byte{good, idxtest.Gzip(good)} {
		x, err := datasets.ReadIDX(bytes.NewReader(in))
		if err != nil || len(x.Dims) != 2 || x.Dims[1] != 3 || x.Data[5] != 6 {
			t.Fatalf("got %+v, %v", x, err)
		}
	}
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "not an IDX file"},
		{"text", []byte("hello, world"), "not an IDX file: magic"},
		{"float type", append([]byte{0, 0, 0x0D, 1, 0, 0, 0, 1}, 0, 0, 0, 0), "element type 0x0d is not supported"},
		{"no dims", []byte{0, 0, 8, 0}, "no dimensions"},
		{"zero dim", idxtest.Bytes([]uint32{0}, nil), "size 0"},
		{"huge dims", idxtest.Bytes([]uint32{1 << 20, 1 << 20}, nil), "over"},
		{"short header", []byte{0, 0, 8, 2, 0, 0}, "dimension 0"},
		{"truncated", good[:len(good)-2], "truncated: 4 of 6 data bytes"},
		{"trailing", append(append([]byte{}, good...), 9), "there is more"},
		{"truncated gzip", idxtest.Gzip(good)[:20], "IDX"},
		{"bad gzip", []byte{0x1f, 0x8b, 1, 2, 3}, "gzip"},
	}
	for _, tc := range tests {
		_, err := datasets.ReadIDX(bytes.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}

func FuzzReadIDX(f *testing.F) {
	good := idxtest.Bytes([]uint32{2, 2, 2}, []byte{1, 2, 3, 4, 5, 6, 7, 8})
	f.Add(good)
	f.Add(idxtest.Gzip(good))
	f.Add(idxtest.Bytes([]uint32{3}, []byte{0, 1, 2}))
	f.Add([]byte{0, 0, 8, 1, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		x, err := datasets.ReadIDX(bytes.NewReader(b))
		if err != nil {
			return
		}
		size := 1
		for _, d := range x.Dims {
			size *= d
		}
		if size != len(x.Data) {
			t.Fatalf("dims %v but %d bytes", x.Dims, len(x.Data))
		}
	})
}

func TestReadMNIST(t *testing.T) {
	for _, compress := range []bool{true, false} {
		dir := t.TempDir()
		idxtest.WriteMNIST(t, dir, "t10k", 12, compress)
		d, err := datasets.ReadMNIST(dir, "t10k")
		if err != nil {
			t.Fatal(err)
		}
		if d.Len() != 12 || d.NumFeatures() != 784 || d.Labels[11] != 1 || d.X.At(3, 100) != 3.0/255 {
			t.Fatalf("compress %v: got %v, X[3][100] = %v", compress, d, d.X.At(3, 100))
		}
	}
	dir := t.TempDir()
	if _, err := datasets.ReadMNIST(dir, "train"); err == nil || !strings.Contains(err.Error(), "has none of train-images-idx3-ubyte.gz, train-images-idx3-ubyte, train-images.idx3-ubyte.gz or train-images.idx3-ubyte") {
		t.Errorf("missing files: got %v", err)
	}
	if _, err := datasets.ReadMNIST(dir, "test"); err == nil || !strings.Contains(err.Error(), `want "train" or "t10k"`) {
		t.Errorf("bad split: got %v", err)
	}
	// Labels that do not match the images, and a label that is not a digit.
	idxtest.WriteMNIST(t, dir, "train", 5, false)
	os.WriteFile(filepath.Join(dir, "train-labels-idx1-ubyte"), idxtest.Bytes([]uint32{4}, []byte{1, 2, 3, 4}), 0o644)
	if _, err := datasets.ReadMNIST(dir, "train"); err == nil || !strings.Contains(err.Error(), "has 5 images but") {
		t.Errorf("label count: got %v", err)
	}
	os.WriteFile(filepath.Join(dir, "train-labels-idx1-ubyte"), idxtest.Bytes([]uint32{5}, []byte{1, 2, 3, 4, 12}), 0o644)
	if _, err := datasets.ReadMNIST(dir, "train"); err == nil || !strings.Contains(err.Error(), "label 12 of item 4") {
		t.Errorf("bad label: got %v", err)
	}
	os.WriteFile(filepath.Join(dir, "train-images-idx3-ubyte"), idxtest.Bytes([]uint32{5, 28, 28}, make([]byte, 100)), 0o644)
	if _, err := datasets.ReadMNIST(dir, "train"); err == nil || !strings.Contains(err.Error(), "train-images-idx3-ubyte: truncated") {
		t.Errorf("truncated file: got %v", err)
	}
}

// FuzzReadMNIST: whatever bytes the two files of a split hold, gzipped or not, ReadMNIST
// returns an error or a consistent data set, and never panics.
func FuzzReadMNIST(f *testing.F) {
	img := idxtest.Bytes([]uint32{2, 2, 2}, []byte{1, 2, 3, 4, 5, 6, 7, 8})
	lbl := idxtest.Bytes([]uint32{2}, []byte{3, 4})
	f.Add(img, lbl, false)
	f.Add(idxtest.Gzip(img), idxtest.Gzip(lbl), true)
	f.Add(img, idxtest.Bytes([]uint32{3}, []byte{1, 2, 3}), false)
	f.Add(idxtest.Bytes([]uint32{1, 1, 1}, []byte{255}), idxtest.Bytes([]uint32{1}, []byte{10}), false)
	// One directory per fuzzing process, rewritten by each input: a fresh t.TempDir for
	// every execution made them slow enough that shrinking ran out of its time.
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, images, labels []byte, gzipped bool) {
		for _, n := range []string{"train-images-idx3-ubyte", "train-labels-idx1-ubyte"} {
			os.Remove(filepath.Join(dir, n))
			os.Remove(filepath.Join(dir, n+".gz"))
		}
		suffix := ""
		if gzipped {
			suffix = ".gz"
		}
		os.WriteFile(filepath.Join(dir, "train-images-idx3-ubyte"+suffix), images, 0o644)
		os.WriteFile(filepath.Join(dir, "train-labels-idx1-ubyte"+suffix), labels, 0o644)
		d, err := datasets.ReadMNIST(dir, "train")
		if err != nil {
			return
		}
		if r, _ := d.X.Dims(); r != len(d.Labels) {
			t.Fatalf("%d images, %d labels", r, len(d.Labels))
		}
		for _, v := range d.X.RawMatrix().Data {
			if v < 0 || v > 1 {
				t.Fatalf("pixel %v outside [0, 1]", v)
			}
		}
		for _, l := range d.Labels {
			if l < 0 || l > 9 {
				t.Fatalf("label %d", l)
			}
		}
	})
}

// TestReadMNISTBoundsAGzipBomb: 200 000 blank images, 157 MB in a 150 KB gzip, are refused
// from the header, before any of it is decompressed, let alone made float64.
func TestReadMNISTBoundsAGzipBomb(t *testing.T) {
	dir := t.TempDir()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(idxtest.Bytes([]uint32{200000, 28, 28}, nil))
	zw.Write(make([]byte, 200000*28*28))
	zw.Close()
	os.WriteFile(filepath.Join(dir, "train-images-idx3-ubyte.gz"), b.Bytes(), 0o644)
	os.WriteFile(filepath.Join(dir, "train-labels-idx1-ubyte"), idxtest.Bytes([]uint32{200000}, make([]byte, 200000)), 0o644)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := datasets.ReadMNIST(dir, "train")
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "over 134217728 bytes") {
		t.Fatalf("%d-byte bomb: %v", b.Len(), err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("reading a %d-byte bomb allocated %d MB", b.Len(), alloc>>20)
	}
}
