package batch

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// BenchmarkGather gathers shuffled batches of 256 rows from 60 000 coded rows of 784
// 8-bit pixels, workload (c)'s data, the rows scattered over 47 MB as each epoch's
// permutation scatters them.
func BenchmarkGather(b *testing.B) {
	const rows, cols, size = 60000, 784, 256
	rng := rand.New(rand.NewPCG(1, 2))
	x := mat.NewDense(rows, cols, nil)
	data := x.RawMatrix().Data
	for i := range data {
		data[i] = float64(rng.IntN(256)) / 255
	}
	g := New(x, true)
	order := rng.Perm(rows)
	for s := 0; s < rows; s += size {
		g.Gather(order, s, min(s+size, rows)) // the first epoch codes the rows
	}
	if all, _ := g.Coded(); !all {
		b.Fatal("the rows are not coded")
	}
	order = rng.Perm(rows)
	s := 0
	b.ReportAllocs()
	for b.Loop() {
		g.Gather(order, s, s+size)
		if s += size; s+size > rows {
			s = 0
		}
	}
}
