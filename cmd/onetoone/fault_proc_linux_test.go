//go:build linux

package main

import (
	"os/exec"
	"syscall"
)

// processGone reports whether no process has this pid.
func processGone(pid int) bool { return syscall.Kill(pid, 0) == syscall.ESRCH }

// dieWithTest makes the bot die with the test binary, however it ends.
func dieWithTest(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
