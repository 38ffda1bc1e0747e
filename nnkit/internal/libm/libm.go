// Package libm gives nnkit the C library's log, sin and cos, the functions numpy calls,
// so that generators and datasets reproduce numpy's values bit for bit.
//
// Log is glibc's own algorithm written in Go (see log.go): the same bits as the C
// library, in every build, with no cgo. Sin and Cos are the C library's when built with
// cgo (the default where a C compiler exists). Without cgo they are math.Sin and
// math.Cos, which differ from glibc's by an ulp or two on about a quarter of inputs;
// Exact reports which build this is, so tests can say what they expect. They stay in C
// because no other sin matches glibc's: glibc's misrounds about 1 value in 750 (measured
// on 300 000 values in [−5, 55); TestCSinMisrounds samples it), so a correctly rounded
// sin would differ there, and only a port of glibc's own sin and cos would not.
//
// numpy itself is not the same everywhere: on CPUs with AVX-512, numpy 1.24 computes
// float64 sin, cos and exp with its own SIMD code, which differs from the C library by
// up to 2 ulps. The test vectors come from numpy's portable path (see the generators'
// NPY_DISABLE_CPU_FEATURES), which equals the C library's.
package libm
