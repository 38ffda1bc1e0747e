// Package idxtest writes small IDX and MNIST-layout files for the tests of datasets and
// fetch, and finds the project's real data beside the repository.
package idxtest

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

// Bytes builds an IDX file of unsigned bytes with the given dimensions and data.
func Bytes(dims []uint32, data []byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, 0x08, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, d)
	}
	b.Write(data)
	return b.Bytes()
}

// Gzip compresses b.
func Gzip(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

// WriteMNIST writes a tiny MNIST-format split into dir: n images of 28×28 whose pixels
// are the image index, and labels i%10.
func WriteMNIST(t *testing.T, dir, split string, n int, compress bool) {
	t.Helper()
	img := make([]byte, n*784)
	lbl := make([]byte, n)
	for i := range n {
		for p := range 784 {
			img[i*784+p] = byte(i)
		}
		lbl[i] = byte(i % 10)
	}
	files := map[string][]byte{
		split + "-images-idx3-ubyte": Bytes([]uint32{uint32(n), 28, 28}, img),
		split + "-labels-idx1-ubyte": Bytes([]uint32{uint32(n)}, lbl),
	}
	for name, b := range files {
		if compress {
			name, b = name+".gz", Gzip(b)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// WriteToy writes the examples' 20-image MNIST-format test split, whose image i is all
// i/255: the images compressed, the labels not.
func WriteToy(dir string) {
	img := make([]byte, 0, 20*784)
	lbl := make([]byte, 20)
	for i := range 20 {
		img = append(img, bytes.Repeat([]byte{byte(i)}, 784)...)
		lbl[i] = byte(i % 10)
	}
	os.WriteFile(filepath.Join(dir, "t10k-images-idx3-ubyte.gz"), Gzip(Bytes([]uint32{20, 28, 28}, img)), 0o644)
	os.WriteFile(filepath.Join(dir, "t10k-labels-idx1-ubyte"), Bytes([]uint32{20}, lbl), 0o644)
}

// Shared returns a path under the project's shared data, ../shared/data beside the
// repository (found as the directory above the one holding go.mod), or skips the test
// with a message saying what is missing.
func Shared(t *testing.T, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = up
	}
	p := filepath.Join(filepath.Dir(dir), "shared", "data", rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("real data absent: %s not found (the project's ../shared/data); nothing downloaded", p)
	}
	return p
}
