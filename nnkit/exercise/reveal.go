package exercise

import (
	"bytes"
	_ "embed"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"strings"
)

//go:embed solutions.go
var solutionsSource []byte

// parts names each exercise's parts: the Part's Name, the notebook's function name and the
// reference solution's, and a hint.
var parts = map[string][]struct{ part, fn, solution, hint string }{
	"moons": {
		{"init", "initialize", "moonsInit", "Draw W¹ (2×3) first, row by row, as src.NormFloat64()/√2, then W² (3×2) divided by √3; both b start at zero."},
		{"forward", "forward", "moonsForward", "Z¹ = X·W¹ + b¹ adds b¹ to every row; A¹ = tanh(Z¹); Z² = A¹·W² + b²; A² is the softmax of each row of Z²."},
		{"cost", "cost", "moonsCost", "Add −log of each sample's probability for its true class, then λ/2·(ΣW¹² + ΣW²²), and divide the whole by m."},
		{"backward", "backward", "moonsBackward", "δ² = A² − Y. The article sums over the batch: dW² = A¹ᵀ·δ² + λW², db² sums δ²'s rows. δ¹ = δ²·W²ᵀ ⊙ (1 − A¹²)."},
		{"update", "update", "moonsUpdate", "Gradient descent subtracts: W ← W − ε·dW, and the same for every b."},
	},
	"planar": {
		{"initialize_parameters", "initializeParameters", "planarInit", "W¹ is n_h×n_x, drawn row by row as randn·0.01, then W² (n_y×n_h); b¹ and b² are zero columns."},
		{"forward_propagation", "forwardPropagation", "planarForward", "Samples are columns: Z¹ = W¹·X + b¹ adds b¹ to every column; A¹ = tanh(Z¹); A² = σ(W²·A¹ + b²)."},
		{"compute_cost", "computeCost", "planarCost", "−(1/m)·Σ(y·log a + (1 − y)·log(1 − a)) over the m columns."},
		{"backward_propagation", "backwardPropagation", "planarBackward", "dZ² = A² − Y; dW² = dZ²·A¹ᵀ/m; db² = Σ dZ²/m over the columns; dZ¹ = W²ᵀ·dZ² ⊙ (1 − A¹²)."},
		{"update_parameters", "updateParameters", "planarUpdate", "θ ← θ − α·dθ for W¹, b¹, W², b², with α the learning rate passed in."},
	},
}

func lookup(exercise, part string) (fn, solution, hint string, err error) {
	list, ok := parts[exercise]
	if !ok {
		return "", "", "", fmt.Errorf("exercise: no exercise %q (there are moons and planar)", exercise)
	}
	var names []string
	for _, p := range list {
		if p.part == part || p.fn == part {
			return p.fn, p.solution, p.hint, nil
		}
		names = append(names, p.part)
	}
	return "", "", "", fmt.Errorf("exercise: %s has no part %q (its parts: %s)", exercise, part, strings.Join(names, ", "))
}

// Hint returns a hint for one part of an exercise, named as its Part is or as the
// notebook's function.
func Hint(exercise, part string) (string, error) {
	_, _, h, err := lookup(exercise, part)
	return h, err
}

// Solution returns the reference solution of one part as Go source, as the notebook
// names it: the function, with this package's types and helpers qualified (exercise.Params).
func Solution(exercise, part string) (string, error) {
	fn, name, _, err := lookup(exercise, part)
	if err != nil {
		return "", err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "solutions.go", solutionsSource, 0)
	if err != nil {
		return "", err
	}
	exported := map[string]bool{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && ast.IsExported(fd.Name.Name) {
			exported[fd.Name.Name] = true
		}
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Name.Name != name {
			continue
		}
		fd.Name.Name = fn
		fields := map[*ast.Ident]bool{} // p.W1's W1, Params{W1: …}'s W1: not this package's names
		ast.Inspect(fd, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.SelectorExpr:
				fields[x.Sel] = true
			case *ast.KeyValueExpr:
				if k, ok := x.Key.(*ast.Ident); ok {
					fields[k] = true
				}
			}
			return true
		})
		ast.Inspect(fd, func(n ast.Node) bool {
			if x, ok := n.(*ast.Ident); ok && !fields[x] && (exported[x.Name] || x.Name == "Params" || x.Name == "Cache" || x.Name == "Grads") {
				x.Name = "exercise." + x.Name
			}
			return true
		})
		var b bytes.Buffer
		if err := printer.Fprint(&b, fset, fd); err != nil {
			return "", err
		}
		return b.String(), nil
	}
	return "", fmt.Errorf("exercise: no solution %s", name)
}
