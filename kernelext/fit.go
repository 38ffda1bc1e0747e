package kernelext

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/fnv"
	"html"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"time"
	"unsafe"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/atomicfile"
)

// Run is a trained network and what training recorded, as Fit returns it.
type Run struct {
	Net     *nnkit.Network
	History *nnkit.History
	// Key names the cache entry: the name given to Fit and a hash of everything that
	// changes the result.
	Key string
	// Trained is when the network was trained, and Seconds how long it took.
	Trained time.Time
	Seconds float64
	// Cached says the run was loaded from the cache rather than trained now.
	Cached bool
}

// Accuracy is r.Net.Accuracy: the fraction of x's rows classified as y says.
func (r *Run) Accuracy(x, y mat.Matrix) float64 { return r.Net.Accuracy(x, y) }

// Fit trains the network that build returns on x and y with cfg, showing it live, and
// keeps the result: every later call with the same inputs returns the same network and
// its History from the cache, without training.
//
// The cache key covers everything that changes the result: the built network's initial
// parameters (and so its Config, initialiser and seed), the content of x and y, and every
// field of cfg, its optimiser, sources and test set included, but not its hooks, which
// never change what is trained. Any edit to any of these trains again; nothing else does.
// Fit says which happened: "trained in 3.2 s", or "loaded from cache (trained …)". An
// entry that cannot be read is trained again and replaced. If the entry cannot be
// written, Fit warns and still returns the trained network.
//
// live, at most one, sets up the live view; its Data, when 2-D, adds the decision
// boundary. A call with live shows the final picture again when it loads from the cache,
// so the training cell looks the same on every run; one without shows a status line only.
// Fit returns an error if training fails (nothing is cached then), or if a
// setting cannot be keyed. It panics if name is not letters, digits, '.', '_' and '-',
// or if build returns nil.
func Fit(name string, build func() *nnkit.Network, x, y mat.Matrix, cfg nnkit.TrainConfig, live ...LiveOptions) (*Run, error) {
	return FitIn(CacheDir(), name, build, x, y, cfg, live...)
}

// FitIn is Fit with the cache in dir.
func FitIn(dir, name string, build func() *nnkit.Network, x, y mat.Matrix, cfg nnkit.TrainConfig, live ...LiveOptions) (*Run, error) {
	if !safeName.MatchString(name) {
		panic(fmt.Sprintf("kernelext: Fit: name %q: use letters, digits, '.', '_' and '-'", name))
	}
	if len(live) > 1 {
		panic(fmt.Sprintf("kernelext: Fit: %d LiveOptions, want at most one", len(live)))
	}
	opt := LiveOptions{}
	if len(live) == 1 {
		opt = live[0]
	}
	net := build()
	if net == nil {
		panic("kernelext: Fit: build returned a nil network")
	}
	key, err := fitKey(name, net, x, y, cfg)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, key+".gob")
	note := ""
	run, err := loadRun(path, key)
	switch {
	case err == nil:
		status(fmt.Sprintf("%s: loaded from cache (trained %s in %.1f s; %s)", name, run.Trained.Format("2006-01-02 15:04"), run.Seconds, key))
		if len(live) == 1 {
			Live(run.Net, opt).Finish(run.History, nil)
		}
		return run, nil
	case !errors.Is(err, os.ErrNotExist):
		note = fmt.Sprintf("; the cached entry was unreadable and is replaced (%v)", err)
	}
	start := time.Now()
	h, err := Train(net, x, y, cfg, opt)
	if err != nil {
		return &Run{Net: net, History: h, Key: key}, err
	}
	run = &Run{Net: net, History: h, Key: key, Trained: start, Seconds: time.Since(start).Seconds()}
	if err := saveRun(dir, path, run); err != nil {
		status(fmt.Sprintf("%s: trained in %.1f s, but not cached: %v", name, run.Seconds, err))
		return run, nil
	}
	status(fmt.Sprintf("%s: trained in %.1f s and cached%s", name, run.Seconds, note))
	return run, nil
}

var safeName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// CacheDir is where Fit keeps its runs: $NNKIT_CACHE if set, otherwise
// nnkit/runs/<hash of the current directory> in the user's cache directory (beside the
// data cache, nnkit/<data set>), so that each notebook folder has its own, and each
// user: students on one class server never share entries.
func CacheDir() string {
	if d := os.Getenv("NNKIT_CACHE"); d != "" {
		return d
	}
	wd, _ := os.Getwd()
	h := fnv.New64a()
	h.Write([]byte(wd))
	base, err := os.UserCacheDir()
	if err != nil {
		base = filepath.Join(os.TempDir(), fmt.Sprintf("nnkit-%d", os.Getuid()))
	}
	return filepath.Join(base, "nnkit", "runs", fmt.Sprintf("%X", h.Sum64()))
}

// entry is a cached run on disk.
type entry struct {
	Version int
	Key     string
	Trained time.Time
	Seconds float64
	Model   []byte // nnkit's model JSON
	History nnkit.History
}

const entryVersion = 1

func loadRun(path, key string) (*Run, error) {
	if err := trusted(filepath.Dir(path), path); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var e entry
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&e); err != nil {
		return nil, err
	}
	if e.Version != entryVersion || e.Key != key {
		return nil, fmt.Errorf("entry %q, version %d; want %q, version %d", e.Key, e.Version, key, entryVersion)
	}
	net, err := nnkit.Load(bytes.NewReader(e.Model))
	if err != nil {
		return nil, err
	}
	return &Run{Net: net, History: &e.History, Key: key, Trained: e.Trained, Seconds: e.Seconds, Cached: true}, nil
}

func saveRun(dir, path string, r *Run) error {
	var model bytes.Buffer
	if err := r.Net.Save(&model); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if err := trusted(dir); err != nil {
		return err
	}
	e := entry{Version: entryVersion, Key: r.Key, Trained: r.Trained, Seconds: r.Seconds, Model: model.Bytes(), History: *r.History}
	return atomicfile.Write(path, 0o600, func(w io.Writer) error { return gob.NewEncoder(w).Encode(e) })
}

// fitKey hashes everything that changes what Fit trains.
func fitKey(name string, net *nnkit.Network, x, y mat.Matrix, cfg nnkit.TrainConfig) (string, error) {
	h := sha256.New()
	if err := net.Save(h); err != nil {
		return "", fmt.Errorf("kernelext: Fit: the built network: %w", err)
	}
	hashMatrix(h, x)
	hashMatrix(h, y)
	cfg.Hooks = nil // hooks watch; they never change the weights
	k := keyer{w: h, seen: map[uintptr]bool{}}
	if err := k.value(reflect.ValueOf(cfg), "TrainConfig"); err != nil {
		return "", fmt.Errorf("kernelext: Fit: %w", err)
	}
	return name + "-" + hex.EncodeToString(h.Sum(nil))[:16], nil
}

var matrixType = reflect.TypeFor[mat.Matrix]()

// hashMatrix writes m's shape and every element's bits.
func hashMatrix(w hash.Hash, m mat.Matrix) {
	r, c := m.Dims()
	fmt.Fprintf(w, "matrix %d×%d:", r, c)
	if d, ok := m.(*mat.Dense); ok && d.RawMatrix().Stride == c {
		data := d.RawMatrix().Data[:r*c]
		if len(data) > 0 {
			w.Write(unsafe.Slice((*byte)(unsafe.Pointer(&data[0])), 8*len(data)))
		}
		return
	}
	var b [8]byte
	for i := range r {
		for j := range c {
			bits := math.Float64bits(m.At(i, j))
			for k := range b {
				b[k] = byte(bits >> (8 * k))
			}
			w.Write(b[:])
		}
	}
}

// keyer writes a description of a value that depends on its contents alone, unexported
// fields included (an optimiser's state, a random source's position), with pointers
// followed, so that equal settings give equal keys on every run and any change gives
// another.
type keyer struct {
	w    hash.Hash
	seen map[uintptr]bool
}

func (k keyer) value(v reflect.Value, path string) error {
	if !v.IsValid() {
		fmt.Fprint(k.w, "·")
		return nil
	}
	if v.CanInterface() && v.Type().Implements(matrixType) && (v.Kind() != reflect.Interface && v.Kind() != reflect.Pointer || !v.IsNil()) {
		hashMatrix(k.w, v.Interface().(mat.Matrix))
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			fmt.Fprint(k.w, "nil")
			return nil
		}
		if v.Kind() == reflect.Pointer {
			if k.seen[v.Pointer()] {
				return fmt.Errorf("%s: a cycle of pointers cannot be keyed", path)
			}
			k.seen[v.Pointer()] = true
			defer delete(k.seen, v.Pointer())
		}
		fmt.Fprintf(k.w, "%s:", v.Elem().Type())
		return k.value(v.Elem(), path)
	case reflect.Struct:
		fmt.Fprintf(k.w, "%s{", v.Type())
		for i := range v.NumField() {
			f := v.Type().Field(i)
			fmt.Fprintf(k.w, "%s:", f.Name)
			if err := k.value(v.Field(i), path+"."+f.Name); err != nil {
				return err
			}
			fmt.Fprint(k.w, " ")
		}
		fmt.Fprint(k.w, "}")
	case reflect.Slice, reflect.Array:
		fmt.Fprintf(k.w, "[%d:", v.Len())
		for i := range v.Len() {
			if err := k.value(v.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
			fmt.Fprint(k.w, " ")
		}
		fmt.Fprint(k.w, "]")
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		fmt.Fprint(k.w, "map[")
		for _, key := range keys {
			if err := k.value(key, path+"[key]"); err != nil {
				return err
			}
			fmt.Fprint(k.w, ":")
			if err := k.value(v.MapIndex(key), path+"[value]"); err != nil {
				return err
			}
			fmt.Fprint(k.w, " ")
		}
		fmt.Fprint(k.w, "]")
	case reflect.Float32, reflect.Float64:
		fmt.Fprintf(k.w, "%x", math.Float64bits(v.Float()))
	case reflect.Bool:
		fmt.Fprint(k.w, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		fmt.Fprint(k.w, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		fmt.Fprint(k.w, v.Uint())
	case reflect.String:
		fmt.Fprintf(k.w, "%q", v.String())
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		fmt.Fprintf(k.w, "%x,%x", math.Float64bits(real(c)), math.Float64bits(imag(c)))
	default:
		// A function, channel or unsafe pointer could change the result in ways no key
		// can see: refuse rather than risk a stale entry.
		return fmt.Errorf("%s: a %s cannot be keyed", path, v.Type())
	}
	return nil
}

// status shows a one-line note in the cell's output.
func status(msg string) {
	ShowHTML(`<div style="font-family:sans-serif;font-size:12px;color:#555">`+html.EscapeString(msg)+`</div>`, msg)
}
