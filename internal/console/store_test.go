package console

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

var storeDefaults = map[string]string{
	"modem.apn":        "internet",
	"modem.roaming":    "false",
	"console.password": "factory-pass",
}

func openStore(t *testing.T) (*FileStore, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "settings.json")
	s, err := OpenFileStore(path, storeDefaults)
	if err != nil {
		t.Fatal(err)
	}
	return s, path
}

func readJSON(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s: %v\n%s", path, err, data)
	}
	return m
}

func TestValidateSetting(t *testing.T) {
	tests := []struct {
		key, value, problem string
	}{
		{"modem.apn", "", ""},
		{"modem.apn", "internet.t-mobile", ""},
		{"modem.apn", "iot.1nce.net", ""},
		{"modem.apn", "em", ""},
		{"modem.apn", "apn_name", "only letters, digits, '-' and '.' allowed"},
		{"modem.apn", "a..b", "empty label; expected labels separated by single dots"},
		{"modem.apn", `em",1`, "only letters, digits, '-' and '.' allowed"},
		{"modem.apn", strings.Repeat("a.", 51), "too long; an APN is at most 99 characters"},
		{"modem.apn", "sgsn.example", `must not start with "sgsn" (reserved by 3GPP TS 23.003 9.1.1)`},
		{"modem.user", "user name", ""},
		{"modem.user", `a"b`, "double quote not allowed"},
		{"modem.password", "p@ss;word", ""},
		{"modem.password", "a\r\nb", "line break not allowed"},
		{"modem.password", strings.Repeat("x", 128), "too long; at most 127 characters"},
		{"modem.pin", "", ""},
		{"modem.pin", "0000", ""},
		{"modem.pin", "123", "not a PIN; expected 4 to 8 digits"},
		{"modem.pin", "12a4", "not a PIN; expected 4 to 8 digits"},
		{"modem.operator", "", ""},
		{"modem.operator", "26201", ""},
		{"modem.operator", "310410", ""},
		{"modem.operator", "2620", "not a PLMN; expected 5 or 6 digits (MCC and MNC) such as 26201"},
		{"modem.roaming", "true", ""},
		{"modem.roaming", "yes", "must be true or false"},
		{"console.password", "long-enough", ""},
		{"console.password", "short", "shorter than 8 characters"},
		{"console.password", "has a space", "must not contain spaces"},
		{"console.password", "quote'here", "only printable ASCII without quotes or backslashes allowed"},
		{"modem.nope", "x", "unknown key"},
	}
	for _, tt := range tests {
		err := ValidateSetting(tt.key, tt.value)
		var se *SettingError
		switch {
		case tt.problem == "" && err != nil:
			t.Errorf("%s=%q: %v", tt.key, tt.value, err)
		case tt.problem != "" && (!errors.As(err, &se) || se.Key != tt.key || se.Problem != tt.problem):
			t.Errorf("%s=%q: %v, want %s: %s", tt.key, tt.value, err, tt.key, tt.problem)
		}
	}
	if got := Keys(); len(got) != 7 || got[0] != "console.password" {
		t.Errorf("Keys() = %q", got)
	}
}

func TestFileStoreGetSetPersist(t *testing.T) {
	s, path := openStore(t)
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("file written before the first change: %v", err)
	}
	var hooked []map[string]string
	s.OnChange = func(c map[string]string) { hooked = append(hooked, c) }

	if v, _ := s.Get("modem.apn"); v != "internet" {
		t.Errorf("default apn %q", v)
	}
	if v, _ := s.Get("console.password"); v != Masked {
		t.Errorf("secret not masked: %q", v)
	}
	if v, _ := s.Get("modem.pin"); v != "" {
		t.Errorf("unset secret %q, want empty", v)
	}
	if _, err := s.Get("nope"); err == nil {
		t.Error("unknown key read")
	}

	ctx := context.Background()
	if err := s.Set(ctx, map[string]string{"modem.apn": "em", "modem.password": "s3cret", "modem.roaming": "false"}); err != nil {
		t.Fatal(err)
	}
	if len(hooked) != 1 || !maps.Equal(hooked[0], map[string]string{"modem.apn": "em", "modem.password": "s3cret"}) {
		t.Errorf("OnChange got %v", hooked)
	}
	if v, _ := s.Get("modem.password"); v != Masked {
		t.Errorf("Get password %q", v)
	}
	if v, _ := s.Value("modem.password"); v != "s3cret" {
		t.Errorf("Value password %q", v)
	}
	if m := readJSON(t, path); m["modem.apn"] != "em" || m["modem.password"] != "s3cret" || m["console.password"] != "factory-pass" {
		t.Errorf("file %v", m)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v", fi.Mode())
	}

	// All or nothing: one bad value refuses every change.
	err := s.Set(ctx, map[string]string{"modem.apn": "other", "modem.pin": "12"})
	var se *SettingError
	if !errors.As(err, &se) || se.Key != "modem.pin" {
		t.Errorf("Set with a bad pin: %v", err)
	}
	if v, _ := s.Value("modem.apn"); v != "em" {
		t.Errorf("partial change applied: apn %q", v)
	}
	// No change, no write, no hook.
	if err := s.Set(ctx, map[string]string{"modem.apn": "em"}); err != nil || len(hooked) != 1 {
		t.Errorf("no-op Set: %v, hooks %d", err, len(hooked))
	}

	// Reopen: the file wins over the defaults; unknown keys survive.
	raw := readJSON(t, path)
	raw["future.key"] = "kept"
	data, _ := json.Marshal(raw)
	os.WriteFile(path, data, 0o600)
	s2, err := OpenFileStore(path, storeDefaults)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := s2.Value("modem.apn"); v != "em" {
		t.Errorf("reopened apn %q", v)
	}
	s2.Set(ctx, map[string]string{"modem.user": "u"})
	if m := readJSON(t, path); m["future.key"] != "kept" {
		t.Errorf("unknown key dropped: %v", m)
	}

	// Reset restores the defaults and reports what changed.
	hooked = nil
	s2.OnChange = func(c map[string]string) { hooked = append(hooked, c) }
	if err := s2.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"modem.apn": "internet", "modem.password": "", "modem.user": ""}
	if len(hooked) != 1 || !maps.Equal(hooked[0], want) {
		t.Errorf("Reset OnChange %v, want %v", hooked, want)
	}
	if m := readJSON(t, path); !maps.Equal(m, storeDefaults) {
		t.Errorf("after Reset file %v", m)
	}
}

func TestOpenFileStoreErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := OpenFileStore(filepath.Join(dir, "a.json"), map[string]string{"modem.pin": "1"}); err == nil || !strings.Contains(err.Error(), "modem.pin") {
		t.Errorf("bad default: %v", err)
	}
	torn := filepath.Join(dir, "torn.json")
	os.WriteFile(torn, []byte(`{"modem.apn":"inter`), 0o600)
	if _, err := OpenFileStore(torn, nil); err == nil {
		t.Error("torn file accepted")
	}
	if _, err := OpenFileStore(dir, nil); err == nil {
		t.Error("directory accepted as file")
	}
}

// A write that fails at any step leaves the old file, the old values, no
// temporary file behind, and no OnChange call.
func TestFileStoreAtomicWrite(t *testing.T) {
	failures := map[string]func(s *FileStore){
		"disk full mid-write": func(s *FileStore) {
			s.write = func(f *os.File, data []byte) error {
				f.Write(data[:len(data)/2])
				return syscall.ENOSPC
			}
		},
		"fsync fails": func(s *FileStore) { s.sync = func(*os.File) error { return syscall.EIO } },
		"rename fails": func(s *FileStore) {
			s.rename = func(string, string) error { return syscall.EIO }
		},
	}
	for name, fail := range failures {
		t.Run(name, func(t *testing.T) {
			s, path := openStore(t)
			ctx := context.Background()
			if err := s.Set(ctx, map[string]string{"modem.apn": "old-apn"}); err != nil {
				t.Fatal(err)
			}
			before, _ := os.ReadFile(path)
			called := false
			s.OnChange = func(map[string]string) { called = true }
			fail(s)
			err := s.Set(ctx, map[string]string{"modem.apn": "new-apn", "modem.user": "bob"})
			if err == nil || !strings.Contains(err.Error(), "save settings") {
				t.Fatalf("failed write reported as %v", err)
			}
			after, _ := os.ReadFile(path)
			if string(after) != string(before) {
				t.Errorf("file changed:\n%s\nwas\n%s", after, before)
			}
			if v, _ := s.Value("modem.apn"); v != "old-apn" || called {
				t.Errorf("in memory apn %q, OnChange called %v", v, called)
			}
			entries, _ := os.ReadDir(filepath.Dir(path))
			if len(entries) != 1 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("directory holds %q, want only the settings file", names)
			}
			// A reopen (the boot after the power cut) sees the old settings.
			s2, err := OpenFileStore(path, storeDefaults)
			if err != nil {
				t.Fatal(err)
			}
			if v, _ := s2.Value("modem.apn"); v != "old-apn" {
				t.Errorf("after reopen apn %q", v)
			}
		})
	}
}

// A temporary file left by a power cut between write and rename does not
// disturb the next boot.
func TestFileStoreStaleTemp(t *testing.T) {
	s, path := openStore(t)
	s.Set(context.Background(), map[string]string{"modem.apn": "kept"})
	os.WriteFile(filepath.Join(filepath.Dir(path), ".settings.json.tmp-123"), []byte(`{"modem.apn":"tor`), 0o600)
	s2, err := OpenFileStore(path, storeDefaults)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := s2.Value("modem.apn"); v != "kept" {
		t.Errorf("apn %q", v)
	}
}

func TestFileStoreCanceled(t *testing.T) {
	s, _ := openStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Set(ctx, map[string]string{"modem.apn": "x"}); err == nil {
		t.Error("Set ran with a canceled context")
	}
}

// The store behind the console: the seed's APN command end to end, and a
// console password change through OnChange.
func TestConsoleOverFileStore(t *testing.T) {
	s, path := openStore(t)
	b := &storeBackend{FileStore: s}
	var audit []AuditEntry
	c := New(Config{Password: "factory-pass", Audit: func(e AuditEntry) { audit = append(audit, e) }}, b)
	s.OnChange = func(ch map[string]string) {
		if p, ok := ch["console.password"]; ok {
			c.SetPassword(p)
		}
	}
	send := func(text string) string {
		return c.Handle(context.Background(), Request{From: alice, Text: text}).Reply
	}
	// The seed uses apn_name, which is not a valid APN ('_'): the store
	// names the key and the problem.
	if got := send("factory-pass apn=apn_name;usr=user_name;pwd=password;"); got != "refused: modem.apn: only letters, digits, '-' and '.' allowed" {
		t.Errorf("seed apn: %q", got)
	}
	if got := send("factory-pass apn=internet.t-mobile;usr=t-mobile;pwd=tm;"); got != "apn set; connected" {
		t.Errorf("apn: %q", got)
	}
	if m := readJSON(t, path); m["modem.apn"] != "internet.t-mobile" || m["modem.password"] != "tm" {
		t.Errorf("file %v", m)
	}
	if got := send("factory-pass get modem.password"); got != "modem.password=***" {
		t.Errorf("get: %q", got)
	}
	if got := send("factory-pass set console.password=short"); got != "refused: console.password: shorter than 8 characters" {
		t.Errorf("short password: %q", got)
	}
	if got := send("factory-pass set console.password=N3w-Console-Pw"); got != "set console.password" {
		t.Errorf("password change: %q", got)
	}
	if got := send("N3w-Console-Pw status"); !strings.HasPrefix(got, "op:") {
		t.Errorf("new password: %q", got)
	}
	if got := send("N3w-Console-Pw factory"); got != "factory settings restored" {
		t.Errorf("factory: %q", got)
	}
	if got := send("factory-pass get modem.apn"); got != "modem.apn=internet" {
		t.Errorf("after factory: %q", got)
	}
	for _, e := range audit {
		for _, secret := range []string{"factory-pass", "N3w-Console-Pw", "=tm;"} {
			if strings.Contains(e.Command+e.Result, secret) {
				t.Errorf("audit %+v holds %q", e, secret)
			}
		}
	}
}

// storeBackend is a Backend whose configuration is a FileStore.
type storeBackend struct {
	*FileStore
	fakeBackend
}

func (b *storeBackend) Get(key string) (string, error) { return b.FileStore.Get(key) }
func (b *storeBackend) Set(ctx context.Context, ch map[string]string) (string, error) {
	return "", b.FileStore.Set(ctx, ch)
}
func (b *storeBackend) Factory(ctx context.Context) error { return b.FileStore.Reset(ctx) }
