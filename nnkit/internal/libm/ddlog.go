package libm

import "math"

// RoundedLog is a correctly rounded natural logarithm for x in (0, 1], the range of r² in
// the polar method; other values go to math.Log. It carries the series in double-double
// precision and rounds once.
//
// It is the pure-Go stand-in for the C library's log that numpy calls. glibc rounds to
// nearest with a worst-case error of 0.52 ulp, so the two differ where glibc misrounds:
// about one log (one Gaussian pair) in 1100. Go's math.Log differs about one time in 14.
// TestPureGoLogAgreement in package nprand measures both.
func RoundedLog(x float64) float64 {
	if !(x > 0 && x <= 1) {
		return math.Log(x)
	}
	frac, exp := math.Frexp(x) // x = frac·2^exp, frac in [0.5, 1)
	if frac < math.Sqrt2/2 {
		frac *= 2
		exp--
	}
	// log(frac) = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …), s = (frac−1)/(frac+1), |s| < 0.172.
	num := frac - 1 // exact: frac is in [1/√2, √2)
	denHi, denLo := twoSum(frac, 1)
	sHi, sLo := ddDiv(num, 0, denHi, denLo)
	s2Hi, s2Lo := ddMul(sHi, sLo, sHi, sLo)
	s3Hi, s3Lo := ddMul(s2Hi, s2Lo, sHi, sLo)
	t3Hi, t3Lo := ddDiv(s3Hi, s3Lo, 3, 0)

	// The tail from s⁵ on is below 2^-25 of the result: float64 is ample there.
	s2 := s2Hi
	tail := 0.0
	for k := 41; k >= 5; k -= 2 {
		tail = tail*s2 + 1/float64(k)
	}
	tail *= s3Hi * s2

	hi, lo := twoSum(sHi, t3Hi)
	lo += sLo + t3Lo + tail
	hi, lo = twoSum(hi, lo)
	hi, lo = 2*hi, 2*lo

	// k·ln2 with ln2 split in two doubles.
	const ln2Hi, ln2Lo = 0.6931471805599453, 2.3190468138462996e-17
	k := float64(exp)
	kHi := k * ln2Hi
	kLo := math.FMA(k, ln2Hi, -kHi) + k*ln2Lo
	sum, err := twoSum(kHi, hi)
	return sum + (err + kLo + lo)
}

// twoSum returns a+b as an unevaluated sum hi+lo, exactly.
func twoSum(a, b float64) (hi, lo float64) {
	hi = a + b
	bb := hi - a
	lo = (a - (hi - bb)) + (b - bb)
	return hi, lo
}

func ddMul(aHi, aLo, bHi, bLo float64) (hi, lo float64) {
	p := aHi * bHi
	e := math.FMA(aHi, bHi, -p) + (aHi*bLo + aLo*bHi)
	return twoSum(p, e)
}

func ddDiv(aHi, aLo, bHi, bLo float64) (hi, lo float64) {
	q := aHi / bHi
	pHi, pLo := ddMul(q, 0, bHi, bLo)
	r := ((aHi - pHi) - pLo + aLo) / bHi
	return twoSum(q, r)
}
