package fetch_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nnkit-go/nnkit/nnkit/datasets/fetch"
	"github.com/nnkit-go/nnkit/nnkit/datasets/internal/idxtest"
)

// testRemote serves two small files; each mirror's handler decides what it sends.
type testRemote struct {
	files    map[string][]byte
	requests atomic.Int64
}

func newTestRemote() *testRemote {
	return &testRemote{files: map[string][]byte{
		"a-images-idx3-ubyte.gz": idxtest.Gzip(idxtest.Bytes([]uint32{2, 2, 2}, []byte{1, 2, 3, 4, 5, 6, 7, 8})),
		"a-labels-idx1-ubyte.gz": idxtest.Gzip(idxtest.Bytes([]uint32{2}, []byte{3, 4})),
	}}
}

func (tr *testRemote) remote(mirrors ...string) fetch.Remote {
	r := fetch.Remote{Name: "toy", Mirrors: mirrors}
	for _, name := range []string{"a-images-idx3-ubyte.gz", "a-labels-idx1-ubyte.gz"} {
		sum := sha256.Sum256(tr.files[name])
		raw := gunzip(tr.files[name])
		rawSum := sha256.Sum256(raw)
		r.Files = append(r.Files, fetch.RemoteFile{Name: name, Size: int64(len(tr.files[name])), SHA256: hex.EncodeToString(sum[:]),
			Raw: int64(len(raw)), RawSHA256: hex.EncodeToString(rawSum[:])})
	}
	return r
}

// serve starts a mirror whose handler gets the file's true bytes.
func (tr *testRemote) serve(t *testing.T, h func(w http.ResponseWriter, body []byte)) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tr.requests.Add(1)
		body, ok := tr.files[filepath.Base(r.URL.Path)]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/"
}

func honest(w http.ResponseWriter, body []byte) { w.Write(body) }

// entries lists a directory's file names.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

func TestFetchDownloadsAndVerifies(t *testing.T) {
	tr := newTestRemote()
	root := t.TempDir()
	var last int64
	f := &fetch.Fetcher{Dir: root, Progress: func(_ string, done, total int64) {
		if done > total {
			t.Errorf("progress %d of %d", done, total)
		}
		last = done
	}}
	dir, err := f.Fetch(context.Background(), tr.remote(tr.serve(t, honest)))
	if err != nil {
		t.Fatal(err)
	}
	if got := entries(t, dir); strings.Join(got, " ") != "a-images-idx3-ubyte.gz a-labels-idx1-ubyte.gz" {
		t.Fatalf("cache holds %v", got)
	}
	if last == 0 {
		t.Fatal("no progress reported")
	}
	// A second fetch verifies what is there and downloads nothing.
	before := tr.requests.Load()
	if _, err := f.Fetch(context.Background(), tr.remote("http://127.0.0.1:1/")); err != nil {
		t.Fatal(err)
	}
	if tr.requests.Load() != before {
		t.Fatal("a verified cache was downloaded again")
	}
}

func TestFetchFailsOverToTheNextMirror(t *testing.T) {
	tr := newTestRemote()
	missing := tr.serve(t, func(w http.ResponseWriter, _ []byte) { http.Error(w, "gone", http.StatusNotFound) })
	dir, err := (&fetch.Fetcher{Dir: t.TempDir()}).Fetch(context.Background(), tr.remote(missing, tr.serve(t, honest)))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries(t, dir)) != 2 {
		t.Fatalf("cache holds %v", entries(t, dir))
	}
}

// TestFetchNeverCachesBadBytes: a checksum mismatch, a truncated body and an overlong
// body are each rejected, and nothing — not even a temporary file — is left behind.
func TestFetchNeverCachesBadBytes(t *testing.T) {
	tests := []struct {
		name  string
		serve func(w http.ResponseWriter, body []byte)
		want  string
	}{
		{"checksum mismatch", func(w http.ResponseWriter, body []byte) {
			bad := append([]byte{}, body...)
			bad[len(bad)/2] ^= 0xff
			w.Write(bad)
		}, "sha256"},
		{"truncated body", func(w http.ResponseWriter, body []byte) { w.Write(body[:len(body)-5]) }, "truncated"},
		{"overlong body", func(w http.ResponseWriter, body []byte) { w.Write(append(body, 0, 0)) }, "bytes, want"},
		{"connection cut", func(w http.ResponseWriter, body []byte) {
			w.Header().Set("Content-Length", "100000")
			w.Write(body[:10])
		}, "after 10 bytes"},
	}
	for _, tc := range tests {
		tr := newTestRemote()
		root := t.TempDir()
		_, err := (&fetch.Fetcher{Dir: root}).Fetch(context.Background(), tr.remote(tr.serve(t, tc.serve), tr.serve(t, tc.serve)))
		var fe *fetch.Error
		if !errors.As(err, &fe) || len(fe.Attempts) != 2 || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an Error with 2 attempts mentioning %q", tc.name, err, tc.want)
			continue
		}
		if got := entries(t, filepath.Join(root, "toy")); len(got) != 0 {
			t.Errorf("%s: cache holds %v after a failed fetch", tc.name, got)
		}
	}
}

// TestFetchAcceptsEveryLayoutAndRefusesBadBytes: a cached copy that is recompressed,
// decompressed or named with ".idx1-" verifies by its decompressed bytes and downloads
// nothing; a copy with other bytes is an error that names it and says what was expected
// and found, and it is left exactly as it was, never renamed or replaced.
func TestFetchAcceptsEveryLayoutAndRefusesBadBytes(t *testing.T) {
	tr := newTestRemote()
	raw := gunzip(tr.files["a-labels-idx1-ubyte.gz"])
	var recompressed bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&recompressed, gzip.BestSpeed)
	zw.Name = "another compressor's header"
	zw.Write(raw)
	zw.Close()
	tests := []struct {
		name, file string
		data       []byte
		want       string // "" when the copy verifies
	}{
		{"recompressed", "a-labels-idx1-ubyte.gz", recompressed.Bytes(), ""},
		{"decompressed", "a-labels-idx1-ubyte", raw, ""},
		{"dotted name", "a-labels.idx1-ubyte", raw, ""},
		{"other bytes", "a-labels-idx1-ubyte.gz", []byte("not it"), "is not a-labels-idx1-ubyte.gz: its data is 6 bytes with sha256"},
		{"other pixels", "a-labels-idx1-ubyte", append(raw[:len(raw)-1:len(raw)-1], 9), "want 10 bytes with sha256"},
		{"endless data", "a-labels-idx1-ubyte", append(raw, make([]byte, 1000)...), "its data is more than 10 bytes"},
	}
	for _, tc := range tests {
		root := t.TempDir()
		dir := filepath.Join(root, "toy")
		os.MkdirAll(dir, 0o755)
		path := filepath.Join(dir, tc.file)
		os.WriteFile(path, tc.data, 0o644)
		before := tr.requests.Load()
		_, err := (&fetch.Fetcher{Dir: root}).Fetch(context.Background(), tr.remote(tr.serve(t, honest)))
		downloads := tr.requests.Load() - before
		switch {
		case tc.want == "" && (err != nil || downloads != 1):
			t.Errorf("%s: %v, %d downloads; want the copy used and only the images fetched", tc.name, err, downloads)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path)):
			t.Errorf("%s: error %v, want one naming %s and saying %q", tc.name, err, path, tc.want)
		}
		if got, _ := os.ReadFile(path); !bytes.Equal(got, tc.data) {
			t.Errorf("%s: the copy was changed", tc.name)
		}
		if tc.want != "" && len(entries(t, dir)) != 1 && !(len(entries(t, dir)) == 2 && downloads == 1) {
			t.Errorf("%s: the directory holds %v", tc.name, entries(t, dir))
		}
	}
}

func gunzip(b []byte) []byte {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		panic(err)
	}
	out, _ := io.ReadAll(zr)
	return out
}

// TestFetchOfflineSaysWhatToDo: with no network the error names the directory, every
// file, its size and its sum.
func TestFetchOfflineSaysWhatToDo(t *testing.T) {
	offline := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		return nil, errors.New("dial tcp: lookup mirror: no such host")
	})}
	root := t.TempDir()
	_, err := (&fetch.Fetcher{Dir: root, Client: offline}).Fetch(context.Background(), fetch.MNISTRemote)
	if err == nil {
		t.Fatal("no error offline")
	}
	msg := err.Error()
	for _, want := range []string{"could not fetch mnist/train-images-idx3-ubyte.gz", "no such host",
		"put these files", filepath.Join(root, "mnist"), "t10k-labels-idx1-ubyte.gz  4542 bytes  sha256 f7ae60f9", "NNKIT_DATA"} {
		if !strings.Contains(msg, want) {
			t.Errorf("offline error lacks %q:\n%s", want, msg)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestFetchStopsOnCancel(t *testing.T) {
	tr := newTestRemote()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := (&fetch.Fetcher{Dir: t.TempDir()}).Fetch(ctx, tr.remote(tr.serve(t, honest)))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
}

func TestCacheDir(t *testing.T) {
	t.Setenv("NNKIT_DATA", "/data/here")
	if d, err := fetch.CacheDir(); err != nil || d != "/data/here" {
		t.Fatalf("got %q, %v", d, err)
	}
	t.Setenv("NNKIT_DATA", "")
	if d, err := fetch.CacheDir(); err != nil || filepath.Base(d) != "nnkit" {
		t.Fatalf("got %q, %v", d, err)
	}
}

func TestMNISTLooksInDirsThenTheCache(t *testing.T) {
	// A directory with files in MNIST's layout that are not MNIST: refused, saying why.
	dir := t.TempDir()
	idxtest.WriteMNIST(t, dir, "t10k", 30, true)
	if _, err := fetch.MNIST(context.Background(), "t10k", t.TempDir(), dir); err == nil ||
		!strings.Contains(err.Error(), filepath.Join(dir, "t10k-images-idx3-ubyte.gz")+" is not t10k-images-idx3-ubyte.gz") {
		t.Fatalf("a toy copy: got %v, want it refused by name", err)
	}
	// Not in any directory, and the cache is empty: Fetch runs. Point the cache at a
	// directory holding the verified upstream test files, if this machine has them.
	cache := t.TempDir()
	t.Setenv("NNKIT_DATA", cache)
	real := filepath.Join("..", "..", "..", "shared", "data", "mnist")
	if _, err := os.Stat(real); err == nil {
		os.MkdirAll(filepath.Join(cache, "mnist"), 0o755)
		for _, name := range []string{"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"} {
			b, _ := os.ReadFile(filepath.Join(real, name))
			os.WriteFile(filepath.Join(cache, "mnist", name), b, 0o644)
		}
		d, err := fetch.MNIST(context.Background(), "t10k")
		if err != nil || d.Len() != 10000 {
			t.Fatalf("from the cache: %v, %v", d, err)
		}
	}
	if _, err := fetch.MNIST(context.Background(), "valid"); err == nil {
		t.Fatal("bad split: no error")
	}
}

// TestFetchGivesUpOnAStalledMirror: a mirror that sends its headers and then a byte every
// so often, slower than IdleTimeout, is given up on, and the next mirror serves the file.
func TestFetchGivesUpOnAStalledMirror(t *testing.T) {
	tr := newTestRemote()
	stop := make(chan struct{})
	drip := tr.serve(t, func(w http.ResponseWriter, body []byte) {
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		w.WriteHeader(http.StatusOK)
		for _, b := range body {
			w.Write([]byte{b})
			w.(http.Flusher).Flush()
			select {
			case <-time.After(time.Second):
			case <-stop:
				return
			}
		}
	})
	t.Cleanup(func() { close(stop) }) // before the server's Close, which waits for the handler
	good := tr.serve(t, func(w http.ResponseWriter, body []byte) { w.Write(body) })
	f := &fetch.Fetcher{Dir: t.TempDir(), IdleTimeout: 200 * time.Millisecond}
	start := time.Now()
	if _, err := f.Fetch(context.Background(), tr.remote(drip, good)); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v: the stalled mirror was not given up on", d)
	}
}

// TestFetchRefusesNamesOutsideTheCache: "../" or a separator in a Remote's or a file's
// name is an error before anything is written.
func TestFetchRefusesNamesOutsideTheCache(t *testing.T) {
	tr := newTestRemote()
	for _, bad := range []func(*fetch.Remote){
		func(r *fetch.Remote) { r.Name = "../escape" },
		func(r *fetch.Remote) { r.Files[0].Name = "../../x.gz" },
		func(r *fetch.Remote) { r.Files[1].Name = "sub/x.gz" },
	} {
		r := tr.remote("http://127.0.0.1:1/")
		bad(&r)
		dir := t.TempDir()
		_, err := (&fetch.Fetcher{Dir: dir}).Fetch(context.Background(), r)
		if err == nil || !strings.Contains(err.Error(), "must be a plain file name") {
			t.Errorf("%+v: %v", r, err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("wrote %v", entries)
		}
	}
}

// TestFetchTriesNNKITMirrorFirst: NNKIT_MIRROR's URL is tried before the Remote's own.
func TestFetchTriesNNKITMirrorFirst(t *testing.T) {
	tr := newTestRemote()
	local := tr.serve(t, func(w http.ResponseWriter, body []byte) { w.Write(body) })
	t.Setenv(fetch.MirrorEnv, strings.TrimSuffix(local, "/"))
	if _, err := (&fetch.Fetcher{Dir: t.TempDir()}).Fetch(context.Background(), tr.remote("http://127.0.0.1:1/")); err != nil {
		t.Fatal(err)
	}
	t.Setenv(fetch.MirrorEnv, "ftp://nope")
	if _, err := (&fetch.Fetcher{Dir: t.TempDir()}).Fetch(context.Background(), tr.remote(local)); err == nil || !strings.Contains(err.Error(), "not an http(s) URL") {
		t.Errorf("ftp mirror: %v", err)
	}
}

// TestFetchRemovesStaleParts: a killed download's temporary file older than StalePart
// goes; a fresh one, maybe another process's download, stays.
func TestFetchRemovesStaleParts(t *testing.T) {
	tr := newTestRemote()
	srv := tr.serve(t, func(w http.ResponseWriter, body []byte) { w.Write(body) })
	root := t.TempDir()
	dir := filepath.Join(root, "toy")
	os.MkdirAll(dir, 0o755)
	stale, fresh := filepath.Join(dir, ".a-images-idx3-ubyte.gz.part-123"), filepath.Join(dir, ".a-labels-idx1-ubyte.gz.part-456")
	os.WriteFile(stale, []byte("half"), 0o644)
	os.WriteFile(fresh, []byte("half"), 0o644)
	old := time.Now().Add(-2 * fetch.StalePart)
	os.Chtimes(stale, old, old)
	if _, err := (&fetch.Fetcher{Dir: root}).Fetch(context.Background(), tr.remote(srv)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale part still there: %v", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("fresh part removed: %v", err)
	}
}

// TestFetchConcurrentOnACorruptFile: processes that find the same corrupt file at once
// each refuse it with the reason, and the file stays as it was.
func TestFetchConcurrentOnACorruptFile(t *testing.T) {
	tr := newTestRemote()
	root := t.TempDir()
	dir := filepath.Join(root, "toy")
	os.MkdirAll(dir, 0o755)
	bad := filepath.Join(dir, "a-images-idx3-ubyte.gz")
	os.WriteFile(bad, []byte("not the file"), 0o644)
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			_, err := (&fetch.Fetcher{Dir: root}).Fetch(context.Background(), tr.remote("http://127.0.0.1:1/"))
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err == nil || !strings.Contains(err.Error(), "it is left as it is") {
			t.Errorf("concurrent fetch: %v", err)
		}
	}
	if b, _ := os.ReadFile(bad); string(b) != "not the file" {
		t.Errorf("the corrupt file was changed: %q", b)
	}
}
