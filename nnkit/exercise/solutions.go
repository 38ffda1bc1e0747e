package exercise

// The reference solutions, written as a learner would write them in the notebooks, with
// plain gonum. Solution shows their source on request; the tests grade them as right.

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
)

func moonsInit(src nnkit.Source) Params {
	randn := func(r, c int, scale float64) *mat.Dense {
		w := mat.NewDense(r, c, nil)
		for i := range r {
			for j := range c {
				w.Set(i, j, src.NormFloat64()*scale)
			}
		}
		return w
	}
	return Params{W1: randn(2, 3, 1/math.Sqrt(2)), B1: mat.NewDense(1, 3, nil), W2: randn(3, 2, 1/math.Sqrt(3)), B2: mat.NewDense(1, 2, nil)}
}

func moonsForward(p Params, x *mat.Dense) Cache {
	var z1, a1, z2 mat.Dense
	z1.Mul(x, p.W1)
	z1.Apply(func(_, j int, v float64) float64 { return v + p.B1.At(0, j) }, &z1)
	a1.Apply(func(_, _ int, v float64) float64 { return math.Tanh(v) }, &z1)
	z2.Mul(&a1, p.W2)
	z2.Apply(func(_, j int, v float64) float64 { return v + p.B2.At(0, j) }, &z2)
	a2 := mat.NewDense(z2.RawMatrix().Rows, 2, nil)
	for i := range a2.RawMatrix().Rows {
		e0, e1 := math.Exp(z2.At(i, 0)), math.Exp(z2.At(i, 1))
		a2.Set(i, 0, e0/(e0+e1))
		a2.Set(i, 1, e1/(e0+e1))
	}
	return Cache{Z1: &z1, A1: &a1, Z2: &z2, A2: a2}
}

func moonsCost(p Params, a2, y *mat.Dense, lambda float64) float64 {
	m, k := y.Dims()
	var loss float64
	for i := range m {
		for j := range k {
			if y.At(i, j) == 1 {
				loss -= math.Log(a2.At(i, j))
			}
		}
	}
	loss += lambda / 2 * (mat.Sum(MulElem(p.W1, p.W1)) + mat.Sum(MulElem(p.W2, p.W2)))
	return loss / float64(m)
}

func moonsBackward(p Params, c Cache, x, y *mat.Dense, lambda float64) Grads {
	var dz2, dw2, dz1, dw1 mat.Dense
	dz2.Sub(c.A2, y)
	dw2.Mul(c.A1.T(), &dz2)
	dw2.Add(&dw2, Scale(lambda, p.W2))
	dz1.Mul(&dz2, p.W2.T())
	dz1.Apply(func(i, j int, v float64) float64 { a := c.A1.At(i, j); return v * (1 - a*a) }, &dz1)
	dw1.Mul(x.T(), &dz1)
	dw1.Add(&dw1, Scale(lambda, p.W1))
	return Grads{DZ2: &dz2, DW2: &dw2, DB2: SumKeepDims(&dz2, 0), DZ1: &dz1, DW1: &dw1, DB1: SumKeepDims(&dz1, 0)}
}

func moonsUpdate(p Params, g Grads, lr float64) Params {
	step := func(w, dw *mat.Dense) *mat.Dense {
		var out mat.Dense
		out.Sub(w, Scale(lr, dw))
		return &out
	}
	return Params{W1: step(p.W1, g.DW1), B1: step(p.B1, g.DB1), W2: step(p.W2, g.DW2), B2: step(p.B2, g.DB2)}
}

func planarInit(nx, nh, ny int, src nnkit.Source) Params {
	randn := func(r, c int) *mat.Dense {
		w := mat.NewDense(r, c, nil)
		for i := range r {
			for j := range c {
				w.Set(i, j, src.NormFloat64()*0.01)
			}
		}
		return w
	}
	w1 := randn(nh, nx)
	w2 := randn(ny, nh)
	return Params{W1: w1, B1: mat.NewDense(nh, 1, nil), W2: w2, B2: mat.NewDense(ny, 1, nil)}
}

func planarForward(x *mat.Dense, p Params) Cache {
	var z1, a1, z2, a2 mat.Dense
	z1.Mul(p.W1, x)
	z1.Apply(func(i, _ int, v float64) float64 { return v + p.B1.At(i, 0) }, &z1)
	a1.Apply(func(_, _ int, v float64) float64 { return math.Tanh(v) }, &z1)
	z2.Mul(p.W2, &a1)
	z2.Apply(func(i, _ int, v float64) float64 { return v + p.B2.At(i, 0) }, &z2)
	a2.Apply(func(_, _ int, v float64) float64 { return 1 / (1 + math.Exp(-v)) }, &z2)
	return Cache{Z1: &z1, A1: &a1, Z2: &z2, A2: &a2}
}

func planarCost(a2, y *mat.Dense) float64 {
	_, m := y.Dims()
	var sum float64
	for j := range m {
		a, t := a2.At(0, j), y.At(0, j)
		sum += t*math.Log(a) + (1-t)*math.Log(1-a)
	}
	return -sum / float64(m)
}

func planarBackward(p Params, c Cache, x, y *mat.Dense) Grads {
	_, n := x.Dims()
	m := float64(n)
	var dz2, dw2, dz1, dw1 mat.Dense
	dz2.Sub(c.A2, y)
	dw2.Mul(&dz2, c.A1.T())
	dw2.Scale(1/m, &dw2)
	dz1.Mul(p.W2.T(), &dz2)
	dz1.Apply(func(i, j int, v float64) float64 { a := c.A1.At(i, j); return v * (1 - a*a) }, &dz1)
	dw1.Mul(&dz1, x.T())
	dw1.Scale(1/m, &dw1)
	return Grads{DZ2: &dz2, DW2: &dw2, DB2: Scale(1/m, SumKeepDims(&dz2, 1)), DZ1: &dz1, DW1: &dw1, DB1: Scale(1/m, SumKeepDims(&dz1, 1))}
}

func planarUpdate(p Params, g Grads, lr float64) Params {
	step := func(theta, d *mat.Dense) *mat.Dense {
		var out mat.Dense
		out.Sub(theta, Scale(lr, d))
		return &out
	}
	return Params{W1: step(p.W1, g.DW1), B1: step(p.B1, g.DB1), W2: step(p.W2, g.DW2), B2: step(p.B2, g.DB2)}
}

// Numpy's helpers the solutions use, for the learner too.

// Scale returns s·a, numpy's s * a.
func Scale(s float64, a mat.Matrix) *mat.Dense {
	var out mat.Dense
	out.Scale(s, a)
	return &out
}

// MulElem returns a⊙b, numpy's a * b.
func MulElem(a, b mat.Matrix) *mat.Dense {
	var out mat.Dense
	out.MulElem(a, b)
	return &out
}

// SumKeepDims is np.sum(a, axis=axis, keepdims=True): axis 0 sums the rows into 1×n, axis
// 1 the columns into m×1.
func SumKeepDims(a mat.Matrix, axis int) *mat.Dense {
	r, c := a.Dims()
	if axis != 0 && axis != 1 {
		panic("exercise: SumKeepDims: axis must be 0 or 1")
	}
	out := mat.NewDense(1, c, nil)
	if axis == 1 {
		out = mat.NewDense(r, 1, nil)
	}
	for i := range r {
		for j := range c {
			if axis == 0 {
				out.Set(0, j, out.At(0, j)+a.At(i, j))
			} else {
				out.Set(i, 0, out.At(i, 0)+a.At(i, j))
			}
		}
	}
	return out
}
