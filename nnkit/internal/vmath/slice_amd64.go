package vmath

import "golang.org/x/sys/cpu"

// haveAVX512 selects the 8-lane loops. They need only AVX-512F, and give the same bits as
// Exp and Tanh: the same operations in the same order, each rounded once.
var haveAVX512 = cpu.X86.HasAVX512F

// tanh8 sets dst[i] = Tanh(src[i]) for the first len(src)/8·8 values and returns how many
// it did. It stops early, at a block with an input that needs the scalar callout.
//
//go:noescape
func tanh8(dst, src []float64, table *[18][16]uint64) int

// exp8 is tanh8 for Exp.
//
//go:noescape
func exp8(dst, src []float64, consts *expConsts) int
