//go:build !amd64

package vmath

const lanes = 1

func expBlocks(dst, src []float64) int     { return 0 }
func tanhBlocks(dst, src []float64) int    { return 0 }
func sigmoidBlocks(dst, src []float64) int { return 0 }
