//go:build openblas && !cgo

package nnkit

const (
	matMulBackend = "gonum"
	// ignoredTag says why -tags openblas had no effect, rather than leave it silent.
	ignoredTag = " (the openblas tag needs cgo, which is disabled)"
)
