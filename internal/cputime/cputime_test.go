package cputime

import (
	"runtime"
	"testing"
	"time"
)

// On Linux the time must be read, grow with work done in user space, and
// hold its system part.
func TestProcess(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("getrusage's resolution is only relied on under Linux")
	}
	all0, sys0, ok := Process()
	if !ok {
		t.Fatal("getrusage failed")
	}
	x := uint64(1)
	deadline := time.Now().Add(5 * time.Second) // a clock that stands still fails, not hangs
	for all, _, _ := Process(); all-all0 < 20e6 && time.Now().Before(deadline); all, _, _ = Process() {
		for range 1 << 16 {
			x = x*6364136223846793005 + 1
		}
	}
	all, sys, ok := Process()
	if user := (all - sys) - (all0 - sys0); !ok || all-all0 < 20e6 || user < 10e6 || sys > all {
		t.Fatalf("Process() = %v, %v, %v after %v of work (x=%d)", all, sys, ok, all-all0, x)
	}
}
