package elementwise

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// values32 is values in float32, with float32's own NaN payloads, subnormals and extremes.
func values32(rng *rand.Rand, n int) []float32 {
	special := []float32{math.Float32frombits(0x7f800001), math.Float32frombits(0xffc00abc), // signalling, negative
		1e-45, -1e-45, 1.1754944e-38, math.MaxFloat32, -math.MaxFloat32}
	v := make([]float32, n)
	for i, x := range values(rng, n) {
		v[i] = float32(x)
		if rng.IntN(10) == 0 {
			v[i] = special[rng.IntN(len(special))]
		}
	}
	return v
}

func sameBits32(t *testing.T, what string, got, want []float32) {
	t.Helper()
	for i := range want {
		if got[i] != got[i] && want[i] != want[i] {
			continue // which NaN is not specified, as in sameBits
		}
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			t.Fatalf("%s: element %d is %v (%#x), want %v (%#x)", what, i, got[i], math.Float32bits(got[i]),
				want[i], math.Float32bits(want[i]))
		}
	}
}

// TestBitsMatchScalarLoops32 is TestBitsMatchScalarLoops for the float32 kernels, at every
// length up to 80 (past multiples of 8 and of 32) and every alignment.
func TestBitsMatchScalarLoops32(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for n := 0; n <= 80; n++ {
		for off := 0; off < 8; off++ {
			for rep := 0; rep < 10; rep++ {
				x, y, w := values32(rng, n+off)[off:], values32(rng, n+off)[off:], values32(rng, n+off)[off:]
				what := fmt.Sprintf("n=%d off=%d", n, off)

				gz, ga := append([]float32(nil), x...), make([]float32, n)
				wz, wa := append([]float32(nil), x...), make([]float32, n)
				AddReLU32(ga, gz, y)
				for i := range wz {
					wz[i] += y[i]
					wa[i] = max(wz[i], 0)
				}
				sameBits32(t, "AddReLU32 z "+what, gz, wz)
				sameBits32(t, "AddReLU32 a "+what, ga, wa)
				inPlace := append([]float32(nil), x...)
				AddReLU32(inPlace, inPlace, y)
				sameBits32(t, "AddReLU32 in place "+what, inPlace, wa)

				got, want := make([]float32, n), make([]float32, n)
				ReLUBackward32(got, x, w)
				for i, v := range w {
					if v > 0 {
						want[i] = x[i]
					}
				}
				sameBits32(t, "ReLUBackward32 "+what, got, want)
				inPlace = append([]float32(nil), x...)
				ReLUBackward32(inPlace, inPlace, w)
				sameBits32(t, "ReLUBackward32 in place "+what, inPlace, want)

				var table [256]float32
				copy(table[:], values32(rng, 256))
				codes := make([]uint8, n+off)[off:]
				for i := range codes {
					codes[i] = uint8(rng.IntN(256))
				}
				got, want = make([]float32, n), make([]float32, n)
				Decode32(got, codes, &table)
				for i, c := range codes {
					want[i] = table[c]
				}
				sameBits32(t, "Decode32 "+what, got, want)
			}
		}
	}
}

func TestShortDestinationPanics32(t *testing.T) {
	for name, f := range map[string]func(){
		"Decode32":       func() { Decode32(make([]float32, 3), make([]uint8, 4), new([256]float32)) },
		"AddReLU32 a":    func() { AddReLU32(make([]float32, 3), make([]float32, 4), make([]float32, 4)) },
		"AddReLU32 z":    func() { AddReLU32(make([]float32, 4), make([]float32, 3), make([]float32, 4)) },
		"ReLUBackward32": func() { ReLUBackward32(make([]float32, 4), make([]float32, 3), make([]float32, 4)) },
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

func ExampleAddReLU32() {
	z := []float32{-1, 0.5, 2, -3, float32(math.NaN())}
	a := make([]float32, len(z))
	AddReLU32(a, z, []float32{0.5, 0.5, 0.5, 0.5, 0.5})
	fmt.Println(z)
	fmt.Println(a)
	// Output:
	// [-0.5 1 2.5 -2.5 NaN]
	// [0 1 2.5 0 NaN]
}

func ExampleReLUBackward32() {
	dA := []float32{0.25, -1, 3, 0.5}
	delta := make([]float32, len(dA))
	ReLUBackward32(delta, dA, []float32{1, 2, -0.5, 0})
	fmt.Println(delta)
	// Output: [0.25 -1 0 0]
}

func ExampleDecode32() {
	var table [256]float32
	for k := range table {
		table[k] = float32(float64(k) / 255)
	}
	dst := make([]float32, 3)
	Decode32(dst, []uint8{0, 51, 255}, &table)
	fmt.Println(dst)
	// Output: [0 0.2 1]
}

func BenchmarkAddReLU32(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	z, a, bias := values32(rng, benchRows*benchCols), make([]float32, benchRows*benchCols), values32(rng, benchCols)
	for b.Loop() {
		for r := 0; r < benchRows; r++ {
			AddReLU32(a[r*benchCols:], z[r*benchCols:], bias)
		}
	}
}

func BenchmarkReLUBackward32(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	delta, dA, act := make([]float32, benchRows*benchCols), values32(rng, benchRows*benchCols), values32(rng, benchRows*benchCols)
	for b.Loop() {
		ReLUBackward32(delta, dA, act)
	}
}

func BenchmarkDecode32(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	var table [256]float32
	copy(table[:], values32(rng, 256))
	codes, dst := make([]uint8, benchRows*784), make([]float32, benchRows*784)
	for i := range codes {
		codes[i] = uint8(rng.IntN(256))
	}
	for b.Loop() {
		Decode32(dst, codes, &table)
	}
}
