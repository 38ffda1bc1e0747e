//go:build !openblas

package nnkit

const matMulBackend = "gonum"

// transposeFirst: see mulTransAInto.
const transposeFirst = true
