package exercise

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// Planar is seed 004's exercise, Coursera's graded functions for the planar flower:
// initialize_parameters, forward_propagation, compute_cost, backward_propagation and
// update_parameters of a 2-4-1 network, tanh then sigmoid, with samples as columns (X is
// 2×400, W¹ 4×2, b¹ 4×1) and gradients averaged over the m samples: dZ² = A² − Y,
// dW² = dZ²·A¹ᵀ/m. Forward, Cost, Backward and Update are graded at the parameters after
// 100 iterations of nn_model at the course's learning rate.
type Planar struct {
	Init     Part[func(nx, nh, ny int, src nnkit.Source) Params]
	Forward  Part[func(x *mat.Dense, p Params) Cache]
	Cost     Part[func(a2, y *mat.Dense) float64]
	Backward Part[func(p Params, c Cache, x, y *mat.Dense) Grads]
	Update   Part[func(p Params, g Grads, lr float64) Params]

	// X (2×400) and Y (1×400) are load_planar_dataset()'s flower; Hidden, LR and
	// Iterations nn_model's settings.
	X, Y       *mat.Dense
	Hidden     int
	LR         float64
	Iterations int
}

// NewPlanar returns seed 004's exercise.
func NewPlanar() *Planar {
	flower := datasets.Flower()
	e := &Planar{X: mat.DenseCopyOf(flower.X.T()), Y: mat.DenseCopyOf(flower.Column().T()), Hidden: 4, LR: 1.2, Iterations: 10000}
	rx, ry := flower.X, flower.Column()
	x, y := e.X, e.Y
	m := float64(flower.Len())
	net := e.Network()
	p0 := paramsOf(net, true)
	if _, err := net.Train(rx, ry, nnkit.TrainConfig{Epochs: 100, Optimizer: nnkit.SGD{LR: e.LR}, Every: 100}); err != nil {
		panic("exercise: the reference training failed: " + err.Error())
	}
	p := paramsOf(net, true)
	tr := net.Forward(rx)
	g := net.Backward(tr, ry)
	t := func(a *mat.Dense) *mat.Dense { return mat.DenseCopyOf(a.T()) }
	ref := Cache{t(tr.Layers[0].Z), t(tr.Layers[0].A), t(tr.Layers[1].Z), t(tr.Layers[1].A)}
	// nnkit's δ is ∂J/∂Z of the mean cost, Coursera's dZ is m times it.
	rg := Grads{Scale(m, g.Layers[1].Delta.T()), t(g.Layers[1].DW), t(g.Layers[1].DB), Scale(m, g.Layers[0].Delta.T()), t(g.Layers[0].DW), t(g.Layers[0].DB)}
	objective := func(q Params) float64 {
		n := e.Network()
		setParams(n, q, true)
		return n.LossOn(rx, ry)
	}

	e.Init = Part[func(int, int, int, nnkit.Source) Params]{Exercise: "planar", Name: "initialize_parameters", quantities: paramNames,
		grade: func(f func(int, int, int, nnkit.Source) Params) []Row {
			got := f(2, e.Hidden, 1, nprand.New(2))
			rows := gradeParams(got, p0)
			for k := range rows {
				if k%2 == 0 {
					diagnose(&rows[k], got.list()[k], p0.list()[k], "", candidate{"init-scale", Scale(100, p0.list()[k])})
				} else if !rows[k].OK && rows[k].Got == rows[k].Want {
					rows[k].Diagnosis = says("init-bias")
				}
			}
			return rows
		}}

	e.Forward = Part[func(*mat.Dense, Params) Cache]{Exercise: "planar", Name: "forward_propagation", quantities: []string{"Z1", "A1", "Z2", "A2"},
		grade: func(f func(*mat.Dense, Params) Cache) []Row {
			c := f(mat.DenseCopyOf(x), p.clone())
			rows := []Row{compare("Z1", c.Z1, ref.Z1), compare("A1", c.A1, ref.A1), compare("Z2", c.Z2, ref.Z2), compare("A2", c.A2, ref.A2)}
			diagnose(&rows[0], c.Z1, ref.Z1, "", candidate{"no-bias", mul(p.W1, x)})
			diagnose(&rows[1], c.A1, ref.A1, follows(!rows[0].OK && same(c.A1, safe(func() *mat.Dense { return apply(math.Tanh, c.Z1) })), "Z1"),
				candidate{"hidden-activation", apply(sigmoid, ref.Z1)}, candidate{"hidden-activation", apply(relu, ref.Z1)})
			diagnose(&rows[2], c.Z2, ref.Z2, follows(!rows[1].OK && same(c.Z2, safe(func() *mat.Dense { return addCol(mul(p.W2, c.A1), p.B2) })), "A1"),
				candidate{"no-bias", mul(p.W2, ref.A1)})
			diagnose(&rows[3], c.A2, ref.A2, follows(!rows[2].OK && same(c.A2, safe(func() *mat.Dense { return apply(sigmoid, c.Z2) })), "Z2"),
				candidate{"output-activation", ref.Z2}, candidate{"output-activation", apply(math.Tanh, ref.Z2)})
			return rows
		}}

	e.Cost = Part[func(*mat.Dense, *mat.Dense) float64]{Exercise: "planar", Name: "compute_cost", quantities: []string{"cost"},
		grade: func(f func(*mat.Dense, *mat.Dense) float64) []Row {
			want := g.DataLoss()
			got := f(mat.DenseCopyOf(ref.A2), mat.DenseCopyOf(y))
			row := scalar("cost", got, want)
			diagnose(&row, num(got), num(want), "", candidate{"missing-1/m", num(m * want)})
			return []Row{row}
		}}

	e.Backward = Part[func(Params, Cache, *mat.Dense, *mat.Dense) Grads]{Exercise: "planar", Name: "backward_propagation",
		quantities: []string{"dZ2", "dW2", "db2", "dZ1", "dW1", "db1", "gradient check dW1", "gradient check db1", "gradient check dW2", "gradient check db2"},
		grade: func(f func(Params, Cache, *mat.Dense, *mat.Dense) Grads) []Row {
			got := f(p.clone(), Cache{copyOf(ref.Z1), copyOf(ref.A1), copyOf(ref.Z2), copyOf(ref.A2)}, mat.DenseCopyOf(x), mat.DenseCopyOf(y))
			rows := []Row{compare("dZ2", got.DZ2, rg.DZ2), compare("dW2", got.DW2, rg.DW2), compare("db2", got.DB2, rg.DB2),
				compare("dZ1", got.DZ1, rg.DZ1), compare("dW1", got.DW1, rg.DW1), compare("db1", got.DB1, rg.DB1)}
			dz2, dz1 := !rows[0].OK, !rows[3].OK
			diagnose(&rows[0], got.DZ2, rg.DZ2, "", candidate{"sigmoid-twice", MulElem(rg.DZ2, apply(func(a float64) float64 { return a * (1 - a) }, ref.A2))})
			diagnose(&rows[1], got.DW2, rg.DW2, follows(dz2 && same(got.DW2, safe(func() *mat.Dense { return Scale(1/m, mul(got.DZ2, ref.A1.T())) })), "dZ2"),
				candidate{"missing-1/m", Scale(m, rg.DW2)}, candidate{"m-twice", Scale(1/m, rg.DW2)})
			diagnose(&rows[2], got.DB2, rg.DB2, follows(dz2 && same(got.DB2, safe(func() *mat.Dense { return Scale(1/m, SumKeepDims(got.DZ2, 1)) })), "dZ2"),
				candidate{"missing-1/m", Scale(m, rg.DB2)}, candidate{"m-twice", Scale(1/m, rg.DB2)},
				candidate{"not-summed", Scale(1/m, rg.DZ2)}, candidate{"not-summed", rg.DZ2})
			back := mul(p.W2.T(), rg.DZ2)
			diagnose(&rows[3], got.DZ1, rg.DZ1, follows(dz2 && same(got.DZ1, safe(func() *mat.Dense { return MulElem(mul(p.W2.T(), got.DZ2), apply(tanhPrime, ref.A1)) })), "dZ2"),
				candidate{"tanh-1-a", MulElem(back, apply(func(a float64) float64 { return 1 - a }, ref.A1))},
				candidate{"tanh-z", MulElem(back, apply(tanhPrime, ref.Z1))}, candidate{"no-derivative", back})
			diagnose(&rows[4], got.DW1, rg.DW1, follows(dz1 && same(got.DW1, safe(func() *mat.Dense { return Scale(1/m, mul(got.DZ1, x.T())) })), "dZ1"),
				candidate{"missing-1/m", Scale(m, rg.DW1)}, candidate{"m-twice", Scale(1/m, rg.DW1)})
			diagnose(&rows[5], got.DB1, rg.DB1, follows(dz1 && same(got.DB1, safe(func() *mat.Dense { return Scale(1/m, SumKeepDims(got.DZ1, 1)) })), "dZ1"),
				candidate{"missing-1/m", Scale(m, rg.DB1)}, candidate{"m-twice", Scale(1/m, rg.DB1)},
				candidate{"not-summed", Scale(1/m, rg.DZ1)}, candidate{"not-summed", rg.DZ1})
			return append(rows, gradCheck(objective, p, []*mat.Dense{got.DW1, got.DB1, got.DW2, got.DB2})...)
		}}

	e.Update = Part[func(Params, Grads, float64) Params]{Exercise: "planar", Name: "update_parameters", quantities: paramNames,
		grade: func(f func(Params, Grads, float64) Params) []Row {
			return gradeUpdate(f(p.clone(), Grads{copyOf(rg.DZ2), copyOf(rg.DW2), copyOf(rg.DB2), copyOf(rg.DZ1), copyOf(rg.DW1), copyOf(rg.DB1)}, e.LR), p, rg, e.LR)
		}}
	return e
}

// Network returns nn_model's network with initialize_parameters' weights
// (np.random.seed(2)), in nnkit's layout (samples as rows).
func (e *Planar) Network() *nnkit.Network {
	return nnkit.New(nnkit.Config{Sizes: []int{2, e.Hidden, 1}, Activations: []nnkit.Activation{nnkit.Tanh, nnkit.Sigmoid},
		Loss: nnkit.BinaryCrossEntropy, Reduction: nnkit.Mean, Init: nnkit.InitCoursera{Scale: 0.01}}, nprand.New(2))
}

// Model returns nn_model's network holding p, given in Coursera's layout, for pictures and
// accuracy on samples as rows.
func (e *Planar) Model(p Params) *nnkit.Network {
	n := e.Network()
	setParams(n, p, true)
	return n
}
