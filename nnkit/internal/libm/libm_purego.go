//go:build !cgo

package libm

import "math"

// Exact is false: without cgo Sin and Cos are Go approximations of the C library's.
const Exact = false

// Sin is math.Sin.
func Sin(x float64) float64 { return math.Sin(x) }

// Cos is math.Cos.
func Cos(x float64) float64 { return math.Cos(x) }
