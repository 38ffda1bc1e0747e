//go:build cgo

// Package clibm calls the C library's log, sin and cos. Only libm's tests import it, to
// check the Go functions against the C library; nothing in nnkit's build uses cgo for them.
package clibm

// #cgo LDFLAGS: -lm
// #include <math.h>
import "C"

// Log is the C library's log.
func Log(x float64) float64 { return float64(C.log(C.double(x))) }

// Sin is the C library's sin.
func Sin(x float64) float64 { return float64(C.sin(C.double(x))) }

// Cos is the C library's cos.
func Cos(x float64) float64 { return float64(C.cos(C.double(x))) }
