//go:build amd64 && !amd64.v3

package vmath

// tanhLanesMatchMath: math.Tanh's rational part is compiled as separate multiplies and
// adds, as the lanes compute it.
const tanhLanesMatchMath = true
