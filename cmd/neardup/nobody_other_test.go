//go:build !linux

package main

import "testing"

// runAsNobody skips: dropping privileges to rerun a test is done on Linux
// only.
func runAsNobody(t *testing.T, test string) {
	t.Skipf("running as root: %s needs an unprivileged user, which is set up on Linux only", test)
}
