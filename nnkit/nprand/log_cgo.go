//go:build cgo

package nprand

// #cgo LDFLAGS: -lm
// #include <math.h>
import "C"

// log calls the C library's log, the same function numpy's legacy Gaussian calls, so
// the stream matches numpy on this platform bit for bit.
func log(x float64) float64 { return float64(C.log(C.double(x))) }

// libmLog reports whether log is the C library's.
const libmLog = true
