// Package vmath computes exp and tanh the way numpy 1.24 does on current x86 CPUs, bit
// for bit, so that nnkit's activations give the tutorials' numbers.
//
// numpy does not call the C library for these. With AVX-512 it computes float64 exp with
// Intel SVML, and with AVX2 and FMA or with AVX-512 it computes float64 tanh with a port
// of SVML's polynomial per interval. On CPUs without those features numpy calls the C
// library instead, and the last bits differ; nnkit follows the first, the common case.
// Both are branch-free on their main path, which also makes them faster than math.Exp and
// math.Tanh.
//
// The constants come from gen_tables.py, which reads them from the installed numpy
// binary, and which also writes the test vectors numpy computes on this machine.
//
//go:generate /usr/bin/python3 gen_tables.py
package vmath

import "math"

// Exp returns e^x as numpy 1.24 does with AVX-512: Intel SVML's exp. For |x| ≥ 707.7,
// where results come near overflow or are subnormal, SVML switches to a scalar routine
// that this does not copy; there Exp stays on the main path and may differ from numpy
// in the last bit.
func Exp(x float64) float64 {
	switch {
	case x != x:
		return x
	case x > maxExpArg:
		return math.Inf(1)
	case x < minExpArg:
		return 0
	}
	// x·log2(e) ≈ N = M + j/16: adding the shifter rounds toward zero to 4 fractional
	// bits, so the sum's last bits count sixteenths.
	t := fmaTowardZero(x, f(expLog2e), f(expShifter))
	n := t - f(expShifter)
	sixteenths := int64(math.Float64bits(t) - expShifter)
	th := f(expTable[sixteenths&15])
	// r = x − N·ln2 in two steps, then e^r − 1 ≈ r + c2r² + r³(c3 + c4r + r²(c5 + c6r)).
	r := math.FMA(-n, f(expLn2Hi), x)
	r = math.FMA(-f(expLn2Lo), n, r)
	r2 := r * r
	p56 := math.FMA(f(expC6), r, f(expC5))
	p34 := math.FMA(f(expC4), r, f(expC3))
	r3 := r2 * r
	p12 := math.FMA(r2, f(expC2), r)
	p36 := math.FMA(r2, p56, p34)
	p16 := math.FMA(r3, p36, p12)
	res := math.FMA(th, p16, th)
	m := sixteenths >> 4 // ⌊N⌋
	if m < -1021 || m > 1022 {
		return math.Ldexp(res, int(m)) // subnormal or near overflow: one rounding
	}
	return res * f(uint64(m+1023)<<52) // exact
}

// fmaTowardZero returns x·y + z rounded toward zero, for a positive result.
func fmaTowardZero(x, y, z float64) float64 {
	t := math.FMA(x, y, z)
	if math.FMA(x, y, z-t) < 0 { // rounded up: z − t is exact, t being near z
		t = f(math.Float64bits(t) - 1)
	}
	return t
}

// Beyond these e^x overflows, or underflows to below half the smallest subnormal.
const (
	maxExpArg = 0x1.62e42fefa39efp+9
	minExpArg = -0x1.74910d52d3053p+9
)

// tanhCoeffs is tanhTable by interval: one cache line and a half per call, not 18.
var tanhCoeffs = func() (t [16][18]uint64) {
	for k := range tanhTable {
		for i := range t {
			t[i][k] = tanhTable[k][i]
		}
	}
	return t
}()

func f(bits uint64) float64 { return math.Float64frombits(bits) }

// Tanh returns tanh x as numpy 1.24 does with AVX2 and FMA or with AVX-512.
func Tanh(x float64) float64 {
	b := math.Float64bits(x)
	hi := int32((b & 0x7ff8000000000000) >> 32)
	if hi > 0x7fe00000 { // |x| ≥ 1.5·2^1023, ±Inf and NaN: numpy asks the C library
		return math.Tanh(x)
	}
	// The interval: 0 below 1/8, then one per half binade up to 15 (tanh ≈ 1 beyond 19).
	i := (min(max(hi-0x3fc00000, 0), 0x780000)) >> 19
	c := &tanhCoeffs[i&15]
	y := math.Abs(x) - f(c[0])
	r := math.FMA(f(c[17]), y, f(c[16]))
	for k := 15; k >= 1; k-- {
		r = math.FMA(r, y, f(c[k]))
	}
	return math.Float64frombits(math.Float64bits(r) | b&(1<<63))
}
