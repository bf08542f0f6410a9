package spool

import (
	"io/fs"
	"os"
)

// The spool's records are the site's readings: its directory is created
// 0700 and its files 0600, whatever the umask (an init system may set
// none). The directory passed to Open is the spool's own, so an older
// version's looser modes are taken off it and its segment files at Open;
// directories above it are only created, never changed. Taking the modes
// off is best effort: a file this process may use but not chmod is used.
const (
	dirMode  fs.FileMode = 0o700
	fileMode fs.FileMode = 0o600
)

// privateDir creates dir (and missing parents) 0700, or takes group and
// other permissions off an existing dir.
func privateDir(dir string) error {
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return err
	}
	if st, err := os.Stat(dir); err == nil && st.Mode().Perm()&^dirMode != 0 {
		os.Chmod(dir, st.Mode().Perm()&dirMode)
	}
	return nil
}

// privateFile takes group and other permissions off f.
func privateFile(f *os.File) {
	if st, err := f.Stat(); err == nil && st.Mode().Perm()&^fileMode != 0 {
		f.Chmod(st.Mode().Perm() & fileMode)
	}
}
