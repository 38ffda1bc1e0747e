// Package gemm multiplies row-major float64 matrices with an AVX2/FMA kernel: nnkit's
// pure-Go matrix product for the sizes where gonum's SSE2 kernels (about 13 GFLOP/s on
// two cores here) bound training speed.
//
// It follows the BLIS scheme: B is packed into 8-column panels of KC rows, A into 6-row
// panels, and a 6×8 register-blocked kernel computes each tile of C, so that the
// operands stream from cache in the order the kernel reads them. Transposed operands
// cost only their packing. Rows of C are split among goroutines.
package gemm

import (
	"fmt"
	"runtime"
	"sync"
)

const (
	mr = 6    // rows of a kernel tile
	nr = 8    // columns of a kernel tile
	kc = 256  // depth of a packed block: a 6×256 A panel and 256×8 B panel fit in L1
	mc = 96   // rows of A packed per block (a multiple of mr; 96×256 doubles fit in L2)
	nc = 1024 // columns of B packed per block

	// parallelFlops is the m·n·k from which a product is split among goroutines: below
	// it the start-up of a goroutine (about a microsecond) is not repaid.
	parallelFlops = 1 << 20
)

// Matrix is a row-major operand: element (i, j) is Data[i*Stride+j], or, when T is
// set, the operand is the transpose of that matrix: element (i, j) is Data[j*Stride+i].
type Matrix struct {
	Data   []float64
	Stride int
	T      bool
}

func (a Matrix) at(i, j int) float64 {
	if a.T {
		return a.Data[j*a.Stride+i]
	}
	return a.Data[i*a.Stride+j]
}

// Mul sets c (m×n, row stride ldc) = a·b, where a is m×k and b is k×n (after their
// transposes). It panics if Available is false or an operand is too short.
func Mul(m, n, k int, a, b Matrix, c []float64, ldc int) {
	if !Available {
		panic("gemm: Mul called without an AVX2/FMA CPU; check Available")
	}
	if m == 0 || n == 0 {
		return
	}
	checkLen("a", a, m, k)
	checkLen("b", b, k, n)
	if ldc < n || len(c) < (m-1)*ldc+n {
		panic(fmt.Sprintf("gemm: c has %d elements with stride %d, want %d×%d", len(c), ldc, m, n))
	}
	if k == 0 {
		for i := range m {
			clear(c[i*ldc : i*ldc+n])
		}
		return
	}
	workers := 1
	if m*n*k >= parallelFlops {
		workers = min(runtime.GOMAXPROCS(0), (m+mr-1)/mr, startHelpers()+1)
	}
	ws := pool.Get().(*workspace)
	defer pool.Put(ws)
	ws.grow(workers)
	ws.m, ws.a, ws.b, ws.c, ws.ldc, ws.workers = m, a, b, c, ldc, workers
	// Equal KC blocks: 784 as 4×196 rather than 3×256+16, whose thin last block would
	// pay a full pass over C for little work.
	depth := (k + (k+kc-1)/kc - 1) / ((k + kc - 1) / kc)
	for ws.jc = 0; ws.jc < n; ws.jc += nc {
		ws.ncb = min(nc, n-ws.jc)
		for ws.pc = 0; ws.pc < k; ws.pc += depth {
			ws.kcb = min(depth, k-ws.pc)
			ws.run(packPhase)
			ws.run(computePhase)
		}
	}
	ws.a, ws.b, ws.c = Matrix{}, Matrix{}, nil // do not keep the caller's memory alive
}

func checkLen(name string, a Matrix, r, c int) {
	if a.T {
		r, c = c, r
	}
	if r == 0 || c == 0 {
		return
	}
	if a.Stride < c || len(a.Data) < (r-1)*a.Stride+c {
		panic(fmt.Sprintf("gemm: %s has %d elements with stride %d, want %d×%d", name, len(a.Data), a.Stride, r, c))
	}
}

// split returns worker w's share [lo, hi) of n items.
func split(n, workers, w int) (lo, hi int) {
	return n * w / workers, n * (w + 1) / workers
}

// workspace is one product in progress: its operands, the block being computed, and
// the packed panels. B's panel is shared by the workers; each packs its own A.
type workspace struct {
	m, ldc, workers  int
	a, b             Matrix
	c                []float64
	jc, ncb, pc, kcb int

	packedB []float64
	packedA [][]float64
	tile    [][mr * nr]float64
	wg      sync.WaitGroup
}

var pool = sync.Pool{New: func() any {
	return &workspace{packedB: make([]float64, kc*((nc+nr-1)/nr*nr))}
}}

func (ws *workspace) grow(workers int) {
	for len(ws.packedA) < workers {
		ws.packedA = append(ws.packedA, make([]float64, mc*kc))
		ws.tile = append(ws.tile, [mr * nr]float64{})
	}
}

const (
	packPhase = iota
	computePhase
)

// task is one worker's share of a phase.
type task struct {
	ws           *workspace
	phase, share int
}

// Helpers are started once and live for the process: a goroutine per product would
// allocate on every training step.
var (
	helpersOnce sync.Once
	helpers     int
	tasks       chan task
)

// startHelpers starts GOMAXPROCS−1 helper goroutines, once, and returns their number.
func startHelpers() int {
	helpersOnce.Do(func() {
		helpers = runtime.GOMAXPROCS(0) - 1
		tasks = make(chan task)
		for range helpers {
			go func() {
				for t := range tasks {
					t.ws.do(t.phase, t.share)
					t.ws.wg.Done()
				}
			}()
		}
	})
	return helpers
}

// run does the phase's shares 1… on helpers and share 0 itself, and waits for all.
func (ws *workspace) run(phase int) {
	ws.wg.Add(ws.workers - 1)
	for w := 1; w < ws.workers; w++ {
		tasks <- task{ws, phase, w}
	}
	ws.do(phase, 0)
	ws.wg.Wait()
}

func (ws *workspace) do(phase, w int) {
	if phase == packPhase {
		lo, hi := split((ws.ncb+nr-1)/nr, ws.workers, w)
		packB(ws.packedB, ws.b, ws.pc, ws.kcb, ws.jc, ws.ncb, lo, hi)
		return
	}
	lo, hi := split((ws.m+mr-1)/mr, ws.workers, w)
	ws.block(w, lo*mr, min(hi*mr, ws.m))
}

// block computes rows [i0, i1) of the current C block from the packed B, packing A in
// turn.
func (ws *workspace) block(w, i0, i1 int) {
	ncb, kcb, pc, jc, c, ldc, add := ws.ncb, ws.kcb, ws.pc, ws.jc, ws.c, ws.ldc, ws.pc > 0
	ap, tile := ws.packedA[w], &ws.tile[w]
	for ic := i0; ic < i1; ic += mc {
		mcb := min(mc, i1-ic)
		packA(ap, ws.a, ic, mcb, pc, kcb)
		for jr := 0; jr < ncb; jr += nr {
			bp := ws.packedB[jr*kcb:]
			cols := min(nr, ncb-jr)
			for ir := 0; ir < mcb; ir += mr {
				rows := min(mr, mcb-ir)
				cij := (ic+ir)*ldc + jc + jr
				if rows == mr && cols == nr {
					kernel6x8(kcb, &ap[ir*kcb], &bp[0], &c[cij], ldc, add)
					continue
				}
				// An edge tile: compute it whole into scratch, keep the part inside C.
				kernel6x8(kcb, &ap[ir*kcb], &bp[0], &tile[0], nr, false)
				for r := range rows {
					dst := c[cij+r*ldc : cij+r*ldc+cols]
					src := tile[r*nr : r*nr+cols]
					if add {
						for j, v := range src {
							dst[j] += v
						}
					} else {
						copy(dst, src)
					}
				}
			}
		}
	}
}

// packA packs rows [i0, i0+rows) and columns [p0, p0+depth) of a into 6-row panels:
// panel q holds, for each p in turn, the six values a[i0+6q+r][p0+p], zero past the end.
func packA(dst []float64, a Matrix, i0, rows, p0, depth int) {
	for ir := 0; ir < rows; ir += mr {
		panel := dst[ir*depth : ir*depth+mr*depth]
		n := min(mr, rows-ir)
		for r := range mr {
			if r >= n {
				for p := range depth {
					panel[p*mr+r] = 0
				}
				continue
			}
			i := i0 + ir + r
			if a.T {
				for p := range depth {
					panel[p*mr+r] = a.Data[(p0+p)*a.Stride+i]
				}
			} else {
				row := a.Data[i*a.Stride+p0 : i*a.Stride+p0+depth]
				for p, v := range row {
					panel[p*mr+r] = v
				}
			}
		}
	}
}

// packB packs 8-column panels [lo, hi) of rows [p0, p0+depth) and columns
// [j0, j0+cols) of b: panel q holds, for each p in turn, the eight values
// b[p0+p][j0+8q+j], zero past the end.
func packB(dst []float64, b Matrix, p0, depth, j0, cols, lo, hi int) {
	for q := lo; q < hi; q++ {
		panel := dst[q*nr*depth : (q+1)*nr*depth]
		jr := q * nr
		n := min(nr, cols-jr)
		if b.T {
			for j := range nr {
				if j >= n {
					for p := range depth {
						panel[p*nr+j] = 0
					}
					continue
				}
				col := b.Data[(j0+jr+j)*b.Stride+p0 : (j0+jr+j)*b.Stride+p0+depth]
				for p, v := range col {
					panel[p*nr+j] = v
				}
			}
			continue
		}
		for p := range depth {
			out := panel[p*nr : p*nr+nr]
			row := b.Data[(p0+p)*b.Stride+j0+jr:]
			copy(out[:n], row[:n])
			clear(out[n:])
		}
	}
}
