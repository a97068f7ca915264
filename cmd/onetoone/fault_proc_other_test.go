//go:build !linux

package main

import "os/exec"

// processGone is false off Linux: a stale binary stays for the system's
// temporary-file cleaner.
func processGone(pid int) bool { return false }

// dieWithTest does nothing off Linux, which has no parent-death signal: a
// bot outlives a test binary that crashes.
func dieWithTest(cmd *exec.Cmd) {}
