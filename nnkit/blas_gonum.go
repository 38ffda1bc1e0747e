//go:build !openblas

package nnkit

const (
	matMulBackend = "gonum"
	ignoredTag    = ""
)

// transposeFirst: see mulTransAInto.
const transposeFirst = true
