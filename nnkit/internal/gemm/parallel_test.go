package gemm

import (
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// TestParallel checks that the ranges cover [0, n) once, in grains, for sizes around the
// grain, from four goroutines at once (each sharing the helpers with the others), from
// inside a product's epilogue, and with GOMAXPROCS 1.
func TestParallel(t *testing.T) {
	cover := func(n, grain int) error {
		seen := make([]atomic.Int32, n)
		var bad atomic.Value
		Parallel(n, grain, func(lo, hi int) {
			if lo < 0 || hi > n || lo >= hi || lo%grain != 0 || (hi-lo != grain && hi != n) {
				bad.Store(fmt.Sprintf("range [%d, %d)", lo, hi))
				return
			}
			for i := lo; i < hi; i++ {
				seen[i].Add(1)
			}
		})
		if b := bad.Load(); b != nil {
			return fmt.Errorf("n=%d grain=%d: %v is not a grain of [0, n)", n, grain, b)
		}
		for i := range seen {
			if c := seen[i].Load(); c != 1 {
				return fmt.Errorf("n=%d grain=%d: element %d covered %d times, want once", n, grain, i, c)
			}
		}
		return nil
	}
	sizes := [][2]int{{0, 1}, {1, 1}, {5, 8}, {8, 8}, {9, 8}, {256, 1}, {256, 32}, {1000, 7}}
	errs := make(chan error, 4*len(sizes))
	for range 4 {
		go func() {
			for _, s := range sizes {
				errs <- cover(s[0], s[1])
			}
		}()
	}
	for range 4 * len(sizes) {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if Available {
		c := make([]float64, 256*300)
		a, b := Matrix{Data: make([]float64, 256*784), Stride: 784}, Matrix{Data: make([]float64, 784*300), Stride: 300}
		MulThen(256, 300, 784, a, b, c, 300, func(i0, i1, j0, j1 int) {
			if err := cover(i1-i0, 3); err != nil {
				errs <- err
			}
		})
		close(errs)
		for err := range errs {
			t.Errorf("in an epilogue: %v", err)
		}
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	if err := cover(100, 10); err != nil {
		t.Errorf("GOMAXPROCS 1: %v", err)
	}
}

func TestParallelRefusesBadArguments(t *testing.T) {
	for name, call := range map[string]func(){
		"grain 0": func() { Parallel(10, 0, func(int, int) {}) },
		"nil fn":  func() { Parallel(10, 2, nil) },
	} {
		func() {
			defer func() {
				if r := recover(); !strings.HasPrefix(fmt.Sprint(r), "gemm: Parallel with ") {
					t.Errorf("%s: panic %v, want gemm's message", name, r)
				}
			}()
			call()
		}()
	}
}

func TestParallelAllocatesNothing(t *testing.T) {
	var sum atomic.Int64
	fn := func(lo, hi int) { sum.Add(int64(hi - lo)) }
	if n := testing.AllocsPerRun(50, func() { Parallel(1000, 10, fn) }); n != 0 {
		t.Errorf("Parallel allocates %v times per call, want 0", n)
	}
}

func ExampleParallel() {
	squares := make([]int, 10)
	Parallel(len(squares), 4, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			squares[i] = i * i
		}
	})
	fmt.Println(squares)
	// Output: [0 1 4 9 16 25 36 49 64 81]
}
