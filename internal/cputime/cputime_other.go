//go:build !unix

// Package cputime reads the CPU time the process has used, for the
// benchmarks and the peer comparison: on a machine shared with other
// work it tells a run's cost better than wall time, which grows with the
// waits for a core.
package cputime

import "time"

// Process is not measured on this platform: it returns false.
func Process() (all, system time.Duration, ok bool) { return 0, 0, false }
