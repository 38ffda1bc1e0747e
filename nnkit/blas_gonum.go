//go:build !openblas

package nnkit

const (
	matMulBackend = "gonum"
	ignoredTag    = ""
)
