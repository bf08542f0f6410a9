package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/server/config"
)

// result is what one in-process run printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

func runArgs(args ...string) result {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

// writeFile writes a configuration file in a fresh directory.
func writeFile(t *testing.T, text string) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "server.yaml")
	if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestConfigCheck(t *testing.T) {
	t.Parallel()
	good := writeFile(t, "listen: 127.0.0.1:9000\n")
	example := writeFile(t, config.Example())
	bad := writeFile(t, "listen: 0.0.0.0:80\ndatabase:\n  driver: mysql\n")
	unknown := writeFile(t, "log:\n  levl: debug\n")
	missing := filepath.Join(t.TempDir(), "missing.yaml")
	for _, c := range []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr []string // each must appear
	}{
		{name: "valid", args: []string{"config", "check", "-c", good}, stdout: good + ": ok\n"},
		{name: "long flag", args: []string{"config", "check", "--c=" + good}, stdout: good + ": ok\n"},
		{name: "the example", args: []string{"config", "check", "-c", example}, stdout: example + ": ok\n"},
		{name: "problems", args: []string{"config", "check", "-c", bad}, code: 1, stderr: []string{
			bad + ":1:9: listen: plain HTTP is only allowed on loopback; set tls.cert and tls.key\n",
			bad + `:3:11: database.driver: "mysql" is not one of sqlite, postgres` + "\n",
			bad + ": 2 problems\n",
		}},
		{name: "unknown field", args: []string{"config", "check", "-c", unknown}, code: 1,
			stderr: []string{unknown + `:2:3: log.levl: unknown field "levl" in log (did you mean "level"?)`}},
		{name: "missing file", args: []string{"config", "check", "-c", missing}, code: 1,
			stderr: []string{missing + ": cannot read the configuration: no such file or directory\n"}},
		{name: "no file", args: []string{"config", "check"}, code: 2,
			stderr: []string{"usage: cellgate-server config check -c FILE", "cellgate-server: config check: no file; expected -c FILE\n"}},
		{name: "positional file", args: []string{"config", "check", good}, code: 2,
			stderr: []string{`config check: unexpected argument "` + good + `"; expected -c FILE`}},
		{name: "bad flag", args: []string{"config", "check", "-x"}, code: 2,
			stderr: []string{"cellgate-server: config check: flag provided but not defined: -x\n"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := runArgs(c.args...)
			if r.code != c.code || r.stdout != c.stdout {
				t.Errorf("exit %d, stdout %q; want %d, %q (stderr %q)", r.code, r.stdout, c.code, c.stdout, r.stderr)
			}
			if len(c.stderr) == 0 && r.stderr != "" {
				t.Errorf("stderr %q, want nothing", r.stderr)
			}
			for _, want := range c.stderr {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr %q lacks %q", r.stderr, want)
				}
			}
		})
	}
}

func TestConfigExample(t *testing.T) {
	t.Parallel()
	r := runArgs("config", "example")
	if r.code != 0 || r.stdout != config.Example() || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q, stdout is the example: %v", r.code, r.stderr, r.stdout == config.Example())
	}
	name := writeFile(t, r.stdout)
	if r := runArgs("config", "check", "-c", name); r.code != 0 {
		t.Errorf("the printed example does not check: %q", r.stderr)
	}
	if r := runArgs("config", "example", "extra"); r.code != 2 || !strings.Contains(r.stderr, `unexpected argument "extra"`) {
		t.Errorf("with an argument: %+v", r)
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	if r := runArgs("version"); r.code != 0 || r.stdout != "cellgate-server devel\n" {
		t.Errorf("%+v", r)
	}
}

func TestCommandInputErrors(t *testing.T) {
	t.Parallel()
	bad := writeFile(t, "listen: 0.0.0.0:80\n")
	for _, c := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"run", "-c", bad}, 1, bad + ":1:9: listen: plain HTTP is only allowed on loopback; set tls.cert and tls.key\n"},
		{[]string{"admin", "create"}, 2, "cellgate-server: admin create: no e-mail address; expected --email ADDRESS\n"},
		{[]string{"admin", "create", "--email", "ops"}, 2, `cellgate-server: admin create: "ops" is not an e-mail address; expected one such as ops@example.com` + "\n"},
	} {
		r := runArgs(c.args...)
		if r.code != c.code || !strings.HasSuffix(r.stderr, c.stderr) || r.stdout != "" {
			t.Errorf("%q: %+v, want exit %d and stderr ending %q", c.args, r, c.code, c.stderr)
		}
	}
}

// TestWiringReceivesTheFlagsAndConfiguration replaces the function
// variables, as the server's wiring will; it runs before the parallel
// tests and restores them.
func TestWiringReceivesTheFlagsAndConfiguration(t *testing.T) {
	file := writeFile(t, "log: {level: debug}\n")
	var gotCfg *config.Config
	var gotOpts adminOptions
	saved := runAdminCreate
	t.Cleanup(func() { runAdminCreate = saved })
	runAdminCreate = func(ctx context.Context, e *env, cfg *config.Config, o adminOptions) error {
		if ctx.Err() != nil {
			t.Error("context already done")
		}
		gotCfg, gotOpts = cfg, o
		_, err := e.stdout.Write([]byte("created\n"))
		return err
	}
	r := runArgs("admin", "create", "-c", file, "--email", "ops@example.com", "--org", "Acme")
	if r.code != 0 || r.stdout != "created\n" {
		t.Fatalf("%+v", r)
	}
	if gotCfg == nil || gotCfg.Log.Level != "debug" || gotOpts != (adminOptions{Email: "ops@example.com", Org: "Acme", Role: "admin"}) {
		t.Errorf("got %+v, %+v", gotCfg, gotOpts)
	}
	// Without -c, the defaults.
	if r := runArgs("admin", "create", "--email", "a@b.example", "--role", "viewer"); r.code != 0 || gotCfg.Path != "" || gotCfg.Listen != config.DefaultListen || gotOpts.Role != "viewer" {
		t.Errorf("defaults: %+v %+v %+v", r, gotCfg, gotOpts)
	}
}

// runnable lists the path of every command in the table that runs.
func runnable() []string {
	var out []string
	var walk func(path string, c *command)
	walk = func(path string, c *command) {
		if c.Flags != nil {
			out = append(out, path)
		}
		for _, s := range c.Subs {
			walk(path+" "+s.Name, s)
		}
	}
	walk("cellgate-server", root)
	return out
}

func TestUsageAndHelp(t *testing.T) {
	t.Parallel()
	r := runArgs()
	if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "usage:") {
		t.Fatalf("no arguments: %+v", r)
	}
	paths := runnable()
	if len(paths) < 7 {
		t.Fatalf("only %q in the table", paths)
	}
	for _, path := range paths {
		if !strings.Contains(r.stderr, "  "+path+" ") && !strings.Contains(r.stderr, "  "+path+"\n") {
			t.Errorf("usage lacks %q", path)
		}
		args := strings.Fields(path)[1:]
		h := runArgs(append(args, "-h")...)
		if h.code != 0 || !strings.HasPrefix(h.stdout, "usage: "+path) {
			t.Errorf("%s -h: %+v", path, h)
		}
		if hh := runArgs(append([]string{"help"}, args...)...); hh.code != 0 || hh.stdout != h.stdout {
			t.Errorf("help %s: %+v, want %q", path, hh, h.stdout)
		}
	}
	for _, c := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"serve"}, `cellgate-server: unknown command "serve"` + "\n"},
		{[]string{"config", "lint"}, `cellgate-server: config: unknown command "lint"` + "\n"},
		{[]string{"help", "nope"}, `cellgate-server: help: no command "nope"` + "\n"},
	} {
		if r := runArgs(c.args...); r.code != 2 || !strings.HasSuffix(r.stderr, c.stderr) {
			t.Errorf("%q: %+v, want exit 2 and %q", c.args, r, c.stderr)
		}
	}
	if r := runArgs("config"); r.code != 2 || !strings.Contains(r.stderr, "cellgate-server config check -c FILE") {
		t.Errorf("config alone: %+v", r)
	}
	if r := runArgs("admin", "create", "-h"); !strings.Contains(r.stdout, "--email ADDRESS") || !strings.Contains(r.stdout, "(default admin)") {
		t.Errorf("admin create -h: %q", r.stdout)
	}
}
