// Package nnkit is a from-scratch neural-network engine whose every step can be shown.
//
// It does what the classic "neural network with numpy" tutorials do by hand, in the same
// order and with the same numbers:
//
//	net := nnkit.New(nnkit.Config{...}, src) // layers, loss, regularisation, initial weights
//	tr := net.Forward(X)                      // every layer's input, Z and A
//	g := net.Backward(tr, Y)                  // every layer's δ, dW and db, and the loss
//	u := net.Update(g, opt)                   // the change each parameter received
//
// Train runs those same three calls in a loop, with hooks, a History and early stopping.
// Hooks watch and never change what is trained (see GradientReader).
//
// Every setting is explicit: Config's Loss, Reduction and Init have no defaults, and
// optimisers use their fields as given, so a notebook always states the tutorial's choice.
//
// Rows are samples: X is m×n, a layer's W is n_in×n_out and its b is 1×n_out, so that
// Z = X·W + b as in the tutorials' numpy code.
//
// Programmer errors, such as a shape mismatch or an unknown activation name, panic with
// a message that names the layer and both shapes. Data errors, such as NaN inputs,
// labels out of range or a corrupt model file, are returned as errors.
//
// Randomness is always injected through a Source. nprand.RandomState reproduces numpy's
// np.random.seed streams, so a network built from it starts with the tutorials' weights.
package nnkit
