//go:build unix

package watchdog

import (
	"os/exec"
	"syscall"
)

// killGroup runs cmd in its own process group and has cancellation kill the
// whole group, so that a hook's children do not outlive it.
func killGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
