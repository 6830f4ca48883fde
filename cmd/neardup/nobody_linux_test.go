package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// runAsNobody runs one test of this binary again as user and group 65534
// and fails if it does not pass there. The binary is copied to a folder
// that user can reach.
func runAsNobody(t *testing.T, test string) {
	t.Helper()
	dir, err := os.MkdirTemp("", "neardup-nobody-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	require.NoError(t, os.Chmod(dir, 0o755))
	self, err := os.ReadFile(os.Args[0])
	require.NoError(t, err)
	bin := filepath.Join(dir, "neardup.test")
	require.NoError(t, os.WriteFile(bin, self, 0o755))

	cmd := exec.Command(bin, "-test.run", "^"+test+"$", "-test.v", "-test.count", "1")
	cmd.Dir = dir
	cmd.Env = []string{"PATH=/usr/bin:/bin", "TMPDIR=" + os.TempDir()}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "as an unprivileged user:\n%s", out)
	require.Contains(t, string(out), "--- PASS: "+test, "as an unprivileged user:\n%s", out)
}
