// Command nnkit-kernel registers the "Go (nnkit)" Jupyter kernel and checks that
// everything it needs is in place.
//
//	nnkit-kernel install [-gonb PATH] [-data-dir DIR] [-root DIR]
//	nnkit-kernel doctor  [-data-dir DIR]
//
// install writes the kernelspec gonb-nnkit beside GoNB's own. Its environment sets PATH
// so that go, goimports and gopls are always found (GoNB's issues #175 and #35), and
// NNKIT_ROOT, so that every notebook can start with the same line:
//
//	!*go mod edit -require=github.com/nnkit-go/nnkit@v0.0.0 -replace=github.com/nnkit-go/nnkit="${NNKIT_ROOT:-$GONB_DIR/..}" && go get github.com/nnkit-go/nnkit/...@v0.0.0
//	%noautoget
//
// (the go get adds nnkit's requirements once, so that GoNB's own go get before every
// cell, 0.1 to 0.3 s, can be turned off).
//
// GoNB compiles and links every new or edited cell. A cgo program (nnkit calls the C
// library's log, sin and cos, for numpy's values) goes to the C toolchain's linker, and
// the linker writes DWARF for debuggers, which a cell never runs under (a panic's stack
// trace needs none of it): together about 0.6 s of an edited nnkit cell's 1.25. -link auto (the
// default) adds "-ldflags=-linkmode=internal -w" to the kernel's GOFLAGS where a probe
// build of nnkit and kernelext with those GOFLAGS links that way, and "-ldflags=-w" where
// it does not (-tags openblas: gonum's netlib needs the external linker). It says which.
// A cell's own %goflags "-ldflags=..." replaces either.
//
// With -shared-cache DIR, kernel.json also sets GOCACHEPROG to nnkit-gocache (beside gonb),
// so that every user's cells read the warm, shared build cache in DIR and write only to
// their own ~/.cache/nnkit/go-build: a class's image or server keeps one cache for all.
//
// install is idempotent. doctor checks go, gonb, goimports, gopls (optional), jupyter and
// the kernelspec, and prints the exact fix for each problem; it exits 1 if any.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// KernelName is the kernelspec's directory name, and DisplayName what Jupyter shows.
const (
	KernelName  = "gonb-nnkit"
	DisplayName = "Go (nnkit)"
	GoNBVersion = "v0.11.1"
	modulePath  = "github.com/nnkit-go/nnkit"
)

// kernelSpec is Jupyter's kernel.json.
type kernelSpec struct {
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode"`
	Env           map[string]string `json:"env"`
}

func main() {
	if len(os.Args) < 2 {
		usage(os.Stderr)
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "install":
		err = install(os.Args[2:], os.Stdout)
	case "doctor":
		var ok bool
		ok, err = doctor(os.Args[2:], os.Stdout)
		if err == nil && !ok {
			os.Exit(1)
		}
	case "-h", "-help", "--help", "help":
		usage(os.Stdout)
		return
	default:
		usage(os.Stderr)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "nnkit-kernel:", err)
		os.Exit(1)
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, `usage:
  nnkit-kernel install [-gonb PATH] [-data-dir DIR] [-root DIR] [-shared-cache DIR] [-link auto|internal|external]
                                                                 register the "Go (nnkit)" kernel
  nnkit-kernel doctor  [-data-dir DIR]                           check the setup and print fixes`)
}

// dataDir is where Jupyter kernelspecs live: the flag, $JUPYTER_DATA_DIR, or the user's
// default, as GoNB's installer decides.
func dataDir(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return d, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	if runtime.GOOS == "darwin" {
		return filepath.Join(home, "Library", "Jupyter"), nil
	}
	return filepath.Join(home, ".local", "share", "jupyter"), nil
}

func install(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("install", flag.ContinueOnError)
	gonb := fs.String("gonb", "", "the gonb binary (default: gonb on PATH)")
	dir := fs.String("data-dir", "", "Jupyter data directory (default: $JUPYTER_DATA_DIR or the user's)")
	root := fs.String("root", "", "the nnkit checkout (default: $NNKIT_ROOT or the current directory)")
	shared := fs.String("shared-cache", "", "a warm Go build cache that every user's cells read (none if empty)")
	link := fs.String("link", "auto", `how cells link: "internal" (Go's linker), "external" (the C toolchain's), or "auto": internal where a probe build allows it`)
	if err := fs.Parse(args); err != nil {
		return err
	}
	gonbPath, err := resolve(*gonb, "gonb")
	if err != nil {
		return fmt.Errorf("gonb not found: %w (build it with: bash docker/install.sh)", err)
	}
	goPath, err := exec.LookPath("go")
	if err != nil {
		return errors.New("go not found on PATH: install Go ≥ 1.24 first")
	}
	goPath, _ = filepath.EvalSymlinks(goPath)
	rootDir := *root
	if rootDir == "" {
		rootDir = os.Getenv("NNKIT_ROOT")
	}
	if rootDir == "" {
		rootDir = "."
	}
	rootDir, err = filepath.Abs(rootDir)
	if err != nil {
		return err
	}
	if err := checkRoot(rootDir); err != nil {
		return err
	}
	data, err := dataDir(*dir)
	if err != nil {
		return err
	}
	// PATH: the tools beside gonb first, then Go's own bin, then the absolute entries of
	// what the installer saw (a relative one, such as ".", would depend on the kernel's
	// working directory).
	path := strings.Join(uniq([]string{filepath.Dir(gonbPath), filepath.Dir(goPath), os.Getenv("PATH")}), string(os.PathListSeparator))
	spec := kernelSpec{
		Argv:          []string{gonbPath, "--kernel", "{connection_file}"},
		DisplayName:   DisplayName,
		Language:      "go",
		InterruptMode: "message",
		Env:           map[string]string{"PATH": path, "NNKIT_ROOT": rootDir},
	}
	// Only the Go settings GoNB's builds need; kernel.json is world-readable, so a
	// proxy's credentials are dropped (Go reads them from ~/.netrc too).
	for _, v := range []string{"GOPATH", "GOCACHE", "GOMODCACHE", "GOFLAGS", "GOPROXY"} {
		if val := os.Getenv(v); val != "" {
			if v == "GOPROXY" {
				clean, stripped := withoutCredentials(val)
				if stripped {
					fmt.Fprintln(out, "note: GOPROXY's credentials are not copied into kernel.json, which anyone can read; put them in ~/.netrc")
				}
				val = clean
			}
			spec.Env[v] = val
		}
	}
	flags, note, err := linkFlags(*link, goPath, rootDir, spec.Env["GOFLAGS"])
	if err != nil {
		return err
	}
	if flags != "" {
		spec.Env["GOFLAGS"] = flags
	}
	fmt.Fprintln(out, note)
	if *shared != "" {
		prog, err := sharedCacheProg(filepath.Dir(gonbPath), *shared)
		if err != nil {
			return err
		}
		spec.Env["GOCACHEPROG"] = prog
	}
	body, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return err
	}
	kdir := filepath.Join(data, "kernels", KernelName)
	target := filepath.Join(kdir, "kernel.json")
	if old, err := os.ReadFile(target); err == nil && bytes.Equal(old, body) {
		fmt.Fprintf(out, "%s kernel already installed in %s (unchanged)\n", DisplayName, kdir)
		return nil
	}
	if err := os.MkdirAll(kdir, 0o755); err != nil {
		return err
	}
	if err := writeAtomic(target, body); err != nil {
		return err
	}
	if err := writeAtomic(filepath.Join(kdir, "logo-svg.svg"), []byte(logo)); err != nil {
		return err
	}
	fmt.Fprintf(out, "%s kernel installed in %s\n  gonb: %s\n  NNKIT_ROOT: %s\n", DisplayName, kdir, gonbPath, rootDir)
	return nil
}

const (
	internalLink = `"-ldflags=-linkmode=internal -w"`
	noDWARF      = "-ldflags=-w"
)

// linkFlags returns the kernel's GOFLAGS for the link mode asked for, and a line saying
// what was chosen and why.
func linkFlags(mode, goPath, root, goflags string) (string, string, error) {
	add := func(f string) string { return strings.TrimSpace(goflags + " " + f) }
	switch mode {
	case "external":
		return goflags, "cells link with the C toolchain, as cgo does by default (-link external)", nil
	case "internal":
		return add(internalLink), "cells link with Go's own linker, without DWARF (-link internal)", nil
	case "auto":
	default:
		return "", "", fmt.Errorf("-link %q: want auto, internal or external", mode)
	}
	if strings.Contains(goflags, "-ldflags") {
		return goflags, "cells link as GOFLAGS's own -ldflags say", nil
	}
	if err := probeLink(goPath, root, add(internalLink)); err != nil {
		return add(noDWARF), "cells link with the C toolchain, without DWARF (" + noDWARF + "): a probe build with " + internalLink + " failed (" + err.Error() + ")", nil
	}
	return add(internalLink), "cells link with Go's own linker, without DWARF (" + internalLink + ": a probe build of nnkit and kernelext links so)", nil
}

// probeLink builds a program that imports kernelext, as a cell does, with goflags.
func probeLink(goPath, root, goflags string) error {
	dir, err := os.MkdirTemp("", "nnkit-link-probe-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	mod := "module nnkitprobe\n\ngo 1.24\n\nrequire " + modulePath + " v0.0.0\n\nreplace " + modulePath + " => " + strconv.Quote(root) + "\n"
	sum, _ := os.ReadFile(filepath.Join(root, "go.sum"))
	for name, body := range map[string][]byte{
		"go.mod":  []byte(mod),
		"go.sum":  sum,
		"main.go": []byte("package main\n\nimport _ \"" + modulePath + "/kernelext\"\n\nfunc main() {}\n"),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			return err
		}
	}
	for _, args := range [][]string{{"mod", "tidy"}, {"build", "-o", filepath.Join(dir, "probe"), "."}} {
		cmd := exec.Command(goPath, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS="+goflags)
		if out, err := cmd.CombinedOutput(); err != nil {
			last := strings.TrimSpace(string(out))
			if i := strings.LastIndex(last, "\n"); i >= 0 {
				last = last[i+1:]
			}
			return fmt.Errorf("go %s: %s", args[0], last)
		}
	}
	return nil
}

// ownCache is each user's own layer of the shared build cache; nnkit-gocache expands ~/.
const ownCache = "~/.cache/nnkit/go-build"

// sharedCacheProg is GOCACHEPROG for nnkit-gocache in bin serving the shared cache dir.
// GOCACHEPROG is split at spaces, honouring quotes, so a path with a space is quoted.
func sharedCacheProg(bin, dir string) (string, error) {
	prog := filepath.Join(bin, "nnkit-gocache")
	if _, err := resolve(prog, "nnkit-gocache"); err != nil {
		return "", fmt.Errorf("-shared-cache needs nnkit-gocache beside gonb: %w (bash docker/install.sh builds it)", err)
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return "", fmt.Errorf("-shared-cache %s is not a directory", dir)
	}
	quote := func(s string) (string, error) {
		if strings.ContainsAny(s, `'"`) {
			return "", fmt.Errorf("%s: GOCACHEPROG cannot hold a path with a quote", s)
		}
		if strings.ContainsAny(s, " \t") {
			return "'" + s + "'", nil
		}
		return s, nil
	}
	qp, err := quote(prog)
	if err != nil {
		return "", err
	}
	qd, err := quote(dir)
	if err != nil {
		return "", err
	}
	return qp + " -shared " + qd + " -own " + ownCache, nil
}

// checkRoot makes sure dir is an nnkit checkout.
func checkRoot(dir string) error {
	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil || !bytes.HasPrefix(bytes.TrimSpace(mod), []byte("module "+modulePath)) {
		return fmt.Errorf("%s is not an nnkit checkout (no go.mod for %s); pass -root", dir, modulePath)
	}
	return nil
}

func resolve(given, name string) (string, error) {
	p := given
	if p == "" {
		var err error
		if p, err = exec.LookPath(name); err != nil {
			return "", err
		}
	}
	p, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if st, err := os.Stat(p); err != nil || st.IsDir() {
		return "", fmt.Errorf("%s is not a file", p)
	}
	return p, nil
}

// withoutCredentials removes the user and password from each URL of a GOPROXY list.
func withoutCredentials(list string) (string, bool) {
	stripped := false
	var b strings.Builder
	start := 0
	for i := 0; i <= len(list); i++ {
		if i < len(list) && list[i] != ',' && list[i] != '|' {
			continue
		}
		item := list[start:i]
		if u, err := url.Parse(item); err == nil && u.User != nil {
			u.User, stripped = nil, true
			item = u.String()
		}
		b.WriteString(item)
		if i < len(list) {
			b.WriteByte(list[i])
		}
		start = i + 1
	}
	return b.String(), stripped
}

// uniq splits path lists and keeps each absolute entry once, in order.
func uniq(parts []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range parts {
		for _, e := range filepath.SplitList(p) {
			if filepath.IsAbs(e) && !seen[e] {
				seen[e] = true
				out = append(out, e)
			}
		}
	}
	return out
}

func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// doctor checks the setup; it reports problems on out and returns whether all is well.
func doctor(args []string, out io.Writer) (bool, error) {
	fs := flag.NewFlagSet("doctor", flag.ContinueOnError)
	dir := fs.String("data-dir", "", "Jupyter data directory (default: $JUPYTER_DATA_DIR or the user's)")
	if err := fs.Parse(args); err != nil {
		return false, err
	}
	ok := true
	report := func(good bool, optional bool, what, detail, fix string) {
		mark := "✓"
		if !good {
			mark = "✗"
			if optional {
				mark = "!"
			} else {
				ok = false
			}
		}
		fmt.Fprintf(out, "%s %s: %s\n", mark, what, detail)
		if !good && fix != "" {
			fmt.Fprintf(out, "    fix: %s\n", fix)
		}
	}
	data, err := dataDir(*dir)
	if err != nil {
		return false, err
	}
	kfile := filepath.Join(data, "kernels", KernelName, "kernel.json")
	var spec kernelSpec
	specErr := readJSON(kfile, &spec)
	// Look the tools up on the kernel's PATH when there is one: that is where GoNB looks.
	path := os.Getenv("PATH")
	if specErr == nil && spec.Env["PATH"] != "" {
		path = spec.Env["PATH"]
	}
	look := func(name string) (string, error) { return lookIn(name, path) }

	if p, err := look("go"); err != nil {
		report(false, false, "go", "not found", "install Go ≥ 1.24 and put it on PATH")
	} else {
		v, _ := exec.Command(p, "env", "GOVERSION").Output()
		report(true, false, "go", strings.TrimSpace(string(v))+" at "+p, "")
	}
	fix := "bash docker/install.sh   (builds pinned gonb " + GoNBVersion + ", goimports and gopls into .local/bin)"
	if p, err := look("gonb"); err != nil && (specErr != nil || len(spec.Argv) == 0) {
		report(false, false, "gonb", "not found", fix)
	} else {
		if specErr == nil && len(spec.Argv) > 0 {
			p = spec.Argv[0]
		}
		v, err := exec.Command(p, "--version").CombinedOutput()
		first, _, _ := strings.Cut(strings.TrimSpace(string(v)), "\n")
		good := err == nil && strings.Contains(first, GoNBVersion)
		switch {
		case err != nil && first == "":
			first = fmt.Sprintf("cannot run %s --version: %v", p, err)
		case err != nil:
			first = fmt.Sprintf("%s --version failed (%v): %s", p, err, first)
		case !good:
			first = fmt.Sprintf("%s at %s, but nnkit needs GoNB %s", first, p, GoNBVersion)
		default:
			first += " at " + p
		}
		report(good, false, "gonb", first, fix)
	}
	if p, err := look("goimports"); err != nil {
		report(false, false, "goimports", "not found on the kernel's PATH", fix)
	} else {
		report(true, false, "goimports", p, "")
	}
	if p, err := look("gopls"); err != nil {
		report(false, true, "gopls (optional: completion and hover)", "not found on the kernel's PATH", fix)
	} else {
		report(true, true, "gopls", p, "")
	}
	if p, err := lookIn("jupyter", os.Getenv("PATH")); err != nil {
		report(false, false, "jupyter", "not found on PATH", "bash docker/install.sh   (creates .local/venv with pinned JupyterLab), then use .local/venv/bin/jupyter")
	} else {
		report(true, false, "jupyter", p, "")
	}
	switch {
	case specErr != nil:
		report(false, false, "kernelspec "+KernelName, specErr.Error(), "nnkit-kernel install -gonb PATH/TO/gonb -data-dir "+data)
	case len(spec.Argv) == 0 || !exists(spec.Argv[0]):
		report(false, false, "kernelspec "+KernelName, "its gonb binary is missing", "nnkit-kernel install -gonb PATH/TO/gonb -data-dir "+data)
	case checkRoot(spec.Env["NNKIT_ROOT"]) != nil:
		report(false, false, "kernelspec "+KernelName, "NNKIT_ROOT "+spec.Env["NNKIT_ROOT"]+" is not an nnkit checkout", "nnkit-kernel install -root PATH/TO/nnkit -data-dir "+data)
	default:
		report(true, false, "kernelspec "+KernelName, kfile+" (NNKIT_ROOT "+spec.Env["NNKIT_ROOT"]+")", "")
	}
	if prog := spec.Env["GOCACHEPROG"]; prog != "" {
		// Optional: an empty cache is slow (every first cell compiles gonum), not broken, and
		// install.sh checks before warm.sh fills it.
		detail := prog
		err := checkCacheProg(prog)
		if err != nil {
			detail = err.Error()
		}
		report(err == nil, true, "shared Go build cache", detail,
			"fill it with docker/warm.sh (SHARED_GOCACHE=DIR), or reinstall the kernel without -shared-cache")
	}
	return ok, nil
}

// checkCacheProg checks kernel.json's GOCACHEPROG, as sharedCacheProg writes it:
// nnkit-gocache is there, and the shared cache it names holds entries (an empty one means
// every first cell compiles cold).
func checkCacheProg(prog string) error {
	args := splitQuoted(prog)
	i := slices.Index(args, "-shared")
	if len(args) == 0 || i < 0 || i+1 >= len(args) {
		return fmt.Errorf("GOCACHEPROG %q names no -shared cache", prog)
	}
	if !exists(args[0]) {
		return fmt.Errorf("%s is missing", args[0])
	}
	dir := args[i+1]
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("the shared cache: %v", err)
	}
	for _, e := range entries {
		if sub, _ := os.ReadDir(filepath.Join(dir, e.Name())); e.IsDir() && len(sub) > 0 {
			return nil
		}
	}
	return fmt.Errorf("the shared cache %s is empty", dir)
}

// splitQuoted splits s at spaces, keeping a '…' or "…" part whole, as the go command
// splits GOCACHEPROG.
func splitQuoted(s string) []string {
	var out []string
	var cur strings.Builder
	quote, in := rune(0), false
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote == 0 && (r == '\'' || r == '"'):
			quote, in = r, true
		case quote == 0 && (r == ' ' || r == '\t'):
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if in {
		out = append(out, cur.String())
	}
	return out
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("not installed (%s missing)", path)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s is not valid JSON: %v", path, err)
	}
	return nil
}

func lookIn(name, path string) (string, error) {
	for _, dir := range filepath.SplitList(path) {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s not on PATH", name)
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// logo is the kernel's icon: a small network.
const logo = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><g stroke="#0072B2" stroke-width="2"><line x1="12" y1="20" x2="32" y2="14"/><line x1="12" y1="20" x2="32" y2="32"/><line x1="12" y1="20" x2="32" y2="50"/><line x1="12" y1="44" x2="32" y2="14"/><line x1="12" y1="44" x2="32" y2="32"/><line x1="12" y1="44" x2="32" y2="50"/><line x1="32" y1="14" x2="52" y2="32"/><line x1="32" y1="32" x2="52" y2="32"/><line x1="32" y1="50" x2="52" y2="32"/></g><g fill="#D55E00"><circle cx="12" cy="20" r="5"/><circle cx="12" cy="44" r="5"/><circle cx="32" cy="14" r="5"/><circle cx="32" cy="32" r="5"/><circle cx="32" cy="50" r="5"/><circle cx="52" cy="32" r="5"/></g></svg>`
