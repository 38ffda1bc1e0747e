// Command nnkit-exercises makes the instructor version of each exercise notebook from the
// student version, its one source: every function whose body is the stub
// panic("not implemented yet") gets the reference solution (exercise.Solution) instead.
//
//	go run ./kernelext/cmd/nnkit-exercises [-check] notebooks/exercises/*.ipynb
//
// A student notebook names its exercise in its metadata ("nnkit": {"exercise": "moons"}).
// The instructor version goes to instructor/ beside it; the outputs of an existing
// instructor version are kept where a cell's source is unchanged, so that re-running the
// command does not discard an executed notebook's outputs. With -check nothing is written:
// the command fails if an instructor version is missing or its sources differ from what it
// would write, or if a student version holds outputs (it would hand out the answers).
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/nnkit-go/nnkit/nnkit/atomicfile"
	"github.com/nnkit-go/nnkit/nnkit/exercise"
)

const stub = `panic("not implemented yet")`

var funcName = regexp.MustCompile(`(?m)^func (\w+)\(`)

func main() {
	check := flag.Bool("check", false, "report differences instead of writing")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: nnkit-exercises [-check] STUDENT.ipynb ...")
		os.Exit(2)
	}
	failed := false
	for _, path := range flag.Args() {
		if err := run(path, *check); err != nil {
			fmt.Fprintf(os.Stderr, "nnkit-exercises: %s: %v\n", path, err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

type notebook map[string]any

func read(path string) (notebook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var nb notebook
	if err := json.Unmarshal(b, &nb); err != nil {
		return nil, fmt.Errorf("not a notebook: %w", err)
	}
	if _, ok := nb["cells"].([]any); !ok {
		return nil, errors.New("not a notebook: no cells")
	}
	return nb, nil
}

func source(cell map[string]any) string {
	switch s := cell["source"].(type) {
	case string:
		return s
	case []any:
		var b strings.Builder
		for _, l := range s {
			b.WriteString(fmt.Sprint(l))
		}
		return b.String()
	}
	return ""
}

func run(path string, check bool) error {
	student, err := read(path)
	if err != nil {
		return err
	}
	meta, _ := student["metadata"].(map[string]any)
	nk, _ := meta["nnkit"].(map[string]any)
	ex, _ := nk["exercise"].(string)
	if ex == "" {
		return errors.New(`its metadata names no exercise ("nnkit": {"exercise": …})`)
	}
	out := filepath.Join(filepath.Dir(path), "instructor", filepath.Base(path))
	old, err := read(out)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	var oldCells []any
	if old != nil {
		oldCells = old["cells"].([]any)
	}
	var cells []any
	for i, c := range student["cells"].([]any) {
		cell := c.(map[string]any)
		src := source(cell)
		if cell["cell_type"] == "code" && len(cell["outputs"].([]any)) > 0 {
			return fmt.Errorf("cell %d of the student version has outputs: clear them before handing it out", i)
		}
		next := map[string]any{}
		for k, v := range cell {
			next[k] = v
		}
		if cell["cell_type"] == "code" && strings.Contains(src, stub) {
			m := funcName.FindStringSubmatch(src)
			if m == nil {
				return fmt.Errorf("cell %d holds the stub but no top-level func", i)
			}
			sol, err := exercise.Solution(ex, m[1])
			if err != nil {
				return fmt.Errorf("cell %d: %w", i, err)
			}
			src = src[:strings.Index(src, "func "+m[1]+"(")] + sol
		}
		if strings.HasPrefix(src, "!*go mod edit") {
			src = strings.ReplaceAll(src, "$GONB_DIR/", "$GONB_DIR/../") // instructor/ is one folder deeper
		}
		if i == 0 && cell["cell_type"] == "markdown" {
			src = "> **Instructor version,** with the reference solutions filled in. Generated from `../" + filepath.Base(path) +
				"` by `go run ./kernelext/cmd/nnkit-exercises`; edit that, not this.\n\n" + src
		}
		next["source"] = src
		if i < len(oldCells) {
			if o := oldCells[i].(map[string]any); source(o) == src && o["cell_type"] == cell["cell_type"] {
				for _, k := range []string{"outputs", "execution_count"} {
					if v, ok := o[k]; ok {
						next[k] = v
					}
				}
			}
		}
		cells = append(cells, next)
	}
	inst := notebook{}
	for k, v := range student {
		inst[k] = v
	}
	inst["cells"] = cells
	if check {
		if old == nil {
			return fmt.Errorf("%s is missing: run go run ./kernelext/cmd/nnkit-exercises %s", out, path)
		}
		if len(oldCells) != len(cells) {
			return fmt.Errorf("%s has %d cells, the student version %d: regenerate it", out, len(oldCells), len(cells))
		}
		for i := range cells {
			if source(oldCells[i].(map[string]any)) != source(cells[i].(map[string]any)) {
				return fmt.Errorf("%s: cell %d differs from the student version with the solutions: regenerate it", out, i)
			}
		}
		return nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(inst); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	return atomicfile.WriteFile(out, b.Bytes(), 0o644)
}
