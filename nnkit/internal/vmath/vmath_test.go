package vmath

import (
	"encoding/json"
	"math"
	"os"
	"strconv"
	"testing"
)

// TestNumpyBitForBit compares every value with numpy's own output on the machine that ran
// gen_tables.py (numpy 1.24.2, AVX-512), including ±0, ±Inf, NaN, subnormals and the
// overflow and underflow limits.
func TestNumpyBitForBit(t *testing.T) {
	raw, err := os.ReadFile("testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref map[string]json.RawMessage
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		f    func(float64) float64
	}{{"exp", Exp}, {"tanh", Tanh}} {
		var v struct{ In, Out []string }
		if err := json.Unmarshal(ref[c.name], &v); err != nil {
			t.Fatal(err)
		}
		if len(v.In) < 1000 || len(v.In) != len(v.Out) {
			t.Fatalf("%s: %d inputs and %d outputs", c.name, len(v.In), len(v.Out))
		}
		bad, near := 0, 0
		for i := range v.In {
			x, want := fromHex(t, v.In[i]), fromHex(t, v.Out[i])
			got := c.f(x)
			if math.Float64bits(got) == math.Float64bits(want) || got != got && want != want {
				continue
			}
			// Near overflow and for subnormal results numpy's exp takes SVML's scalar path,
			// which Exp does not copy: there it must be within 1 ulp.
			if c.name == "exp" && math.Abs(x) >= f(expCallout) && math.Abs(got-want) <= ulp(want) {
				near++
				continue
			}
			if bad++; bad <= 5 {
				t.Errorf("%s(%v) = %v (%#x), numpy %v (%#x)", c.name, x, got, math.Float64bits(got), want, math.Float64bits(want))
			}
		}
		if bad > 0 {
			t.Errorf("%s: %d of %d differ from numpy", c.name, bad, len(v.In))
		}
		t.Logf("%s: %d values, %d on SVML's scalar path 1 ulp away", c.name, len(v.In), near)
	}
}

func fromHex(t *testing.T, s string) float64 {
	u, err := strconv.ParseUint(s, 16, 64)
	if err != nil {
		t.Fatal(err)
	}
	return math.Float64frombits(u)
}

// ulp is the gap above |x|.
func ulp(x float64) float64 {
	x = math.Abs(x)
	return math.Nextafter(x, math.Inf(1)) - x
}

// TestAccuracy bounds the distance from Go's math.Exp and math.Tanh, themselves within
// 1 ulp, on a dense sweep: about 1 ulp each way for exp and 2 for tanh.
func TestAccuracy(t *testing.T) {
	for _, c := range []struct {
		name    string
		f, ref  func(float64) float64
		lo, hi  float64
		maxUlps float64
	}{
		{"Exp", Exp, math.Exp, -745, 709, 2},
		{"Tanh", Tanh, math.Tanh, -20, 20, 3},
	} {
		var worst float64
		const n = 400001
		for i := range n {
			x := c.lo + (c.hi-c.lo)*float64(i)/(n-1)
			got, want := c.f(x), c.ref(x)
			worst = max(worst, math.Abs(got-want)/ulp(want))
		}
		if worst > c.maxUlps {
			t.Errorf("%s: %.2f ulps from math.%s, want ≤ %v", c.name, worst, c.name, c.maxUlps)
		}
		t.Logf("%s: at most %.2f ulps from math.%s", c.name, worst, c.name)
	}
}

func TestSpecialValues(t *testing.T) {
	inf := math.Inf(1)
	for _, c := range []struct {
		name    string
		f       func(float64) float64
		x, want float64
	}{
		{"Exp", Exp, 0, 1}, {"Exp", Exp, -0.0, 1}, {"Exp", Exp, inf, inf}, {"Exp", Exp, -inf, 0},
		{"Exp", Exp, 710, inf}, {"Exp", Exp, -746, 0}, {"Exp", Exp, 1, math.E},
		{"Tanh", Tanh, inf, 1}, {"Tanh", Tanh, -inf, -1}, {"Tanh", Tanh, 30, 1}, {"Tanh", Tanh, -1e300, -1},
	} {
		if got := c.f(c.x); got != c.want {
			t.Errorf("%s(%v) = %v, want %v", c.name, c.x, got, c.want)
		}
	}
	if got := Tanh(math.Copysign(0, -1)); got != 0 || !math.Signbit(got) {
		t.Errorf("Tanh(-0) = %v, want -0", got)
	}
	for _, fn := range []func(float64) float64{Exp, Tanh} {
		if got := fn(math.NaN()); !math.IsNaN(got) {
			t.Errorf("NaN gave %v", got)
		}
	}
}

// TestSlicesMatchScalar checks that the 8-lane loops give Exp's and Tanh's bits, at
// lengths around the block size and with blocks that need the scalar callout (NaN, ±Inf,
// huge values, exp's near-overflow range) at every position.
func TestSlicesMatchScalar(t *testing.T) {
	if !haveAVX512 {
		t.Log("no AVX-512 here: ExpTo and TanhTo run the scalar loop")
	}
	x := make([]float64, 203)
	for i := range x {
		x[i] = 40 * math.Sin(float64(i)*0.77) * math.Cos(float64(i)*0.013)
	}
	specials := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 1e300, 708, -710, -750, 0, math.Copysign(0, -1)}
	for _, c := range []struct {
		name   string
		scalar func(float64) float64
		slice  func(dst, src []float64)
	}{{"ExpTo", Exp, ExpTo}, {"TanhTo", Tanh, TanhTo}} {
		for n := range 40 {
			for _, at := range []int{-1, 0, n / 2, n - 1} {
				src := append([]float64(nil), x[:n]...)
				if at >= 0 && at < n {
					src[at] = specials[(n+at)%len(specials)]
				}
				dst := make([]float64, n)
				c.slice(dst, src)
				for i := range src {
					want := c.scalar(src[i])
					if math.Float64bits(dst[i]) != math.Float64bits(want) && !(math.IsNaN(dst[i]) && math.IsNaN(want)) {
						t.Fatalf("%s, n=%d: [%d] %v gives %v, scalar %v", c.name, n, i, src[i], dst[i], want)
					}
				}
			}
		}
		// In place, over the whole sweep.
		dst := append([]float64(nil), x...)
		c.slice(dst, dst)
		for i := range x {
			if want := c.scalar(x[i]); dst[i] != want {
				t.Fatalf("%s in place: [%d] %v gives %v, scalar %v", c.name, i, x[i], dst[i], want)
			}
		}
	}
}
