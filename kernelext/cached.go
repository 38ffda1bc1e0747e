package kernelext

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"html"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"time"

	"github.com/janpfeifer/gonb/cache"

	"github.com/nnkit-go/nnkit/nnkit"
)

// CacheDir is where Cached keeps networks: $NNKIT_CACHE if set, otherwise a directory
// under the system's temporary directory named after the current directory, as GoNB's
// own cache is, so that each notebook folder has its own.
func CacheDir() string {
	if d := os.Getenv("NNKIT_CACHE"); d != "" {
		return d
	}
	wd, _ := os.Getwd()
	h := fnv.New64a()
	h.Write([]byte(wd))
	return filepath.Join(os.TempDir(), fmt.Sprintf("nnkit_cache_%X", h.Sum64()))
}

// Key builds a cache key from a name and everything that changes the trained result,
// such as the nnkit.Config, the TrainConfig and a data seed: changing any of them gives
// another key, and so retrains.
//
// Each part counts by its exported fields, with pointers followed, so that
// &nnkit.Momentum{LR: 0.1} gives the same key on every run (a printed pointer would
// not). A function, such as a hook, counts by its type alone; the fields beside it still
// count.
func Key(name string, parts ...any) string {
	h := sha256.New()
	for _, p := range parts {
		stable(h, reflect.ValueOf(p), 0)
		h.Write([]byte{'\n'})
	}
	return name + "-" + hex.EncodeToString(h.Sum(nil))[:12]
}

// stable writes a description of v that depends on its exported contents only.
func stable(w io.Writer, v reflect.Value, depth int) {
	if depth > 8 || !v.IsValid() {
		fmt.Fprint(w, "·")
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			fmt.Fprint(w, "nil")
			return
		}
		stable(w, v.Elem(), depth+1)
	case reflect.Struct:
		fmt.Fprintf(w, "%s{", v.Type())
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				fmt.Fprintf(w, "%s:", f.Name)
				stable(w, v.Field(i), depth+1)
				fmt.Fprint(w, " ")
			}
		}
		fmt.Fprint(w, "}")
	case reflect.Slice, reflect.Array:
		fmt.Fprint(w, "[")
		for i := range v.Len() {
			stable(w, v.Index(i), depth+1)
			fmt.Fprint(w, " ")
		}
		fmt.Fprint(w, "]")
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		fmt.Fprint(w, "map[")
		for _, k := range keys {
			stable(w, k, depth+1)
			fmt.Fprint(w, ":")
			stable(w, v.MapIndex(k), depth+1)
			fmt.Fprint(w, " ")
		}
		fmt.Fprint(w, "]")
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		fmt.Fprint(w, v.Type().String())
	default:
		fmt.Fprintf(w, "%v", v)
	}
}

var safeKey = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// Cached returns the network saved under key by an earlier cell, or runs train, saves its
// network and returns it. It says which in the cell's output: "loaded from cache" or
// "trained in 1.2 s". Build key with Key so that changed hyper-parameters retrain.
//
// The network is stored as nnkit's JSON, written to a temporary file and renamed into
// place, in a GoNB cache.Storage (so cache.ResetKey and ListKeys work on it). A train
// that fails stores nothing, and an entry that cannot be read is retrained and replaced,
// never trusted.
func Cached(key string, train func() (*nnkit.Network, error)) (*nnkit.Network, error) {
	return CachedIn(CacheDir(), key, train)
}

// CachedIn is Cached with an explicit cache directory.
func CachedIn(dir, key string, train func() (*nnkit.Network, error)) (*nnkit.Network, error) {
	if !safeKey.MatchString(key) {
		return nil, fmt.Errorf("kernelext: cache key %q: use letters, digits, '.', '_' and '-'", key)
	}
	store, err := cache.New(dir)
	if err != nil {
		return nil, fmt.Errorf("kernelext: cache %s: %w", dir, err)
	}
	note := ""
	if r, err := store.Reader(key); err == nil {
		net, err := nnkit.Load(r)
		if c, ok := r.(io.Closer); ok {
			c.Close()
		}
		if err == nil {
			status(fmt.Sprintf("%s: loaded from cache (%s)", key, net))
			return net, nil
		}
		note = fmt.Sprintf(" (the cached entry was unreadable and is replaced: %v)", err)
	}
	start := time.Now()
	net, err := train()
	if err != nil {
		return nil, err
	}
	if net == nil {
		return nil, fmt.Errorf("kernelext: %s: train returned no network", key)
	}
	var buf bytes.Buffer
	if err := net.Save(&buf); err != nil {
		return nil, fmt.Errorf("kernelext: %s: not cached: %w", key, err)
	}
	if err := writeAtomic(filepath.Join(dir, key+".bin"), buf.Bytes()); err != nil {
		return nil, fmt.Errorf("kernelext: %s: not cached: %w", key, err)
	}
	status(fmt.Sprintf("%s: trained in %.1f s and cached%s", key, time.Since(start).Seconds(), note))
	return net, nil
}

// writeAtomic writes data to a temporary file beside path, syncs it and renames it over
// path, so a reader sees the old file or the new one, never a part.
func writeAtomic(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// status shows a one-line note in the cell's output.
func status(msg string) {
	ShowHTML(`<div style="font-family:sans-serif;font-size:12px;color:#555">`+html.EscapeString(msg)+`</div>`, msg)
}
