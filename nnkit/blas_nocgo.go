//go:build openblas && !cgo

package nnkit

// Say why -tags openblas had no effect rather than leave it silent.
const matMulBackend = "gonum (the openblas tag needs cgo, which is disabled)"

// transposeFirst: see mulTransAInto.
const transposeFirst = true
