package auth

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// maxKeyFile bounds what LoadKey reads.
const maxKeyFile = 4096

// LoadKey reads the access token key from path: base64 (standard or URL,
// padded or not) of at least MinKeyLen bytes, blanks around it ignored.
// If path does not exist, it creates it with mode 0600 holding 32 fresh
// random bytes. A key file that group or others can write is refused, as
// whoever can change it can forge tokens.
func LoadKey(path string) ([]byte, error) {
	key, err := readKey(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err := createKey(path); err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		key, err = readKey(path)
	}
	return key, err
}

func readKey(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read key file %s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("key file %s is not a regular file", path)
	}
	if m := st.Mode().Perm(); m&0o077 != 0 {
		// Whoever reads the signing key can sign access tokens.
		return nil, fmt.Errorf("key file %s is open to group or others (mode %#o); chmod 600 %s", path, m, path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read key file %s: %w", path, err)
	}
	if len(data) > maxKeyFile {
		return nil, fmt.Errorf("key file %s is over %d bytes", path, maxKeyFile)
	}
	text := strings.TrimSpace(string(data))
	text = strings.TrimRight(text, "=")
	key, err := base64.RawStdEncoding.DecodeString(text)
	if err != nil {
		key, err = base64.RawURLEncoding.DecodeString(text)
	}
	if err != nil {
		return nil, fmt.Errorf("key file %s does not hold base64", path)
	}
	if len(key) < MinKeyLen {
		return nil, fmt.Errorf("key file %s holds %d bytes: %w", path, len(key), ErrKeyTooShort)
	}
	return key, nil
}

// createKey writes a new key to a temporary file and links it into place,
// so no reader ever sees a partial key and a concurrent creator's key
// wins whole.
func createKey(path string) error {
	key := make([]byte, MinKeyLen)
	if _, err := rand.Read(key); err != nil {
		return fmt.Errorf("cannot make a key: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".key-*")
	if err != nil {
		return fmt.Errorf("cannot create key file %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot create key file %s: %w", path, err)
	}
	_, err = tmp.WriteString(base64.RawURLEncoding.EncodeToString(key) + "\n")
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("cannot write key file %s: %w", path, err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return err
		}
		return fmt.Errorf("cannot create key file %s: %w", path, err)
	}
	return nil
}
