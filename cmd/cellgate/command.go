package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// command is one entry of cellgate's command table: a name, a line of
// summary, and subcommands, or flags and what runs the command, or both
// ("at" runs itself and has "at decode"). The table generates the usage
// text, each command's help and the shell completion, so a command in the
// table cannot be missing from them.
type command struct {
	name    string
	args    string // what follows the flags in the synopsis, e.g. "[LINE...]"
	summary string // one line for the command list
	help    string // more text for "cellgate CMD -h"; optional
	// flags declares the command's flags on fs and returns the function
	// that runs it with the positional arguments once fs is parsed. Nil
	// for a group, which only holds subcommands.
	flags func(fs *flag.FlagSet) func(args []string) error
	subs  []*command
}

// sub returns the subcommand named name, or nil.
func (c *command) sub(name string) *command {
	for _, s := range c.subs {
		if s.name == name {
			return s
		}
	}
	return nil
}

// find returns the command at path below c, or nil.
func (c *command) find(path ...string) *command {
	for _, name := range path {
		if c = c.sub(name); c == nil {
			return nil
		}
	}
	return c
}

// exec runs c (whose full name is path, e.g. "cellgate modem status") with
// args: a subcommand if args name one, else c itself.
func (c *command) exec(path string, args []string) error {
	if len(args) > 0 {
		if s := c.sub(args[0]); s != nil {
			return s.exec(path+" "+s.name, args[1:])
		}
	}
	if c.flags == nil {
		if len(args) == 0 {
			c.writeHelp(stderr, path)
			return flag.ErrHelp
		}
		switch args[0] {
		case "help", "-h", "-help", "--help":
			c.writeHelp(stdout, path)
			return nil
		}
		c.writeHelp(stderr, path)
		return fmt.Errorf("%s: unknown command %q", strings.TrimPrefix(path, "cellgate "), args[0])
	}
	fs := newFlagSet(path)
	run := c.flags(fs)
	rest, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		c.writeHelp(stdout, path)
		return nil
	}
	if err != nil {
		fmt.Fprintf(stderr, "usage: %s (%s -h for help)\n", c.synopsis(path), path)
		return fmt.Errorf("%s: %w", strings.TrimPrefix(path, "cellgate "), err)
	}
	return run(rest)
}

// newFlagSet makes a flag set that reports nothing itself: exec reports
// parse errors and prints the help.
func newFlagSet(path string) *flag.FlagSet {
	fs := flag.NewFlagSet(path, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseInterspersed parses flags that may come before, between or after
// the positional arguments and returns the positional ones; everything
// after "--" is positional.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		left := fs.Args()
		if len(left) == 0 {
			return rest, nil
		}
		if n := len(args) - len(left); n > 0 && args[n-1] == "--" {
			return append(rest, left...), nil
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
}

// synopsis is the command's usage line: "cellgate modem status [flags]".
func (c *command) synopsis(path string) string {
	s := path
	switch {
	case c.flags == nil:
		s += " COMMAND"
	}
	if c.flags != nil && hasFlags(c) {
		s += " [flags]"
	}
	if c.args != "" {
		s += " " + c.args
	}
	return s
}

func hasFlags(c *command) bool {
	n := 0
	flagSet(c).VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// flagSet declares c's flags on a fresh set, for help and completion.
func flagSet(c *command) *flag.FlagSet {
	fs := newFlagSet(c.name)
	if c.flags != nil {
		c.flags(fs)
	}
	return fs
}

// writeHelp prints c's help: its synopsis, summary and text, its flags and
// the commands below it.
func (c *command) writeHelp(w io.Writer, path string) {
	if c == root {
		writeUsage(w)
		return
	}
	fmt.Fprintf(w, "usage: %s\n\n", c.synopsis(path))
	if c.summary != "" {
		writeWrapped(w, c.summary)
	}
	if c.help != "" {
		fmt.Fprintf(w, "\n%s", strings.TrimLeft(c.help, "\n"))
		if !strings.HasSuffix(c.help, "\n") {
			fmt.Fprintln(w)
		}
	}
	if c.flags != nil && hasFlags(c) {
		fmt.Fprintf(w, "\nflags:\n")
		writeFlags(w, flagSet(c))
	}
	if len(c.subs) > 0 {
		fmt.Fprintf(w, "\ncommands:\n")
		for _, s := range c.subs {
			writeCommands(w, path, s)
		}
		fmt.Fprintf(w, "\n%s COMMAND -h shows a command's flags\n", path)
	}
}

// writeUsage prints the usage of cellgate: every command in the table.
func writeUsage(w io.Writer) {
	fmt.Fprint(w, "cellgate — cellular IoT gateway\n\nusage:\n")
	for _, c := range root.subs {
		writeCommands(w, "cellgate", c)
	}
	fmt.Fprint(w, "\ncellgate COMMAND -h shows a command's flags and more; -v and --verbose are\nthe same flag, and so are -flag and --flag\n")
}

// writeCommands lists c and the commands below it, one entry for each that
// runs: its synopsis and its summary.
func writeCommands(w io.Writer, parent string, c *command) {
	path := parent + " " + c.name
	if c.flags != nil {
		writeEntry(w, "  "+c.synopsis(path), c.summary)
	}
	for _, s := range c.subs {
		writeCommands(w, path, s)
	}
}

// writeFlags lists the flags of fs, each once with its other names (flags
// that share one value: -v, --verbose).
func writeFlags(w io.Writer, fs *flag.FlagSet) {
	var order []flag.Value
	names := map[flag.Value][]string{}
	usage := map[flag.Value]*flag.Flag{}
	fs.VisitAll(func(f *flag.Flag) {
		if _, ok := names[f.Value]; !ok {
			order = append(order, f.Value)
			usage[f.Value] = f
		}
		names[f.Value] = append(names[f.Value], f.Name)
	})
	for _, v := range order {
		f := usage[v]
		arg, text := flag.UnquoteUsage(f)
		var spelled []string
		for _, n := range names[v] {
			spelled = append(spelled, dashed(n))
		}
		head := "  " + strings.Join(spelled, ", ")
		if arg != "" && !isBoolFlag(f) {
			head += " " + arg
		}
		if !isZeroDefault(f) {
			text += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		writeEntry(w, head, text)
	}
}

// dashed spells a flag as users type it: -v, --port.
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

func isZeroDefault(f *flag.Flag) bool {
	switch f.DefValue {
	case "", "0", "false", "0s":
		return true
	}
	return false
}

// writeEntry prints head with text beside it from column 26, wrapped at
// 79 columns; a long head puts the text on the lines below.
func writeEntry(w io.Writer, head, text string) {
	const indent, width = 25, 79
	line := head
	if len(head) >= indent {
		fmt.Fprintln(w, head)
		line = ""
	}
	line = fmt.Sprintf("%-*s", indent, line)
	n := 0
	for _, word := range strings.Fields(text) {
		if n > 0 && len(line)+1+len(word) > width {
			fmt.Fprintln(w, line)
			line, n = strings.Repeat(" ", indent), 0
		}
		if n > 0 {
			line += " "
		}
		line += word
		n++
	}
	fmt.Fprintln(w, line)
}

// writeWrapped prints text wrapped at 79 columns.
func writeWrapped(w io.Writer, text string) {
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len(line)+1+len(word) > 79 {
			fmt.Fprintln(w, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	fmt.Fprintln(w, line)
}
