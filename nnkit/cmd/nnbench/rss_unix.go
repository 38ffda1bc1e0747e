//go:build unix

package main

import (
	"runtime"
	"syscall"
)

// maxRSSMB is the process's peak resident set size in MB (10⁶ bytes).
func maxRSSMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	if runtime.GOOS == "darwin" {
		return float64(ru.Maxrss) / 1e6 // bytes there, KiB elsewhere
	}
	return float64(ru.Maxrss) * 1024 / 1e6
}
