package fetch_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/datasets/fetch"
	"github.com/nnkit-go/nnkit/nnkit/datasets/internal/idxtest"
)

// Fetch downloads each file once, verifies it against its pinned sum, and reuses it.
func ExampleFetcher_Fetch() {
	file := []byte{0, 0, 8, 1, 0, 0, 0, 2, 7, 9} // an IDX file of two labels
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write(file) }))
	defer srv.Close()
	sum := sha256.Sum256(file)
	remote := fetch.Remote{Name: "toy", Mirrors: []string{srv.URL + "/"},
		Files: []fetch.RemoteFile{{Name: "labels-idx1-ubyte", Size: int64(len(file)), SHA256: hex.EncodeToString(sum[:])}}}

	cache, _ := os.MkdirTemp("", "cache")
	defer os.RemoveAll(cache)
	f := &fetch.Fetcher{Dir: cache}
	dir, err := f.Fetch(context.Background(), remote)
	fmt.Println(filepath.Base(dir), err)
	x, _ := datasets.ReadIDXFile(filepath.Join(dir, "labels-idx1-ubyte"))
	fmt.Println(x.Data)
	// Output:
	// toy <nil>
	// [7 9]
}

func ExampleVerify() {
	err := fetch.Verify(filepath.Join(os.TempDir(), "absent.gz"), fetch.MNISTRemote.Files[0])
	fmt.Println(os.IsNotExist(err))
	// Output:
	// true
}

func ExampleCacheDir() {
	os.Setenv("NNKIT_DATA", "/srv/nnkit-data")
	defer os.Unsetenv("NNKIT_DATA")
	d, _ := fetch.CacheDir()
	fmt.Println(d)
	// Output:
	// /srv/nnkit-data
}

// MNIST reads a split from the first directory that has it, and downloads it into the
// cache only when none does. Every copy is verified first: files in MNIST's layout that
// are not MNIST's bytes are refused, by name.
func ExampleMNIST() {
	dir, _ := os.MkdirTemp("", "mnist")
	defer os.RemoveAll(dir)
	idxtest.WriteToy(dir)
	_, err := fetch.MNIST(context.Background(), "t10k", dir)
	fmt.Println(strings.Contains(err.Error(), "t10k-images-idx3-ubyte.gz is not t10k-images-idx3-ubyte.gz: its data is 15696 bytes"))
	// Output:
	// true
}

// FashionMNIST verifies its copies as MNIST does, Debian's recompressed ones included.
func ExampleFashionMNIST() {
	dir, _ := os.MkdirTemp("", "fashion")
	defer os.RemoveAll(dir)
	idxtest.WriteToy(dir)
	_, err := fetch.FashionMNIST(context.Background(), "t10k", dir)
	fmt.Println(strings.Contains(err.Error(), "want 7840016 bytes with sha256 5b4141f0"))
	// Output:
	// true
}

func ExampleError() {
	err := &fetch.Error{Remote: fetch.MNISTRemote, Dir: "/home/me/.cache/nnkit/mnist",
		File: "train-images-idx3-ubyte.gz", Attempts: []string{"mirror: no such host"}}
	fmt.Println(strings.Split(err.Error(), "\n")[2])
	// Output:
	// To work offline, put these files (from any mnist mirror) in /home/me/.cache/nnkit/mnist:
}

// A class behind a proxy puts its own copy first: NNKIT_MIRROR=http://server/mnist/. A
// mirror that sends nothing for DefaultIdleTimeout is given up on for the next.
func ExampleMirrorEnv() {
	fmt.Println(fetch.MirrorEnv, fetch.DefaultIdleTimeout, fetch.ConnectTimeout, fetch.StalePart)
	// Output:
	// NNKIT_MIRROR 30s 10s 1h0m0s
}
