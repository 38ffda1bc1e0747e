package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// fakeGoNB writes an executable that answers --version as GoNB v0.11.1 does.
func fakeGoNB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "gonb")
	os.WriteFile(p, []byte("#!/bin/sh\necho 'GoNB version: v0.11.1'\n"), 0o755)
	for _, tool := range []string{"goimports", "gopls"} {
		os.WriteFile(filepath.Join(dir, tool), []byte("#!/bin/sh\n"), 0o755)
	}
	return p
}

func TestInstallIsIdempotent(t *testing.T) {
	gonb := fakeGoNB(t)
	data := t.TempDir()
	root, _ := filepath.Abs("../../..")
	var out bytes.Buffer
	args := []string{"-gonb", gonb, "-data-dir", data, "-root", root, "-link", "external"}
	if err := install(args, &out); err != nil {
		t.Fatal(err)
	}
	var spec kernelSpec
	b, err := os.ReadFile(filepath.Join(data, "kernels", "gonb-nnkit", "kernel.json"))
	if err != nil || json.Unmarshal(b, &spec) != nil {
		t.Fatalf("kernel.json: %v\n%s", err, b)
	}
	if spec.DisplayName != "Go (nnkit)" || spec.Argv[0] != gonb || spec.Argv[2] != "{connection_file}" ||
		spec.Env["NNKIT_ROOT"] != root || !strings.HasPrefix(spec.Env["PATH"], filepath.Dir(gonb)+":") {
		t.Fatalf("spec %+v", spec)
	}
	out.Reset()
	if err := install(args, &out); err != nil || !strings.Contains(out.String(), "unchanged") {
		t.Fatalf("second install: %v, %q", err, out.String())
	}
	// doctor on that install: all good (go is on PATH in tests; jupyter may not be).
	out.Reset()
	doctor([]string{"-data-dir", data}, &out)
	for _, want := range []string{"✓ go:", "✓ gonb: GoNB version: v0.11.1", "✓ goimports", "✓ kernelspec gonb-nnkit"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("doctor lacks %q:\n%s", want, out.String())
		}
	}
}

// TestKernelJSONHoldsNoSecrets: kernel.json, which anyone may read, gets no proxy
// credentials and no relative PATH entry.
func TestKernelJSONHoldsNoSecrets(t *testing.T) {
	data := t.TempDir()
	root, _ := filepath.Abs("../../..")
	t.Setenv("GOPROXY", "https://alice:s3cret@proxy.example/go,https://proxy.golang.org|direct")
	t.Setenv("PATH", os.Getenv("PATH")+":.:bin:relative/tools")
	var out bytes.Buffer
	if err := install([]string{"-gonb", fakeGoNB(t), "-data-dir", data, "-root", root, "-link", "external"}, &out); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(data, "kernels", "gonb-nnkit", "kernel.json"))
	var spec kernelSpec
	json.Unmarshal(b, &spec)
	if strings.Contains(string(b), "s3cret") || strings.Contains(string(b), "alice") ||
		spec.Env["GOPROXY"] != "https://proxy.example/go,https://proxy.golang.org|direct" || !strings.Contains(out.String(), "~/.netrc") {
		t.Errorf("GOPROXY %q in\n%s\n%s", spec.Env["GOPROXY"], b, out.String())
	}
	for _, e := range filepath.SplitList(spec.Env["PATH"]) {
		if !filepath.IsAbs(e) {
			t.Errorf("relative PATH entry %q", e)
		}
	}
}

// TestDoctorSaysWhyGoNBFails: a gonb that cannot run, or is another version, is ✗ with
// the reason.
func TestDoctorSaysWhyGoNBFails(t *testing.T) {
	data := t.TempDir()
	root, _ := filepath.Abs("../../..")
	gonb := fakeGoNB(t)
	if err := install([]string{"-gonb", gonb, "-data-dir", data, "-root", root, "-link", "external"}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ script, want string }{
		{"#!/bin/sh\necho 'GoNB version: v0.10.0'\n", "GoNB version: v0.10.0 at " + gonb + ", but nnkit needs GoNB v0.11.1"},
		{"#!/bin/sh\nexit 3\n", "cannot run " + gonb + " --version: exit status 3"},
	} {
		os.WriteFile(gonb, []byte(tc.script), 0o755)
		var out bytes.Buffer
		doctor([]string{"-data-dir", data}, &out)
		if !strings.Contains(out.String(), "✗ gonb: "+tc.want) {
			t.Errorf("doctor says:\n%s\nwant %q", out.String(), tc.want)
		}
	}
}

func TestInstallRejectsAForeignRoot(t *testing.T) {
	err := install([]string{"-gonb", fakeGoNB(t), "-data-dir", t.TempDir(), "-root", t.TempDir()}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "is not an nnkit checkout") {
		t.Fatalf("got %v", err)
	}
	if err := install([]string{"-gonb", "/no/such/gonb", "-data-dir", t.TempDir()}, &bytes.Buffer{}); err == nil {
		t.Fatal("missing gonb: no error")
	}
}

// TestDoctorPrintsFixes: with no kernelspec, doctor fails and says how to install it.
func TestDoctorPrintsFixes(t *testing.T) {
	var out bytes.Buffer
	ok, err := doctor([]string{"-data-dir", t.TempDir()}, &out)
	if err != nil || ok {
		t.Fatalf("ok %v, err %v", ok, err)
	}
	if !strings.Contains(out.String(), "✗ kernelspec gonb-nnkit: not installed") || !strings.Contains(out.String(), "fix: nnkit-kernel install") {
		t.Errorf("output:\n%s", out.String())
	}
	// A kernelspec whose NNKIT_ROOT moved away.
	data := t.TempDir()
	kdir := filepath.Join(data, "kernels", "gonb-nnkit")
	os.MkdirAll(kdir, 0o755)
	os.WriteFile(filepath.Join(kdir, "kernel.json"), []byte(`{"argv":["`+fakeGoNB(t)+`","--kernel","{connection_file}"],"env":{"NNKIT_ROOT":"/gone"}}`), 0o644)
	out.Reset()
	if ok, _ := doctor([]string{"-data-dir", data}, &out); ok || !strings.Contains(out.String(), "NNKIT_ROOT /gone is not an nnkit checkout") {
		t.Errorf("moved root: ok %v\n%s", ok, out.String())
	}
}

// TestSharedCache: -shared-cache puts nnkit-gocache in kernel.json, quoting a path with
// a space, and doctor tells an empty shared cache from a warm one.
func TestSharedCache(t *testing.T) {
	gonb := fakeGoNB(t)
	root, _ := filepath.Abs("../../..")
	data := t.TempDir()
	shared := filepath.Join(t.TempDir(), "warm cache")
	os.MkdirAll(shared, 0o755)
	args := []string{"-gonb", gonb, "-data-dir", data, "-root", root, "-link", "external", "-shared-cache", shared}
	var out bytes.Buffer
	if err := install(args, &out); err == nil || !strings.Contains(err.Error(), "needs nnkit-gocache beside gonb") {
		t.Fatalf("without nnkit-gocache: %v", err)
	}
	prog := filepath.Join(filepath.Dir(gonb), "nnkit-gocache")
	os.WriteFile(prog, []byte("#!/bin/sh\n"), 0o755)
	if err := install(append(args[:len(args)-1:len(args)-1], filepath.Join(shared, "missing")), &out); err == nil || !strings.Contains(err.Error(), "is not a directory") {
		t.Fatalf("a missing shared cache: %v", err)
	}
	if err := install(args, &out); err != nil {
		t.Fatal(err)
	}
	var spec kernelSpec
	b, _ := os.ReadFile(filepath.Join(data, "kernels", "gonb-nnkit", "kernel.json"))
	json.Unmarshal(b, &spec)
	if want := prog + " -shared '" + shared + "' -own ~/.cache/nnkit/go-build"; spec.Env["GOCACHEPROG"] != want {
		t.Fatalf("GOCACHEPROG %q, want %q", spec.Env["GOCACHEPROG"], want)
	}
	out.Reset()
	doctor([]string{"-data-dir", data}, &out)
	if !strings.Contains(out.String(), "! shared Go build cache: the shared cache "+shared+" is empty") {
		t.Errorf("doctor on an empty shared cache:\n%s", out.String())
	}
	os.MkdirAll(filepath.Join(shared, "0a"), 0o755)
	os.WriteFile(filepath.Join(shared, "0a", "entry-a"), nil, 0o644)
	out.Reset()
	doctor([]string{"-data-dir", data}, &out)
	if !strings.Contains(out.String(), "✓ shared Go build cache: "+spec.Env["GOCACHEPROG"]) {
		t.Errorf("doctor on a warm shared cache:\n%s", out.String())
	}
}

// TestLinkMode: -link auto probes a real build. With cgo and without -tags openblas, Go's
// own linker links nnkit and kernelext, and kernel.json says so in GOFLAGS; GOFLAGS's own
// -ldflags are left alone; with -tags openblas, gonum's netlib needs the external linker,
// and only DWARF is dropped.
func TestLinkMode(t *testing.T) {
	if testing.Short() {
		t.Skip("builds programs (-short)")
	}
	goPath, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go not on PATH")
	}
	root, _ := filepath.Abs("../../..")
	cgo, _ := exec.Command(goPath, "env", "CGO_ENABLED").Output()
	for _, tc := range []struct {
		mode, goflags, want, note string
		skip                      string
	}{
		{"auto", "", internalLink, "a probe build of nnkit and kernelext links so", ""},
		{"auto", "-ldflags=-s", "-ldflags=-s", "GOFLAGS's own -ldflags", ""},
		{"auto", "-tags=openblas", "-tags=openblas -ldflags=-w", "a probe build with " + internalLink + " failed", "openblas"},
		{"internal", "-trimpath", "-trimpath " + internalLink, "(-link internal)", ""},
		{"external", "", "", "(-link external)", ""},
	} {
		if tc.skip == "openblas" && (strings.TrimSpace(string(cgo)) != "1" || !hasOpenBLAS()) {
			t.Logf("skipping %s %q: no cgo or no libopenblas", tc.mode, tc.goflags)
			continue
		}
		flags, note, err := linkFlags(tc.mode, goPath, root, tc.goflags)
		if err != nil || flags != tc.want || !strings.Contains(note, tc.note) {
			t.Errorf("linkFlags(%s, %q) = %q, %q, %v; want %q, note with %q", tc.mode, tc.goflags, flags, note, err, tc.want, tc.note)
		}
	}
	if _, _, err := linkFlags("fast", goPath, root, ""); err == nil || !strings.Contains(err.Error(), "want auto, internal or external") {
		t.Errorf("-link fast: %v", err)
	}
}

func hasOpenBLAS() bool {
	for _, p := range []string{"/usr/lib/x86_64-linux-gnu/libopenblas.so", "/usr/lib/aarch64-linux-gnu/libopenblas.so", "/usr/lib/libopenblas.so"} {
		if exists(p) {
			return true
		}
	}
	return false
}
