package vmath

// TanhTo sets dst[i] = Tanh(src[i]). dst and src must have the same length; they may be
// the same slice.
func TanhTo(dst, src []float64) {
	dst = dst[:len(src)]
	done := 0
	for haveAVX512 && len(src)-done >= 8 {
		done += tanh8(dst[done:], src[done:], &tanhTable)
		if len(src)-done >= 8 { // a block needing the scalar callout
			for i := done; i < done+8; i++ {
				dst[i] = Tanh(src[i])
			}
			done += 8
		}
	}
	for i := done; i < len(src); i++ {
		dst[i] = Tanh(src[i])
	}
}

// ExpTo sets dst[i] = Exp(src[i]), as TanhTo does.
func ExpTo(dst, src []float64) {
	dst = dst[:len(src)]
	done := 0
	for haveAVX512 && len(src)-done >= 8 {
		done += exp8(dst[done:], src[done:], &expVec)
		if len(src)-done >= 8 {
			for i := done; i < done+8; i++ {
				dst[i] = Exp(src[i])
			}
			done += 8
		}
	}
	for i := done; i < len(src); i++ {
		dst[i] = Exp(src[i])
	}
}

// expConsts lays out Exp's constants for exp8, which broadcasts each one.
type expConsts struct {
	log2e, shifter, ln2Hi, ln2Lo, c6, c5, c4, c3, c2 float64
	calloutBits, absMask                             uint64 // the last |x| before the callout
	table                                            [16]float64
}

var expVec = func() (c expConsts) {
	c = expConsts{log2e: f(expLog2e), shifter: f(expShifter), ln2Hi: f(expLn2Hi), ln2Lo: f(expLn2Lo),
		c6: f(expC6), c5: f(expC5), c4: f(expC4), c3: f(expC3), c2: f(expC2),
		calloutBits: expCallout - 1, absMask: 1<<63 - 1}
	for j, v := range expTable {
		c.table[j] = f(v)
	}
	return c
}()
