// Package libm gives nnkit the C library's log, sin and cos, the functions numpy calls,
// so that generators and datasets reproduce numpy's values bit for bit.
//
// Built with cgo (the default where a C compiler exists) they are the C library's own.
// Built without, they are Go fallbacks: a correctly rounded log, which differs from
// glibc's only where glibc misrounds (about 1 value in 1100), and math.Sin and math.Cos,
// which differ from glibc's by one or two ulps on about a quarter of inputs. Exact is
// reports which build this is, so tests can say what they expect.
//
// numpy itself is not the same everywhere: on CPUs with AVX-512, numpy 1.24 computes
// float64 sin, cos and exp with its own SIMD code, which differs from the C library by
// up to 2 ulps. The test vectors come from numpy's portable path (see the generators'
// NPY_DISABLE_CPU_FEATURES), which equals the C library's.
package libm
