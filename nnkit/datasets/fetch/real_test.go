package fetch_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/datasets/fetch"
	"github.com/nnkit-go/nnkit/nnkit/datasets/internal/idxtest"
)

// TestRealMNISTVerifies: the real MNIST test set in ../shared passes Fetch's
// verification: they are the pinned upstream bytes.
func TestRealMNISTVerifies(t *testing.T) {
	for _, f := range fetch.MNISTRemote.Files[2:] {
		if err := fetch.Verify(filepath.Join(idxtest.Shared(t, "mnist"), f.Name), f); err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
	}
}

// TestRealMNISTInEveryLayout: MNIST's real files, as ../shared has them (the test set as
// the original .gz, the training set decompressed), and copies recompressed, decompressed
// and named with ".idx3-", all verify by their decompressed bytes and load as MNIST's
// 60 000 and 10 000 images; every file is left as it was.
func TestRealMNISTInEveryLayout(t *testing.T) {
	src := idxtest.Shared(t, "mnist")
	if testing.Short() {
		t.Skip("-short: recompressing 47 MB of images")
	}
	layouts := map[string]func(name string, raw []byte) (string, []byte){
		"recompressed": func(name string, raw []byte) (string, []byte) {
			var b bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
			zw.Write(raw)
			zw.Close()
			return name + ".gz", b.Bytes()
		},
		"decompressed, dotted": func(name string, raw []byte) (string, []byte) {
			return strings.Replace(name, "-idx", ".idx", 1), raw
		},
	}
	raws := map[string][]byte{}
	for _, f := range fetch.MNISTRemote.Files {
		p, ok := datasets.Locate(src, f.Name)
		if !ok {
			t.Fatalf("%s: no %s", src, f.Name)
		}
		idx, err := datasets.ReadIDXFile(p)
		if err != nil {
			t.Fatal(err)
		}
		raws[strings.TrimSuffix(f.Name, ".gz")] = idxBytesOf(idx)
	}
	for name, layout := range layouts {
		dir := t.TempDir()
		written := map[string][]byte{}
		for base, raw := range raws {
			file, b := layout(base, raw)
			os.WriteFile(filepath.Join(dir, file), b, 0o444)
			written[file] = b
		}
		for split, n := range map[string]int{"train": 60000, "t10k": 10000} {
			d, err := fetch.MNIST(context.Background(), split, dir)
			if err != nil || d.Len() != n {
				t.Fatalf("%s %s: %v, %v", name, split, d, err)
			}
		}
		for file, b := range written {
			if got, _ := os.ReadFile(filepath.Join(dir, file)); !bytes.Equal(got, b) {
				t.Errorf("%s: %s was changed", name, file)
			}
		}
	}
	for split, n := range map[string]int{"train": 60000, "t10k": 10000} {
		if d, err := fetch.MNIST(context.Background(), split, src); err != nil || d.Len() != n {
			t.Fatalf("../shared as it is, %s: %v, %v", split, d, err)
		}
	}
}

// idxBytesOf writes an IDX file back as bytes, as MNIST's decompressed files hold it.
func idxBytesOf(x *datasets.IDX) []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, 0x08, byte(len(x.Dims))})
	for _, d := range x.Dims {
		binary.Write(&b, binary.BigEndian, uint32(d))
	}
	b.Write(x.Data)
	return b.Bytes()
}

// TestRealFashionMNIST reads Debian's dataset-fashion-mnist when installed: recompressed
// copies of Zalando's files, which verify by their decompressed bytes.
func TestRealFashionMNIST(t *testing.T) {
	dir := "/usr/share/datasets/fashion-mnist"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("real data absent: %s (apt-get install dataset-fashion-mnist)", dir)
	}
	for split, n := range map[string]int{"train": 60000, "t10k": 10000} {
		d, err := fetch.FashionMNIST(context.Background(), split)
		if err != nil {
			t.Fatal(err)
		}
		if d.Len() != n || d.Classes[9] != "Ankle boot" {
			t.Fatalf("%s: %v", split, d)
		}
		for k, c := range d.Counts() {
			if c != n/10 { // Fashion-MNIST is balanced
				t.Fatalf("%s: class %d has %d images", split, k, c)
			}
		}
	}
}
