package exercise

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
	"github.com/nnkit-go/nnkit/nnkit/datasets"
	"github.com/nnkit-go/nnkit/nnkit/nprand"
)

// Trained is the learner's functions trained end to end as the tutorial trains: the
// network holding the learned parameters, the data to draw it on, and the tutorial's
// published figures against the learner's.
type Trained struct {
	Net     *nnkit.Network
	Data    *datasets.Dataset
	Title   string
	Figures []Figure
}

// Figure is one published number and the learner's, with its tolerance and the evidence
// for it.
type Figure struct {
	Name                 string
	Published, Ours, Tol float64
	Evidence             string
}

// call runs f, turning a panic into an error that names the learner's function.
func call(name string, f func()) (err error) {
	defer func() {
		if e := recover(); e != nil {
			err = fmt.Errorf("your %s panicked: %v", name, e)
		}
	}()
	f()
	return nil
}

// Train runs the article's build_model with the learner's functions: initialise from
// np.random.seed(0), then Passes passes of forward, backward and update at LR and Lambda on
// the training set. It returns the trained network with its test accuracy against the
// article's 96 %, or an error naming the function that panicked or returned a parameter
// of the wrong shape.
func (e *Moons) Train(initialize func(nnkit.Source) Params, forward func(Params, *mat.Dense) Cache,
	backward func(Params, Cache, *mat.Dense, *mat.Dense, float64) Grads, update func(Params, Grads, float64) Params) (*Trained, error) {
	x, y := e.Data.X, e.Data.OneHot()
	var p Params
	if err := call("initialize", func() { p = initialize(nprand.New(0)) }); err != nil {
		return nil, err
	}
	for range e.Passes {
		var c Cache
		var g Grads
		if err := call("forward", func() { c = forward(p, x) }); err != nil {
			return nil, err
		}
		if err := call("backward", func() { g = backward(p, c, x, y, e.Lambda) }); err != nil {
			return nil, err
		}
		if err := call("update", func() { p = update(p, g, e.LR) }); err != nil {
			return nil, err
		}
	}
	var net *nnkit.Network
	if err := call("update", func() { net = e.Model(p) }); err != nil {
		return nil, err
	}
	acc := net.Accuracy(e.Test.X, e.Test.OneHot())
	return &Trained{Net: net, Data: e.Test, Title: fmt.Sprintf("your functions, %d passes: the test set", e.Passes),
		Figures: []Figure{{"test accuracy (seed 1 test set)", 96, 100 * acc, 0.5, "one of the 200 test points is 0.5 points"}}}, nil
}

// Train runs nn_model with the learner's functions: initialize_parameters(2, Hidden, 1)
// from np.random.seed(2), then Iterations of forward, backward and update at LR. It
// returns the trained network with its accuracy on the flower against the course's 90 %.
func (e *Planar) Train(initialize func(int, int, int, nnkit.Source) Params, forward func(*mat.Dense, Params) Cache,
	backward func(Params, Cache, *mat.Dense, *mat.Dense) Grads, update func(Params, Grads, float64) Params) (*Trained, error) {
	var p Params
	if err := call("initializeParameters", func() { p = initialize(2, e.Hidden, 1, nprand.New(2)) }); err != nil {
		return nil, err
	}
	for range e.Iterations {
		var c Cache
		var g Grads
		if err := call("forwardPropagation", func() { c = forward(e.X, p) }); err != nil {
			return nil, err
		}
		if err := call("backwardPropagation", func() { g = backward(p, c, e.X, e.Y) }); err != nil {
			return nil, err
		}
		if err := call("updateParameters", func() { p = update(p, g, e.LR) }); err != nil {
			return nil, err
		}
	}
	var net *nnkit.Network
	if err := call("updateParameters", func() { net = e.Model(p) }); err != nil {
		return nil, err
	}
	flower := datasets.Flower()
	acc := net.Accuracy(flower.X, flower.Column())
	return &Trained{Net: net, Data: flower, Title: fmt.Sprintf("your functions, n_h = %d, %d iterations", e.Hidden, e.Iterations),
		Figures: []Figure{{"accuracy, n_h = 4", 90, 100 * acc, 1, "the course prints the accuracy with %d, which drops the decimals"}}}, nil
}
