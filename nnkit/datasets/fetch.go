package datasets

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/nnkit-go/nnkit/nnkit/atomicfile"
)

// RemoteFile is one file of a Remote, pinned by size and SHA-256.
type RemoteFile struct {
	Name   string
	Size   int64
	SHA256 string
}

// Remote is a data set published as files on mirrors that serve the same bytes.
type Remote struct {
	Name    string   // the cache subdirectory, e.g. "mnist"
	Mirrors []string // base URLs ending in "/", tried in order
	Files   []RemoteFile
}

// MNIST's four files, with the sums TensorFlow, PyTorch and others pin.
var MNISTRemote = Remote{
	Name: "mnist",
	Mirrors: []string{
		"https://ossci-datasets.s3.amazonaws.com/mnist/",
		"https://storage.googleapis.com/cvdf-datasets/mnist/",
		"https://yann.lecun.com/exdb/mnist/",
	},
	Files: []RemoteFile{
		{"train-images-idx3-ubyte.gz", 9912422, "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"},
		{"train-labels-idx1-ubyte.gz", 28881, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"},
		{"t10k-images-idx3-ubyte.gz", 1648877, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"},
		{"t10k-labels-idx1-ubyte.gz", 4542, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"},
	},
}

// Fashion-MNIST's four files as Zalando publishes them. Debian's dataset-fashion-mnist
// recompresses them, so its copies are read with ReadMNIST, not fetched.
var FashionMNISTRemote = Remote{
	Name: "fashion-mnist",
	Mirrors: []string{
		"https://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
		"https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
	},
	Files: []RemoteFile{
		{"train-images-idx3-ubyte.gz", 26421880, "08dc20ab1689590a0bcd66e874647b6ee8464e2d501b5a3f1f78831db19a3fdc"},
		{"train-labels-idx1-ubyte.gz", 29515, "b0197879cbda89f3dc7b894f9fd52b858e68ea4182b6947c9d8c2b67e5f18dcc"},
		{"t10k-images-idx3-ubyte.gz", 4422102, "78dcbbfb5a27efaf1b6c1d616caca68560be8766c5bffcb2791df9273a534229"},
		{"t10k-labels-idx1-ubyte.gz", 5148, "42bd18137a62d5998cdeae52bf3a0676ac6b706f5cf8439b47bb5b151ae3dccf"},
	},
}

// Fetcher downloads Remotes into a cache directory. The zero value is ready to use.
type Fetcher struct {
	// Dir is the cache root; "" means CacheDir().
	Dir string
	// Client makes the requests; nil means http.DefaultClient.
	Client *http.Client
	// Progress, if set, is called as each file downloads, with the bytes so far and the
	// file's size.
	Progress func(file string, done, total int64)
}

// CacheDir is where fetched data lives by default: $NNKIT_DATA if set, otherwise the
// user's cache directory followed by "nnkit".
func CacheDir() (string, error) {
	if d := os.Getenv("NNKIT_DATA"); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("datasets: no cache directory (set NNKIT_DATA): %w", err)
	}
	return filepath.Join(d, "nnkit"), nil
}

// Fetch makes sure every file of r is in the cache, verified, and returns the directory
// holding them. A file already there is checked against its sum; a missing or bad one
// is downloaded from each mirror in turn into a temporary file, verified, and only then
// renamed into place, so the cache never holds an unverified file. A cached file that
// fails verification is renamed to <name>.corrupt first, not deleted.
//
// When no mirror delivers a file, the error lists every attempt and says exactly which
// files to put where to work offline.
func (f *Fetcher) Fetch(ctx context.Context, r Remote) (string, error) {
	root := f.Dir
	if root == "" {
		var err error
		if root, err = CacheDir(); err != nil {
			return "", err
		}
	}
	dir := filepath.Join(root, r.Name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("datasets: %w", err)
	}
	for _, file := range r.Files {
		dst := filepath.Join(dir, file.Name)
		switch err := Verify(dst, file); {
		case err == nil:
			continue
		case !errors.Is(err, fs.ErrNotExist):
			// Keep a bad file for inspection, but not under a name readers trust.
			if err := os.Rename(dst, dst+".corrupt"); err != nil {
				return "", fmt.Errorf("datasets: %s fails verification and cannot be moved aside: %w", dst, err)
			}
		}
		var attempts []string
		for _, m := range r.Mirrors {
			err := f.download(ctx, m+file.Name, dst, file)
			if err == nil {
				attempts = nil
				break
			}
			attempts = append(attempts, fmt.Sprintf("%s: %v", m+file.Name, err))
			if ctx.Err() != nil {
				return "", fmt.Errorf("datasets: fetching %s: %w", file.Name, ctx.Err())
			}
		}
		if attempts != nil {
			return "", &FetchError{Remote: r, Dir: dir, File: file.Name, Attempts: attempts}
		}
	}
	return dir, nil
}

// FetchError says which file could not be fetched, why, and how to supply it by hand.
type FetchError struct {
	Remote   Remote
	Dir      string
	File     string
	Attempts []string
}

func (e *FetchError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "datasets: could not fetch %s/%s from any mirror:\n", e.Remote.Name, e.File)
	for _, a := range e.Attempts {
		fmt.Fprintf(&b, "  %s\n", a)
	}
	fmt.Fprintf(&b, "To work offline, put these files (from any %s mirror) in %s:\n", e.Remote.Name, e.Dir)
	for _, f := range e.Remote.Files {
		fmt.Fprintf(&b, "  %s  %d bytes  sha256 %s\n", f.Name, f.Size, f.SHA256)
	}
	b.WriteString("or set NNKIT_DATA to a directory that has a " + e.Remote.Name + " folder holding them.")
	return b.String()
}

// Verify returns nil if path holds exactly the pinned bytes of want.
func Verify(path string, want RemoteFile) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	h := sha256.New()
	n, err := io.Copy(h, fh)
	if err != nil {
		return err
	}
	return check(n, h.Sum(nil), want)
}

func check(n int64, sum []byte, want RemoteFile) error {
	if n != want.Size {
		if n < want.Size {
			return fmt.Errorf("truncated: %d of %d bytes", n, want.Size)
		}
		return fmt.Errorf("%d bytes, want %d", n, want.Size)
	}
	if got := hex.EncodeToString(sum); got != want.SHA256 {
		return fmt.Errorf("sha256 %s, want %s", got, want.SHA256)
	}
	return nil
}

// download fetches url into a temporary file beside dst, verifies it and renames it to
// dst. On any failure the temporary file is removed and dst is untouched.
func (f *Fetcher) download(ctx context.Context, url, dst string, want RemoteFile) (err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	client := f.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %s", resp.Status)
	}
	return atomicfile.Write(dst, 0o644, func(file io.Writer) error {
		h := sha256.New()
		w := io.MultiWriter(file, h)
		var done int64
		buf := make([]byte, 64<<10)
		body := io.LimitReader(resp.Body, want.Size+1) // a longer body is wrong; read no more
		for {
			n, rerr := body.Read(buf)
			if n > 0 {
				if _, werr := w.Write(buf[:n]); werr != nil {
					return werr
				}
				done += int64(n)
				if f.Progress != nil {
					f.Progress(want.Name, done, want.Size)
				}
			}
			if rerr == io.EOF {
				break
			}
			if rerr != nil {
				return fmt.Errorf("after %d bytes: %w", done, rerr)
			}
		}
		return check(done, h.Sum(nil), want)
	})
}
