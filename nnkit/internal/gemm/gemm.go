// Package gemm multiplies row-major float64 or float32 matrices with an AVX2/FMA or
// AVX-512 kernel: nnkit's pure-Go matrix product for the sizes where gonum's SSE2
// kernels (about 13 GFLOP/s on two cores here) bound training speed.
//
// It follows the BLIS scheme: B is packed into NR-column panels of KC rows, A into
// MR-row panels, and a register-blocked MR×NR kernel computes each tile of C, so that
// the operands stream from cache in the order the kernel reads them. Transposed operands
// cost only their packing. Rows of C are split among goroutines. Both kernels compute
// every element as the same chain of FMAs, so the result does not depend on the CPU.
//
// The goroutines that help the caller are started once and poll for work between
// products; Parallel lends them to the memory-bound passes between products, and
// MulThen runs a layer's element-wise epilogue on each core's own rows.
package gemm

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

const (
	kc = 256 // depth of a block: a 256×NR B panel stays in L1
	mc = 96  // rows of A packed at a time (a multiple of every MR)

	// packedBytes bounds the B packed at once: all of its depth for as many columns as
	// fit, a multiple of NR. Each band of rows reads all of it, so it should stay in a
	// core's L2 with room for A's panels and C: workload (c)'s 784×300 weights, 1.9 MB in
	// float64, packed whole went to L3 for each band, and split in two the forward
	// product ran at 82.5 against 78.4 GFLOP/s (medians of five alternating runs).
	packedBytes = 1 << 20

	maxTile = 12 * 32 // the largest MR·NR

	// parallelFlops is the m·n·k from which a product is split among goroutines: below
	// it the start-up of a goroutine (about a microsecond) is not repaid.
	parallelFlops = 1 << 20
)

// Float is an element type the kernels multiply.
type Float interface{ float32 | float64 }

// Mat is a row-major operand: element (i, j) is Data[i*Stride+j], or, when T is set,
// the operand is the transpose of that matrix: element (i, j) is Data[j*Stride+i].
type Mat[F Float] struct {
	Data   []F
	Stride int
	T      bool
}

// Matrix is a float64 operand, of Mul and MulAdd.
type Matrix = Mat[float64]

// Matrix32 is a float32 operand, of Mul32 and MulAdd32.
type Matrix32 = Mat[float32]

func (a Mat[F]) at(i, j int) F {
	if a.T {
		return a.Data[j*a.Stride+i]
	}
	return a.Data[i*a.Stride+j]
}

// tiling is a kernel and the MR×NR tile of C it computes.
type tiling int

const (
	tile6x8   tiling = iota // AVX2 and FMA
	tile12x16               // AVX-512
)

func (t tiling) mr() int { return [...]int{6, 12}[t] }

// nr is the tile's width for elements of size bytes: a float32 tile is twice as wide,
// in the same registers.
func (t tiling) nr(size int) int { return [...]int{8, 16}[t] * 8 / size }

// Kernel names the instruction set Mul's kernel uses on this CPU: "avx512" or "avx2".
func Kernel() string { return [...]string{"avx2", "avx512"}[best] }

// How a kernel stores its tile's sum s, kc deep, in C.
const (
	setC       = 0 // c = s: the first KC block
	addC       = 1 // c += s: the later ones
	addScaledC = 2 // c += alpha·s, alpha·s rounded first: MulAdd's single block
)

// kernel stores the product of the packed panels a and b, kc deep, in the tile at c (row
// stride ldc) as mode says.
func kernel[F Float](t tiling, kc int, a, b, c *F, ldc int, mode int, alpha F) {
	switch a := any(a).(type) {
	case *float64:
		b, c, alpha := any(b).(*float64), any(c).(*float64), float64(alpha)
		if t == tile12x16 {
			kernel12x16(kc, a, b, c, ldc, mode, alpha)
			return
		}
		kernel6x8(kc, a, b, c, ldc, mode, alpha)
	case *float32:
		b, c, alpha := any(b).(*float32), any(c).(*float32), float32(alpha)
		if t == tile12x16 {
			kernel12x32f32(kc, a, b, c, ldc, mode, alpha)
			return
		}
		kernel6x16f32(kc, a, b, c, ldc, mode, alpha)
	}
}

func sizeOf[F Float]() int {
	var f F
	if _, ok := any(f).(float32); ok {
		return 4
	}
	return 8
}

// Mul sets c (m×n, row stride ldc) = a·b, where a is m×k and b is k×n (after their
// transposes). It panics if Available is false or an operand is too short.
func Mul(m, n, k int, a, b Matrix, c []float64, ldc int) {
	mul(best, m, n, k, a, b, c, ldc, false, 0)
}

// MulAdd sets c += alpha·(a·b), with the bits of Mul into scratch s followed by
// c[i][j] += alpha·s[i][j] in two rounded steps (no fused multiply-add): a gradient
// descent step, W += (−ε)·dW, with dW = a·b never stored. When k ≤ 256, one KC block,
// the kernel applies the step as it stores each tile, so c is read and written once.
func MulAdd(m, n, k int, alpha float64, a, b Matrix, c []float64, ldc int) {
	mulAdd(best, m, n, k, alpha, a, b, c, ldc, nil)
}

// MulAddThen is MulAdd followed by then on each block of c once its elements are final,
// as in MulThen: a check of the weights a step has just written, on both cores while
// they are in cache. With several KC blocks (k > 256) the step is applied after the
// product, and then sees c whole, on the caller's goroutine.
func MulAddThen(m, n, k int, alpha float64, a, b Matrix, c []float64, ldc int, then func(i0, i1, j0, j1 int)) {
	if then == nil {
		panic("gemm: MulAddThen with a nil then")
	}
	mulAdd(best, m, n, k, alpha, a, b, c, ldc, then)
}

// Mul32 is Mul in float32: each element is the float32 chain of FMAs.
func Mul32(m, n, k int, a, b Matrix32, c []float32, ldc int) {
	mul(best, m, n, k, a, b, c, ldc, false, 0)
}

// MulThen is Mul followed by then(i0, i1, j0, j1) on each block of c, rows [i0, i1) and
// columns [j0, j1), as soon as its elements are final, on the goroutine that computed
// them while they are still in its cache: a layer's bias and activation, done on both
// cores. The blocks cover c once; then may run concurrently on disjoint blocks.
func MulThen(m, n, k int, a, b Matrix, c []float64, ldc int, then func(i0, i1, j0, j1 int)) {
	mulThen(best, m, n, k, a, b, c, ldc, then)
}

// Mul32Then is MulThen in float32.
func Mul32Then(m, n, k int, a, b Matrix32, c []float32, ldc int, then func(i0, i1, j0, j1 int)) {
	mulThen(best, m, n, k, a, b, c, ldc, then)
}

// MulAdd32 is MulAdd in float32.
func MulAdd32(m, n, k int, alpha float32, a, b Matrix32, c []float32, ldc int) {
	mulAdd(best, m, n, k, alpha, a, b, c, ldc, nil)
}

func mulAdd[F Float](t tiling, m, n, k int, alpha F, a, b Mat[F], c []F, ldc int, then func(i0, i1, j0, j1 int)) {
	if k > kc && m > 0 && n > 0 {
		// Several KC blocks: the sum is complete only after the last, so it needs scratch.
		sp := scratchPool[F]().Get().(*[]F)
		defer scratchPool[F]().Put(sp)
		if cap(*sp) < m*n {
			*sp = make([]F, m*n)
		}
		s := (*sp)[:m*n]
		if ldc < n || len(c) < (m-1)*ldc+n {
			panic(fmt.Sprintf("gemm: c has %d elements with stride %d, want %d×%d", len(c), ldc, m, n))
		}
		mul(t, m, n, k, a, b, s, n, false, 0)
		for i := range m {
			addScaled(c[i*ldc:i*ldc+n], alpha, s[i*n:i*n+n])
		}
		if then != nil {
			then(0, m, 0, n)
		}
		return
	}
	run(t, m, n, k, a, b, c, ldc, true, alpha, then)
}

var (
	scratch64 = sync.Pool{New: func() any { return new([]float64) }}
	scratch32 = sync.Pool{New: func() any { return new([]float32) }}
	pool64    = sync.Pool{New: func() any { return new(workspace[float64]) }}
	pool32    = sync.Pool{New: func() any { return new(workspace[float32]) }}
)

func scratchPool[F Float]() *sync.Pool {
	if sizeOf[F]() == 4 {
		return &scratch32
	}
	return &scratch64
}

func workspacePool[F Float]() *sync.Pool {
	if sizeOf[F]() == 4 {
		return &pool32
	}
	return &pool64
}

// addScaled sets dst[j] += alpha·src[j], rounding the product first.
func addScaled[F Float](dst []F, alpha F, src []F) {
	for j, v := range src {
		dst[j] += F(alpha * v) // the conversion forbids fusing into an FMA
	}
}

func mulThen[F Float](t tiling, m, n, k int, a, b Mat[F], c []F, ldc int, then func(i0, i1, j0, j1 int)) {
	if then == nil {
		panic("gemm: MulThen with a nil then")
	}
	run(t, m, n, k, a, b, c, ldc, false, 0, then)
}

// mul is Mul, or with scaled MulAdd for k ≤ kc.
func mul[F Float](t tiling, m, n, k int, a, b Mat[F], c []F, ldc int, scaled bool, alpha F) {
	run(t, m, n, k, a, b, c, ldc, scaled, alpha, nil)
}

// run is mul, calling then on each block of c once it is final.
func run[F Float](t tiling, m, n, k int, a, b Mat[F], c []F, ldc int, scaled bool, alpha F, then func(i0, i1, j0, j1 int)) {
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
			row := c[i*ldc : i*ldc+n]
			if !scaled {
				clear(row)
			}
			for j := range row {
				row[j] += F(alpha * 0) // −0 becomes +0, as adding α·(+0) does
			}
		}
		if then != nil {
			then(0, m, 0, n)
		}
		return
	}
	ws := workspacePool[F]().Get().(*workspace[F])
	defer workspacePool[F]().Put(ws)
	helpers := 0
	if m*n*k >= parallelFlops && runtime.GOMAXPROCS(0) > 1 {
		helpers = startHelpers()
	}
	ws.plan(t, m, n, k, a, b, c, ldc, helpers+1)
	ws.scaled, ws.alpha, ws.then = scaled, alpha, then
	if helpers > 0 {
		ws.grow(helpers + 1)
		share(&ws.team, ws, helpers)
	} else {
		ws.work(0)
	}
	ws.a, ws.b, ws.c, ws.then = Mat[F]{}, Mat[F]{}, nil, nil // do not keep the caller's memory alive
}

func checkLen[F Float](name string, a Mat[F], r, c int) {
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

// A product is a list of items in phases: for each block of columns of B, the packing
// of all of B's depth for those columns, then bands of rows of C computed from it, each
// band through every KC block in order. Workers claim items in order from a counter and
// start an item once every item of the earlier phases is done, which they wait for only
// once per block of columns. Nobody waits for a worker to start: a helper that wakes
// late finds fewer items, and the caller alone does them all when none wakes. Each
// element of C sees its KC blocks in order, so the result does not depend on the split.
type phase struct {
	pack          bool
	jc, ncb       int // columns of C (and B) in this block
	packedWidth   int // ncb rounded up to whole panels: KC block pc of B starts at pc·packedWidth
	start, count  int // items [start, start+count) of the product
	perItem, size int // panels (pack) or rows (compute) per item, of size in all
	// The last tail items are a panel's unit rows each, from row head on: the phase
	// ends in short items, so that a worker done first takes one while the other
	// finishes its own, rather than waiting for a whole band.
	tail, unit, head int
}

// span returns item j of the phase, rows or panels [lo, hi).
func (p *phase) span(j int) (lo, hi int) {
	if h := p.count - p.tail; j >= h {
		lo = p.head + (j-h)*p.unit
		return lo, min(lo+p.unit, p.size)
	}
	lo = j * p.perItem
	return lo, min(lo+p.perItem, p.head)
}

// workspace is one product in progress: its operands, its phases, the packed panels
// and the workers' progress. B's panels are shared; each worker packs its own A.
type workspace[F Float] struct {
	t         tiling
	nr        int // the tile's width for F
	m, k, ldc int
	depth     int // of each KC block but the last
	a, b      Mat[F]
	c         []F
	scaled    bool                     // MulAdd: c += alpha·(a·b), in one KC block
	alpha     F                        // MulAdd's
	then      func(i0, i1, j0, j1 int) // MulThen's epilogue, or nil
	phases    []phase
	total     int

	next, done atomic.Int64
	team       // lets the helpers in and out

	packedB []F
	packedA [][]F
	tile    [][maxTile]F
}

// itemsPerPhase is about how many items a phase is cut into: enough that the workers
// finish together, few enough that claiming one costs nothing next to doing it.
const itemsPerPhase = 24

// plan sets the product and cuts it into phases and items, for workers goroutines (1
// when the caller does it alone), which end each compute phase in single panels.
func (ws *workspace[F]) plan(t tiling, m, n, k int, a, b Mat[F], c []F, ldc int, workers int) {
	ws.t, ws.nr, ws.m, ws.k, ws.a, ws.b, ws.c, ws.ldc = t, t.nr(sizeOf[F]()), m, k, a, b, c, ldc
	ws.grow(1)
	mr, nr := t.mr(), ws.nr
	// Bands of at least two A panels, so that each B panel read from cache serves two
	// tiles: single panels measured 10–15% slower on 256×784·784×300.
	rows := min(mc, max(2, ceilDiv(ceilDiv(m, mr), itemsPerPhase))*mr)
	// Equal KC blocks: 784 as 4×196 rather than 3×256+16, whose thin last block would
	// pay a full pass over C for little work.
	ws.depth = ceilDiv(k, ceilDiv(k, kc))
	width := min(ceilDiv(n, nr), max(1, packedBytes/sizeOf[F]()/k/nr)) * nr
	if len(ws.packedB) < k*width {
		ws.packedB = make([]F, k*width)
	}
	ws.phases, ws.total = ws.phases[:0], 0
	add := func(ph phase) {
		if ph.tail == 0 {
			ph.head = ph.size
		}
		ph.start, ph.count = ws.total, ceilDiv(ph.head, ph.perItem)+ph.tail
		ws.phases = append(ws.phases, ph)
		ws.total += ph.count
	}
	for jc := 0; jc < n; jc += width {
		ncb := min(width, n-jc)
		panels := ceilDiv(ncb, nr)
		add(phase{pack: true, jc: jc, ncb: ncb, packedWidth: panels * nr, perItem: ceilDiv(panels, itemsPerPhase), size: panels})
		compute := phase{jc: jc, ncb: ncb, packedWidth: panels * nr, perItem: rows, size: m}
		if workers > 1 && rows > mr {
			// One single panel for each worker: workload (c)'s 256 rows are 11 bands of
			// two panels, and with none one worker did six while the other waited.
			p := ceilDiv(m, mr)
			compute.tail = min(workers, p)
			compute.unit, compute.head = mr, (p-compute.tail)*mr
		}
		add(compute)
	}
	ws.next.Store(0)
	ws.done.Store(0)
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// work does items until none is left, as worker w (0 for the caller, 1… for helpers),
// and then waits for the items others are still doing.
func (ws *workspace[F]) work(w int) {
	ph := 0
	for {
		i := int(ws.next.Add(1)) - 1
		if i >= ws.total {
			break
		}
		for i >= ws.phases[ph].start+ws.phases[ph].count {
			ph++
		}
		p := &ws.phases[ph]
		ws.waitDone(p.start)
		lo, hi := p.span(i - p.start)
		if p.pack {
			// Block by block, panels [lo, hi) of each; a block's panels follow one
			// another, nr columns by kcb rows each.
			for pc := 0; pc < ws.k; pc += ws.depth {
				kcb := min(ws.depth, ws.k-pc)
				packB(ws.packedB[pc*p.packedWidth:], ws.b, ws.nr, pc, kcb, p.jc, p.ncb, lo, hi)
			}
		} else {
			ws.block(w, p, lo, hi)
			if ws.then != nil {
				ws.then(lo, hi, p.jc, p.jc+p.ncb)
			}
		}
		ws.done.Add(1)
	}
	if w == 0 {
		ws.waitDone(ws.total)
	}
}

func (ws *workspace[F]) product() bool { return true }

// waitDone spins until n items are done: they are being done on another core and
// take microseconds, less than a sleep and a wake-up would.
func (ws *workspace[F]) waitDone(n int) {
	for spins := 1; int(ws.done.Load()) < n; spins++ {
		pause(spins)
	}
}

func (ws *workspace[F]) grow(workers int) {
	for len(ws.packedA) < workers {
		ws.packedA = append(ws.packedA, make([]F, mc*kc))
		ws.tile = append(ws.tile, [maxTile]F{})
	}
}

// block computes rows [i0, i1) of phase p's columns of C from the packed B, KC block
// by KC block, packing A in turn into worker w's buffer.
func (ws *workspace[F]) block(w int, p *phase, i0, i1 int) {
	ncb, jc := p.ncb, p.jc
	width := p.packedWidth
	ap, tile := ws.packedA[w], &ws.tile[w]
	for pc := 0; pc < ws.k; pc += ws.depth {
		kcb, mode := min(ws.depth, ws.k-pc), setC
		switch {
		case ws.scaled:
			mode = addScaledC // plan made one block
		case pc > 0:
			mode = addC
		}
		for ic := i0; ic < i1; ic += mc {
			ws.blockDepth(ap, tile, pc, kcb, mode, ic, min(mc, i1-ic), jc, ncb, width)
		}
	}
}

// blockDepth stores the product of rows [ic, ic+mcb) and depth [pc, pc+kcb) of A with
// that depth of the packed B in C, as mode says.
func (ws *workspace[F]) blockDepth(ap []F, tile *[maxTile]F, pc, kcb int, mode int, ic, mcb, jc, ncb, width int) {
	t, mr, nr, c, ldc := ws.t, ws.t.mr(), ws.nr, ws.c, ws.ldc
	packA(ap, ws.a, mr, ic, mcb, pc, kcb)
	for jr := 0; jr < ncb; jr += nr {
		bp := ws.packedB[pc*width+jr*kcb:]
		cols := min(nr, ncb-jr)
		for ir := 0; ir < mcb; ir += mr {
			rows := min(mr, mcb-ir)
			cij := (ic+ir)*ldc + jc + jr
			if rows == mr && cols == nr {
				kernel(t, kcb, &ap[ir*kcb], &bp[0], &c[cij], ldc, mode, ws.alpha)
				continue
			}
			// An edge tile: compute it whole into scratch, keep the part inside C.
			kernel(t, kcb, &ap[ir*kcb], &bp[0], &tile[0], nr, setC, 0)
			for r := range rows {
				dst := c[cij+r*ldc : cij+r*ldc+cols]
				src := tile[r*nr : r*nr+cols]
				switch mode {
				case setC:
					copy(dst, src)
				case addC:
					for j, v := range src {
						dst[j] += v
					}
				default:
					addScaled(dst, ws.alpha, src)
				}
			}
		}
	}
}

// packA packs rows [i0, i0+rows) and columns [p0, p0+depth) of a into mr-row panels:
// panel q holds, for each p in turn, the mr values a[i0+mr·q+r][p0+p], zero past the end.
func packA[F Float](dst []F, a Mat[F], mr, i0, rows, p0, depth int) {
	for ir := 0; ir < rows; ir += mr {
		panel := dst[ir*depth : ir*depth+mr*depth]
		n := min(mr, rows-ir)
		if a.T {
			// Column p of the panel is a contiguous run of aᵀ's row p.
			for p := range depth {
				col := a.Data[(p0+p)*a.Stride+i0+ir:]
				out := panel[p*mr : p*mr+mr]
				copy(out[:n], col[:n])
				clear(out[n:])
			}
			continue
		}
		if n < mr {
			clear(panel)
		}
		if n == 12 {
			// The twelve rows are read in step, each a stream the prefetcher follows,
			// and the panel is written in order.
			// Each row resliced to the first's length lets the compiler drop every
			// bounds check but the panel's.
			row := func(r int) []F {
				i := i0 + ir + r
				return a.Data[i*a.Stride+p0 : i*a.Stride+p0+depth]
			}
			r0 := row(0)
			r1, r2, r3, r4, r5 := row(1)[:len(r0)], row(2)[:len(r0)], row(3)[:len(r0)], row(4)[:len(r0)], row(5)[:len(r0)]
			r6, r7, r8, r9, r10, r11 := row(6)[:len(r0)], row(7)[:len(r0)], row(8)[:len(r0)], row(9)[:len(r0)], row(10)[:len(r0)], row(11)[:len(r0)]
			for p := range r0 {
				out := (*[12]F)(panel[p*12:])
				out[0], out[1], out[2], out[3], out[4], out[5] = r0[p], r1[p], r2[p], r3[p], r4[p], r5[p]
				out[6], out[7], out[8], out[9], out[10], out[11] = r6[p], r7[p], r8[p], r9[p], r10[p], r11[p]
			}
			continue
		}
		for r := range n {
			i := i0 + ir + r
			row := a.Data[i*a.Stride+p0 : i*a.Stride+p0+depth]
			out := panel[r:]
			for p, v := range row {
				out[p*mr] = v
			}
		}
	}
}

// packB packs nr-column panels [lo, hi) of rows [p0, p0+depth) and columns
// [j0, j0+cols) of b: panel q holds, for each p in turn, the nr values
// b[p0+p][j0+nr·q+j], zero past the end.
func packB[F Float](dst []F, b Mat[F], nr, p0, depth, j0, cols, lo, hi int) {
	if !b.T && hi*nr <= cols {
		// Whole panels of a row-major b: read each row once, in order, into every panel.
		for p := range depth {
			row := b.Data[(p0+p)*b.Stride+j0 : (p0+p)*b.Stride+j0+hi*nr]
			for q := lo; q < hi; q++ {
				copyPanelRow(dst[q*nr*depth+p*nr:], row[q*nr:], nr)
			}
		}
		return
	}
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
		if n < nr {
			for p := range depth {
				out := panel[p*nr : p*nr+nr]
				copy(out[:n], b.Data[(p0+p)*b.Stride+j0+jr:])
				clear(out[n:])
			}
			continue
		}
		for p := range depth {
			copyPanelRow(panel[p*nr:], b.Data[(p0+p)*b.Stride+j0+jr:], nr)
		}
	}
}

// copyPanelRow copies nr elements, as one fixed-size move for the widths the tilings have.
func copyPanelRow[F Float](dst, src []F, nr int) {
	switch nr {
	case 32:
		*(*[32]F)(dst) = *(*[32]F)(src)
	case 16:
		*(*[16]F)(dst) = *(*[16]F)(src)
	default:
		*(*[8]F)(dst) = *(*[8]F)(src)
	}
}
