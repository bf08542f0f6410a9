package console

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// fileOps are the steps of an atomic file write, replaced in tests to
// simulate failures.
type fileOps struct {
	write  func(f *os.File, data []byte) error
	sync   func(f *os.File) error
	rename func(oldpath, newpath string) error
}

func osFileOps() fileOps {
	return fileOps{
		write:  func(f *os.File, data []byte) error { _, err := f.Write(data); return err },
		sync:   (*os.File).Sync,
		rename: os.Rename,
	}
}

// writeAtomic replaces path with data, readable by its owner only: a
// temporary file in the same directory, fsync, rename, then an fsync of
// the directory. A failure leaves the old file whole; errors say "console:
// save <what>". With mustReachDisk the directory's fsync must succeed (a
// file system that cannot sync directories excepted): a power cut must not
// bring the old file back. Without it, the rename is atomic either way and
// a failed directory sync can only lose the new file to the old one.
func (o fileOps) writeAtomic(path string, data []byte, what string, mustReachDisk bool) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("console: save %s: %w", what, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
			err = fmt.Errorf("console: save %s: %w", what, err)
		}
	}()
	if err = f.Chmod(0o600); err != nil {
		return err
	}
	if err = o.write(f, data); err != nil {
		return err
	}
	if err = o.sync(f); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = o.rename(tmp, path); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		if mustReachDisk {
			return err
		}
		return nil
	}
	defer d.Close()
	if err = d.Sync(); err != nil && mustReachDisk && !errors.Is(err, syscall.EINVAL) {
		return err // EINVAL: a file system that cannot sync directories
	}
	return nil
}
