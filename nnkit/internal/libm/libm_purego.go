//go:build !cgo

package libm

import "math"

// Exact is false: without cgo these are Go approximations of the C library's functions.
const Exact = false

// Log is RoundedLog, correctly rounded.
func Log(x float64) float64 { return RoundedLog(x) }

// Sin is math.Sin.
func Sin(x float64) float64 { return math.Sin(x) }

// Cos is math.Cos.
func Cos(x float64) float64 { return math.Cos(x) }
