package config

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestExampleParsesToTheDefaults(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	name := filepath.Join(dir, "cellgate-server.yaml")
	c, err := Parse(name, []byte(Example()))
	if err != nil {
		t.Fatalf("the example does not parse:\n%v", err)
	}
	want := Default()
	want.Path = name
	want.Database.Path = filepath.Join(dir, "cellgate-server.db")
	want.Secrets = Secrets{JWTKeyFile: filepath.Join(dir, "cellgate-server.jwt.key"), EncryptionKeyFile: filepath.Join(dir, "cellgate-server.enc.key")}
	if *c != *want {
		t.Errorf("the example's values are not the defaults:\n got %+v\nwant %+v", *c, *want)
	}
}

// TestExampleShowsEveryKey checks that every key Redacted writes, which is
// every key there is, appears in the example, commented out or not.
func TestExampleShowsEveryKey(t *testing.T) {
	t.Parallel()
	for line := range strings.Lines(Default().Redacted()) {
		key, _, _ := strings.Cut(strings.TrimSpace(line), ":")
		if !strings.Contains(Example(), key+":") {
			t.Errorf("the example does not show %q", key)
		}
	}
}

func TestExampleCommentedKeysParse(t *testing.T) {
	t.Parallel()
	// public_url and the file form of database.url, uncommented, with the
	// postgres driver, are valid but for the file, which is not here.
	text := strings.NewReplacer(
		"# public_url:", "public_url:",
		"# url: {file:", "url: {file:",
		"driver: sqlite", "driver: postgres",
		"  path: ./cellgate-server.db\n", "",
	).Replace(Example())
	got := problems(t, text)
	want := `database.url.file: cannot read secret file /etc/cellgate-server/database-url: no such file or directory`
	if len(got) != 1 || !strings.HasSuffix(got[0], want) || !strings.Contains(text, "\npublic_url: https://fleet.example.com\n") {
		t.Errorf("uncommented example:\n%s\nerrors: %q", text, got)
	}
}
