//go:build cgo

package nprand

import (
	"math"
	"testing"

	"github.com/nnkit-go/nnkit/nnkit/internal/libm"
)

// TestPureGoLogAgreement measures how often the pure-Go RoundedLog and Go's math.Log differ
// from the C library's log on the values the polar method feeds it. RoundedLog differs only
// where the C library misrounds, so its rate must stay far below math.Log's.
func TestPureGoLogAgreement(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	r := New(12345)
	var ddOff, goOff int
	for i := 0; i < n; i++ {
		x1, x2 := 2*r.Float64()-1, 2*r.Float64()-1
		r2 := x1*x1 + x2*x2
		if r2 >= 1 || r2 == 0 {
			continue
		}
		c := libm.Log(r2)
		if d := libm.RoundedLog(r2); d != c {
			ddOff++
			if math.Abs(d-c) > ulp(c) {
				t.Fatalf("RoundedLog(%v) = %v, C log = %v: more than one ulp apart", r2, d, c)
			}
		}
		if math.Log(r2) != c {
			goOff++
		}
	}
	t.Logf("of %d logs, RoundedLog differs from the C library in %d, math.Log in %d", n, ddOff, goOff)
	if ddOff*1000 > n {
		t.Errorf("RoundedLog differs from the C library in %d of %d logs, want under 0.1%%", ddOff, n)
	}
}
