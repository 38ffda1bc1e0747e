//go:build cgo

package libm

// #cgo LDFLAGS: -lm
// #include <math.h>
import "C"

// Exact is true: Sin and Cos are the C library's own.
const Exact = true

// Sin is the C library's sin.
func Sin(x float64) float64 { return float64(C.sin(C.double(x))) }

// Cos is the C library's cos.
func Cos(x float64) float64 { return float64(C.cos(C.double(x))) }
