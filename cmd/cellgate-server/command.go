package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// command is one entry of the command table: a name and a line of
// summary, and either subcommands or flags and what runs the command. The
// table makes the usage text and every command's help, so a command in
// the table cannot be missing from them.
type command struct {
	name    string
	args    string // what follows the flags in the synopsis, e.g. "FILE"
	summary string // one line for the command list
	help    string // more text for "cellgate-server CMD -h"; optional
	// flags declares the command's flags on fs and returns what runs it
	// with the positional arguments once fs is parsed. Nil for a group,
	// which only holds subcommands.
	flags func(fs *flag.FlagSet) func(e *env, args []string) error
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

// exec runs c, whose full name is path ("cellgate-server config check"),
// with args: the subcommand args name, or c itself.
func (c *command) exec(e *env, path string, args []string) error {
	if c.flags == nil {
		if len(args) == 0 {
			c.writeHelp(e.stderr, path)
			return flag.ErrHelp
		}
		if s := c.sub(args[0]); s != nil {
			return s.exec(e, path+" "+s.name, args[1:])
		}
		switch args[0] {
		case "-h", "-help", "--help":
			c.writeHelp(e.stdout, path)
			return nil
		}
		c.writeHelp(e.stderr, path)
		return usagef("%sunknown command %q", prefix(path), args[0])
	}
	fs := newFlagSet(path)
	runIt := c.flags(fs)
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		c.writeHelp(e.stdout, path)
		return nil
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "usage: %s (%s -h for help)\n", c.synopsis(path), path)
		return usagef("%s%v", prefix(path), err)
	}
	err = runIt(e, fs.Args())
	if _, ok := errors.AsType[*usageError](err); ok {
		fmt.Fprintf(e.stderr, "usage: %s (%s -h for help)\n", c.synopsis(path), path)
	}
	return err
}

// prefix is how an error names the command at path: "config check: ",
// and "" for the program itself (whose name the error is printed after).
func prefix(path string) string {
	name := strings.TrimPrefix(strings.TrimPrefix(path, root.name), " ")
	if name == "" {
		return ""
	}
	return name + ": "
}

// newFlagSet makes a flag set that reports nothing itself: exec reports
// parse errors and prints the help.
func newFlagSet(path string) *flag.FlagSet {
	fs := flag.NewFlagSet(path, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// flagSet declares c's flags on a fresh set, for the help.
func (c *command) flagSet() *flag.FlagSet {
	fs := newFlagSet(c.name)
	if c.flags != nil {
		c.flags(fs)
	}
	return fs
}

// synopsis is the command's usage line: "cellgate-server config check -c
// FILE". Flags without a default that the help calls "(required)" are
// shown; the others are summed up as [flags].
func (c *command) synopsis(path string) string {
	s := path
	if c.flags == nil {
		return s + " COMMAND"
	}
	optional := false
	c.flagSet().VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		if strings.HasSuffix(usage, "(required)") {
			s += " " + dashed(f.Name) + " " + name
		} else {
			optional = true
		}
	})
	if optional {
		s += " [flags]"
	}
	if c.args != "" {
		s += " " + c.args
	}
	return s
}

// dashed spells a flag as users type it: -c, --email (the flag package
// reads both spellings of either).
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// writeHelp prints c's help: synopsis, summary, text, flags and the
// commands below it.
func (c *command) writeHelp(w io.Writer, path string) {
	if c == root {
		writeUsage(w)
		return
	}
	fmt.Fprintf(w, "usage: %s\n\n", c.synopsis(path))
	writeIndented(w, "", c.summary, 0)
	if c.help != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(c.help))
	}
	fs := c.flagSet()
	first := true
	fs.VisitAll(func(f *flag.Flag) {
		if first {
			fmt.Fprintf(w, "\nflags:\n")
			first = false
		}
		name, usage := flag.UnquoteUsage(f)
		head := "  " + dashed(f.Name)
		if name != "" {
			head += " " + name
		}
		if f.DefValue != "" && f.DefValue != "false" {
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		writeEntry(w, head, usage)
	})
	if len(c.subs) > 0 {
		fmt.Fprintf(w, "\ncommands:\n")
		for _, s := range c.subs {
			writeCommands(w, path, s)
		}
	}
}

// writeUsage prints every command in the table.
func writeUsage(w io.Writer) {
	fmt.Fprint(w, "cellgate-server — cellgate's fleet platform: SIM and endpoint inventory, REST API\n\nusage:\n")
	for _, c := range root.subs {
		writeCommands(w, "cellgate-server", c)
	}
	fmt.Fprint(w, "\ncellgate-server COMMAND -h shows a command's flags\n")
}

// writeCommands lists c and the commands below it that run, each with its
// synopsis and summary.
func writeCommands(w io.Writer, parent string, c *command) {
	path := parent + " " + c.name
	if c.flags != nil {
		writeEntry(w, "  "+c.synopsis(path), c.summary)
	}
	for _, s := range c.subs {
		writeCommands(w, path, s)
	}
}

// writeEntry prints head with text beside it from column 33, wrapped at
// 79 columns; a long head puts the text on the lines below.
func writeEntry(w io.Writer, head, text string) { writeIndented(w, head, text, 32) }

// writeIndented prints head with text beside it from column indent+1,
// wrapped at 79 columns.
func writeIndented(w io.Writer, head, text string, indent int) {
	const width = 79
	line := head
	if head != "" && len(head) >= indent {
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
