//go:build !windows

package main

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive lock on f without waiting, or fails: flock,
// released when f closes or the process ends.
func lockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}
