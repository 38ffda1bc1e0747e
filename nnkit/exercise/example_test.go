package exercise_test

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/exercise"
)

// A forward pass that forgets b¹: the grader names the mistake on Z¹, and says that A¹
// and what follows come from it.
func ExampleNewMoons() {
	moons := exercise.NewMoons()
	forward := func(p exercise.Params, x *mat.Dense) exercise.Cache {
		var z1, a1 mat.Dense
		z1.Mul(x, p.W1) // + b¹ forgotten
		a1.Apply(func(_, _ int, v float64) float64 { return tanh(v) }, &z1)
		return exercise.Cache{Z1: &z1, A1: &a1}
	}
	r := moons.Forward.Grade(forward)
	for _, row := range r.Rows[:3] {
		fmt.Println(row.Quantity+":", row.Detail())
	}
	fmt.Println(r.Passed())
	// Output:
	// Z1: shape 200×3; worst element [0][0] is 3.42456, want 1.59918; likely mistake: Z is computed without its bias: add b
	// A1: shape 200×3; worst element [45][0] is 0.719626, want -0.72519; likely mistake: follows from your Z1: fix that first
	// Z2: missing (nil)
	// false
}

func tanh(v float64) float64 { return math.Tanh(v) }

// The stub every exercise starts from is graded, not raised.
func ExamplePart_Grade() {
	r := exercise.NewPlanar().Cost.Grade(func(a2, y *mat.Dense) float64 { panic("not implemented yet") })
	fmt.Print(r)
	// Output:
	// grade planar/compute_cost: 0 of 1 right, not yet
	//   ✗ your function panicked: not implemented yet
	//   ✗ cost: not computed: your function panicked
}

func ExampleMistakes() {
	m := exercise.Mistakes()
	fmt.Println(len(m), "mistakes, e.g.", m[len(m)-2].Name+":", m[len(m)-2].Says)
	// Output:
	// 23 mistakes, e.g. update-assign: the update assigns ε·dW instead of subtracting it from W (the bug in seed 001's code)
}

func ExampleHint() {
	h, _ := exercise.Hint("planar", "compute_cost")
	fmt.Println(h)
	// Output:
	// −(1/m)·Σ(y·log a + (1 − y)·log(1 − a)) over the m columns.
}

func ExampleSolution() {
	src, _ := exercise.Solution("planar", "computeCost")
	fmt.Println(strings.SplitN(src, "\n", 2)[0])
	// Output:
	// func computeCost(a2, y *mat.Dense) float64 {
}

func ExampleSumKeepDims() {
	a := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	fmt.Println(exercise.SumKeepDims(a, 0).RawMatrix().Data, exercise.SumKeepDims(a, 1).RawMatrix().Data)
	// Output:
	// [5 7 9] [6 15]
}

func ExampleScale() {
	fmt.Println(exercise.Scale(2, mat.NewDense(1, 2, []float64{1, 2})).RawMatrix().Data)
	// Output:
	// [2 4]
}

func ExampleMulElem() {
	a := mat.NewDense(1, 2, []float64{2, 3})
	fmt.Println(exercise.MulElem(a, a).RawMatrix().Data)
	// Output:
	// [4 9]
}

// Training end to end stops at the first function that panics, and names it.
func ExampleMoons_Train() {
	moons := exercise.NewMoons()
	_, err := moons.Train(func(nnkit.Source) exercise.Params { panic("not implemented yet") }, nil, nil, nil)
	fmt.Println(err)
	// Output:
	// your initialize panicked: not implemented yet
}

// The planar flower's parts are Coursera's graded functions, samples as columns.
func ExampleNewPlanar() {
	planar := exercise.NewPlanar()
	r, c := planar.X.Dims()
	fmt.Println(r, c, planar.Init.Name, planar.Backward.Name)
	// Output:
	// 2 400 initialize_parameters backward_propagation
}

func ExampleReport_Score() {
	r := exercise.NewMoons().Update.Grade(func(p exercise.Params, g exercise.Grads, lr float64) exercise.Params {
		return exercise.Params{W1: exercise.Scale(lr, g.DW1), B1: p.B1, W2: p.W2, B2: p.B2} // W¹ assigned, the rest not updated
	})
	right, of := r.Score()
	fmt.Println(right, of, r.Rows[0].Diagnosis)
	fmt.Println(r.Rows[1].Diagnosis)
	// Output:
	// 0 4 the update assigns ε·dW instead of subtracting it from W (the bug in seed 001's code)
	// b was not updated
}

// Model puts a learner's parameters into the tutorial's network, for pictures and accuracy.
func ExampleMoons_Model() {
	moons := exercise.NewMoons()
	net := moons.Model(exercise.Params{W1: mat.NewDense(2, 3, nil), B1: mat.NewDense(1, 3, nil), W2: mat.NewDense(3, 2, nil), B2: mat.NewDense(1, 2, nil)})
	fmt.Println(net, net.Accuracy(moons.Test.X, moons.Test.OneHot()))
	// Output:
	// 2-3-2 tanh/softmax, softmax-cross-entropy (sum), L2 λ=0.01 0.5
}
