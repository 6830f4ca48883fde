//go:build unix

package peers

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time, user and system, the process has used,
// and the system part of it. On a machine shared with other work it tells
// a run's cost better than wall time, which grows with the waits for a
// core; the system part is mostly the kernel supplying fresh pages.
func cpuTime() (all, system time.Duration) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), time.Duration(ru.Stime.Nano())
}
