package exercise

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
)

// A Part is one function of an exercise, of type F, graded by Grade.
type Part[F any] struct {
	Exercise, Name string
	quantities     []string
	grade          func(F) []Row
}

// Grade runs f on the tutorial's inputs and grades what it returns. A panic in f, such as
// the stubs' "not implemented yet" or gonum's on mismatched shapes, is graded ✗ with its
// message; Grade never panics on the learner's account.
func (p Part[F]) Grade(f F) (r *Report) {
	r = &Report{Exercise: p.Exercise, Part: p.Name}
	defer func() {
		if e := recover(); e != nil {
			r.Panic, r.Rows = fmt.Sprint(e), nil
			for _, q := range p.quantities {
				r.Rows = append(r.Rows, Row{Quantity: q, Err: math.NaN(), Message: "not computed: your function panicked"})
			}
		}
	}()
	r.Rows = p.grade(f)
	return r
}

// safe returns f's matrix, or nil where f panics: the grader recomputes from the
// learner's own values, whose shapes may not fit.
func safe(f func() *mat.Dense) (out *mat.Dense) {
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	return f()
}

// gradCheck compares the learner's gradients with central differences of objective at p,
// one row per parameter, and names the parameter whose gradient is wrong.
func gradCheck(objective func(Params) float64, p Params, got []*mat.Dense) []Row {
	const h = 1e-6
	var rows []Row
	for k, w := range p.list() {
		name := "d" + paramNames[k]
		row := Row{Quantity: "gradient check " + name, Err: math.NaN()}
		r, c := w.Dims()
		num := mat.NewDense(r, c, nil)
		for i := range r {
			for j := range c {
				q := p.clone()
				v := q.list()[k]
				v.Set(i, j, w.At(i, j)+h)
				up := objective(q)
				v.Set(i, j, w.At(i, j)-h)
				num.Set(i, j, (up-objective(q))/(2*h))
			}
		}
		g := got[k]
		if g == nil || g.IsEmpty() {
			row.Message = "no " + name + " to check"
			rows = append(rows, row)
			continue
		}
		if gr, gc := g.Dims(); gr != r || gc != c {
			row.Message = fmt.Sprintf("%s is %d×%d, %s is %d×%d", name, gr, gc, paramNames[k], r, c)
			rows = append(rows, row)
			continue
		}
		var diff mat.Dense
		diff.Sub(g, num)
		d, size := mat.Norm(&diff, 2), mat.Norm(g, 2)+mat.Norm(num, 2)
		rel := d / math.Max(size, 1e-300)
		// Central differences at h = 1e-6 are good to about 1e-8 relative, and to about
		// 1e-10 absolute where a gradient is near zero (roundoff in J over 2h); a wrong
		// formula is off by far more than either bound.
		row.OK, row.Err = d <= 1e-6*size+1e-8, rel
		if row.OK {
			row.Message = fmt.Sprintf("agrees with the numerical gradient (relative difference %.1e)", rel)
		} else {
			row.Message = fmt.Sprintf("%s is wrong: it differs from the numerical gradient of the objective by %.2g relative", name, rel)
		}
		rows = append(rows, row)
	}
	return rows
}

// paramsOf copies a two-layer network's parameters, transposed into Coursera's column
// layout when cols is set.
func paramsOf(n *nnkit.Network, cols bool) Params {
	l1, l2 := n.Layers[0], n.Layers[1]
	if cols {
		return Params{mat.DenseCopyOf(l1.W.T()), mat.DenseCopyOf(l1.B.T()), mat.DenseCopyOf(l2.W.T()), mat.DenseCopyOf(l2.B.T())}
	}
	return Params{mat.DenseCopyOf(l1.W), mat.DenseCopyOf(l1.B), mat.DenseCopyOf(l2.W), mat.DenseCopyOf(l2.B)}
}

// setParams writes p into a two-layer network, from Coursera's column layout when cols is
// set. It panics, naming the parameter, if a shape does not fit.
func setParams(n *nnkit.Network, p Params, cols bool) {
	for k, v := range p.list() {
		l := n.Layers[k/2]
		dst := l.W
		if k%2 == 1 {
			dst = l.B
		}
		var src mat.Matrix = v
		if v == nil || v.IsEmpty() {
			panic(fmt.Sprintf("exercise: %s is missing (nil)", paramNames[k]))
		}
		if cols {
			src = v.T()
		}
		r, c := dst.Dims()
		if sr, sc := src.Dims(); sr != r || sc != c {
			vr, vc := v.Dims()
			if cols { // the learner's layout is the transpose of the network's
				r, c = c, r
			}
			panic(fmt.Sprintf("exercise: %s is %d×%d, the network needs %d×%d", paramNames[k], vr, vc, r, c))
		}
		dst.Copy(src)
	}
}
