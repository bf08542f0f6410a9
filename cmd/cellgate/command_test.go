package main

import (
	"bytes"
	"flag"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/cmdtable"
)

// runnable lists the path of every command in the table that runs.
func runnable(t *testing.T) []string {
	t.Helper()
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
	walk("cellgate", root)
	if len(out) < 30 {
		t.Fatalf("only %d commands in the table", len(out))
	}
	return out
}

func TestUsageListsEveryCommand(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	table.WriteUsage(&b)
	usage := b.String()
	for _, path := range runnable(t) {
		if !strings.Contains(usage, "  "+path+" ") && !strings.Contains(usage, "  "+path+"\n") {
			t.Errorf("usage lacks %q", path)
		}
	}
	for _, want := range []string{"cellgate modem cells", "cellgate modem cmdmp", "cellgate completion"} {
		if !strings.Contains(usage, want) {
			t.Errorf("usage lacks %q", want)
		}
	}
}

func TestCompletionNamesEveryCommand(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	table.WriteBashCompletion(&b)
	script := b.String()
	for _, path := range runnable(t) {
		p := strings.TrimPrefix(path, "cellgate")
		p = strings.TrimPrefix(p, " ")
		if !strings.Contains(script, `"`+p+`")`) {
			t.Errorf("completion has no case for %q", p)
		}
		parent, name := "", p
		if i := strings.LastIndexByte(p, ' '); i >= 0 {
			parent, name = p[:i], p[i+1:]
		}
		for _, line := range strings.Split(script, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), `"`+parent+`")`) && !strings.Contains(line, name) {
				t.Errorf("completion after %q does not offer %q: %s", parent, name, line)
			}
		}
	}
	if !strings.Contains(script, "--port") || !strings.Contains(script, "--verbose") {
		t.Error("completion names no flags")
	}
	if bash, err := exec.LookPath("bash"); err == nil {
		cmd := exec.Command(bash, "-n")
		cmd.Stdin = strings.NewReader(script)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("bash -n: %v\n%s", err, out)
		}
	}
}

// flagsOf is the flags of the command at path: name → usage and default.
func flagsOf(t *testing.T, path ...string) map[string][2]string {
	t.Helper()
	c := root.Find(path...)
	if c == nil || c.Flags == nil {
		t.Fatalf("no command %q", path)
	}
	out := map[string][2]string{}
	c.FlagSet().VisitAll(func(f *flag.Flag) { out[f.Name] = [2]string{f.Usage, f.DefValue} })
	return out
}

// Every command that talks to a modem takes the same connection flags,
// spelled, documented and defaulted alike.
func TestModemCommandsShareTheConnectionFlags(t *testing.T) {
	t.Parallel()
	want := map[string][2]string{}
	var fs flag.FlagSet
	new(modemConn).add(&fs)
	fs.VisitAll(func(f *flag.Flag) { want[f.Name] = [2]string{f.Usage, f.DefValue} })
	for _, name := range []string{"port", "baud", "flow", "trace", "timeout", "v", "verbose"} {
		if _, ok := want[name]; !ok {
			t.Fatalf("the connection group lacks --%s", name)
		}
	}
	paths := [][]string{{"at"}, {"sms", "send"}, {"sms", "list"}, {"sms", "read"}, {"sms", "delete"}}
	for _, s := range root.Find("modem").Subs {
		if s.Flags != nil {
			paths = append(paths, []string{"modem", s.Name})
		}
		for _, ss := range s.Subs {
			paths = append(paths, []string{"modem", s.Name, ss.Name})
		}
	}
	for _, p := range paths {
		got := flagsOf(t, p...)
		for name, w := range want {
			if got[name] != w {
				t.Errorf("%v --%s: %q, want %q", p, name, got[name], w)
			}
		}
	}
}

// -v and --verbose are one flag wherever verbosity exists.
func TestVerboseHasBothSpellings(t *testing.T) {
	t.Parallel()
	for _, path := range runnable(t) {
		fs := root.Find(strings.Fields(path)[1:]...).FlagSet()
		v, verbose := fs.Lookup("v"), fs.Lookup("verbose")
		if (v == nil) != (verbose == nil) {
			t.Errorf("%s: -v %v, --verbose %v", path, v != nil, verbose != nil)
			continue
		}
		if v != nil && v.Value != verbose.Value {
			t.Errorf("%s: -v and --verbose are two flags", path)
		}
	}
}

// Every command that prints for programs takes --json.
func TestJSONFlagWhereOutputIsData(t *testing.T) {
	t.Parallel()
	for _, p := range [][]string{
		{"status"}, {"modem", "status"}, {"modem", "signal"}, {"modem", "scan"}, {"modem", "cells"},
		{"modem", "cmdmp"}, {"modem", "fplmn"}, {"modem", "psm", "get"}, {"modem", "psm", "set"}, {"modem", "run"},
		{"psm", "encode"}, {"psm", "decode"}, {"edrx", "encode"}, {"edrx", "decode"},
		{"modbus", "read"}, {"modbus", "plan"}, {"at", "decode"},
		{"sms", "decode"}, {"sms", "encode"}, {"sms", "send"}, {"sms", "list"}, {"sms", "read"},
	} {
		if _, ok := flagsOf(t, p...)["json"]; !ok {
			t.Errorf("%v has no --json", p)
		}
	}
}

// The Modbus serial line is spelled as a modem's (--port, --baud) with
// --format, and --rtu DEV:BAUD,8N1 stays accepted.
func TestModbusSerialSpellings(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
		err  bool
	}{
		{[]string{"--port", "/dev/ttyS1", "--baud", "19200", "--format", "8E1"}, "/dev/ttyS1:19200,8E1", false},
		{[]string{"--port", "/dev/ttyS1"}, "/dev/ttyS1:9600,8N1", false},
		{[]string{"--rtu", "/dev/ttyS1:9600,8N1"}, "/dev/ttyS1:9600,8N1", false},
		{[]string{"--rtu", "/dev/ttyS1"}, "/dev/ttyS1", false},
		{[]string{"--rtu", "/dev/ttyS1", "--port", "/dev/ttyS2"}, "", true},
		{[]string{"--rtu", "/dev/ttyS1", "--baud", "19200"}, "", true},
	} {
		fs := cmdtable.NewFlagSet("modbus read")
		var target modbusTarget
		target.flags(fs)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		got, err := target.serialSpec()
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("%q: %q %v, want %q (error %v)", tc.args, got, err, tc.want, tc.err)
		}
	}
}

func TestParseInterspersed(t *testing.T) {
	t.Parallel()
	fs := cmdtable.NewFlagSet("x")
	n := fs.Int("n", 0, "")
	rest, err := cmdtable.ParseInterspersed(fs, []string{"a", "-n", "3", "b", "--", "-c", "d"})
	if err != nil || *n != 3 || !reflect.DeepEqual(rest, []string{"a", "b", "-c", "d"}) {
		t.Errorf("rest %q n %d err %v", rest, *n, err)
	}
}

func TestHelpForEveryCommand(t *testing.T) {
	for _, path := range runnable(t) {
		args := append(strings.Fields(path)[1:], "-h")
		out, err := runOut(t, args...)
		if err != nil || !strings.Contains(out, "usage: "+path) {
			t.Errorf("%s -h: %v\n%s", path, err, out)
		}
	}
	out, err := runOut(t, "help", "modem", "psm")
	if err != nil || !strings.Contains(out, "cellgate modem psm set") {
		t.Errorf("help modem psm: %v\n%s", err, out)
	}
	if _, err := runOut(t, "modem", "nosuch"); err == nil || !strings.Contains(err.Error(), `modem: unknown command "nosuch"`) {
		t.Errorf("unknown command: %v", err)
	}
}

// "demo --at --trace" keeps the switch it was; --trace=FILE is a file.
func TestDemoTraceIsASwitchOrAFile(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args   []string
		inline bool
		file   string
	}{
		{[]string{"--at", "--trace"}, true, ""},
		{[]string{"--at", "--trace=/tmp/t"}, false, "/tmp/t"},
		{[]string{"--at"}, false, ""},
	} {
		fs := cmdtable.NewFlagSet("demo")
		demoFlags(fs)
		if _, err := cmdtable.ParseInterspersed(fs, tc.args); err != nil {
			t.Fatal(err)
		}
		tr := fs.Lookup("trace").Value.(*demoTrace)
		if tr.inline != tc.inline || tr.file != tc.file {
			t.Errorf("%q: %+v", tc.args, *tr)
		}
	}
	if err := run([]string{"demo", "--vendor", "quectel"}); err == nil || !strings.Contains(err.Error(), "go with --at") {
		t.Errorf("--vendor without --at: %v", err)
	}
}
