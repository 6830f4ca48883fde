//go:build !unix

package peers

import "time"

// cpuTime is not measured on this platform.
func cpuTime() time.Duration { return 0 }
