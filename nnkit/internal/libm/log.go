package libm

import (
	"math"
	"runtime"

	"golang.org/x/sys/cpu"
)

// Log is glibc's log (since 2.28, from ARM's optimized-routines), in Go: the same table,
// polynomials and operations, so the same bits. glibc builds it twice and picks at load
// time: with FMA where the CPU has FMA and AVX2, as GCC compiled it (its fused
// operations read from the machine code), and without elsewhere. Log picks the same way
// on amd64, with one exception: AMD CPUs of 2011–2014 with FMA4 and no AVX2, where glibc
// runs an FMA4 build and Log its variant without FMA. Other architectures have FMA and
// use that variant, not verified against their C library. A NaN result has no
// particular payload.
func Log(x float64) float64 {
	if fma {
		return logFMA(x)
	}
	return logNoFMA(x)
}

// fma reports whether glibc on this machine would pick its FMA variant.
var fma = runtime.GOARCH != "amd64" || (cpu.X86.HasFMA && cpu.X86.HasAVX2)

const (
	logTableBits = 7
	logOff       = 0x3fe6000000000000 // 0x1.6p-1: z lies in [logOff, 2·logOff)
	near1Lo      = 0x3fee000000000000 // 1 − 2^-4
	near1Hi      = 0x3ff1090000000000 // 1 + 0x1.09p-4
)

// logSplit returns x = 2^k·z with z in [0x1.6p-1, 0x1.6p0) and the subinterval i of z,
// or, for x outside the normal positive numbers, ok false and log(x).
func logSplit(x float64) (k float64, z float64, i int, special float64, ok bool) {
	ix := math.Float64bits(x)
	top := ix >> 48
	if top-0x0010 >= 0x7ff0-0x0010 {
		switch {
		case ix<<1 == 0:
			return 0, 0, 0, math.Inf(-1), false
		case ix == 0x7ff0000000000000:
			return 0, 0, 0, x, false
		case top&0x8000 != 0 || top&0x7ff0 == 0x7ff0:
			return 0, 0, 0, math.NaN(), false
		}
		// Subnormal: scale into the normal range, exactly.
		ix = math.Float64bits(x*0x1p52) - 52<<52
	}
	tmp := ix - logOff
	i = int(tmp>>(52-logTableBits)) % (1 << logTableBits)
	k = float64(int64(tmp) >> 52)
	z = math.Float64frombits(ix - tmp&(0xfff<<52))
	return k, z, i, 0, true
}

// logFMA is glibc's __log_fma: each math.FMA stands where GCC fused a multiply and an
// add, in the order the machine code computes.
func logFMA(x float64) float64 {
	ix := math.Float64bits(x)
	if ix-near1Lo < near1Hi-near1Lo {
		if x == 1 {
			return 0
		}
		r := x - 1
		r2 := r * r
		r3 := r * r2
		t1 := math.FMA(r2, logB[3], math.FMA(r, logB[2], logB[1]))
		t2 := math.FMA(r2, logB[6], math.FMA(r, logB[5], logB[4]))
		t3 := math.FMA(r3, logB[10], math.FMA(r2, logB[9], math.FMA(r, logB[8], logB[7])))
		v := math.FMA(math.FMA(t3, r3, t2), r3, t1)
		// r = rhi + rlo with rhi of 26 bits, so that rhi² is exact.
		rhi := math.FMA(-0x1p27, r, math.FMA(r, 0x1p27, r))
		rlo := r - rhi
		rhi2 := rhi * rhi
		hi := math.FMA(rhi2, logB[0], r)
		lo := math.FMA(rhi2, logB[0], r-hi)
		lo = math.FMA(logB[0]*rlo, rhi+r, lo)
		return hi + math.FMA(v, r3, lo)
	}
	k, z, i, y, ok := logSplit(x)
	if !ok {
		return y
	}
	invc, logc := logTab[i].invc, logTab[i].logc
	// log(x) = k·ln2 + log(c) + log1p(r), r = z/c − 1.
	w := math.FMA(k, logLn2Hi, logc)
	r := math.FMA(z, invc, -1)
	hi := w + r
	lo := math.FMA(k, logLn2Lo, w-hi+r)
	r2 := r * r
	r3 := r * r2
	p := math.FMA(math.FMA(r, logA[4], logA[3]), r2, math.FMA(r, logA[2], logA[1]))
	return math.FMA(r3, p, math.FMA(r2, logA[0], lo)) + hi
}

// logNoFMA is glibc's log without FMA, operation for operation as its C source reads.
// Each product is converted to float64 so that no compiler fuses it into an add.
func logNoFMA(x float64) float64 {
	ix := math.Float64bits(x)
	if ix-near1Lo < near1Hi-near1Lo {
		if x == 1 {
			return 0
		}
		r := x - 1
		r2 := float64(r * r)
		r3 := float64(r * r2)
		in3 := logB[7] + float64(r*logB[8]) + float64(r2*logB[9]) + float64(r3*logB[10])
		in2 := logB[4] + float64(r*logB[5]) + float64(r2*logB[6]) + float64(r3*in3)
		in1 := logB[1] + float64(r*logB[2]) + float64(r2*logB[3]) + float64(r3*in2)
		y := float64(r3 * in1)
		w := float64(r * 0x1p27)
		rhi := r + w - w
		rlo := r - rhi
		w = float64(float64(rhi*rhi) * logB[0])
		hi := r + w
		lo := r - hi + w
		lo += float64(float64(logB[0]*rlo) * (rhi + r))
		y += lo
		y += hi
		return y
	}
	k, z, i, y, ok := logSplit(x)
	if !ok {
		return y
	}
	invc, logc := logTab[i].invc, logTab[i].logc
	r := float64((z - logTab2[i].chi - logTab2[i].clo) * invc)
	w := float64(k*logLn2Hi) + logc
	hi := w + r
	lo := w - hi + r + float64(k*logLn2Lo)
	r2 := float64(r * r)
	inner := logA[1] + float64(r*logA[2]) + float64(r2*(logA[3]+float64(r*logA[4])))
	return lo + float64(r2*logA[0]) + float64(float64(r*r2)*inner) + hi
}
