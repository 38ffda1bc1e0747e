//go:build amd64 && amd64.v3

package vmath

// tanhLanesMatchMath: with GOAMD64=v3 the compiler fuses math.Tanh's x*y+z into FMAs the
// lanes do not reproduce, so Tanh calls math.
const tanhLanesMatchMath = false
