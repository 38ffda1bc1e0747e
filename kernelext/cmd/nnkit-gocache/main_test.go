package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// listing is every file under dir with its size and mtime: a write shows in it.
func listing(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil {
			fmt.Fprintf(&b, "%s %d %d\n", p, fi.Size(), fi.ModTime().UnixNano())
		}
		return nil
	})
	return b.String()
}

func id(b byte) []byte { return bytes.Repeat([]byte{b}, hashSize) }

// exchange runs serve on the requests (each a JSON line, bodies as their own line) and
// returns the responses after the first.
func exchange(t *testing.T, c *cache, lines ...string) []response {
	t.Helper()
	var out bytes.Buffer
	if err := serve(strings.NewReader(strings.Join(lines, "\n")+"\n"), &out, c); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(&out)
	var first response
	if err := dec.Decode(&first); err != nil || strings.Join(first.KnownCommands, ",") != "get,put,close" {
		t.Fatalf("first message %+v, %v", first, err)
	}
	// Answers come in any order; they are returned in the order of their IDs.
	var rs []response
	for dec.More() {
		var r response
		if err := dec.Decode(&r); err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
	return rs
}

func req(r request) string { b, _ := json.Marshal(r); return string(b) }

func body(b []byte) string { s, _ := json.Marshal(b); return string(s) }

func TestPutGetSharedNeverWritten(t *testing.T) {
	shared, own := t.TempDir(), t.TempDir()
	// The shared cache holds action 1 → output 2, as the go command writes it.
	sc := &cache{shared: t.TempDir(), own: shared, now: time.Now}
	if _, err := sc.put(id(1), id(2), []byte("shared body")); err != nil {
		t.Fatal(err)
	}
	before := listing(t, shared)
	c := &cache{shared: shared, own: own, now: time.Now}
	// The go command waits for each answer, so a get follows the put it needs in a later
	// exchange; within one, answers may come in any order.
	rs := exchange(t, c,
		req(request{ID: 1, Command: "get", ActionID: id(1)}),
		req(request{ID: 2, Command: "get", ActionID: id(8)}),
		req(request{ID: 3, Command: "put", ActionID: id(3), OutputID: id(4), BodySize: 8}), body([]byte("own body")),
	)
	rs = append(rs, exchange(t, c,
		req(request{ID: 4, Command: "get", ActionID: id(3)}),
		req(request{ID: 5, Command: "put", ActionID: id(5), OutputID: id(2), BodySize: 11}), body([]byte("shared body")),
		req(request{ID: 6, Command: "put", ActionID: id(6), OutputID: id(7), BodySize: 3}), body([]byte("abcd")),
		req(request{ID: 7, Command: "get", ActionID: []byte{1, 2}}),
		req(request{ID: 8, Command: "close"}),
	)...)
	if len(rs) != 8 {
		t.Fatalf("%d responses: %+v", len(rs), rs)
	}
	read := func(p string) string { b, _ := os.ReadFile(p); return string(b) }
	for i, r := range rs {
		if r.ID != int64(i+1) {
			t.Errorf("response %d has ID %d", i, r.ID)
		}
	}
	if r := rs[0]; r.Miss || !bytes.Equal(r.OutputID, id(2)) || r.Size != 11 || read(r.DiskPath) != "shared body" || !strings.HasPrefix(r.DiskPath, shared) {
		t.Errorf("shared hit: %+v", r)
	}
	if !rs[1].Miss {
		t.Errorf("want a miss: %+v", rs[1])
	}
	if r := rs[2]; r.Err != "" || read(r.DiskPath) != "own body" || !strings.HasPrefix(r.DiskPath, own) {
		t.Errorf("put: %+v", r)
	}
	if r := rs[3]; r.Miss || r.Size != 8 || read(r.DiskPath) != "own body" {
		t.Errorf("own hit: %+v", r)
	}
	if r := rs[4]; r.Err != "" || !strings.HasPrefix(r.DiskPath, shared) {
		t.Errorf("an output the shared cache has is not copied: %+v", r)
	}
	if r := rs[5]; !strings.Contains(r.Err, "body of 4 bytes, announced 3") {
		t.Errorf("short body: %+v", r)
	}
	if r := rs[6]; !strings.Contains(r.Err, "action ID of 2 bytes") {
		t.Errorf("bad ID: %+v", r)
	}
	if after := listing(t, shared); after != before {
		t.Errorf("the shared cache changed:\n%s\nto\n%s", before, after)
	}
}

func TestDamagedEntriesMiss(t *testing.T) {
	shared, own := t.TempDir(), t.TempDir()
	c := &cache{shared: shared, own: own, now: time.Now}
	if _, err := c.put(id(1), id(2), []byte("body")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		damage func()
	}{
		{"output removed", func() { os.Remove(name(own, id(2), "d")) }},
		{"output of another size", func() { os.WriteFile(name(own, id(2), "d"), []byte("bod"), 0o666) }},
		{"entry truncated", func() { os.WriteFile(name(own, id(1), "a"), []byte("v1 01"), 0o666) }},
		{"entry of another action", func() {
			os.WriteFile(name(own, id(1), "a"), []byte(fmt.Sprintf("v1 %x %x %20d %20d\n", id(9), id(2), 4, 0)), 0o666)
		}},
	} {
		if _, err := c.put(id(1), id(2), []byte("body")); err != nil {
			t.Fatal(err)
		}
		if _, ok := c.get(id(1)); !ok {
			t.Fatalf("%s: no hit before the damage", tc.name)
		}
		tc.damage()
		if e, ok := c.get(id(1)); ok {
			t.Errorf("%s: a hit %+v", tc.name, e)
		}
	}
}

func TestTrim(t *testing.T) {
	own := t.TempDir()
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	c := &cache{shared: t.TempDir(), own: own, now: func() time.Time { return now }}
	c.put(id(1), id(2), []byte("old"))
	c.put(id(3), id(4), []byte("new"))
	old := now.Add(-6 * 24 * time.Hour)
	for _, p := range []string{name(own, id(1), "a"), name(own, id(2), "d")} {
		os.Chtimes(p, old, old)
	}
	c.trim()
	if _, ok := c.get(id(1)); ok {
		t.Error("an entry unused for 6 days survived the trim")
	}
	if _, ok := c.get(id(3)); !ok {
		t.Error("a fresh entry was trimmed")
	}
	// Within a day of that trim, none runs.
	now = now.Add(time.Hour)
	os.Chtimes(name(own, id(3), "a"), old, old)
	c.trim()
	if _, err := os.Stat(name(own, id(3), "a")); err != nil {
		t.Error("a second trim ran within the day")
	}
}

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "file"), nil, 0o644)
	for _, tc := range []struct{ shared, own, want string }{
		{"", dir, "both -shared and -own are required"},
		{filepath.Join(dir, "missing"), dir, "the shared cache (fill it with docker/warm.sh): stat "},
		{filepath.Join(dir, "file"), dir, "file is not a directory"},
		{dir, "relative/own", "relative/own is not an absolute path"},
	} {
		if _, err := open(tc.shared, tc.own); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("open(%q, %q) = %v, want %q", tc.shared, tc.own, err, tc.want)
		}
	}
	t.Setenv("HOME", dir)
	if c, err := open(dir, "~/own"); err != nil || c.own != filepath.Join(dir, "own") {
		t.Errorf("~/own: %+v, %v", c, err)
	}
}

// TestGoBuild has the go command itself use the program: a build of a new program
// compiles only its own package (every standard package is a hit in the shared cache,
// here the user's own warm one, which is only read), and the same build again
// compiles nothing.
func TestGoBuild(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go not on PATH")
	}
	if testing.Short() {
		t.Skip("builds programs (-short)")
	}
	tmp := t.TempDir()
	prog := filepath.Join(tmp, "nnkit-gocache")
	if out, err := exec.Command(gobin, "build", "-o", prog, ".").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	sharedOut, err := exec.Command(gobin, "env", "GOCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	shared := strings.TrimSpace(string(sharedOut))
	mod := filepath.Join(tmp, "mod")
	os.MkdirAll(mod, 0o777)
	os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module cellprog\n\ngo 1.24\n"), 0o666)
	// A program no cache has seen: its package must be compiled, once.
	src := fmt.Sprintf("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(%d) }\n", time.Now().UnixNano())
	os.WriteFile(filepath.Join(mod, "main.go"), []byte(src), 0o666)
	own := filepath.Join(tmp, "own")
	compiles := func() int {
		cmd := exec.Command(gobin, "build", "-x", "-o", filepath.Join(tmp, "cell"), ".")
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOCACHEPROG="+prog+" -shared "+shared+" -own "+own, "GOCACHE="+filepath.Join(tmp, "gocache"), "GOFLAGS=")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return strings.Count(string(out), "/compile ")
	}
	if n := compiles(); n != 1 {
		t.Errorf("first build: %d packages compiled, want 1 (the program's own)", n)
	}
	if n := compiles(); n != 0 {
		t.Errorf("second build: %d packages compiled, want 0", n)
	}
}
