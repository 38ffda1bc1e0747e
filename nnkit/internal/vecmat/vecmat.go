// Package vecmat multiplies a row vector by a matrix, and forms outer products, with the
// whole output row held in AVX2 registers across the loop.
//
// These are the products of per-sample training (batch size 1) on the tutorials'
// networks, whose rows are 2 to 50 wide: done as one gonum vector call per row, call
// overhead dominated. The kernels keep the rounding of those calls exactly (a multiply,
// then an add, never a fused multiply-add, and the sum over rows in order), so switching
// to them moves no result by a bit.
package vecmat

import (
	"fmt"

	"gonum.org/v1/gonum/floats"
)

//go:generate go run gen.go

// lanes is the float64 width of an AVX2 register.
const lanes = 4

// masks[r] selects a register's first r lanes.
var masks = [lanes + 1][4]int64{{}, {-1}, {-1, -1}, {-1, -1, -1}, {-1, -1, -1, -1}}

// MulVec sets z[j] = Σₚ x[p]·b[p·ldb+j] for j < n, summing over p = 0, 1, … in order:
// the row vector x times the len(x)×n matrix b with row stride ldb. Each term after the
// first is a multiply then an add. It panics unless Available.
func MulVec(z, x, b []float64, n, ldb int) {
	k := len(x)
	check("MulVec", z, b, k, n, ldb)
	run(mulVecs, z, x, b, k, n, ldb)
}

// Outer sets z[p·ldz+j] = a[p]·b[j] for every p < len(a) and j < len(b): the outer
// product, into rows of stride ldz. It panics unless Available.
func Outer(z, a, b []float64, ldz int) {
	k, n := len(a), len(b)
	check("Outer", b, z, k, n, ldz)
	run(outers, z, a, b, k, n, ldz)
}

// run calls the kernels on blocks of up to 48 columns of z and b.
func run(ks [maxRegs + 1]kernel, z, x, b []float64, k, n, ld int) {
	if !Available {
		panic("vecmat: the kernels need AVX2")
	}
	for c := 0; c < n; c += maxRegs * lanes {
		w := min(n-c, maxRegs*lanes)
		r := (w + lanes - 1) / lanes
		ks[r](&z[c], &x[0], &b[c], k, ld, &masks[w-(r-1)*lanes])
	}
}

// check panics unless row holds n elements and the matrix m holds k rows of n at stride
// ld. Neither k nor n may be 0.
func check(fn string, row, m []float64, k, n, ld int) {
	switch {
	case k < 1 || n < 1:
		panic(fmt.Sprintf("vecmat: %s of %d×%d: both must be at least 1", fn, k, n))
	case ld < n:
		panic(fmt.Sprintf("vecmat: %s: stride %d is less than %d columns", fn, ld, n))
	case len(row) < n:
		panic(fmt.Sprintf("vecmat: %s: row has %d elements, want %d", fn, len(row), n))
	case len(m) < (k-1)*ld+n:
		panic(fmt.Sprintf("vecmat: %s: matrix has %d elements, want %d for %d rows of %d at stride %d", fn, len(m), (k-1)*ld+n, k, n, ld))
	}
}

// DotRows sets z[p] = floats.Dot(x, b[p·ldb : p·ldb+len(x)]) for p < len(z), bit for bit:
// x times the transpose of the len(z)×len(x) matrix b, four rows per pass over x, each
// dot product summed in the interleaved order of gonum's SSE2 kernel. It panics unless
// Available.
func DotRows(z, x, b []float64, ldb int) {
	k, n := len(z), len(x)
	check("DotRows", x, b, k, n, ldb)
	if !Available {
		panic("vecmat: the kernels need AVX2")
	}
	p := 0
	for ; p+lanes <= k; p += lanes {
		dotRows4(&z[p], &x[0], &b[p*ldb], n, ldb)
	}
	for ; p < k; p++ {
		z[p] = floats.Dot(x, b[p*ldb:p*ldb+n])
	}
}

// AddScaled sets dst[i] += alpha·s[i], bit for bit as gonum's floats.AddScaled, four
// lanes wide where gonum's kernel is two: the SGD update of a whole weight matrix. It
// panics if the lengths differ, and unless Available.
func AddScaled(dst []float64, alpha float64, s []float64) {
	if len(dst) != len(s) {
		panic(fmt.Sprintf("vecmat: AddScaled of %d elements into %d", len(s), len(dst)))
	}
	if !Available {
		panic("vecmat: the kernels need AVX2")
	}
	if len(s) > 0 {
		addScaled(&dst[0], alpha, &s[0], len(s))
	}
}
