//go:build openblas && cgo

package nnkit

// #cgo LDFLAGS: -lopenblas
import "C"

import (
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/netlib/blas/netlib"
)

// With -tags openblas, gonum's matrix products, and so nnkit's large ones, run in
// OpenBLAS. Registering through gonum's own hook keeps every gonum call in the program
// on the same backend.
func init() { blas64.Use(netlib.Implementation{}) }

const (
	matMulBackend = "openblas"
	ignoredTag    = ""
)
