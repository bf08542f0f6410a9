package sealbox

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// KeySize is the length in bytes of a key file: a raw AES-256 key.
const KeySize = 32

// LoadKey reads the key in the file at path and returns a Box using it.
// If the file does not exist, LoadKey creates it, with mode 0600, holding
// KeySize random bytes; its directory must exist. It refuses a key file
// that group or others may access, that is not a regular file, or whose
// length is not KeySize.
func LoadKey(path string) (*Box, error) {
	key, err := readKey(path)
	if errors.Is(err, fs.ErrNotExist) {
		key, err = createKey(path)
		if errors.Is(err, fs.ErrExist) {
			// Another process created it first; use that one.
			key, err = readKey(path)
		}
	}
	if err != nil {
		return nil, err
	}
	return New(key)
}

func readKey(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("sealbox: key file: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("sealbox: key file: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("sealbox: key file %s is not a regular file", path)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return nil, fmt.Errorf("sealbox: key file %s has mode %04o and group or others may read it; run: chmod 600 %s", path, perm, path)
	}
	// Read one byte more than a key to notice a longer file.
	buf := make([]byte, KeySize+1)
	n, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("sealbox: key file %s: %w", path, err)
	}
	if n != KeySize {
		what := fmt.Sprintf("%d bytes", n)
		if n > KeySize {
			what = "more bytes"
		}
		return nil, fmt.Errorf("sealbox: key file %s holds %s; a key is exactly %d random bytes (remove the file to have a new key made, but values sealed with the old key can then no longer be opened)", path, what, KeySize)
	}
	return buf[:KeySize], nil
}

// createKey writes a new key to a temporary file beside path and links
// it into place, so that no reader ever sees a partial key and, when two
// processes create the key at once, one key wins whole (the other gets
// fs.ErrExist and reads it).
func createKey(path string) ([]byte, error) {
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("sealbox: new key: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".sealbox-*")
	if err != nil {
		return nil, fmt.Errorf("sealbox: create key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	err = tmp.Chmod(0o600)
	if err == nil {
		_, err = tmp.Write(key)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("sealbox: write key file %s: %w", path, err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		return nil, fmt.Errorf("sealbox: create key file: %w", err)
	}
	return key, nil
}
