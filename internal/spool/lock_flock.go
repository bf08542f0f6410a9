//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package spool

import (
	"os"
	"syscall"
)

// errWouldBlock is tryLock's error when another open file holds the lock.
var errWouldBlock = syscall.EWOULDBLOCK

// tryLock takes f's exclusive flock without waiting. The lock belongs to
// the open file, so a second open of the same file, in this process or
// another, is refused too.
func tryLock(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err != syscall.EINTR {
			return err
		}
	}
}
