//go:build cgo

package libm

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/nnkit-go/nnkit/nnkit/internal/libm/internal/clibm"
)

// noFMATunable makes glibc pick its log without FMA on a CPU that has FMA.
const noFMATunable = "glibc.cpu.hwcaps=-AVX2,-FMA"

// childEnv marks the test binary re-run under noFMATunable.
const childEnv = "NNKIT_LIBM_NOFMA_CHILD"

// logInputs calls f on every input the comparison covers: 2^20 consecutive doubles either
// side of each place where the algorithm changes path or table row (1, the edges of the
// near-1 range, 0x1.6p-1 where the table starts, the smallest normal), the first and last
// 2^12 doubles of each of the 128 table rows at three exponents, 2000 random mantissas at
// every exponent including the subnormals, and n random doubles: half uniform over the
// bit patterns of positive doubles, half uniform in (0, 1) as nprand draws r².
// A float64 binade holds 2^52 values, so a whole one is out of reach; these sweeps cover
// the places where a difference in the algorithm would show first.
func logInputs(n int, f func(x float64)) {
	sweep := func(from float64, count int, dir float64) {
		x := from
		for i := 0; i < count; i++ {
			f(x)
			x = math.Nextafter(x, dir)
		}
	}
	for _, p := range []float64{1, 1 - 0x1p-4, 1 + 0x1.09p-4, 0x1.6p-1, 0x1.6p0, 0x1p-1022} {
		sweep(p, 1<<20, math.Inf(1))
		sweep(math.Nextafter(p, 0), 1<<20, 0)
	}
	for row := 0; row <= 1<<logTableBits; row++ {
		start := math.Float64frombits(logOff + uint64(row)<<(52-logTableBits))
		for _, scale := range []float64{1, 0x1p-300, 0x1p700} {
			sweep(start*scale, 1<<12, math.Inf(1))
			sweep(math.Nextafter(start*scale, 0), 1<<12, 0)
		}
	}
	rng := rand.New(rand.NewPCG(21, 2026))
	for e := uint64(0); e < 0x7ff; e++ {
		for i := 0; i < 2000; i++ {
			f(math.Float64frombits(e<<52 | rng.Uint64()>>12))
		}
	}
	for i := 0; i < n; i++ {
		if i%2 == 0 {
			f(math.Float64frombits(rng.Uint64() >> 1)) // includes +Inf and NaNs
		} else {
			f(rng.Float64())
		}
	}
}

// TestLogMatchesC compares Log with the C library's log, bit for bit, on the inputs of
// logInputs with 10^7 random doubles, and checks the hard cases' file against it. Where
// the C library picks the variant without FMA, it is logNoFMA that must match.
func TestLogMatchesC(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skipf("Log is glibc's; this is %s", runtime.GOOS)
	}
	child := os.Getenv(childEnv) != ""
	mine, name := logFMA, "logFMA"
	if !fma || child {
		mine, name = logNoFMA, "logNoFMA"
	}
	cases := readHardOrEmpty(t)
	if child {
		// The tunable may be unknown to this glibc: then the C library still runs with
		// FMA, and the cases where the variants differ show it.
		differ, asNoFMA := 0, 0
		for _, c := range cases {
			if c.fma != c.noFMA {
				differ++
				if same(clibm.Log(c.x), c.noFMA) {
					asNoFMA++
				}
			}
		}
		if asNoFMA < differ {
			t.Skipf("%s did not make glibc pick its log without FMA (%d of %d cases)", noFMATunable, asNoFMA, differ)
		}
	}
	n := 10_000_000
	if testing.Short() {
		n = 1_000_000
	}
	count, bad := 0, 0
	logInputs(n, func(x float64) {
		count++
		if want, got := clibm.Log(x), mine(x); !same(got, want) {
			bad++
			if bad <= 10 {
				t.Errorf("%s(%x) = %x, C log = %x", name, x, got, want)
			}
		}
	})
	t.Logf("%s: %d inputs compared with the C library, %d differ", name, count, bad)
	if bad > 0 {
		t.Fatalf("%s differs from the C library's log on %d of %d inputs", name, bad, count)
	}
	for _, c := range cases {
		want := c.fma
		if !fma || child {
			want = c.noFMA
		}
		if got := clibm.Log(c.x); !same(got, want) {
			t.Errorf("%s: C log(%x) = %x, the file says %x", hardPath, c.x, got, want)
		}
	}
	if *update && !child && fma {
		writeHard(t)
	}
}

// TestLogNoFMAMatchesC re-runs TestLogMatchesC with glibc made to pick its log without
// FMA, so that both variants are checked on a machine that has FMA.
func TestLogNoFMAMatchesC(t *testing.T) {
	if os.Getenv(childEnv) != "" || !fma || runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skip("needs linux/amd64 with FMA, where glibc's default is the FMA variant")
	}
	args := []string{"-test.run=^TestLogMatchesC$", "-test.v"}
	if testing.Short() {
		args = append(args, "-test.short")
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), childEnv+"=1", "GLIBC_TUNABLES="+noFMATunable)
	out, err := cmd.CombinedOutput()
	t.Logf("%s with GLIBC_TUNABLES=%s:\n%s", os.Args[0], noFMATunable, out)
	if err != nil {
		t.Fatalf("the run without FMA failed: %v", err)
	}
}

func readHardOrEmpty(t *testing.T) []hardCase {
	if _, err := os.Stat(filepath.FromSlash(hardPath)); os.IsNotExist(err) && *update {
		return nil
	}
	return readHard(t)
}

// writeHard collects the hard cases: inputs where glibc's two variants differ, and where
// Go's math.Log (another algorithm) differs from glibc, up to 1500 of each. The FMA column
// is the C library's; the other is logNoFMA's, which TestLogNoFMAMatchesC checks against
// the C library on these inputs.
func writeHard(t *testing.T) {
	var cases []hardCase
	variants, goLog := 0, 0
	logInputs(3_000_000, func(x float64) {
		c := clibm.Log(x)
		switch {
		case variants < 1500 && !same(logNoFMA(x), c):
			variants++
		case goLog < 1500 && !same(math.Log(x), c):
			goLog++
		default:
			return
		}
		cases = append(cases, hardCase{x, c, logNoFMA(x)})
	})
	tmp := hardPath + ".tmp"
	f, err := os.Create(filepath.FromSlash(tmp))
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "# x, glibc's log(x) with FMA, and without; written by go test -run TestLogMatchesC -update")
	for _, c := range cases {
		fmt.Fprintf(w, "%x %x %x\n", c.x, c.fma, c.noFMA)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.FromSlash(tmp), filepath.FromSlash(hardPath)); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %d hard cases: %d where the variants differ, %d where math.Log differs", len(cases), variants, goLog)
}

func BenchmarkLogC(b *testing.B) {
	xs := benchInputs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sink += clibm.Log(xs[i%len(xs)])
	}
}
