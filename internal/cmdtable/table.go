package cmdtable

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Table is a program's command table and how the program presents it.
type Table[R any] struct {
	// Root is the program: its Name is the program's, its Summary the
	// first line of the usage text and its Help the usage's last lines.
	Root *Command[R]
	// Column is the width of the left column of the command and flag
	// lists; a summary starts in the column after it.
	Column int
	// Interspersed lets flags follow the positional arguments.
	Interspersed bool
	// HelpWord makes "help" after a group's name show its help, as -h does.
	HelpWord bool
	// GroupHint ends a group's help with "PATH COMMAND -h shows a
	// command's flags".
	GroupHint bool
	// NameRoot names the program in the errors of the top level: "cellgate:
	// unknown command", where other commands' errors start with their name
	// below the program, "modem: unknown command".
	NameRoot bool
}

// Exec runs the command args name and returns its error. call runs a
// command's function with its positional arguments. Help goes to stdout
// when asked for and to stderr with a usage error; a group named without
// a command prints its help to stderr and returns flag.ErrHelp.
func (t *Table[R]) Exec(stdout, stderr io.Writer, args []string, call func(run R, args []string) error) error {
	return t.exec(t.Root, t.Root.Name, stdout, stderr, args, call)
}

// exec runs c, whose full name is path ("cellgate modem status"), with
// args: a subcommand if args name one, else c itself.
func (t *Table[R]) exec(c *Command[R], path string, stdout, stderr io.Writer, args []string, call func(R, []string) error) error {
	if len(args) > 0 {
		if s := c.Sub(args[0]); s != nil {
			return t.exec(s, path+" "+s.Name, stdout, stderr, args[1:], call)
		}
	}
	if c.Flags == nil {
		if len(args) == 0 {
			t.WriteHelp(stderr, c, path)
			return flag.ErrHelp
		}
		if isHelp(args[0]) || (t.HelpWord && args[0] == "help") {
			t.WriteHelp(stdout, c, path)
			return nil
		}
		t.WriteHelp(stderr, c, path)
		return Usagef("%sunknown command %q", t.prefix(path), args[0])
	}
	fs := NewFlagSet(path)
	run := c.Flags(fs)
	rest, err := t.parse(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		t.WriteHelp(stdout, c, path)
		return nil
	}
	if err != nil {
		t.writeUsageLine(stderr, c, path)
		return &UsageError{Err: fmt.Errorf("%s%w", t.prefix(path), err)}
	}
	err = call(run, rest)
	if IsUsage(err) {
		t.writeUsageLine(stderr, c, path)
	}
	return err
}

func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--help":
		return true
	}
	return false
}

// parse parses args into fs and returns the positional arguments.
func (t *Table[R]) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	if t.Interspersed {
		return ParseInterspersed(fs, args)
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	return fs.Args(), nil
}

// writeUsageLine prints the line that follows a usage error.
func (t *Table[R]) writeUsageLine(w io.Writer, c *Command[R], path string) {
	fmt.Fprintf(w, "usage: %s (%s -h for help)\n", t.Synopsis(c, path), path)
}

// prefix is how an error names the command at path: "config check: ",
// and for the program itself "" (its name comes before the error) unless
// NameRoot is set.
func (t *Table[R]) prefix(path string) string {
	name := strings.TrimPrefix(strings.TrimPrefix(path, t.Root.Name), " ")
	if name == "" {
		if !t.NameRoot {
			return ""
		}
		name = t.Root.Name
	}
	return name + ": "
}
