package spool

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// lockName is the file in the spool directory whose lock marks the
// directory in use. It is never deleted: a process that unlinked it could
// let two others lock two different files of that name.
const lockName = "lock"

// LockedError is Open's error for a directory another Spool has open.
type LockedError struct {
	Dir string
	PID int // the holder's process ID, 0 if unknown
}

func (e *LockedError) Error() string {
	switch {
	case e.PID == os.Getpid():
		return fmt.Sprintf("spool %s is already open in this cellgate (pid %d)", e.Dir, e.PID)
	case e.PID > 0:
		return fmt.Sprintf("spool %s is in use by another cellgate (pid %d)", e.Dir, e.PID)
	}
	return fmt.Sprintf("spool %s is in use by another cellgate", e.Dir)
}

// Is makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// lockDir takes the exclusive lock of dir for the spool's lifetime and
// writes this process's ID into the lock file, for the message another
// process gets. The kernel releases the lock when the file is closed or
// the process ends, however it ends, so a crash leaves no stale lock.
func lockDir(dir string) (*os.File, error) {
	path := filepath.Join(dir, lockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("spool: lock: %w", err)
	}
	privateFile(f)
	if err := tryLock(f); err != nil {
		f.Close()
		if errors.Is(err, errWouldBlock) {
			return nil, &LockedError{Dir: dir, PID: readPID(path)}
		}
		return nil, fmt.Errorf("spool: lock %s: %w", path, err)
	}
	pid := []byte(strconv.Itoa(os.Getpid()) + "\n")
	if err := f.Truncate(0); err == nil {
		f.WriteAt(pid, 0) // only for the message; the lock is what counts
	}
	return f, nil
}

// readPID reads the process ID the holder wrote into the lock file.
func readPID(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	n, err := strconv.Atoi(string(bytes.TrimSpace(b)))
	if err != nil || n <= 0 {
		return 0
	}
	return n
}
