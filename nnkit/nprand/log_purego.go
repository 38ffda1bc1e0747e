//go:build !cgo

package nprand

// log is ddLog when cgo is off: correctly rounded, which matches numpy except where the
// C library misrounds (see ddLog).
func log(x float64) float64 { return ddLog(x) }

// libmLog reports whether log is the C library's.
const libmLog = false
