package auth

import (
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestLoadKeyCreates(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "jwt.key")
	key, err := LoadKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(key) != MinKeyLen {
		t.Fatalf("new key is %d bytes; want %d", len(key), MinKeyLen)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("new key file mode %#o; want 0600", st.Mode().Perm())
	}
	again, err := LoadKey(path)
	if err != nil || string(again) != string(key) {
		t.Fatalf("second LoadKey = %x, %v; want the first key", again, err)
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil || len(entries) != 1 {
		t.Fatalf("directory holds %d entries (%v); want only the key", len(entries), err)
	}
}

func TestLoadKeyConcurrentCreate(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "jwt.key")
	keys := make([][]byte, 8)
	errs := make([]error, 8)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Go(func() { keys[i], errs[i] = LoadKey(path) })
	}
	wg.Wait()
	for i := range keys {
		if errs[i] != nil || string(keys[i]) != string(keys[0]) {
			t.Fatalf("loader %d got %x, %v; want the same key as loader 0", i, keys[i], errs[i])
		}
	}
}

func TestLoadKeyFiles(t *testing.T) {
	t.Parallel()
	key48 := make([]byte, 48)
	for i := range key48 {
		key48[i] = byte(i * 7)
	}
	for _, tc := range []struct {
		name    string
		content string
		mode    os.FileMode
		wantLen int    // 0: want an error
		wantErr string // part of the error
	}{
		{"std padded", base64.StdEncoding.EncodeToString(key48) + "\n", 0o600, 48, ""},
		{"url raw", base64.RawURLEncoding.EncodeToString(key48), 0o400, 48, ""},
		{"group readable", base64.RawURLEncoding.EncodeToString(key48), 0o640, 0, "chmod 600"},
		{"world readable", base64.RawURLEncoding.EncodeToString(key48), 0o604, 0, "chmod 600"},
		{"group writable", base64.RawURLEncoding.EncodeToString(key48), 0o620, 0, "chmod 600"},
		{"world writable", base64.RawURLEncoding.EncodeToString(key48), 0o602, 0, "chmod 600"},
		{"short", base64.StdEncoding.EncodeToString(key48[:31]), 0o600, 0, "31 bytes"},
		{"not base64", "this is not base64 at all!", 0o600, 0, "does not hold base64"},
		{"empty", "", 0o600, 0, "0 bytes"},
		{"huge", strings.Repeat("A", maxKeyFile+1), 0o600, 0, "over"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "k")
			if err := os.WriteFile(path, []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, tc.mode); err != nil {
				t.Fatal(err)
			}
			key, err := LoadKey(path)
			if tc.wantLen > 0 {
				if err != nil || len(key) != tc.wantLen || string(key) != string(key48[:tc.wantLen]) {
					t.Fatalf("LoadKey = %x, %v; want the %d-byte key", key, err, tc.wantLen)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), path) {
				t.Fatalf("LoadKey error %v; want one naming %s and saying %q", err, path, tc.wantErr)
			}
			if strings.Contains(err.Error(), strings.TrimSpace(tc.content)) && tc.content != "" {
				t.Fatalf("error %q repeats the file's content", err)
			}
		})
	}
}

func TestLoadKeyMissingDir(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "no", "such", "jwt.key")
	if _, err := LoadKey(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("LoadKey in a missing directory: %v; want an error naming %s", err, path)
	}
	if _, err := LoadKey(t.TempDir()); err == nil || errors.Is(err, ErrKeyTooShort) {
		t.Fatalf("LoadKey of a directory: %v; want a not-regular-file error", err)
	}
}
