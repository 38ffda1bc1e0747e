package elementwise

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// values mixes the special cases (NaNs with payloads and signs, signed zeros, infinities,
// subnormals) with ordinary numbers of both signs.
func values(rng *rand.Rand, n int) []float64 {
	special := []float64{math.NaN(), -math.NaN(), math.Float64frombits(0x7ff0000000000001), // a signalling NaN
		math.Float64frombits(0xfff8000000000abc), 0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1),
		5e-324, -5e-324, 2.2250738585072014e-308, math.MaxFloat64, -math.MaxFloat64, 1, -1}
	v := make([]float64, n)
	for i := range v {
		if rng.IntN(3) == 0 {
			v[i] = special[rng.IntN(len(special))]
		} else {
			v[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(7)-3))
		}
	}
	return v
}

func sameBits(t *testing.T, what string, got, want []float64) {
	t.Helper()
	for i := range want {
		if math.IsNaN(got[i]) && math.IsNaN(want[i]) {
			continue // which NaN is not specified: Go's max(NaN, 0) clears the sign
		}
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Fatalf("%s: element %d is %v (%#x), want %v (%#x)", what, i, got[i], math.Float64bits(got[i]),
				want[i], math.Float64bits(want[i]))
		}
	}
}

// TestBitsMatchScalarLoops checks every length up to 40, at every alignment, against the
// scalar Go loops written out here, bit for bit but for which NaN a NaN is. Lengths past
// a multiple of four run both the lanes and the tail.
func TestBitsMatchScalarLoops(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n <= 40; n++ {
		for off := 0; off < 4; off++ {
			for rep := 0; rep < 20; rep++ {
				x, y, w := values(rng, n+off)[off:], values(rng, n+off)[off:], values(rng, n+off)[off:]
				what := fmt.Sprintf("n=%d off=%d", n, off)

				got, want := append([]float64(nil), x...), append([]float64(nil), x...)
				Add(got, y)
				for i := range want {
					want[i] += y[i]
				}
				sameBits(t, "Add "+what, got, want)

				gz, ga := append([]float64(nil), x...), make([]float64, n)
				wz, wa := append([]float64(nil), x...), make([]float64, n)
				AddReLU(ga, gz, y)
				for i := range wz {
					wz[i] += y[i]
					wa[i] = max(wz[i], 0)
				}
				sameBits(t, "AddReLU z "+what, gz, wz)
				sameBits(t, "AddReLU a "+what, ga, wa)

				got, want = make([]float64, n), make([]float64, n)
				ReLUBackward(got, x, w)
				for i, v := range w {
					if v > 0 {
						want[i] = x[i]
					}
				}
				sameBits(t, "ReLUBackward "+what, got, want)
				inPlace := append([]float64(nil), x...)
				ReLUBackward(inPlace, inPlace, w)
				sameBits(t, "ReLUBackward in place "+what, inPlace, want)

				var table [256]float64
				copy(table[:], values(rng, 256))
				codes := make([]uint8, n+off)[off:]
				for i := range codes {
					codes[i] = uint8(rng.IntN(256))
				}
				got, want = make([]float64, n), make([]float64, n)
				Decode(got, codes, &table)
				for i, c := range codes {
					want[i] = table[c]
				}
				sameBits(t, "Decode "+what, got, want)
			}
		}
	}
}

func TestShortDestinationPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"Decode":       func() { Decode(make([]float64, 3), make([]uint8, 4), new([256]float64)) },
		"Encode":       func() { Encode(make([]uint8, 3), make([]float64, 4), new([256]float64), 1) },
		"Encode scale": func() { Encode(make([]uint8, 4), make([]float64, 4), new([256]float64), 0) },
		"Add":          func() { Add(make([]float64, 3), make([]float64, 4)) },
		"AddReLU a":    func() { AddReLU(make([]float64, 3), make([]float64, 4), make([]float64, 4)) },
		"AddReLU z":    func() { AddReLU(make([]float64, 4), make([]float64, 3), make([]float64, 4)) },
		"ReLUBackward": func() { ReLUBackward(make([]float64, 4), make([]float64, 3), make([]float64, 4)) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s with a short slice did not panic", name)
				}
			}()
			f()
		}()
	}
}

func ExampleAddReLU() {
	z := []float64{-1, 0.5, 2, -3, math.NaN()}
	a := make([]float64, len(z))
	AddReLU(a, z, []float64{0.5, 0.5, 0.5, 0.5, 0.5})
	fmt.Println(z)
	fmt.Println(a)
	// Output:
	// [-0.5 1 2.5 -2.5 NaN]
	// [0 1 2.5 0 NaN]
}

// The widths and batch of the (c) workload's first hidden layer.
const benchRows, benchCols = 256, 300

func BenchmarkAddReLU(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	z, a, bias := values(rng, benchRows*benchCols), make([]float64, benchRows*benchCols), values(rng, benchCols)
	for b.Loop() {
		for r := 0; r < benchRows; r++ {
			AddReLU(a[r*benchCols:], z[r*benchCols:], bias)
		}
	}
}

func BenchmarkReLUBackward(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	delta, dA, act := make([]float64, benchRows*benchCols), values(rng, benchRows*benchCols), values(rng, benchRows*benchCols)
	for b.Loop() {
		ReLUBackward(delta, dA, act)
	}
}

func BenchmarkDecode(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	var table [256]float64
	copy(table[:], values(rng, 256))
	codes, dst := make([]uint8, benchRows*784), make([]float64, benchRows*784)
	for i := range codes {
		codes[i] = uint8(rng.IntN(256))
	}
	for b.Loop() {
		Decode(dst, codes, &table)
	}
}

// TestEncodeFindsExactlyTheCodedValues encodes data made of table values, at every
// length to 40 and every alignment, and then spoils one element at each position with a
// value the table lacks: between two codes, −0, NaN, ±∞, out of range, or a table value
// one bit off.
func TestEncodeFindsExactlyTheCodedValues(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, scale := range []float64{255, 1} {
		var table [256]float64
		for k := range table {
			table[k] = float64(k) / scale
		}
		spoilers := []float64{0.5 / scale, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1),
			256 / scale, -1 / scale, 255.49 / scale, math.Nextafter(table[7], 1), math.Nextafter(table[200], 0)}
		for n := 0; n <= 40; n++ {
			for off := 0; off < 4; off++ {
				want := make([]uint8, n)
				src := make([]float64, n+off)[off:]
				for i := range want {
					want[i] = uint8(rng.IntN(256))
					src[i] = table[want[i]]
				}
				got := make([]uint8, n+off)[off:]
				if !Encode(got, src, &table, scale) {
					t.Fatalf("scale %v, n=%d off=%d: Encode failed on table values", scale, n, off)
				}
				for i := range want {
					if got[i] != want[i] {
						t.Fatalf("scale %v, n=%d off=%d: code %d is %d, want %d", scale, n, off, i, got[i], want[i])
					}
				}
				for i := range src {
					keep := src[i]
					src[i] = spoilers[rng.IntN(len(spoilers))]
					if Encode(got, src, &table, scale) {
						t.Fatalf("scale %v, n=%d off=%d: Encode accepted %v at %d", scale, n, off, src[i], i)
					}
					src[i] = keep
				}
			}
		}
	}
}

func BenchmarkEncode(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	var table [256]float64
	for k := range table {
		table[k] = float64(k) / 255
	}
	src, codes := make([]float64, benchRows*784), make([]uint8, benchRows*784)
	for i := range src {
		src[i] = table[rng.IntN(256)]
	}
	for b.Loop() {
		Encode(codes, src, &table, 255)
	}
}

func ExampleTouch() {
	row := make([]uint8, 200) // four cache lines: bytes 0, 64, 128 and 192 are loaded
	row[0], row[64], row[128], row[192], row[1] = 1, 2, 3, 4, 100
	fmt.Println(Touch(row))
	// Output: 10
}

// TestAllFinite puts each kind of non-finite value (NaNs with payloads and signs, ±Inf)
// at each position of slices of every length to 40, at every alignment, among finite
// values that include the extremes (±MaxFloat64, whose x−x is still 0, subnormals and
// signed zeros), so that each accumulator and the tail see one; the answer must be the
// plain loop's.
func TestAllFinite(t *testing.T) {
	finite := []float64{math.MaxFloat64, -math.MaxFloat64, 5e-324, -5e-324, 0, math.Copysign(0, -1), 1, -2.5e300}
	bad := []float64{math.NaN(), -math.NaN(), math.Float64frombits(0x7ff0000000000001), math.Float64frombits(0xfff8000000000abc),
		math.Inf(1), math.Inf(-1)}
	for n := 0; n <= 40; n++ {
		for off := 0; off < 4; off++ {
			s := make([]float64, n+off)[off:]
			for i := range s {
				s[i] = finite[(i+off)%len(finite)]
			}
			if !AllFinite(s) {
				t.Fatalf("n=%d off=%d: AllFinite(%v) = false", n, off, s)
			}
			for pos := range n {
				for _, v := range bad {
					old := s[pos]
					s[pos] = v
					if AllFinite(s) {
						t.Fatalf("n=%d off=%d: AllFinite with %v at %d = true", n, off, v, pos)
					}
					s[pos] = old
				}
			}
		}
	}
}

func ExampleAllFinite() {
	w := []float64{0.5, -3, math.MaxFloat64, 0}
	fmt.Println(AllFinite(w))
	w[2] *= 2 // overflows to +Inf
	fmt.Println(AllFinite(w))
	// Output:
	// true
	// false
}

// BenchmarkAllFinite checks the weights of the (c) workload's first layer, 784×300.
func BenchmarkAllFinite(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	w := make([]float64, 784*benchCols)
	for i := range w {
		w[i] = rng.NormFloat64()
	}
	for b.Loop() {
		if !AllFinite(w) {
			b.Fatal("a normal draw is not finite")
		}
	}
}
