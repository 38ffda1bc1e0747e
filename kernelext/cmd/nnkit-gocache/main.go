// Command nnkit-gocache is a GOCACHEPROG program (see "go doc cmd/go/internal/cacheprog")
// that serves Go's build cache from two directories: a shared one, read only, that
// docker/warm.sh filled with what every notebook cell compiles (gonum, gonum/plot, nnkit,
// kernelext), and the user's own, where every new entry goes. A class thus keeps one warm
// cache that no student can change, and every student's first cell is warm, even where
// the student's home is a volume of its own (Zero to JupyterHub) and could not hold hard
// links to it.
//
//	GOCACHEPROG='nnkit-gocache -shared /opt/nnkit/gocache -own ~/.cache/nnkit/go-build'
//
// Both directories have the go command's own layout (cmd/go/internal/cache), so a
// directory that go build filled is a shared cache as it is. A leading ~/ in either path
// is the user's home directory, which GOCACHEPROG cannot expand. The own directory is
// trimmed as the go command trims its cache: entries unused for five days go, checked
// at most once a day. The shared one is never written.
package main

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// request and response are the protocol's messages (cmd/go/internal/cacheprog).
type request struct {
	ID       int64
	Command  string
	ActionID []byte `json:",omitempty"`
	OutputID []byte `json:",omitempty"`
	BodySize int64  `json:",omitempty"`
}

type response struct {
	ID            int64
	Err           string     `json:",omitempty"`
	KnownCommands []string   `json:",omitempty"`
	Miss          bool       `json:",omitempty"`
	OutputID      []byte     `json:",omitempty"`
	Size          int64      `json:",omitempty"`
	Time          *time.Time `json:",omitempty"`
	DiskPath      string     `json:",omitempty"`
}

// The go command's choices (cmd/go/internal/cache): a used entry's mtime is refreshed
// at most hourly, and entries unused for trimLimit are removed, at most once a day.
const (
	mtimeInterval = time.Hour
	trimInterval  = 24 * time.Hour
	trimLimit     = 5 * 24 * time.Hour
	hashSize      = 32
	// An action entry is "v1 <action hex> <output hex> <size, %20d> <unix nano, %20d>\n".
	entrySize = 2 + 1 + 2*hashSize + 1 + 2*hashSize + 1 + 20 + 1 + 20 + 1
)

func main() {
	shared := flag.String("shared", "", "the shared build cache, read only (required)")
	own := flag.String("own", "", "this user's build cache, created if missing (required)")
	flag.Parse()
	c, err := open(*shared, *own)
	if err != nil {
		fmt.Fprintln(os.Stderr, "nnkit-gocache:", err)
		os.Exit(2)
	}
	if err := serve(os.Stdin, os.Stdout, c); err != nil {
		fmt.Fprintln(os.Stderr, "nnkit-gocache:", err)
		os.Exit(1)
	}
}

// cache is the two directories; now is injected for the trimming tests.
type cache struct {
	shared, own string
	now         func() time.Time
}

func open(shared, own string) (*cache, error) {
	if shared == "" || own == "" {
		return nil, errors.New("both -shared and -own are required")
	}
	var err error
	if shared, err = expand(shared); err != nil {
		return nil, err
	}
	if own, err = expand(own); err != nil {
		return nil, err
	}
	if fi, err := os.Stat(shared); err != nil {
		return nil, fmt.Errorf("the shared cache (fill it with docker/warm.sh): %w", err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("the shared cache %s is not a directory", shared)
	}
	if err := os.MkdirAll(own, 0o777); err != nil {
		return nil, fmt.Errorf("the own cache: %w", err)
	}
	return &cache{shared: shared, own: own, now: time.Now}, nil
}

func expand(p string) (string, error) {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		p = filepath.Join(home, rest)
	}
	if !filepath.IsAbs(p) {
		return "", fmt.Errorf("%s is not an absolute path", p)
	}
	return filepath.Clean(p), nil
}

// serve answers the go command's requests until "close" or the end of its input. Each
// "put" request with a body is followed by the body as one base64 JSON string. Requests
// are answered concurrently, in any order, as the protocol allows: the go command asks
// for hundreds of entries per build and waits on each.
func serve(in io.Reader, out io.Writer, c *cache) error {
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	var mu sync.Mutex
	reply := func(r *response) error {
		mu.Lock()
		defer mu.Unlock()
		if err := enc.Encode(r); err != nil {
			return err
		}
		return w.Flush()
	}
	if err := reply(&response{KnownCommands: []string{"get", "put", "close"}}); err != nil {
		return err
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	dec := json.NewDecoder(bufio.NewReader(in))
	for {
		var req request
		if err := dec.Decode(&req); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("reading a request: %w", err)
		}
		var body []byte
		if req.Command == "put" && req.BodySize > 0 {
			if err := dec.Decode(&body); err != nil {
				return fmt.Errorf("reading the body of request %d: %w", req.ID, err)
			}
		}
		if req.Command == "close" {
			wg.Wait()
			c.trim()
			return reply(&response{ID: req.ID})
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			reply(c.answer(req, body)) // a failed write shows as the end of the input
		}()
	}
}

func (c *cache) answer(req request, body []byte) *response {
	res := &response{ID: req.ID}
	switch req.Command {
	case "get":
		if len(req.ActionID) != hashSize {
			res.Err = fmt.Sprintf("get: action ID of %d bytes, want %d", len(req.ActionID), hashSize)
		} else if e, ok := c.get(req.ActionID); ok {
			t := e.time
			res.OutputID, res.Size, res.Time, res.DiskPath = e.output, e.size, &t, e.path
		} else {
			res.Miss = true
		}
	case "put":
		if int64(len(body)) != req.BodySize {
			res.Err = fmt.Sprintf("put: body of %d bytes, announced %d", len(body), req.BodySize)
		} else if len(req.ActionID) != hashSize || len(req.OutputID) != hashSize {
			res.Err = "put: action and output IDs must be 32 bytes"
		} else if path, err := c.put(req.ActionID, req.OutputID, body); err != nil {
			res.Err = err.Error()
		} else {
			res.DiskPath = path
		}
	default:
		res.Err = fmt.Sprintf("unknown command %q", req.Command)
	}
	return res
}

type entry struct {
	output []byte
	size   int64
	time   time.Time
	path   string
}

// name is where an action's entry ("a") or an output ("d") lives in dir.
func name(dir string, id []byte, kind string) string {
	h := hex.EncodeToString(id)
	return filepath.Join(dir, h[:2], h+"-"+kind)
}

// get finds the action in the shared cache, then in the own one. An entry whose output
// is missing or of the wrong size is a miss, as it is to the go command.
func (c *cache) get(action []byte) (entry, bool) {
	for _, dir := range []string{c.shared, c.own} {
		e, err := readEntry(dir, action)
		if err != nil {
			continue
		}
		if fi, err := os.Stat(e.path); err != nil || fi.Size() != e.size {
			continue
		}
		if dir == c.own {
			c.markUsed(name(dir, action, "a"))
			c.markUsed(e.path)
		}
		return e, true
	}
	return entry{}, false
}

func readEntry(dir string, action []byte) (entry, error) {
	b, err := os.ReadFile(name(dir, action, "a"))
	if err != nil {
		return entry{}, err
	}
	if len(b) != entrySize || string(b[:3]) != "v1 " || b[entrySize-1] != '\n' {
		return entry{}, errors.New("not an action entry")
	}
	f := strings.Fields(string(b[3:]))
	if len(f) != 4 || f[0] != hex.EncodeToString(action) {
		return entry{}, errors.New("not this action's entry")
	}
	out, err := hex.DecodeString(f[1])
	if err != nil || len(out) != hashSize {
		return entry{}, errors.New("bad output ID")
	}
	size, err1 := strconv.ParseInt(f[2], 10, 64)
	nano, err2 := strconv.ParseInt(f[3], 10, 64)
	if err1 != nil || err2 != nil || size < 0 || nano < 0 {
		return entry{}, errors.New("bad size or time")
	}
	return entry{output: out, size: size, time: time.Unix(0, nano), path: name(dir, out, "d")}, nil
}

// put writes the output, then the entry that names it, each to a temporary file renamed
// into place, so that a reader (another kernel of the same student) never sees half of
// either. An output the shared cache already has is not copied.
func (c *cache) put(action, output, body []byte) (string, error) {
	path := name(c.shared, output, "d")
	if fi, err := os.Stat(path); err != nil || fi.Size() != int64(len(body)) {
		path = name(c.own, output, "d")
		if fi, err := os.Stat(path); err != nil || fi.Size() != int64(len(body)) {
			if err := writeAtomic(path, body); err != nil {
				return "", err
			}
		} else {
			c.markUsed(path)
		}
	}
	line := fmt.Sprintf("v1 %x %x %20d %20d\n", action, output, len(body), c.now().UnixNano())
	if err := writeAtomic(name(c.own, action, "a"), []byte(line)); err != nil {
		return "", err
	}
	return path, nil
}

func writeAtomic(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

func (c *cache) markUsed(path string) {
	if fi, err := os.Stat(path); err == nil && c.now().Sub(fi.ModTime()) >= mtimeInterval {
		now := c.now()
		os.Chtimes(path, now, now) // best effort, as the go command's
	}
}

// trim removes the own cache's files unused for trimLimit, at most once per trimInterval
// (the time of the last trim is kept in trim.txt, as the go command keeps it).
func (c *cache) trim() {
	stamp := filepath.Join(c.own, "trim.txt")
	now := c.now()
	if b, err := os.ReadFile(stamp); err == nil {
		if t, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil {
			if d := now.Sub(time.Unix(t, 0)); d < trimInterval && d > -mtimeInterval {
				return
			}
		}
	}
	cutoff := now.Add(-trimLimit - mtimeInterval)
	subdirs, _ := os.ReadDir(c.own)
	for _, s := range subdirs {
		if !s.IsDir() || len(s.Name()) != 2 {
			continue
		}
		dir := filepath.Join(c.own, s.Name())
		files, _ := os.ReadDir(dir)
		for _, f := range files {
			if info, err := f.Info(); err == nil && info.ModTime().Before(cutoff) {
				os.Remove(filepath.Join(dir, f.Name()))
			}
		}
	}
	writeAtomic(stamp, []byte(strconv.FormatInt(now.Unix(), 10)))
}
