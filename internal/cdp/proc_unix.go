//go:build unix

package cdp

import (
	"os/exec"
	"syscall"
)

// ownGroup puts the browser in a process group of its own, so that its
// renderer and helper processes can be ended with it.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killGroup ends the browser's process group, which holds only processes
// the browser started.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
