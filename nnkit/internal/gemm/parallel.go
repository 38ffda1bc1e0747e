package gemm

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// A job is a product, or a Parallel loop, that helper goroutines may join: each claims
// parts of it from a counter, and the caller does whatever no helper claimed.
type job interface {
	enter(gen uint32) bool
	work(w int) // as worker w: 0 for the caller, 1… for helpers
	leave()
	// product says whether the job is a product, after which a helper polls for the
	// next one (see idleSpin).
	product() bool
}

// team is the part of a job that lets helpers in and out. state holds the job's
// generation (high 32 bits), whether helpers may still join (bit 31) and how many are
// inside (the rest): the job returns only once it is closed and empty, so no helper
// touches it after.
type team struct {
	state atomic.Uint64
	gen   uint32
}

const (
	openBit    = 1 << 31
	insideMask = openBit - 1
)

// share opens j, whose team is tm, to the helpers, wakes those idle, works on it as
// worker 0, and returns once it is done and every helper that joined has left.
func share(tm *team, j job, helpers int) {
	tm.gen++
	tm.state.Store(uint64(tm.gen)<<32 | openBit)
	for range helpers {
		select {
		case tasks <- task{j, tm.gen}:
		default: // the helpers are busy, perhaps with another caller's job, and have offers waiting
		}
	}
	j.work(0)
	for {
		s := tm.state.Load()
		if tm.state.CompareAndSwap(s, s&^openBit) {
			break
		}
	}
	for spins := 1; tm.state.Load()&insideMask != 0; spins++ {
		pause(spins)
	}
}

// enter lets a helper into job gen if it is still open.
func (tm *team) enter(gen uint32) bool {
	for {
		s := tm.state.Load()
		if uint32(s>>32) != gen || s&openBit == 0 {
			return false
		}
		if tm.state.CompareAndSwap(s, s+1) {
			return true
		}
	}
}

func (tm *team) leave() { tm.state.Add(^uint64(0)) }

// task asks a helper to join job gen of j.
type task struct {
	j   job
	gen uint32
}

// Helpers are started once and live for the process: a goroutine per job would
// allocate on every training step. tasks has room for an offer to each, so that a
// polling helper takes it without the caller waiting; one that finds its job done
// drops it.
var (
	helpersOnce sync.Once
	helpers     int
	tasks       chan task
)

// startHelpers starts GOMAXPROCS−1 helper goroutines, once, and returns their number.
func startHelpers() int {
	helpersOnce.Do(func() {
		helpers = runtime.GOMAXPROCS(0) - 1
		tasks = make(chan task, helpers)
		for h := range helpers {
			go func() {
				var poll time.Time // until when to poll for the next task
				for {
					t := nextTask(poll)
					if t.j.enter(t.gen) {
						t.j.work(h + 1)
						t.j.leave()
					}
					if t.j.product() {
						poll = time.Now().Add(idleSpin)
					}
				}
			}()
		}
	})
	return helpers
}

// idleSpin is how long after a product a helper polls for its next task, before it
// sleeps on the channel. A sleeping helper waits for the OS to wake its thread, and a
// training step's products follow one another within microseconds, or a batch's
// gathering (about 0.3 ms): in workload (c), helpers that slept between them joined late
// and did 30% of the parallel products' items, not half, and epochs took 0.68 s in
// float32 against 0.54 s with this spin (medians of four alternating runs), 1.25 against
// 1.09 s in float64 (three). A helper idle for longer sleeps, so that an idle program
// does not keep a core busy. Only products start the clock: in the OpenBLAS build, whose
// own threads run the products, a helper polling after each Parallel gather would be a
// third thread on two cores.
const idleSpin = time.Millisecond

// nextTask returns the next task, polling until poll before it blocks.
func nextTask(poll time.Time) task {
	for spins := 1; ; spins++ {
		select {
		case t := <-tasks:
			return t
		default:
		}
		if spins%64 == 0 {
			if time.Now().After(poll) {
				return <-tasks
			}
			runtime.Gosched()
		}
	}
}

// pause yields now and then while spinning, in case the awaited worker shares a core.
func pause(spins int) {
	if spins%64 == 0 {
		runtime.Gosched()
	}
}

// Parallel calls fn(lo, hi) on ranges of grain elements (the last may be shorter) that
// cover [0, n) once, on the caller and on the helper goroutines that run the products,
// and returns when every call has. It is for the memory-bound passes between products,
// such as gathering a batch: the helpers are then idle, and sharing them with the
// products keeps one goroutine per core. fn must be safe to call concurrently on
// disjoint ranges. With one range, or GOMAXPROCS 1, it calls fn(0, n) itself.
func Parallel(n, grain int, fn func(lo, hi int)) {
	if grain < 1 {
		panic(fmt.Sprintf("gemm: Parallel with grain %d, want at least 1", grain))
	}
	if fn == nil {
		panic("gemm: Parallel with a nil fn")
	}
	if n <= 0 {
		return
	}
	if n <= grain || runtime.GOMAXPROCS(0) == 1 {
		fn(0, n)
		return
	}
	l := loops.Get().(*loop)
	defer loops.Put(l)
	l.n, l.grain, l.fn = n, grain, fn
	l.next.Store(0)
	l.done.Store(0)
	share(&l.team, l, startHelpers())
	l.fn = nil // do not keep the caller's memory alive
}

var loops = sync.Pool{New: func() any { return new(loop) }}

// loop is a Parallel call in progress.
type loop struct {
	team
	n, grain   int
	fn         func(lo, hi int)
	next, done atomic.Int64
}

func (l *loop) product() bool { return false }

func (l *loop) work(w int) {
	for {
		lo := (int(l.next.Add(1)) - 1) * l.grain
		if lo >= l.n {
			break
		}
		l.fn(lo, min(lo+l.grain, l.n))
		l.done.Add(1)
	}
	if w == 0 {
		ranges := int64(ceilDiv(l.n, l.grain))
		for spins := 1; l.done.Load() < ranges; spins++ {
			pause(spins)
		}
	}
}
