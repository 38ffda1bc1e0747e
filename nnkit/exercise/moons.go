package exercise

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// Moons is seed 000's exercise: a 2-3-2 network, tanh then softmax, on make_moons(200,
// noise=0.20) after np.random.seed(0), with samples as rows (X is 200×2, W¹ 2×3, b¹ 1×3).
// Its gradients are sums over the batch, not means, with λ·W added to each dW, and its
// loss is (Σᵢ −log pᵢ + λ/2·ΣW²)/m. Forward, Cost, Backward and Update are graded at the
// parameters after 100 passes of the article's training, so that no b is still zero.
type Moons struct {
	Init     Part[func(src nnkit.Source) Params]
	Forward  Part[func(p Params, x *mat.Dense) Cache]
	Cost     Part[func(p Params, a2, y *mat.Dense, lambda float64) float64]
	Backward Part[func(p Params, c Cache, x, y *mat.Dense, lambda float64) Grads]
	Update   Part[func(p Params, g Grads, lr float64) Params]

	// Data and Test are the article's data (np.random.seed(0) and seed(1)); Lambda, LR
	// and Passes its settings.
	Data, Test *datasets.Dataset
	Lambda, LR float64
	Passes     int
}

// NewMoons returns seed 000's exercise.
func NewMoons() *Moons {
	e := &Moons{
		Data:   datasets.Moons(datasets.MoonsConfig{N: 200, Noise: 0.20}, nprand.New(0)),
		Test:   datasets.Moons(datasets.MoonsConfig{N: 200, Noise: 0.20}, nprand.New(1)),
		Lambda: 0.01, LR: 0.01, Passes: 20000,
	}
	x, y := e.Data.X, e.Data.OneHot()
	m := float64(e.Data.Len())
	net := e.Network()
	p0 := paramsOf(net, false)
	if _, err := net.Train(x, y, nnkit.TrainConfig{Epochs: 100, Optimizer: nnkit.SGD{LR: e.LR}, Every: 100}); err != nil {
		panic("exercise: the reference training failed: " + err.Error())
	}
	p := paramsOf(net, false)
	tr := net.Forward(x)
	g := net.Backward(tr, y)
	ref := Cache{tr.Layers[0].Z, tr.Layers[0].A, tr.Layers[1].Z, tr.Layers[1].A}
	rg := Grads{g.Layers[1].Delta, g.Layers[1].DW, g.Layers[1].DB, g.Layers[0].Delta, g.Layers[0].DW, g.Layers[0].DB}
	lam := e.Lambda
	objective := func(q Params) float64 { // Σᵢ −log pᵢ + λ/2·ΣW²: what the summed gradients differentiate
		n := e.Network()
		setParams(n, q, false)
		return m * n.LossOn(x, y)
	}

	e.Init = Part[func(nnkit.Source) Params]{Exercise: "moons", Name: "init", quantities: paramNames,
		grade: func(f func(nnkit.Source) Params) []Row {
			got := f(nprand.New(0))
			rows := gradeParams(got, p0)
			for k, r := range rows {
				if k%2 == 0 {
					n, _ := p0.list()[k].Dims()
					diagnose(&rows[k], got.list()[k], p0.list()[k], "", candidate{"init-scale", Scale(math.Sqrt(float64(n)), p0.list()[k])})
				} else if !r.OK && r.Got == r.Want {
					rows[k].Diagnosis = says("init-bias")
				}
			}
			return rows
		}}

	e.Forward = Part[func(Params, *mat.Dense) Cache]{Exercise: "moons", Name: "forward", quantities: []string{"Z1", "A1", "Z2", "A2"},
		grade: func(f func(Params, *mat.Dense) Cache) []Row {
			c := f(p.clone(), mat.DenseCopyOf(x))
			rows := []Row{compare("Z1", c.Z1, ref.Z1), compare("A1", c.A1, ref.A1), compare("Z2", c.Z2, ref.Z2), compare("A2", c.A2, ref.A2)}
			diagnose(&rows[0], c.Z1, ref.Z1, "", candidate{"no-bias", mul(x, p.W1)})
			diagnose(&rows[1], c.A1, ref.A1, follows(!rows[0].OK && same(c.A1, safe(func() *mat.Dense { return apply(math.Tanh, c.Z1) })), "Z1"),
				candidate{"hidden-activation", apply(sigmoid, ref.Z1)}, candidate{"hidden-activation", apply(relu, ref.Z1)})
			diagnose(&rows[2], c.Z2, ref.Z2, follows(!rows[1].OK && same(c.Z2, safe(func() *mat.Dense { return addRow(mul(c.A1, p.W2), p.B2) })), "A1"),
				candidate{"no-bias", mul(ref.A1, p.W2)})
			diagnose(&rows[3], c.A2, ref.A2, follows(!rows[2].OK && same(c.A2, safe(func() *mat.Dense { return softmaxRows(c.Z2) })), "Z2"),
				candidate{"softmax-axis", mat.DenseCopyOf(softmaxRows(ref.Z2.T()).T())}, candidate{"output-activation", ref.Z2},
				candidate{"output-activation", apply(sigmoid, ref.Z2)})
			return rows
		}}

	data := g.LossSum / m
	reg := g.Penalty // λ/2·ΣW²
	e.Cost = Part[func(Params, *mat.Dense, *mat.Dense, float64) float64]{Exercise: "moons", Name: "cost", quantities: []string{"cost"},
		grade: func(f func(Params, *mat.Dense, *mat.Dense, float64) float64) []Row {
			want := data + reg/m
			got := f(p.clone(), mat.DenseCopyOf(ref.A2), mat.DenseCopyOf(y), lam)
			row := scalar("cost", got, want)
			diagnose(&row, mat.NewDense(1, 1, []float64{got}), mat.NewDense(1, 1, []float64{want}), "",
				candidate{"missing-1/m", num(m * want)}, candidate{"l2-missing", num(data)}, candidate{"l2-half", num(data + 2*reg/m)},
				candidate{"l2-not-averaged", num(data + reg)})
			return []Row{row}
		}}

	e.Backward = Part[func(Params, Cache, *mat.Dense, *mat.Dense, float64) Grads]{Exercise: "moons", Name: "backward",
		quantities: []string{"dZ2", "dW2", "db2", "dZ1", "dW1", "db1", "gradient check dW1", "gradient check db1", "gradient check dW2", "gradient check db2"},
		grade: func(f func(Params, Cache, *mat.Dense, *mat.Dense, float64) Grads) []Row {
			got := f(p.clone(), Cache{copyOf(ref.Z1), copyOf(ref.A1), copyOf(ref.Z2), copyOf(ref.A2)}, mat.DenseCopyOf(x), mat.DenseCopyOf(y), lam)
			rows := []Row{compare("dZ2", got.DZ2, rg.DZ2), compare("dW2", got.DW2, rg.DW2), compare("db2", got.DB2, rg.DB2),
				compare("dZ1", got.DZ1, rg.DZ1), compare("dW1", got.DW1, rg.DW1), compare("db1", got.DB1, rg.DB1)}
			dz2, dz1 := !rows[0].OK, !rows[3].OK
			diagnose(&rows[0], got.DZ2, rg.DZ2, "", candidate{"divided-by-m", Scale(1/m, rg.DZ2)})
			diagnose(&rows[1], got.DW2, rg.DW2, follows(dz2 && same(got.DW2, safe(func() *mat.Dense { return plus(mul(ref.A1.T(), got.DZ2), lam, p.W2) })), "dZ2"),
				candidate{"l2-missing", mul(ref.A1.T(), rg.DZ2)}, candidate{"divided-by-m", plus(Scale(1/m, mul(ref.A1.T(), rg.DZ2)), lam, p.W2)},
				candidate{"divided-by-m", Scale(1/m, rg.DW2)})
			diagnose(&rows[2], got.DB2, rg.DB2, follows(dz2 && same(got.DB2, safe(func() *mat.Dense { return SumKeepDims(got.DZ2, 0) })), "dZ2"),
				candidate{"l2-on-b", plus(rg.DB2, lam, p.B2)}, candidate{"divided-by-m", Scale(1/m, rg.DB2)}, candidate{"not-summed", rg.DZ2})
			back := mul(rg.DZ2, p.W2.T())
			diagnose(&rows[3], got.DZ1, rg.DZ1, follows(dz2 && same(got.DZ1, safe(func() *mat.Dense { return MulElem(mul(got.DZ2, p.W2.T()), apply(tanhPrime, ref.A1)) })), "dZ2"),
				candidate{"tanh-1-a", MulElem(back, apply(func(a float64) float64 { return 1 - a }, ref.A1))},
				candidate{"tanh-z", MulElem(back, apply(tanhPrime, ref.Z1))}, candidate{"no-derivative", back},
				candidate{"divided-by-m", Scale(1/m, rg.DZ1)})
			diagnose(&rows[4], got.DW1, rg.DW1, follows(dz1 && same(got.DW1, safe(func() *mat.Dense { return plus(mul(x.T(), got.DZ1), lam, p.W1) })), "dZ1"),
				candidate{"l2-missing", mul(x.T(), rg.DZ1)}, candidate{"divided-by-m", plus(Scale(1/m, mul(x.T(), rg.DZ1)), lam, p.W1)},
				candidate{"divided-by-m", Scale(1/m, rg.DW1)})
			diagnose(&rows[5], got.DB1, rg.DB1, follows(dz1 && same(got.DB1, safe(func() *mat.Dense { return SumKeepDims(got.DZ1, 0) })), "dZ1"),
				candidate{"l2-on-b", plus(rg.DB1, lam, p.B1)}, candidate{"divided-by-m", Scale(1/m, rg.DB1)}, candidate{"not-summed", rg.DZ1})
			return append(rows, gradCheck(objective, p, []*mat.Dense{got.DW1, got.DB1, got.DW2, got.DB2})...)
		}}

	e.Update = Part[func(Params, Grads, float64) Params]{Exercise: "moons", Name: "update", quantities: paramNames,
		grade: func(f func(Params, Grads, float64) Params) []Row {
			return gradeUpdate(f(p.clone(), Grads{copyOf(rg.DZ2), copyOf(rg.DW2), copyOf(rg.DB2), copyOf(rg.DZ1), copyOf(rg.DW1), copyOf(rg.DB1)}, e.LR), p, rg, e.LR)
		}}
	return e
}

// Network returns the article's network, with the initial weights of np.random.seed(0):
// the reference the grader compares with, and the model the learner's parameters are put
// into (SetParams) to draw and test them.
func (e *Moons) Network() *nnkit.Network {
	return nnkit.New(nnkit.Config{Sizes: []int{2, 3, 2}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Softmax},
		Loss: nnkit.SoftmaxCrossEntropy, Reduction: nnkit.Sum, Reg: nnkit.Regularization{L2: e.Lambda}, Init: nnkit.InitFanIn{}}, nprand.New(0))
}

// Model returns the article's network holding p, for pictures and accuracy.
func (e *Moons) Model(p Params) *nnkit.Network {
	n := e.Network()
	setParams(n, p, false)
	return n
}

// gradeParams compares four parameters.
func gradeParams(got, want Params) []Row {
	rows := make([]Row, 4)
	for k := range rows {
		rows[k] = compare(paramNames[k], got.list()[k], want.list()[k])
	}
	return rows
}

// gradeUpdate grades an update of p by g at rate lr.
func gradeUpdate(got, p Params, g Grads, lr float64) []Row {
	d := []*mat.Dense{g.DW1, g.DB1, g.DW2, g.DB2}
	rows := make([]Row, 4)
	for k := range rows {
		w := p.list()[k]
		want := plus(w, -lr, d[k])
		rows[k] = compare(paramNames[k], got.list()[k], want)
		c := []candidate{{"update-sign", plus(w, lr, d[k])}, {"update-assign", Scale(lr, d[k])}, {"update-assign", Scale(-lr, d[k])}}
		if k%2 == 1 {
			c = append(c, candidate{"update-no-b", w})
		}
		diagnose(&rows[k], got.list()[k], want, "", c...)
	}
	return rows
}

// follows returns name when the learner's value follows from their own wrong upstream one.
func follows(ok bool, name string) string {
	if ok {
		return name
	}
	return ""
}

func num(v float64) *mat.Dense { return mat.NewDense(1, 1, []float64{v}) }

func sigmoid(z float64) float64   { return 1 / (1 + math.Exp(-z)) }
func relu(z float64) float64      { return math.Max(0, z) }
func tanhPrime(a float64) float64 { return 1 - a*a }

// softmaxRows normalises each row's exponentials.
func softmaxRows(z mat.Matrix) *mat.Dense {
	r, c := z.Dims()
	out := mat.NewDense(r, c, nil)
	for i := range r {
		top := math.Inf(-1)
		for j := range c {
			top = math.Max(top, z.At(i, j))
		}
		var s float64
		for j := range c {
			v := math.Exp(z.At(i, j) - top)
			out.Set(i, j, v)
			s += v
		}
		for j := range c {
			out.Set(i, j, out.At(i, j)/s)
		}
	}
	return out
}
