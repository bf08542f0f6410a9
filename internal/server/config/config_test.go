package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/pki"
)

// problems parses yaml as the file s.yaml and returns its errors, one
// string each.
func problems(t *testing.T, yaml string) []string {
	t.Helper()
	c, err := Parse("s.yaml", []byte(yaml))
	if err == nil {
		if c == nil {
			t.Fatal("no configuration and no error")
		}
		return nil
	}
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("%T %v, want an ErrorList", err, err)
	}
	var s []string
	for _, e := range list {
		s = append(s, e.Error())
	}
	return s
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, yaml string
		want       []string
	}{
		{"empty file", "", nil},
		{"loopback without tls", "listen: '[::1]:80'\n", nil},
		{"localhost without tls", "listen: localhost:8080\n", nil},
		{"non-loopback without tls", "listen: 0.0.0.0:8080\n",
			[]string{`s.yaml:1:9: listen: plain HTTP is only allowed on loopback; set tls.cert and tls.key`}},
		{"every interface without tls", "listen: ':8080'\n",
			[]string{`s.yaml:1:9: listen: plain HTTP is only allowed on loopback; set tls.cert and tls.key`}},
		{"not an address", "listen: 8080\n",
			[]string{`s.yaml:1:9: listen: "8080" is not an address; expected HOST:PORT such as 127.0.0.1:8080 or :443`}},
		{"bad port", "listen: 127.0.0.1:99999\n",
			[]string{`s.yaml:1:9: listen: "127.0.0.1:99999" is not an address; expected HOST:PORT such as 127.0.0.1:8080 or :443`}},
		{"unknown field", "listen: 127.0.0.1:8080\n\ndatabase:\n  driver: sqlite\n  paht: x.db\n",
			[]string{`s.yaml:5:3: database.paht: unknown field "paht" in database (did you mean "path"?); known fields: driver, path, url, max_conns`}},
		{"unknown top-level field", "lisen: x\n",
			[]string{`s.yaml:1:1: lisen: unknown field "lisen" at the top level (did you mean "listen"?); known fields: listen, tls, public_url, database, secrets, auth, rate_limit, webhooks, log`}},
		{"bad driver", "database:\n  driver: mysql\n",
			[]string{`s.yaml:2:11: database.driver: "mysql" is not one of sqlite, postgres`}},
		{"postgres without url", "database: {driver: postgres}\n",
			[]string{`s.yaml:1:1: database.url: missing; expected the PostgreSQL connection URL such as postgres://cellgate@localhost/cellgate, or {file: PATH} when it holds a password`}},
		{"postgres with path", "database:\n  driver: postgres\n  path: x.db\n  url: postgres://h/db\n",
			[]string{`s.yaml:3:9: database.path: only for driver sqlite; expected database.url for postgres`}},
		{"postgres bad url", "database:\n  driver: postgres\n  url: \"secretpw\"\n",
			[]string{`s.yaml:3:8: database.url: not a PostgreSQL connection string; expected a URL such as postgres://USER:PASSWORD@HOST:5432/DATABASE or key=value pairs such as "host=HOST dbname=DATABASE"`}},
		{"sqlite with url", "database:\n  url: postgres://h/db\n",
			[]string{`s.yaml:2:8: database.url: only for driver postgres; expected database.path for sqlite`}},
		{"empty sqlite path", "database:\n  path: ''\n",
			[]string{`s.yaml:2:9: database.path: empty; expected the SQLite file such as ./cellgate-server.db`}},
		{"max_conns", "database: {max_conns: 0}\n",
			[]string{`s.yaml:1:23: database.max_conns: 0 is too few; expected at least 1 connection`}},
		{"bad duration", "auth:\n  token_ttl: 15\n",
			[]string{`s.yaml:2:14: auth.token_ttl: "15" has no unit; expected a duration such as 10m, 1h30m or 500ms (or off)`}},
		{"not a duration", "auth:\n  lockout: {window: soon}\n",
			[]string{`s.yaml:2:21: auth.lockout.window: "soon" is not a duration; expected a duration such as 10m, 1h30m or 500ms (or off)`}},
		{"zero duration", "auth:\n  token_ttl: off\n",
			[]string{`s.yaml:2:14: auth.token_ttl: is off; expected a duration above 0 such as 15m`}},
		{"bad bool", "auth:\n  mfa_required_for_admins: maybe\n",
			[]string{`s.yaml:2:28: auth.mfa_required_for_admins: "maybe" is not a boolean; expected true or false`}},
		{"max failures", "auth: {lockout: {max_failures: 0}}\n",
			[]string{`s.yaml:1:32: auth.lockout.max_failures: 0 is too few; expected at least 1 failed sign-in`}},
		{"bad rate", "rate_limit:\n  per_token: 20/fortnight\n",
			[]string{`s.yaml:2:14: rate_limit.per_token: "20/fortnight" is not a rate; expected N/PERIOD with N and PERIOD above 0, such as 20/s or 100/1m (or off)`}},
		{"rate without count", "rate_limit: {per_ip: /s}\n",
			[]string{`s.yaml:1:22: rate_limit.per_ip: "/s" is not a rate; expected N/PERIOD with N and PERIOD above 0, such as 20/s or 100/1m (or off)`}},
		{"burst", "rate_limit: {burst: 0}\n",
			[]string{`s.yaml:1:21: rate_limit.burst: 0 is too few; expected at least 1 request`}},
		{"burst without limits", "rate_limit: {per_token: off, per_ip: off, burst: 0}\n", nil},
		{"backoff", "webhooks:\n  backoff_min: 1m\n  backoff_max: 30s\n",
			[]string{`s.yaml:3:16: webhooks.backoff_max: 30s is shorter than webhooks.backoff_min (1m); expected at least as long`}},
		{"attempts", "webhooks: {max_attempts: -1}\n",
			[]string{`s.yaml:1:26: webhooks.max_attempts: -1 is too few; expected at least 1 attempt`}},
		{"loopback webhooks", "webhooks: {allow_loopback: true}\n", nil},
		{"loopback webhooks on a reachable server", "listen: 0.0.0.0:80\nwebhooks:\n  allow_loopback: true\n", []string{
			`s.yaml:1:9: listen: plain HTTP is only allowed on loopback; set tls.cert and tls.key`,
			`s.yaml:3:19: webhooks.allow_loopback: only for a server that listens on loopback, not on 0.0.0.0:80: it would let any user's callback reach this host's own services; expected false`,
		}},
		{"log", "log:\n  level: verbose\n  format: xml\n", []string{
			`s.yaml:2:10: log.level: "verbose" is not one of debug, info, warn, error`,
			`s.yaml:3:11: log.format: "xml" is not one of text, json`,
		}},
		{"same key file", "secrets: {jwt_key_file: k, encryption_key_file: k}\n",
			[]string{`s.yaml:1:49: secrets.encryption_key_file: the same file as secrets.jwt_key_file; expected a file of its own for each key`}},
		{"empty key file", "secrets: {jwt_key_file: ''}\n",
			[]string{`s.yaml:1:25: secrets.jwt_key_file: empty; expected a file such as ./cellgate-server.jwt.key`}},
		{"public url", "public_url: ftp://x\n",
			[]string{`s.yaml:1:13: public_url: "ftp://x" is not an http or https URL; expected the server's address as clients reach it, such as https://fleet.example.com`}},
		{"public url query", "public_url: https://x/?a=1\n",
			[]string{`s.yaml:1:13: public_url: "https://x/?a=1" has a query or fragment; expected the server's address as clients reach it, such as https://fleet.example.com`}},
		{"public url user", "public_url: https://u:p@x\n",
			[]string{`s.yaml:1:13: public_url: holds a user name or password; expected the server's address as clients reach it, such as https://fleet.example.com`}},
		{"tls half", "tls: {cert: c.pem}\n",
			[]string{`s.yaml:1:1: tls.key: missing; tls.cert is given, expected the private key file too`}},
		{"tls missing files", "listen: 0.0.0.0:443\ntls:\n  cert: /nonexistent/c.pem\n  key: /nonexistent/k.pem\n", []string{
			`s.yaml:3:9: tls.cert: cannot read the certificate /nonexistent/c.pem: no such file or directory`,
			`s.yaml:4:8: tls.key: cannot read the private key /nonexistent/k.pem: no such file or directory`,
		}},
		{"wrong type", "database: sqlite\n",
			[]string{`s.yaml:1:11: database: expected a mapping of fields (driver, path, url, max_conns), got "sqlite"`}},
		{"syntax", "listen: [\n",
			[]string{`s.yaml:1: YAML syntax: did not find expected node content`}},
		{"several at once", "listen: 0.0.0.0:80\nlog: {level: loud}\nwebhooks: {timeout: 0}\n", []string{
			`s.yaml:1:9: listen: plain HTTP is only allowed on loopback; set tls.cert and tls.key`,
			`s.yaml:2:14: log.level: "loud" is not one of debug, info, warn, error`,
			`s.yaml:3:21: webhooks.timeout: is off; expected a duration above 0 such as 10s`,
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := problems(t, c.yaml)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

func TestDefaultIsValidAndRedacted(t *testing.T) {
	t.Parallel()
	c := Default()
	if err := c.Check(); err != nil {
		t.Fatalf("Default is not valid: %v", err)
	}
	if c.Listen != "127.0.0.1:8080" || c.Database.Driver != DriverSQLite || c.Database.Path != "./cellgate-server.db" ||
		c.Auth.TokenTTL.D() != 15*time.Minute || !c.Auth.MFARequiredForAdmins || c.Auth.Lockout != (Lockout{5, Duration(10 * time.Minute), Duration(15 * time.Minute)}) ||
		c.RateLimit.PerToken != (Rate{20, time.Second}) || c.RateLimit.PerIP != (Rate{50, time.Second}) ||
		c.Webhooks != (Webhooks{Duration(10 * time.Second), 12, Duration(5 * time.Second), Duration(time.Hour), false}) ||
		c.Log != (Log{"info", "text"}) || c.Path != "" || c.TLS.Enabled() {
		t.Errorf("Default: %+v", *c)
	}
	if Default() == Default() {
		t.Error("Default shares its value")
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	c := Default()
	c.Listen = "0.0.0.0:8080"
	c.Database.Driver = DriverPostgres
	err := c.Check()
	want := "listen: plain HTTP is only allowed on loopback; set tls.cert and tls.key\n" +
		"database.url: missing; expected the PostgreSQL connection URL such as postgres://cellgate@localhost/cellgate, or {file: PATH} when it holds a password"
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
}

func TestParseFillsInAndResolves(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	urlFile := filepath.Join(dir, "db-url")
	if err := os.WriteFile(urlFile, []byte("postgres://cellgate:hunter2@db/cellgate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, "server.yaml")
	c, err := Parse(name, []byte("public_url: https://fleet.example.com/\ndatabase:\n  driver: postgres\n  url: {file: db-url}\nsecrets: {jwt_key_file: keys/jwt}\nauth: {mfa_required_for_admins: false}\nrate_limit: {per_ip: 600/1m}\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Path = name
	want.PublicURL = "https://fleet.example.com"
	want.Database = Database{Driver: DriverPostgres, URL: Secret{Value: "postgres://cellgate:hunter2@db/cellgate", File: urlFile}, MaxConns: 10}
	want.Secrets = Secrets{JWTKeyFile: filepath.Join(dir, "keys/jwt"), EncryptionKeyFile: filepath.Join(dir, "cellgate-server.enc.key")}
	want.Auth.MFARequiredForAdmins = false
	want.RateLimit.PerIP = Rate{600, time.Minute}
	if *c != *want {
		t.Errorf("got  %+v\nwant %+v", *c, *want)
	}
	if c.Database.URL.Reveal() != want.Database.URL.Value {
		t.Errorf("url %q", c.Database.URL.Reveal())
	}
}

func TestParseReportsAnUnreadableURLFile(t *testing.T) {
	t.Parallel()
	got := problems(t, "database:\n  driver: postgres\n  url: {file: /nonexistent/url}\n")
	want := `s.yaml:3:15: database.url.file: cannot read secret file /nonexistent/url: no such file or directory`
	if strings.Join(got, "\n") != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestParseNeverShowsTheDatabasePassword(t *testing.T) {
	t.Parallel()
	for _, yaml := range []string{
		"database: {driver: postgres, url: 'hunter2'}\n",
		"database: {driver: postgres, url: 'postgres://u:hunter2@h:bad/db'}\n",
		"database: {driver: postgres, url: 'host=h password=hunter2 =x'}\n",
		"database: {driver: postgres, url: \"host=h password='hunter2\"}\n",
		"database: {url: 'postgres://u:hunter2@h/db'}\n",
	} {
		got := strings.Join(problems(t, yaml), "\n")
		if got == "" || strings.Contains(got, "hunter2") {
			t.Errorf("%q: %q", yaml, got)
		}
	}
}

func TestTLS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ca, err := pki.NewCA("test CA")
	if err != nil {
		t.Fatal(err)
	}
	server, err := ca.Server("fleet.example.com")
	if err != nil {
		t.Fatal(err)
	}
	cert, key, err := server.WriteFiles(dir, "server")
	if err != nil {
		t.Fatal(err)
	}
	_, caKey, err := ca.Pair.WriteFiles(dir, "ca")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse(filepath.Join(dir, "s.yaml"), []byte("listen: 0.0.0.0:8443\ntls:\n  cert: "+filepath.Base(cert)+"\n  key: "+key+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !c.TLS.Enabled() || c.TLS.Cert != cert || c.TLS.Key != key {
		t.Errorf("TLS: %+v", c.TLS)
	}
	got := problems(t, "listen: 0.0.0.0:8443\ntls:\n  cert: "+cert+"\n  key: "+caKey+"\n")
	if len(got) != 1 || !strings.HasPrefix(got[0], "s.yaml:2:1: tls: cannot use "+cert+" and "+caKey+": ") {
		t.Errorf("mismatched key: %q", got)
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(good, []byte(Example()), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(good)
	if err != nil || c.Path != good || c.Database.Path != filepath.Join(dir, "cellgate-server.db") {
		t.Errorf("Load: %+v %v", c, err)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
}
