// Package logfile is a size-capped append-only file for traces and logs on
// flash: when the file would grow past its limit it is renamed to NAME.1
// (replacing the previous one) and a new NAME is started, so the pair never
// holds much more than twice the limit however long the router runs.
package logfile

import (
	"os"
	"sync"
)

// File is a size-capped file. Each Write goes whole into one file, so a
// trace line is never split between NAME.1 and NAME. It is safe for
// concurrent use.
type File struct {
	mu   sync.Mutex
	path string
	max  int64
	f    *os.File
	size int64
}

// Open opens path for appending (creating it with mode 0600) with a limit
// of max bytes per file; max <= 0 means no limit.
func Open(path string, max int64) (*File, error) {
	f, size, err := open(path)
	if err != nil {
		return nil, err
	}
	return &File{path: path, max: max, f: f, size: size}, nil
}

func open(path string) (*os.File, int64, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, st.Size(), nil
}

// Write appends p, rotating first when p would take the file past its
// limit. When the rotation fails p is dropped and the error returned (the
// limit holds); the next write tries again.
func (l *File) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return 0, os.ErrClosed
	}
	if l.max > 0 && l.size > 0 && l.size+int64(len(p)) > l.max {
		if err := l.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := l.f.Write(p)
	l.size += int64(n)
	return n, err
}

// rotate renames the file to NAME.1 and starts a new one.
func (l *File) rotate() error {
	if _, err := os.Stat(l.path); err == nil {
		if err := os.Rename(l.path, l.path+".1"); err != nil {
			return err
		}
	}
	f, size, err := open(l.path)
	if err != nil {
		return err
	}
	l.f.Close()
	l.f, l.size = f, size
	return nil
}

// Close closes the file.
func (l *File) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return os.ErrClosed
	}
	err := l.f.Close()
	l.f = nil
	return err
}
