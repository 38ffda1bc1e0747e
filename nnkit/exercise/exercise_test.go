package exercise

import (
	"go/parser"
	"go/token"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
)

var (
	moons  = NewMoons()
	planar = NewPlanar()
)

// reports grades every part of both exercises with the given functions.
func allReports(mi func(nnkit.Source) Params, mf func(Params, *mat.Dense) Cache, mc func(Params, *mat.Dense, *mat.Dense, float64) float64,
	mb func(Params, Cache, *mat.Dense, *mat.Dense, float64) Grads, mu func(Params, Grads, float64) Params,
	pi func(int, int, int, nnkit.Source) Params, pf func(*mat.Dense, Params) Cache, pc func(*mat.Dense, *mat.Dense) float64,
	pb func(Params, Cache, *mat.Dense, *mat.Dense) Grads, pu func(Params, Grads, float64) Params) []*Report {
	return []*Report{moons.Init.Grade(mi), moons.Forward.Grade(mf), moons.Cost.Grade(mc), moons.Backward.Grade(mb), moons.Update.Grade(mu),
		planar.Init.Grade(pi), planar.Forward.Grade(pf), planar.Cost.Grade(pc), planar.Backward.Grade(pb), planar.Update.Grade(pu)}
}

// TestSolutionsPass: the reference solutions, written as a learner would, pass every
// quantity of every part, the gradient checks included.
func TestSolutionsPass(t *testing.T) {
	for _, r := range allReports(moonsInit, moonsForward, moonsCost, moonsBackward, moonsUpdate, planarInit, planarForward, planarCost, planarBackward, planarUpdate) {
		if !r.Passed() {
			t.Errorf("the solution fails:\n%s", r)
		}
	}
}

// TestStubsFail: the notebooks' TODO stubs panic "not implemented yet"; every quantity is
// ✗ with that message and nothing else panics.
func TestStubsFail(t *testing.T) {
	todo := func() { panic("not implemented yet") }
	reports := allReports(
		func(nnkit.Source) Params { todo(); return Params{} }, func(Params, *mat.Dense) Cache { todo(); return Cache{} },
		func(Params, *mat.Dense, *mat.Dense, float64) float64 { todo(); return 0 },
		func(Params, Cache, *mat.Dense, *mat.Dense, float64) Grads { todo(); return Grads{} },
		func(Params, Grads, float64) Params { todo(); return Params{} },
		func(int, int, int, nnkit.Source) Params { todo(); return Params{} }, func(*mat.Dense, Params) Cache { todo(); return Cache{} },
		func(*mat.Dense, *mat.Dense) float64 { todo(); return 0 }, func(Params, Cache, *mat.Dense, *mat.Dense) Grads { todo(); return Grads{} },
		func(Params, Grads, float64) Params { todo(); return Params{} })
	for _, r := range reports {
		if r.Passed() || r.Panic != "not implemented yet" || len(r.Rows) == 0 {
			t.Fatalf("stub: %s", r)
		}
		for _, row := range r.Rows {
			if row.OK || !strings.Contains(r.String(), "✗ your function panicked: not implemented yet") {
				t.Fatalf("stub row %s passes or hides the panic:\n%s", row.Quantity, r)
			}
		}
	}
}

// Learners' mistakes, each a wrong function built from the solutions.

func withBias(p Params, b1, b2 *mat.Dense) Params { p.B1, p.B2 = b1, b2; return p }

func mapA(f func(float64) float64, a mat.Matrix) *mat.Dense { return apply(f, a) }

// TestMistakes: each named mistake, made on purpose, is diagnosed in those words on the
// quantity it first spoils, and the quantities computed from it say so.
func TestMistakes(t *testing.T) {
	moonsCostWith := func(f func(data, reg, m float64) float64) func(Params, *mat.Dense, *mat.Dense, float64) float64 {
		return func(p Params, a2, y *mat.Dense, lambda float64) float64 {
			m, _ := y.Dims()
			reg := lambda / 2 * (mat.Sum(MulElem(p.W1, p.W1)) + mat.Sum(MulElem(p.W2, p.W2)))
			data := moonsCost(Params{W1: mat.NewDense(2, 3, nil), W2: mat.NewDense(3, 2, nil)}, a2, y, 0)
			return f(data*float64(m), reg, float64(m))
		}
	}
	// moonsBack recomputes the solution's backward pass with the given pieces changed.
	moonsBack := func(change func(g *Grads, p Params, c Cache, x *mat.Dense, lambda float64)) func(Params, Cache, *mat.Dense, *mat.Dense, float64) Grads {
		return func(p Params, c Cache, x, y *mat.Dense, lambda float64) Grads {
			g := moonsBackward(p, c, x, y, lambda)
			change(&g, p, c, x, lambda)
			return g
		}
	}
	planarBack := func(change func(g *Grads, p Params, c Cache, x *mat.Dense, m float64)) func(Params, Cache, *mat.Dense, *mat.Dense) Grads {
		return func(p Params, c Cache, x, y *mat.Dense) Grads {
			g := planarBackward(p, c, x, y)
			_, n := x.Dims()
			change(&g, p, c, x, float64(n))
			return g
		}
	}
	update := func(f func(w, dw *mat.Dense, lr float64, bias bool) *mat.Dense) func(Params, Grads, float64) Params {
		return func(p Params, g Grads, lr float64) Params {
			return Params{f(p.W1, g.DW1, lr, false), f(p.B1, g.DB1, lr, true), f(p.W2, g.DW2, lr, false), f(p.B2, g.DB2, lr, true)}
		}
	}
	// δ² divided by m, as if the article's gradients were means.
	dz2OverM := func(p Params, c Cache, x, y *mat.Dense, lambda float64) Grads {
		m, _ := y.Dims()
		var a2 mat.Dense // A2' = Y + (A2 − Y)/m, so that the solution's δ² = A2' − Y is (A2 − Y)/m
		a2.Sub(c.A2, y)
		a2.Scale(1/float64(m), &a2)
		a2.Add(&a2, y)
		c.A2 = &a2
		return moonsBackward(p, c, x, y, lambda)
	}
	for _, tc := range []struct {
		mistake, quantity string
		report            *Report
		diagnosis         string // when not the mistake's own words
	}{
		{"init-scale", "W1", moons.Init.Grade(func(src nnkit.Source) Params {
			p := moonsInit(src)
			p.W1 = Scale(math.Sqrt(2), p.W1)
			return p
		}), ""},
		{"init-bias", "b1", planar.Init.Grade(func(nx, nh, ny int, src nnkit.Source) Params {
			p := planarInit(nx, nh, ny, src)
			p.B1.Set(0, 0, 0.5)
			return p
		}), ""},
		{"no-bias", "Z1", moons.Forward.Grade(func(p Params, x *mat.Dense) Cache {
			return moonsForward(withBias(p, mat.NewDense(1, 3, nil), p.B2), x)
		}), ""},
		{"follows", "A1", moons.Forward.Grade(func(p Params, x *mat.Dense) Cache {
			return moonsForward(withBias(p, mat.NewDense(1, 3, nil), p.B2), x)
		}), "follows from your Z1: fix that first"},
		{"hidden-activation", "A1", planar.Forward.Grade(func(x *mat.Dense, p Params) Cache {
			c := planarForward(x, p)
			c.A1 = mapA(sigmoid, c.Z1)
			return c
		}), ""},
		{"output-activation", "A2", moons.Forward.Grade(func(p Params, x *mat.Dense) Cache {
			c := moonsForward(p, x)
			c.A2 = c.Z2
			return c
		}), ""},
		{"softmax-axis", "A2", moons.Forward.Grade(func(p Params, x *mat.Dense) Cache {
			c := moonsForward(p, x)
			c.A2 = mat.DenseCopyOf(softmaxRows(c.Z2.T()).T())
			return c
		}), ""},
		{"missing-1/m", "cost", moons.Cost.Grade(moonsCostWith(func(data, reg, m float64) float64 { return data + reg })), ""},
		{"missing-1/m", "cost", planar.Cost.Grade(func(a2, y *mat.Dense) float64 { _, m := y.Dims(); return float64(m) * planarCost(a2, y) }), ""},
		{"l2-missing", "cost", moons.Cost.Grade(moonsCostWith(func(data, reg, m float64) float64 { return data / m })), ""},
		{"l2-half", "cost", moons.Cost.Grade(moonsCostWith(func(data, reg, m float64) float64 { return (data + 2*reg) / m })), ""},
		{"l2-not-averaged", "cost", moons.Cost.Grade(moonsCostWith(func(data, reg, m float64) float64 { return data/m + reg })), ""},
		{"sign", "cost", planar.Cost.Grade(func(a2, y *mat.Dense) float64 { return -planarCost(a2, y) }), ""},
		{"divided-by-m", "dZ2", moons.Backward.Grade(dz2OverM), ""},
		{"follows", "dW2", moons.Backward.Grade(dz2OverM), "follows from your dZ2: fix that first"},
		{"l2-missing", "dW2", moons.Backward.Grade(moonsBack(func(g *Grads, p Params, c Cache, x *mat.Dense, lambda float64) {
			g.DW2 = mul(c.A1.T(), g.DZ2)
		})), ""},
		{"l2-on-b", "db1", moons.Backward.Grade(moonsBack(func(g *Grads, p Params, c Cache, x *mat.Dense, lambda float64) {
			g.DB1 = plus(g.DB1, lambda, p.B1)
		})), ""},
		{"not-summed", "db2", moons.Backward.Grade(moonsBack(func(g *Grads, p Params, c Cache, x *mat.Dense, lambda float64) {
			g.DB2 = g.DZ2
		})), ""},
		{"tanh-1-a", "dZ1", moons.Backward.Grade(moonsBack(func(g *Grads, p Params, c Cache, x *mat.Dense, lambda float64) {
			g.DZ1 = MulElem(mul(g.DZ2, p.W2.T()), mapA(func(a float64) float64 { return 1 - a }, c.A1))
			g.DW1 = plus(mul(x.T(), g.DZ1), lambda, p.W1)
			g.DB1 = SumKeepDims(g.DZ1, 0)
		})), ""},
		{"gradient check", "gradient check dW1", moons.Backward.Grade(moonsBack(func(g *Grads, p Params, c Cache, x *mat.Dense, lambda float64) {
			g.DZ1 = MulElem(mul(g.DZ2, p.W2.T()), mapA(func(a float64) float64 { return 1 - a }, c.A1))
			g.DW1 = plus(mul(x.T(), g.DZ1), lambda, p.W1)
		})), "-"},
		{"tanh-z", "dZ1", planar.Backward.Grade(planarBack(func(g *Grads, p Params, c Cache, x *mat.Dense, m float64) {
			g.DZ1 = MulElem(mul(p.W2.T(), g.DZ2), mapA(tanhPrime, c.Z1))
		})), ""},
		{"no-derivative", "dZ1", planar.Backward.Grade(planarBack(func(g *Grads, p Params, c Cache, x *mat.Dense, m float64) {
			g.DZ1 = mul(p.W2.T(), g.DZ2)
		})), ""},
		{"sigmoid-twice", "dZ2", planar.Backward.Grade(planarBack(func(g *Grads, p Params, c Cache, x *mat.Dense, m float64) {
			g.DZ2 = MulElem(g.DZ2, mapA(func(a float64) float64 { return a * (1 - a) }, c.A2))
		})), ""},
		{"missing-1/m", "dW2", planar.Backward.Grade(planarBack(func(g *Grads, p Params, c Cache, x *mat.Dense, m float64) {
			g.DW2 = mul(g.DZ2, c.A1.T())
		})), ""},
		{"m-twice", "db1", planar.Backward.Grade(planarBack(func(g *Grads, p Params, c Cache, x *mat.Dense, m float64) {
			g.DB1 = Scale(1/m, g.DB1)
		})), ""},
		{"transposed", "dW1", planar.Backward.Grade(planarBack(func(g *Grads, p Params, c Cache, x *mat.Dense, m float64) {
			g.DW1 = Scale(1/m, mul(x, g.DZ1.T()))
		})), ""},
		{"update-sign", "W2", moons.Update.Grade(update(func(w, dw *mat.Dense, lr float64, _ bool) *mat.Dense { return plus(w, lr, dw) })), ""},
		{"update-assign", "W1", planar.Update.Grade(update(func(w, dw *mat.Dense, lr float64, _ bool) *mat.Dense { return Scale(lr, dw) })), ""},
		{"update-no-b", "b2", planar.Update.Grade(update(func(w, dw *mat.Dense, lr float64, bias bool) *mat.Dense {
			if bias {
				return w
			}
			return plus(w, -lr, dw)
		})), ""},
	} {
		want := tc.diagnosis
		if want == "" {
			want = says(tc.mistake)
		}
		row, found := Row{}, false
		for _, r := range tc.report.Rows {
			if r.Quantity == tc.quantity {
				row, found = r, true
			}
		}
		switch {
		case !found || row.OK:
			t.Errorf("%s: %s not graded ✗:\n%s", tc.mistake, tc.quantity, tc.report)
		case want == "-":
			if !strings.Contains(row.Message, "dW1 is wrong") {
				t.Errorf("%s: %s says %q, want it to name dW1", tc.mistake, tc.quantity, row.Message)
			}
		case row.Diagnosis != want:
			t.Errorf("%s: %s diagnosed %q, want %q:\n%s", tc.mistake, tc.quantity, row.Diagnosis, want, tc.report)
		}
	}
}

// TestShapeMistakes: a wrong operand order fails inside gonum; the panic is graded, not
// raised, and a wrong shape is reported as one.
func TestShapeMistakes(t *testing.T) {
	r := planar.Forward.Grade(func(x *mat.Dense, p Params) Cache {
		var z mat.Dense
		z.Mul(x, p.W1) // 2×400 · 4×2
		return Cache{}
	})
	if r.Passed() || !strings.Contains(r.Panic, "dimension mismatch") {
		t.Errorf("wrong operand order: %s", r)
	}
	r = moons.Backward.Grade(func(p Params, c Cache, x, y *mat.Dense, lambda float64) Grads {
		g := moonsBackward(p, c, x, y, lambda)
		g.DW1 = mat.NewDense(3, 3, nil)
		return g
	})
	if !strings.Contains(r.String(), "✗ dW1: shape 3×3, want 2×3") || !strings.Contains(r.String(), "✗ gradient check dW1: dW1 is 3×3, W1 is 2×3") {
		t.Errorf("wrong shape:\n%s", r)
	}
}

// TestReveal: every part has a hint and a solution that parses as Go, named as the
// notebook names it, with the package's names qualified; unknown names are errors.
func TestReveal(t *testing.T) {
	for ex, list := range parts {
		for _, p := range list {
			h, err := Hint(ex, p.part)
			if err != nil || h == "" {
				t.Errorf("%s/%s: hint %q, %v", ex, p.part, h, err)
			}
			src, err := Solution(ex, p.fn)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(src, "func "+p.fn+"(") || strings.Contains(src, " Params") || strings.Contains(src, "(Scale") {
				t.Errorf("%s/%s: solution not renamed or not qualified:\n%s", ex, p.part, src)
			}
			if _, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+src, 0); err != nil {
				t.Errorf("%s/%s: %v\n%s", ex, p.part, err, src)
			}
		}
	}
	if _, err := Solution("moons", "fly"); err == nil || !strings.Contains(err.Error(), "its parts: init, forward") {
		t.Errorf("unknown part: %v", err)
	}
	if _, err := Hint("xor", "forward"); err == nil {
		t.Error("unknown exercise: no error")
	}
}

// TestMistakesNamed: every mistake has a distinct name and words, and there are at least 10.
func TestMistakesNamed(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range Mistakes() {
		if seen[m.Name] || seen[m.Says] || m.Says == "" {
			t.Errorf("mistake %q repeated or silent", m.Name)
		}
		seen[m.Name], seen[m.Says] = true, true
	}
	if len(Mistakes()) < 10 {
		t.Errorf("%d mistakes", len(Mistakes()))
	}
}

// TestTrainSolutions: the solutions trained end to end reproduce the tutorials' published
// figures, and a stub is an error that names it.
func TestTrainSolutions(t *testing.T) {
	m, err := moons.Train(moonsInit, moonsForward, moonsBackward, moonsUpdate)
	if err != nil {
		t.Fatal(err)
	}
	p, err := planar.Train(planarInit, planarForward, planarBackward, planarUpdate)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(m.Figures, p.Figures...) {
		if math.Abs(f.Ours-f.Published) > f.Tol {
			t.Errorf("%s: %v, published %v ± %v", f.Name, f.Ours, f.Published, f.Tol)
		}
	}
	_, err = moons.Train(moonsInit, func(Params, *mat.Dense) Cache { panic("not implemented yet") }, moonsBackward, moonsUpdate)
	if err == nil || err.Error() != "your forward panicked: not implemented yet" {
		t.Errorf("stub: %v", err)
	}
	_, err = planar.Train(planarInit, planarForward, planarBackward, func(p Params, g Grads, lr float64) Params { p.W1 = nil; return p })
	if err == nil || !strings.HasPrefix(err.Error(), "your forwardPropagation panicked") {
		t.Errorf("nil W1: %v", err)
	}
}
