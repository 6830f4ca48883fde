//go:build !unix

package peers

import "time"

// cpuTime is not measured on this platform.
func cpuTime() (all, system time.Duration) { return 0, 0 }
