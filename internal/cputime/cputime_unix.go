//go:build unix

// Package cputime reads the CPU time the process has used, for the
// benchmarks and the peer comparison: on a machine shared with other
// work it tells a run's cost better than wall time, which grows with the
// waits for a core.
package cputime

import (
	"syscall"
	"time"
)

// Process returns the CPU time, user and system, the process has used,
// the system part of it (mostly the kernel supplying fresh pages), and
// whether they could be read.
func Process() (all, system time.Duration, ok bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), time.Duration(ru.Stime.Nano()), true
}
