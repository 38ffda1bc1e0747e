//go:build cgo

// Package clibm calls the C library's log. Only libm's tests import it, to check Log
// against the C library; nothing in nnkit's build calls C for log.
package clibm

// #cgo LDFLAGS: -lm
// #include <math.h>
import "C"

// Log is the C library's log.
func Log(x float64) float64 { return float64(C.log(C.double(x))) }
