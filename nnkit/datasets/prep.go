package datasets

import (
	"fmt"
	"iter"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nnkit-go/nnkit/nnkit"
)

// Scaler maps each feature linearly onto [0, 1] using the minimum and maximum of the data
// it was fitted on; apply the same Scaler to the test set.
type Scaler struct{ Min, Max []float64 }

// FitScaler learns each column's range from x. A constant column maps to 0.
func FitScaler(x mat.Matrix) *Scaler {
	r, c := x.Dims()
	s := &Scaler{Min: make([]float64, c), Max: make([]float64, c)}
	for j := range c {
		s.Min[j], s.Max[j] = math.Inf(1), math.Inf(-1)
		for i := range r {
			v := x.At(i, j)
			s.Min[j], s.Max[j] = min(s.Min[j], v), max(s.Max[j], v)
		}
	}
	return s
}

// Apply returns x scaled with the fitted ranges; it panics on a column-count mismatch.
func (s *Scaler) Apply(x mat.Matrix) *mat.Dense {
	return affine(x, len(s.Min), func(j int, v float64) float64 {
		if d := s.Max[j] - s.Min[j]; d > 0 {
			return (v - s.Min[j]) / d
		}
		return 0
	})
}

// Standardizer centres each feature on the mean and divides by the standard deviation of
// the data it was fitted on; apply the same Standardizer to the test set.
type Standardizer struct{ Mean, Std []float64 }

// FitStandardizer learns each column's mean and (population) standard deviation, as
// sklearn's StandardScaler does. A constant column gets standard deviation 1.
func FitStandardizer(x mat.Matrix) *Standardizer {
	r, c := x.Dims()
	s := &Standardizer{Mean: make([]float64, c), Std: make([]float64, c)}
	for j := range c {
		var sum float64
		for i := range r {
			sum += x.At(i, j)
		}
		m := sum / float64(r)
		var ss float64
		for i := range r {
			d := x.At(i, j) - m
			ss += d * d
		}
		s.Mean[j], s.Std[j] = m, math.Sqrt(ss/float64(r))
		if s.Std[j] == 0 {
			s.Std[j] = 1
		}
	}
	return s
}

// Apply returns (x − mean)/std column by column; it panics on a column-count mismatch.
func (s *Standardizer) Apply(x mat.Matrix) *mat.Dense {
	return affine(x, len(s.Mean), func(j int, v float64) float64 { return (v - s.Mean[j]) / s.Std[j] })
}

func affine(x mat.Matrix, want int, f func(j int, v float64) float64) *mat.Dense {
	r, c := x.Dims()
	if c != want {
		panic(fmt.Sprintf("datasets: data has %d columns, fitted on %d", c, want))
	}
	out := mat.NewDense(r, c, nil)
	for i := range r {
		for j := range c {
			out.Set(i, j, f(j, x.At(i, j)))
		}
	}
	return out
}

// Shuffle returns the samples in the order of one src.Perm, as sklearn.utils.shuffle does.
func Shuffle(d *Dataset, src nnkit.Source) *Dataset {
	return renamed(d.Subset(src.Perm(d.Len())), d.Name)
}

// Batches yields successive mini-batches of size samples (the last may be smaller), in a
// fresh src.Perm order, or in order if src is nil.
func Batches(d *Dataset, size int, src nnkit.Source) iter.Seq[*Dataset] {
	if size < 1 {
		panic(fmt.Sprintf("datasets: Batches: size %d", size))
	}
	return func(yield func(*Dataset) bool) {
		order := make([]int, d.Len())
		if src != nil {
			order = src.Perm(d.Len())
		} else {
			for i := range order {
				order[i] = i
			}
		}
		for s := 0; s < len(order); s += size {
			if !yield(d.Subset(order[s:min(s+size, len(order))])) {
				return
			}
		}
	}
}
