package sealbox

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func TestLoadKeyCreatesKeyFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sim.key")
	b1, err := LoadKey(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("new key file mode = %04o, want 0600", fi.Mode().Perm())
	}
	if fi.Size() != KeySize {
		t.Errorf("new key file is %d bytes, want %d", fi.Size(), KeySize)
	}
	key, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(key, make([]byte, KeySize)) {
		t.Error("new key is all zeros")
	}

	// Loading again uses the same key: what one opened, the other seals.
	sealed, err := b1.Seal("1234", "8988303000000012346")
	if err != nil {
		t.Fatal(err)
	}
	b2, err := LoadKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if b2.KeyID() != b1.KeyID() {
		t.Errorf("reloaded key id %s, want %s", b2.KeyID(), b1.KeyID())
	}
	if got, err := b2.Open(sealed, "8988303000000012346"); err != nil || got != "1234" {
		t.Errorf("Open with reloaded key = %q, %v", got, err)
	}
}

func TestLoadKeyConcurrentCreateAgrees(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sim.key")
	const n = 8
	ids := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			b, err := LoadKey(path)
			errs[i] = err
			if err == nil {
				ids[i] = b.KeyID()
			}
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("LoadKey %d: %v", i, errs[i])
		}
		if ids[i] != ids[0] {
			t.Errorf("LoadKey %d got key id %s, another got %s", i, ids[i], ids[0])
		}
	}
}

func TestLoadKeyRefuses(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("file modes are not enforced on windows")
	}
	dir := t.TempDir()
	write := func(name string, data []byte, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil { // beyond the umask
			t.Fatal(err)
		}
		return p
	}
	good := bytes.Repeat([]byte{7}, KeySize)
	tests := []struct {
		name string
		path string
		want []string
	}{
		{"group readable", write("g.key", good, 0o640), []string{"g.key", "0640", "chmod 600 " + filepath.Join(dir, "g.key")}},
		{"world readable", write("o.key", good, 0o604), []string{"o.key", "chmod 600"}},
		{"group writable", write("w.key", good, 0o620), []string{"w.key", "chmod 600"}},
		{"short", write("short.key", good[:16], 0o600), []string{"short.key", "holds 16 bytes", "exactly 32"}},
		{"long", write("long.key", append(good, '\n'), 0o600), []string{"long.key", "holds more bytes"}},
		{"empty", write("empty.key", nil, 0o600), []string{"empty.key", "holds 0 bytes"}},
		{"directory", dir, []string{"not a regular file"}},
		{"missing directory", filepath.Join(dir, "nope", "sim.key"), []string{"nope"}},
	}
	for _, tt := range tests {
		b, err := LoadKey(tt.path)
		if err == nil {
			t.Errorf("%s: LoadKey succeeded with key id %s", tt.name, b.KeyID())
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", tt.name, err, w)
			}
		}
	}
}
