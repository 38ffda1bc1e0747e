// Package fetch finds the published data sets that the tutorials train on (MNIST and
// Fashion-MNIST) on disk, or downloads them into a cache, verified against pinned sizes
// and SHA-256 sums. It is apart from datasets so that a program that does not download,
// such as every notebook cell that imports kernelext, does not link net/http.
package fetch

import (
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/nnkit-go/nnkit/nnkit/atomicfile"
	"github.com/nnkit-go/nnkit/nnkit/datasets"
)

// RemoteFile is one file of a Remote, pinned by size and SHA-256, both of the file as
// published (a .gz) and of its decompressed bytes (Raw, RawSHA256): the bytes that
// matter, the same whichever compressor wrote a copy, or none.
type RemoteFile struct {
	Name      string
	Size      int64
	SHA256    string
	Raw       int64
	RawSHA256 string
}

// Remote is a data set published as files on mirrors that serve the same bytes.
type Remote struct {
	Name    string   // the cache subdirectory, e.g. "mnist"
	Mirrors []string // base URLs ending in "/", tried in order
	Files   []RemoteFile
}

// MNIST's four files, with the sums TensorFlow, PyTorch and others pin for the .gz
// files and, for the decompressed files, the sums public MNIST tooling pins (train) or
// that the pinned .gz files decompress to (t10k).
var MNISTRemote = Remote{
	Name: "mnist",
	Mirrors: []string{
		"https://ossci-datasets.s3.amazonaws.com/mnist/",
		"https://storage.googleapis.com/cvdf-datasets/mnist/",
		"https://yann.lecun.com/exdb/mnist/",
	},
	Files: []RemoteFile{
		{"train-images-idx3-ubyte.gz", 9912422, "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
			47040016, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"},
		{"train-labels-idx1-ubyte.gz", 28881, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
			60008, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"},
		{"t10k-images-idx3-ubyte.gz", 1648877, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
			7840016, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"},
		{"t10k-labels-idx1-ubyte.gz", 4542, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
			10008, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"},
	},
}

// Fashion-MNIST's four files as Zalando publishes them. The decompressed sums are those
// of Debian's dataset-fashion-mnist, whose .gz files are Zalando's recompressed (each
// 24 bytes shorter, the stored file name dropped), so its copies verify too.
var FashionMNISTRemote = Remote{
	Name: "fashion-mnist",
	Mirrors: []string{
		"https://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
		"https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
	},
	Files: []RemoteFile{
		{"train-images-idx3-ubyte.gz", 26421880, "08dc20ab1689590a0bcd66e874647b6ee8464e2d501b5a3f1f78831db19a3fdc",
			47040016, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"},
		{"train-labels-idx1-ubyte.gz", 29515, "b0197879cbda89f3dc7b894f9fd52b858e68ea4182b6947c9d8c2b67e5f18dcc",
			60008, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"},
		{"t10k-images-idx3-ubyte.gz", 4422102, "78dcbbfb5a27efaf1b6c1d616caca68560be8766c5bffcb2791df9273a534229",
			7840016, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"},
		{"t10k-labels-idx1-ubyte.gz", 5148, "42bd18137a62d5998cdeae52bf3a0676ac6b706f5cf8439b47bb5b151ae3dccf",
			10008, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"},
	},
}

// Fetcher downloads Remotes into a cache directory. The zero value is ready to use.
type Fetcher struct {
	// Dir is the cache root; "" means CacheDir().
	Dir string
	// Client makes the requests; nil means one that gives up connecting after
	// ConnectTimeout and waiting for a response's headers after IdleTimeout.
	Client *http.Client
	// IdleTimeout is how long a mirror may send nothing before Fetch gives up on it and
	// tries the next; 0 means DefaultIdleTimeout. A context deadline bounds the whole
	// fetch, every mirror included.
	IdleTimeout time.Duration
	// Progress, if set, is called as each file downloads, with the bytes so far and the
	// file's size.
	Progress func(file string, done, total int64)
}

// DefaultIdleTimeout is Fetcher.IdleTimeout's value when unset, and ConnectTimeout bounds
// a connection's set-up (dial and TLS handshake) with the default client.
const (
	DefaultIdleTimeout = 30 * time.Second
	ConnectTimeout     = 10 * time.Second
)

// StalePart is the age after which a download's temporary file (".<name>.part-*"), left
// by a process that was killed, is removed by the next Fetch.
const StalePart = time.Hour

// MirrorEnv names the environment variable whose comma-separated base URLs Fetch tries
// before a Remote's own mirrors: a class's local copy, or one behind a proxy.
const MirrorEnv = "NNKIT_MIRROR"

var defaultClient = &http.Client{Transport: &http.Transport{
	Proxy:                 http.ProxyFromEnvironment,
	DialContext:           (&net.Dialer{Timeout: ConnectTimeout}).DialContext,
	TLSHandshakeTimeout:   ConnectTimeout,
	ResponseHeaderTimeout: DefaultIdleTimeout,
}}

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
// holding them. A file already there, under its name or another layout's (see Locate),
// is verified (see Verify); a missing one is downloaded from each mirror in turn into a
// temporary file, verified, and only then renamed into place, so the cache never holds
// an unverified file. A file there that fails verification is an error that says why;
// Fetch neither uses it nor renames or deletes it, since someone may have put it there.
//
// When no mirror delivers a file, the error lists every attempt and says exactly which
// files to put where to work offline.
func (f *Fetcher) Fetch(ctx context.Context, r Remote) (string, error) {
	if err := r.validNames(); err != nil {
		return "", err
	}
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
	removeStaleParts(dir)
	mirrors, err := withEnvMirrors(r.Mirrors)
	if err != nil {
		return "", err
	}
	for _, file := range r.Files {
		dst := filepath.Join(dir, file.Name)
		if have, ok := datasets.Locate(dir, file.Name); ok {
			if err := Verify(have, file); err != nil {
				return "", fmt.Errorf("datasets: %w; it is left as it is: remove it, or put a verified copy there", err)
			}
			continue
		}
		var attempts []string
		for _, m := range mirrors {
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
			return "", &Error{Remote: r, Dir: dir, File: file.Name, Attempts: attempts}
		}
	}
	return dir, nil
}

// Error says which file could not be fetched, why, and how to supply it by hand.
type Error struct {
	Remote   Remote
	Dir      string
	File     string
	Attempts []string
}

func (e *Error) Error() string {
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

// Verify returns nil if path holds want: the pinned file byte for byte, or any file,
// gzipped or not, whose decompressed bytes are want's (Raw, RawSHA256). Decompression
// stops past want.Raw bytes, so a file that inflates without end costs no more. Its
// error names the path and says what was expected and what was found.
func Verify(path string, want RemoteFile) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	file := sha256.New()
	br := bufio.NewReader(io.TeeReader(fh, file))
	raw := sha256.New()
	var n int64
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("%s: gzip: %w", path, err)
		}
		n, err = io.Copy(raw, io.LimitReader(zr, want.Raw+1))
		if err != nil {
			return fmt.Errorf("%s: gzip: %w", path, err)
		}
	} else if n, err = io.Copy(raw, br); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	size, err := io.Copy(file, fh) // the rest of a compressed file, for its own sum
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if st, err := fh.Stat(); err == nil {
		size = st.Size()
	}
	if check(size, file.Sum(nil), want) == nil {
		return nil
	}
	if n == want.Raw && hex.EncodeToString(raw.Sum(nil)) == want.RawSHA256 {
		return nil
	}
	found := fmt.Sprintf("%d bytes with sha256 %x", n, raw.Sum(nil))
	if n > want.Raw {
		found = fmt.Sprintf("more than %d bytes", want.Raw)
	}
	return fmt.Errorf("%s is not %s: its data is %s, want %d bytes with sha256 %s (the .gz as published: %d bytes, sha256 %s)",
		path, want.Name, found, want.Raw, want.RawSHA256, want.Size, want.SHA256)
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

// validNames refuses a Remote whose name or file names could leave the cache directory.
func (r Remote) validNames() error {
	for _, n := range append([]string{r.Name}, fileNames(r.Files)...) {
		if n == "" || n == "." || n == ".." || strings.ContainsAny(n, `/\`) || strings.Contains(n, "..") {
			return fmt.Errorf("datasets: Remote %q: name %q must be a plain file name, without separators or \"..\"", r.Name, n)
		}
	}
	return nil
}

func fileNames(fs []RemoteFile) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}

// withEnvMirrors puts MirrorEnv's URLs before mirrors.
func withEnvMirrors(mirrors []string) ([]string, error) {
	env := strings.TrimSpace(os.Getenv(MirrorEnv))
	if env == "" {
		return mirrors, nil
	}
	var out []string
	for _, m := range strings.Split(env, ",") {
		m = strings.TrimSpace(m)
		if !strings.HasPrefix(m, "http://") && !strings.HasPrefix(m, "https://") {
			return nil, fmt.Errorf("datasets: %s: %q is not an http(s) URL", MirrorEnv, m)
		}
		if !strings.HasSuffix(m, "/") {
			m += "/"
		}
		out = append(out, m)
	}
	return append(out, mirrors...), nil
}

// removeStaleParts removes download leftovers older than StalePart: a live download's
// temporary file is written to continually, so it is never that old.
func removeStaleParts(dir string) {
	parts, _ := filepath.Glob(filepath.Join(dir, ".*.part-*"))
	for _, p := range parts {
		if fi, err := os.Stat(p); err == nil && time.Since(fi.ModTime()) > StalePart {
			os.Remove(p)
		}
	}
}

// download fetches url into a temporary file beside dst, verifies it and renames it to
// dst. On any failure the temporary file is removed and dst is untouched. A mirror that
// sends nothing for IdleTimeout is given up on.
func (f *Fetcher) download(ctx context.Context, url, dst string, want RemoteFile) (err error) {
	idle := f.IdleTimeout
	if idle <= 0 {
		idle = DefaultIdleTimeout
	}
	mctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var stalled atomic.Bool
	timer := time.AfterFunc(idle, func() { stalled.Store(true); cancel() })
	defer timer.Stop()
	defer func() {
		if err != nil && stalled.Load() && ctx.Err() == nil {
			err = fmt.Errorf("no data for %v: %w", idle, err)
		}
	}()
	req, err := http.NewRequestWithContext(mctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	client := f.Client
	if client == nil {
		client = defaultClient
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
			timer.Reset(idle)
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

// DebianFashionMNIST is where Debian's dataset-fashion-mnist package installs the files.
const DebianFashionMNIST = "/usr/share/datasets/fashion-mnist"

// MNIST returns one split ("train" or "t10k") of MNIST: from the first of dirs that holds
// it, else from the cache, which Fetch fills with verified downloads of that split's two
// files. Either way both files are verified against MNISTRemote's pins first, in any
// layout (see Verify and Locate): a copy that fails is an error naming it, never used,
// and never moved. Offline and with no copy, the error says which files to put where.
func MNIST(ctx context.Context, split string, dirs ...string) (*datasets.Dataset, error) {
	return load(ctx, MNISTRemote, split, datasets.ReadMNIST, dirs)
}

// FashionMNIST is MNIST for Fashion-MNIST; it also looks in DebianFashionMNIST.
func FashionMNIST(ctx context.Context, split string, dirs ...string) (*datasets.Dataset, error) {
	return load(ctx, FashionMNISTRemote, split, datasets.ReadFashionMNIST, append(dirs, DebianFashionMNIST))
}

func load(ctx context.Context, r Remote, split string, read func(dir, split string) (*datasets.Dataset, error), dirs []string) (*datasets.Dataset, error) {
	if split != "train" && split != "t10k" {
		return nil, fmt.Errorf("datasets: %s: split %q, want \"train\" or \"t10k\"", r.Name, split)
	}
	part := r
	part.Files = nil
	for _, f := range r.Files {
		if strings.HasPrefix(f.Name, split+"-") {
			part.Files = append(part.Files, f)
		}
	}
	for _, dir := range dirs {
		if _, ok := datasets.Locate(dir, part.Files[0].Name); !ok {
			continue
		}
		for _, f := range part.Files {
			p, ok := datasets.Locate(dir, f.Name)
			if !ok {
				return nil, fmt.Errorf("datasets: %s has %s's images but not %s", dir, split, f.Name)
			}
			if err := Verify(p, f); err != nil {
				return nil, fmt.Errorf("datasets: %w", err)
			}
		}
		return read(dir, split)
	}
	dir, err := (&Fetcher{}).Fetch(ctx, part)
	if err != nil {
		return nil, err
	}
	return read(dir, split)
}
