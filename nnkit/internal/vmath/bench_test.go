package vmath

import (
	"fmt"
	"math"
	"testing"
)

// BenchmarkTo compares the slice functions with a loop over Go's math, at workload (a)'s
// 600 hidden activations and at a larger size.
func BenchmarkTo(b *testing.B) {
	for _, n := range []int{600, 30000} {
		src, dst := make([]float64, n), make([]float64, n)
		for i := range src {
			src[i] = 6 * math.Sin(float64(i))
		}
		for _, c := range []struct {
			name string
			fn   func(dst, src []float64)
		}{
			{"ExpTo", ExpTo},
			{"math.Exp", func(dst, src []float64) {
				for i, v := range src {
					dst[i] = math.Exp(v)
				}
			}},
			{"TanhTo", TanhTo},
			{"math.Tanh", func(dst, src []float64) {
				for i, v := range src {
					dst[i] = math.Tanh(v)
				}
			}},
		} {
			b.Run(fmt.Sprintf("%s/n=%d", c.name, n), func(b *testing.B) {
				for b.Loop() {
					c.fn(dst, src)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/value")
			})
		}
	}
}
