package libm

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/log_hard.txt from the C library (cgo builds)")

const hardPath = "testdata/log_hard.txt"

// hardCase is one line of testdata/log_hard.txt: x and glibc's log(x) from each variant.
type hardCase struct{ x, fma, noFMA float64 }

func readHard(t *testing.T) []hardCase {
	t.Helper()
	f, err := os.Open(filepath.FromSlash(hardPath))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []hardCase
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		var c hardCase
		fields := strings.Fields(text)
		if len(fields) != 3 {
			t.Fatalf("%s:%d: want 3 fields, got %q", hardPath, line, text)
		}
		for i, p := range []*float64{&c.x, &c.fma, &c.noFMA} {
			if *p, err = strconv.ParseFloat(fields[i], 64); err != nil {
				t.Fatalf("%s:%d: %v", hardPath, line, err)
			}
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 1000 {
		t.Fatalf("%s: %d cases, want at least 1000", hardPath, len(cases))
	}
	return cases
}

func same(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
}

// TestLogHardCases runs everywhere, cgo or not: both variants must give glibc's bits on
// the inputs where they differ from each other or where Go's math.Log differs from glibc,
// as the C library gave them when the file was written (TestLogMatchesC checks the file).
func TestLogHardCases(t *testing.T) {
	if *update {
		t.Skip("rewriting the file")
	}
	for _, c := range readHard(t) {
		if got := logFMA(c.x); !same(got, c.fma) {
			t.Errorf("logFMA(%x) = %x, glibc's FMA variant gives %x", c.x, got, c.fma)
		}
		if got := logNoFMA(c.x); !same(got, c.noFMA) {
			t.Errorf("logNoFMA(%x) = %x, glibc's variant without FMA gives %x", c.x, got, c.noFMA)
		}
	}
}

func TestLogSpecial(t *testing.T) {
	tests := []struct{ x, want float64 }{
		{0, math.Inf(-1)},
		{math.Copysign(0, -1), math.Inf(-1)},
		{math.Inf(1), math.Inf(1)},
		{math.Inf(-1), math.NaN()},
		{-1, math.NaN()},
		{-0x1p-1074, math.NaN()},
		{math.NaN(), math.NaN()},
		{1, 0},
		{math.E, 1},
		{2, math.Ln2},
		{0x1p-1074, -744.4400719213812},
		{math.MaxFloat64, 709.782712893384},
	}
	for _, tt := range tests {
		for name, log := range map[string]func(float64) float64{"logFMA": logFMA, "logNoFMA": logNoFMA} {
			if got := log(tt.x); !same(got, tt.want) {
				t.Errorf("%s(%v) = %v, want %v", name, tt.x, got, tt.want)
			}
		}
	}
	if got := Log(1); math.Signbit(got) {
		t.Errorf("Log(1) = -0, want +0")
	}
}

func ExampleLog() {
	// The Gaussian of numpy's legacy generator takes log(r²) of a point in the unit disc.
	fmt.Printf("%.17g\n", Log(0.3))
	// Output: -1.2039728043259361
}

var sink float64

// BenchmarkLog times Log on values in (0, 1), the polar method's r²; BenchmarkLogC (cgo
// builds) times the C library's log through cgo on the same values.
func BenchmarkLog(b *testing.B) {
	xs := benchInputs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sink += Log(xs[i%len(xs)])
	}
}

func benchInputs() []float64 {
	xs := make([]float64, 4096)
	for i := range xs {
		xs[i] = (float64(i) + 0.5) / float64(len(xs))
	}
	return xs
}
