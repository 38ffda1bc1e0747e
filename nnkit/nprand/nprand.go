// Package nprand reproduces numpy's legacy random generator, np.random.RandomState,
// bit for bit.
//
// The tutorials that nnkit follows call np.random.seed(k) and then draw their data and
// initial weights from the global RandomState. A RandomState seeded with the same k
// here yields the same float64 values, in the same order, for the methods below. That
// covers MT19937 with numpy's 53-bit doubles, the legacy polar Gaussian that caches its
// second value, numpy's masked rejection for bounded integers, and the Fisher-Yates
// shuffle that permutation and shuffle share. The Gaussian's log is glibc's, written in
// Go (nnkit/internal/libm), so the Gaussians match numpy's in every build, cgo or not.
//
// Test vectors come from Debian's python3-numpy 1.24 (see testdata/gen_vectors.py).
package nprand

import (
	"fmt"
	"math"
	"sort"

	"github.com/nnkit-go/nnkit/nnkit/internal/libm"
)

const (
	stateLen  = 624
	period    = 397
	matrixA   = 0x9908b0df
	upperMask = 0x80000000
	lowerMask = 0x7fffffff
)

// RandomState is numpy's legacy generator: MT19937 plus the cached Gaussian.
// Its zero value is not usable; create one with New.
//
// A RandomState is not safe for concurrent use, like numpy's without its lock.
type RandomState struct {
	key      [stateLen]uint32
	pos      int
	hasGauss bool
	gauss    float64
}

// New returns a generator in the state of np.random.seed(seed).
func New(seed uint32) *RandomState {
	r := &RandomState{}
	r.Seed(seed)
	return r
}

// Seed resets r to the state of np.random.seed(seed), including the cached Gaussian.
func (r *RandomState) Seed(seed uint32) {
	// numpy's mt19937_seed, which is Matsumoto and Nishimura's init_genrand.
	for i := 0; i < stateLen; i++ {
		r.key[i] = seed
		seed = 1812433253*(seed^(seed>>30)) + uint32(i) + 1
	}
	r.pos = stateLen
	r.hasGauss = false
	r.gauss = 0
}

func (r *RandomState) generate() {
	k := &r.key
	var i int
	for ; i < stateLen-period; i++ {
		y := (k[i] & upperMask) | (k[i+1] & lowerMask)
		k[i] = k[i+period] ^ (y >> 1) ^ (-(y & 1) & matrixA)
	}
	for ; i < stateLen-1; i++ {
		y := (k[i] & upperMask) | (k[i+1] & lowerMask)
		k[i] = k[i+(period-stateLen)] ^ (y >> 1) ^ (-(y & 1) & matrixA)
	}
	y := (k[stateLen-1] & upperMask) | (k[0] & lowerMask)
	k[stateLen-1] = k[period-1] ^ (y >> 1) ^ (-(y & 1) & matrixA)
	r.pos = 0
}

// Uint32 returns the next raw 32-bit output of MT19937.
func (r *RandomState) Uint32() uint32 {
	if r.pos == stateLen {
		r.generate()
	}
	y := r.key[r.pos]
	r.pos++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// Uint64 returns two 32-bit outputs joined, the first one high, as numpy's next_uint64
// does for MT19937.
func (r *RandomState) Uint64() uint64 {
	hi := uint64(r.Uint32())
	return hi<<32 | uint64(r.Uint32())
}

// Float64 returns a value in [0, 1) with 53 random bits: np.random.random_sample().
func (r *RandomState) Float64() float64 {
	a := r.Uint32() >> 5
	b := r.Uint32() >> 6
	return (float64(a)*67108864.0 + float64(b)) / 9007199254740992.0
}

// NormFloat64 returns a standard normal value: np.random.standard_normal().
//
// It is numpy's legacy polar method. Each accepted pair yields two values; the second
// is cached and returned by the next call, exactly as numpy does, so interleaving
// Float64 and NormFloat64 calls reproduces numpy's streams too.
func (r *RandomState) NormFloat64() float64 {
	if r.hasGauss {
		r.hasGauss = false
		g := r.gauss
		r.gauss = 0
		return g
	}
	var x1, x2, r2 float64
	for {
		x1 = 2*r.Float64() - 1
		x2 = 2*r.Float64() - 1
		r2 = x1*x1 + x2*x2
		if r2 < 1 && r2 != 0 {
			break
		}
	}
	f := math.Sqrt(-2 * libm.Log(r2) / r2)
	r.gauss = f * x1
	r.hasGauss = true
	return f * x2
}

// Rand returns n values of np.random.rand(n) (equivalently random_sample(n)).
func (r *RandomState) Rand(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = r.Float64()
	}
	return out
}

// Randn returns n values of np.random.randn(n).
func (r *RandomState) Randn(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = r.NormFloat64()
	}
	return out
}

// Uniform returns n values of np.random.uniform(low, high, n): low + (high-low)·u.
func (r *RandomState) Uniform(low, high float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = low + (high-low)*r.Float64()
	}
	return out
}

// Normal returns n values of np.random.normal(loc, scale, n): loc + scale·g.
func (r *RandomState) Normal(loc, scale float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = loc + scale*r.NormFloat64()
	}
	return out
}

// Randint returns n values of np.random.randint(low, high, n), drawn from [low, high)
// with numpy's masked rejection sampling for the default int64 dtype.
// It panics if high <= low, as numpy raises.
func (r *RandomState) Randint(low, high int64, n int) []int64 {
	if high <= low {
		panic(fmt.Sprintf("nprand: Randint: low %d >= high %d", low, high))
	}
	out := make([]int64, n)
	rng := uint64(high - 1 - low)
	for i := range out {
		out[i] = low + int64(r.bounded(rng))
	}
	return out
}

// bounded returns a value in [0, rng] as numpy's random_bounded_uint64_fill does with
// use_masked=true: 32-bit draws while the range fits in 32 bits, 64-bit draws otherwise.
func (r *RandomState) bounded(rng uint64) uint64 {
	switch {
	case rng == 0:
		return 0
	case rng == math.MaxUint32:
		return uint64(r.Uint32())
	case rng < math.MaxUint32:
		mask := uint32(mask(rng))
		for {
			if v := r.Uint32() & mask; uint64(v) <= rng {
				return uint64(v)
			}
		}
	case rng == math.MaxUint64:
		return r.Uint64()
	default:
		m := mask(rng)
		for {
			if v := r.Uint64() & m; v <= rng {
				return v
			}
		}
	}
}

// mask returns the smallest 2ᵏ−1 that is ≥ max.
func mask(max uint64) uint64 {
	m := max
	m |= m >> 1
	m |= m >> 2
	m |= m >> 4
	m |= m >> 8
	m |= m >> 16
	m |= m >> 32
	return m
}

// interval returns a value in [0, max] as numpy's random_interval does. It differs from
// bounded in one place: a range of exactly 2³²−1 still goes through the masked loop.
func (r *RandomState) interval(max uint64) uint64 {
	if max == 0 {
		return 0
	}
	m := mask(max)
	if max <= math.MaxUint32 {
		for {
			if v := uint64(r.Uint32()) & m; v <= max {
				return v
			}
		}
	}
	for {
		if v := r.Uint64() & m; v <= max {
			return v
		}
	}
}

// Shuffle permutes n items in place through swap, as np.random.shuffle permutes the
// first axis of an array: for i from n−1 down to 1, swap i with a uniform j in [0, i].
func (r *RandomState) Shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		j := int(r.interval(uint64(i)))
		swap(i, j)
	}
}

// Perm returns np.random.permutation(n): a shuffled 0, 1, …, n−1.
func (r *RandomState) Perm(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	r.Shuffle(n, func(i, j int) { p[i], p[j] = p[j], p[i] })
	return p
}

// Choice returns size indices of np.random.choice(n, size, replace, p).
// p may be nil for uniform draws; otherwise it has n non-negative entries that sum to 1
// (within numpy's tolerance, √ε). It returns an error where numpy raises ValueError.
func (r *RandomState) Choice(n, size int, replace bool, p []float64) ([]int, error) {
	if n <= 0 {
		return nil, fmt.Errorf("nprand: Choice: population %d must be positive", n)
	}
	if size < 0 {
		return nil, fmt.Errorf("nprand: Choice: negative size %d", size)
	}
	if p != nil {
		if len(p) != n {
			return nil, fmt.Errorf("nprand: Choice: %d probabilities for a population of %d", len(p), n)
		}
		var sum float64
		nonzero := 0
		for _, v := range p {
			if v < 0 || math.IsNaN(v) {
				return nil, fmt.Errorf("nprand: Choice: probabilities must be non-negative, got %v", v)
			}
			if v > 0 {
				nonzero++
			}
			sum += v
		}
		if math.Abs(sum-1) > math.Sqrt(0x1p-52) {
			return nil, fmt.Errorf("nprand: Choice: probabilities sum to %v, not 1", sum)
		}
		if !replace && size > nonzero {
			return nil, fmt.Errorf("nprand: Choice: %d non-zero probabilities, fewer than size %d", nonzero, size)
		}
	}
	if !replace && size > n {
		return nil, fmt.Errorf("nprand: Choice: cannot take %d samples from %d without replacement", size, n)
	}
	out := make([]int, size)
	switch {
	case replace && p == nil:
		for i, v := range r.Randint(0, int64(n), size) {
			out[i] = int(v)
		}
	case replace:
		cdf := cumulative(p)
		for i := range out {
			out[i] = searchRight(cdf, r.Float64())
		}
	case p == nil:
		copy(out, r.Perm(n)[:size])
	default:
		r.choiceWeighted(out, p)
	}
	return out, nil
}

// choiceWeighted is numpy's loop for replace=False with weights: draw the missing count
// at once, keep the first occurrence of each new index in draw order, zero the found
// weights and repeat.
func (r *RandomState) choiceWeighted(out []int, p []float64) {
	w := append([]float64(nil), p...)
	found := 0
	for found < len(out) {
		x := r.Rand(len(out) - found)
		for _, idx := range out[:found] {
			w[idx] = 0
		}
		cdf := cumulative(w)
		seen := make(map[int]bool)
		for _, u := range x {
			idx := searchRight(cdf, u)
			if !seen[idx] {
				seen[idx] = true
				out[found] = idx
				found++
			}
		}
	}
}

// cumulative returns cumsum(p)/cumsum(p)[-1], as numpy normalises its cdf.
func cumulative(p []float64) []float64 {
	cdf := make([]float64, len(p))
	var s float64
	for i, v := range p {
		s += v
		cdf[i] = s
	}
	for i := range cdf {
		cdf[i] /= s
	}
	return cdf
}

// searchRight is numpy's searchsorted(cdf, u, side="right").
func searchRight(cdf []float64, u float64) int {
	return sort.Search(len(cdf), func(i int) bool { return cdf[i] > u })
}
