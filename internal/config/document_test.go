package config

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
	"time"
)

// appConfig is another program's configuration, decoded by Decode.
type appConfig struct {
	Listen string `yaml:"listen"`
	DB     struct {
		Driver   string `yaml:"driver"`
		URL      Secret `yaml:"url"`
		MaxConns int    `yaml:"max_conns"`
	} `yaml:"db"`
	TTL     Duration      `yaml:"ttl"`
	Timeout time.Duration `yaml:"timeout"`
	MFA     bool          `yaml:"mfa"`
	Tags    []string      `yaml:"tags"`
}

func TestDecode(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, yaml string
		errs       []string
	}{
		{name: "empty", yaml: ""},
		{name: "valid", yaml: "listen: x\ndb: {driver: d, url: {file: u}, max_conns: 3}\nttl: 1m\ntimeout: 2s\nmfa: no\ntags: [a]\n"},
		{name: "unknown field", yaml: "listen: x\nlisten_addr: y\n",
			errs: []string{`a.yaml:2:1: listen_addr: unknown field "listen_addr" at the top level (did you mean "listen"?); known fields: listen, db, ttl, timeout, mfa, tags`}},
		{name: "unknown nested field", yaml: "db:\n  drivr: x\n",
			errs: []string{`a.yaml:2:3: db.drivr: unknown field "drivr" in db (did you mean "driver"?); known fields: driver, url, max_conns`}},
		{name: "wrong types", yaml: "db: {max_conns: many}\nttl: 5\nmfa: perhaps\ntags: a\n", errs: []string{
			`a.yaml:1:17: db.max_conns: "many" is not a number; expected a whole number`,
			`a.yaml:2:6: ttl: "5" has no unit; expected a duration such as 10m, 1h30m or 500ms (or off)`,
			`a.yaml:3:6: mfa: "perhaps" is not a boolean; expected true or false`,
			`a.yaml:4:7: tags: expected a list, got "a"`,
		}},
		{name: "duplicate", yaml: "listen: a\nlisten: b\n", errs: []string{`a.yaml:2:1: listen: duplicate field "listen" (first at line 1)`}},
		{name: "not a mapping", yaml: "- a\n", errs: []string{`a.yaml:1:1: expected a mapping of fields (listen, db, ttl, timeout, mfa, tags), got a list`}},
		{name: "syntax", yaml: "listen: [\n", errs: []string{`a.yaml:1: YAML syntax: did not find expected node content`}},
		{name: "secret", yaml: "db: {url: {path: x}}\n", errs: []string{`a.yaml:1:12: db.url.path: unknown field "path" in db.url; expected {file: PATH}`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var v appConfig
			err := Decode("a.yaml", []byte(c.yaml), &v)
			var got []string
			if err != nil {
				list, ok := err.(ErrorList)
				if !ok {
					t.Fatalf("%T, want ErrorList", err)
				}
				for _, e := range list {
					got = append(got, e.Error())
				}
			}
			if strings.Join(got, "\n") != strings.Join(c.errs, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.errs, "\n"))
			}
		})
	}
}

func TestDecodeKeepsDefaultsWhereTheFileIsSilent(t *testing.T) {
	t.Parallel()
	v := appConfig{Listen: "127.0.0.1:80", TTL: Duration(time.Minute), MFA: true}
	v.DB.MaxConns = 10
	if err := Decode("a.yaml", []byte("db:\n  driver: pg\n  url: {file: /run/u}\nttl:\n"), &v); err != nil {
		t.Fatal(err)
	}
	if v.Listen != "127.0.0.1:80" || v.TTL.D() != time.Minute || !v.MFA || v.DB.MaxConns != 10 || v.DB.Driver != "pg" || v.DB.URL.File != "/run/u" || v.DB.URL.IsSet() {
		t.Errorf("%+v", v)
	}
}

func TestDocumentErrorfPointsAtTheField(t *testing.T) {
	t.Parallel()
	var v appConfig
	doc := DecodeDocument("a.yaml", []byte("listen: x\ndb:\n  driver: d\nttl: bad\n"), &v)
	if !doc.Set("db.driver") || doc.Set("db.url") || doc.Line("db.driver") != 3 || doc.Line("db.url") != 0 || doc.File() != "a.yaml" {
		t.Errorf("Set/Line/File: %v %v %d %d %q", doc.Set("db.driver"), doc.Set("db.url"), doc.Line("db.driver"), doc.Line("db.url"), doc.File())
	}
	doc.Errorf("db.url", "missing; expected a URL")   // not written: at db
	doc.Errorf("listen", "%q is not an address", "x") // written
	doc.Errorf("ttl", "too short")                    // not decoded: reported once
	doc.Errorf("mfa", "needed")                       // nothing written: no line
	err := doc.Err()
	want := []string{
		`a.yaml: mfa: needed`,
		`a.yaml:1:9: listen: "x" is not an address`,
		`a.yaml:2:1: db.url: missing; expected a URL`,
		`a.yaml:4:6: ttl: "bad" is not a duration; expected a duration such as 10m, 1h30m or 500ms (or off)`,
	}
	if err == nil || err.Error() != strings.Join(want, "\n") {
		t.Errorf("got:\n%v\nwant:\n%s", err, strings.Join(want, "\n"))
	}
	var e *Error
	if !errors.As(err, &e) || e.Field != "mfa" {
		t.Errorf("errors.As: %v", e)
	}
}

func TestDocumentAfterASyntaxErrorReportsOnlyIt(t *testing.T) {
	t.Parallel()
	var v appConfig
	doc := DecodeDocument("a.yaml", []byte("a: [\n"), &v)
	doc.Errorf("listen", "missing")
	list, ok := doc.Err().(ErrorList)
	if !ok || len(list) != 1 || !strings.Contains(list[0].Msg, "YAML syntax") {
		t.Errorf("%v", doc.Err())
	}
}

func TestDecodeNeedsAPointer(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("no panic for a non-pointer")
		}
	}()
	_ = Decode("a.yaml", nil, appConfig{})
}

func TestReadFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good, open := dir+"/good.yaml", dir+"/open.yaml"
	if err := os.WriteFile(good, []byte("listen: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(open, []byte("listen: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o666); err != nil {
		t.Fatal(err)
	}
	if data, err := ReadFile(good); err != nil || string(data) != "listen: x\n" {
		t.Errorf("good: %q %v", data, err)
	}
	if _, err := ReadFile(open); err == nil || !strings.Contains(err.Error(), "writable by every user") {
		t.Errorf("open: %v", err)
	}
	_, err := ReadFile(dir + "/missing.yaml")
	if _, ok := err.(ErrorList); !ok || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %T %v", err, err)
	}
}
