package cmdtable

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os/exec"
	"reflect"
	"strings"
	"testing"
)

// run is the run function of the test table: it records what it was
// given in the call.
type run func(args []string) error

// ran is what the last run function saw: its command and arguments.
type ran struct {
	cmd  string
	args []string
	n    int
}

// testTable builds a small table: "grp" with "grp get" (flags, one bool
// with two names, one required), "both" that runs and has "both sub", and
// "fail" that returns a usage error. Runs are recorded in *got.
func testTable(got *ran) *Table[run] {
	record := func(name string, n *int) run {
		return func(args []string) error {
			got.cmd, got.args = name, args
			if n != nil {
				got.n = *n
			}
			return nil
		}
	}
	root := &Command[run]{Name: "prog", Summary: "a test program", Help: "prog COMMAND -h shows more\n", Subs: []*Command[run]{
		{Name: "grp", Summary: "a group", Help: "\ntext of the group\n", Subs: []*Command[run]{
			{Name: "get", Args: "[NAME...]", Summary: "get things, a summary long enough that it has to be wrapped onto a second line of text",
				Flags: func(fs *flag.FlagSet) run {
					n := fs.Int("n", 0, "how many `COUNT`")
					fs.String("key", "", "the `KEY` (required)")
					v := new(bool)
					fs.BoolVar(v, "v", false, "verbose")
					fs.BoolVar(v, "verbose", false, "verbose")
					fs.Duration("wait", 0, "how long to wait")
					fs.String("mode", "fast", "the mode")
					return record("get", n)
				}},
		}},
		{Name: "both", Args: "[X]", Summary: "runs, and has a subcommand",
			Flags: func(*flag.FlagSet) run { return record("both", nil) },
			Subs: []*Command[run]{
				{Name: "sub", Summary: "below both", Flags: func(*flag.FlagSet) run { return record("both sub", nil) }},
			}},
		{Name: "fail", Summary: "fails", Help: "no newline at the end",
			Flags: func(*flag.FlagSet) run {
				return func([]string) error { return Usagef("fail: no argument") }
			}},
	}}
	return &Table[run]{Root: root, Column: 20}
}

func call(r run, args []string) error { return r(args) }

const usageText = `prog — a test program

usage:
  prog grp get --key KEY [flags] [NAME...]
                    get things, a summary long enough that it has to be wrapped
                    onto a second line of text
  prog both [X]     runs, and has a subcommand
  prog both sub     below both
  prog fail         fails

prog COMMAND -h shows more
`

const getHelp = `usage: prog grp get --key KEY [flags] [NAME...]

get things, a summary long enough that it has to be wrapped onto a second line
of text

flags:
  --key KEY         the KEY (required)
  --mode string     the mode (default fast)
  -n COUNT          how many COUNT
  -v, --verbose     verbose
  --wait duration   how long to wait
`

const grpHelp = `usage: prog grp COMMAND

a group

text of the group

commands:
  prog grp get --key KEY [flags] [NAME...]
                    get things, a summary long enough that it has to be wrapped
                    onto a second line of text
`

func TestExec(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        string
		args        []string
		configure   func(*Table[run])
		stdout      string
		stderr      string // a prefix of stderr
		err         string
		help, usage bool // the error is flag.ErrHelp, a UsageError
		cmd         string
		ranArgs     []string
		n           int
	}{
		{name: "nothing", stderr: usageText, help: true, err: flag.ErrHelp.Error()},
		{name: "root -h", args: []string{"-h"}, stdout: usageText},
		{name: "root unknown", args: []string{"nope"}, stderr: usageText, usage: true, err: `unknown command "nope"`},
		{name: "root unknown named", args: []string{"nope"}, configure: func(t *Table[run]) { t.NameRoot = true },
			stderr: usageText, usage: true, err: `prog: unknown command "nope"`},
		{name: "group alone", args: []string{"grp"}, stderr: grpHelp, help: true, err: flag.ErrHelp.Error()},
		{name: "group --help", args: []string{"grp", "--help"}, stdout: grpHelp},
		{name: "group help word off", args: []string{"grp", "help"}, stderr: grpHelp, usage: true, err: `grp: unknown command "help"`},
		{name: "group help word on", args: []string{"grp", "help"}, configure: func(t *Table[run]) { t.HelpWord = true }, stdout: grpHelp},
		{name: "group hint", args: []string{"grp", "-h"}, configure: func(t *Table[run]) { t.GroupHint = true },
			stdout: grpHelp + "\nprog grp COMMAND -h shows a command's flags\n"},
		{name: "group unknown", args: []string{"grp", "x"}, stderr: grpHelp, usage: true, err: `grp: unknown command "x"`},
		{name: "command -h", args: []string{"grp", "get", "-h"}, stdout: getHelp},
		{name: "command runs", args: []string{"grp", "get", "-n", "3", "a", "-n", "4"}, cmd: "get", ranArgs: []string{"a", "-n", "4"}, n: 3},
		{name: "interspersed", args: []string{"grp", "get", "a", "-n", "4", "b"}, configure: func(t *Table[run]) { t.Interspersed = true },
			cmd: "get", ranArgs: []string{"a", "b"}, n: 4},
		{name: "bad flag", args: []string{"grp", "get", "-x"}, usage: true,
			stderr: "usage: prog grp get --key KEY [flags] [NAME...] (prog grp get -h for help)\n",
			err:    "grp get: flag provided but not defined: -x"},
		{name: "runs with subcommands", args: []string{"both", "y"}, cmd: "both", ranArgs: []string{"y"}},
		{name: "subcommand first", args: []string{"both", "sub"}, cmd: "both sub", ranArgs: []string{}},
		{name: "usage error from run", args: []string{"fail"}, usage: true,
			stderr: "usage: prog fail (prog fail -h for help)\n", err: "fail: no argument"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got ran
			table := testTable(&got)
			if tc.configure != nil {
				tc.configure(table)
			}
			var stdout, stderr bytes.Buffer
			err := table.Exec(&stdout, &stderr, tc.args, call)
			if tc.err == "" && err != nil || tc.err != "" && (err == nil || err.Error() != tc.err) {
				t.Errorf("error %v, want %q", err, tc.err)
			}
			if errors.Is(err, flag.ErrHelp) != tc.help || IsUsage(err) != tc.usage {
				t.Errorf("error %v: ErrHelp %v, usage %v; want %v, %v", err, errors.Is(err, flag.ErrHelp), IsUsage(err), tc.help, tc.usage)
			}
			if stdout.String() != tc.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), tc.stdout)
			}
			if stderr.String() != tc.stderr {
				t.Errorf("stderr:\n%s\nwant:\n%s", stderr.String(), tc.stderr)
			}
			if got.cmd != tc.cmd || got.n != tc.n || tc.cmd != "" && !reflect.DeepEqual(got.args, tc.ranArgs) {
				t.Errorf("ran %+v, want %q %q n=%d", got, tc.cmd, tc.ranArgs, tc.n)
			}
		})
	}
}

// A bad flag's error wraps the flag package's.
func TestExecWrapsTheFlagError(t *testing.T) {
	t.Parallel()
	var got ran
	var stdout, stderr bytes.Buffer
	err := testTable(&got).Exec(&stdout, &stderr, []string{"grp", "get", "-n", "x"}, call)
	var u *UsageError
	if !errors.As(err, &u) || errors.Unwrap(u) == nil || !strings.Contains(err.Error(), `invalid value "x" for flag -n`) {
		t.Errorf("%v", err)
	}
}

func TestSynopsis(t *testing.T) {
	t.Parallel()
	var got ran
	table := testTable(&got)
	for _, tc := range []struct {
		path []string
		want string
	}{
		{[]string{"grp"}, "prog grp COMMAND"},
		{[]string{"grp", "get"}, "prog grp get --key KEY [flags] [NAME...]"},
		{[]string{"both"}, "prog both [X]"},
		{[]string{"both", "sub"}, "prog both sub"},
	} {
		c := table.Root.Find(tc.path...)
		if c == nil {
			t.Fatalf("no command %q", tc.path)
		}
		if s := table.Synopsis(c, "prog "+strings.Join(tc.path, " ")); s != tc.want {
			t.Errorf("%q: %q, want %q", tc.path, s, tc.want)
		}
	}
	if c := table.Root.Find("grp", "nope"); c != nil {
		t.Errorf("found %q", c.Name)
	}
}

func TestWriteHelpAddsTheMissingNewline(t *testing.T) {
	t.Parallel()
	var got ran
	table := testTable(&got)
	var b bytes.Buffer
	table.WriteHelp(&b, table.Root.Find("fail"), "prog fail")
	if want := "usage: prog fail\n\nfails\n\nno newline at the end\n"; b.String() != want {
		t.Errorf("%q, want %q", b.String(), want)
	}
}

func TestWriteEntry(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("word ", 20)
	for _, tc := range []struct {
		head, text string
		indent     int
		want       string
	}{
		{"  -n", "a count", 10, "  -n      a count\n"},
		{"  --a-long-flag", "text", 10, "  --a-long-flag\n          text\n"},
		{"", "no head", 0, "no head\n"},
		{"  h", long, 60, "  h" + strings.Repeat(" ", 57) + "word word word word\n" +
			strings.Repeat(strings.Repeat(" ", 60)+"word word word word\n", 4)},
	} {
		var b bytes.Buffer
		writeEntry(&b, tc.head, tc.text, tc.indent)
		if b.String() != tc.want {
			t.Errorf("%q %q %d:\n%q\nwant\n%q", tc.head, tc.text, tc.indent, b.String(), tc.want)
		}
	}
}

func TestParseInterspersed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		rest []string
		n    int
		err  bool
	}{
		{nil, nil, 0, false},
		{[]string{"-n", "1"}, nil, 1, false},
		{[]string{"a", "-n", "3", "b"}, []string{"a", "b"}, 3, false},
		{[]string{"a", "-n", "3", "b", "--", "-c", "d"}, []string{"a", "b", "-c", "d"}, 3, false},
		{[]string{"--", "-n", "2"}, []string{"-n", "2"}, 0, false},
		{[]string{"a", "-x"}, nil, 0, true},
	} {
		fs := NewFlagSet("x")
		n := fs.Int("n", 0, "")
		rest, err := ParseInterspersed(fs, tc.args)
		if (err != nil) != tc.err || *n != tc.n || !reflect.DeepEqual(rest, tc.rest) {
			t.Errorf("%q: rest %q n %d err %v", tc.args, rest, *n, err)
		}
	}
}

func TestUsagef(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("outer: %w", Usagef("bad %s", "thing"))
	if !IsUsage(err) || err.Error() != "outer: bad thing" {
		t.Errorf("%v", err)
	}
	if IsUsage(errors.New("plain")) || IsUsage(nil) {
		t.Error("a plain error is a usage error")
	}
}

func TestWriteBashCompletion(t *testing.T) {
	t.Parallel()
	var got ran
	var b bytes.Buffer
	testTable(&got).WriteBashCompletion(&b)
	script := b.String()
	for _, want := range []string{
		"# bash completion for prog, made from its command table:\n#   source <(prog completion bash)\n_prog() {",
		"\t\"grp\"|\"grp get\"|\"both\"|\"both sub\"|\"fail\") path=\"$next\" ;;\n",
		"\t\"\") cmds=\"grp both fail\"; flags=\"\" ;;\n",
		"\t\"grp\") cmds=\"get\"; flags=\"\" ;;\n",
		"\t\"grp get\") cmds=\"\"; flags=\"--help --key --mode --verbose --wait -n -v\" ;;\n",
		"\t\"both\") cmds=\"sub\"; flags=\"--help\" ;;\n",
		"complete -o default -F _prog prog\n",
	} {
		if !strings.Contains(script, want) {
			t.Errorf("script lacks %q:\n%s", want, script)
		}
	}
	if bash, err := exec.LookPath("bash"); err == nil {
		cmd := exec.Command(bash, "-n")
		cmd.Stdin = strings.NewReader(script)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("bash -n: %v\n%s", err, out)
		}
	}
}
