package cmdtable

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// width is the column that help text is wrapped at.
const width = 79

// Synopsis is the usage line of c, whose full name is path: "cellgate
// modem status [flags]". Flags whose usage ends in "(required)" are shown
// with their argument; the others are summed up as [flags].
func (t *Table[R]) Synopsis(c *Command[R], path string) string {
	s := path
	if c.Flags == nil {
		s += " COMMAND"
	} else {
		optional := false
		c.FlagSet().VisitAll(func(f *flag.Flag) {
			arg, usage := flag.UnquoteUsage(f)
			if strings.HasSuffix(usage, "(required)") {
				s += " " + dashed(f.Name) + " " + arg
			} else {
				optional = true
			}
		})
		if optional {
			s += " [flags]"
		}
	}
	if c.Args != "" {
		s += " " + c.Args
	}
	return s
}

// WriteHelp prints the help of c, whose full name is path: its synopsis,
// summary and text, its flags and the commands below it. The root's help
// is the usage text.
func (t *Table[R]) WriteHelp(w io.Writer, c *Command[R], path string) {
	if c == t.Root {
		t.WriteUsage(w)
		return
	}
	fmt.Fprintf(w, "usage: %s\n\n", t.Synopsis(c, path))
	if c.Summary != "" {
		writeEntry(w, "", c.Summary, 0)
	}
	if c.Help != "" {
		fmt.Fprintf(w, "\n%s", strings.TrimLeft(c.Help, "\n"))
		if !strings.HasSuffix(c.Help, "\n") {
			fmt.Fprintln(w)
		}
	}
	if c.Flags != nil && c.hasFlags() {
		fmt.Fprintf(w, "\nflags:\n")
		t.writeFlags(w, c.FlagSet())
	}
	if len(c.Subs) > 0 {
		fmt.Fprintf(w, "\ncommands:\n")
		for _, s := range c.Subs {
			t.writeCommands(w, path, s)
		}
		if t.GroupHint {
			fmt.Fprintf(w, "\n%s COMMAND -h shows a command's flags\n", path)
		}
	}
}

// WriteUsage prints the program's usage: its name and summary, every
// command in the table, and the root's help text.
func (t *Table[R]) WriteUsage(w io.Writer) {
	fmt.Fprintf(w, "%s — %s\n\nusage:\n", t.Root.Name, t.Root.Summary)
	for _, c := range t.Root.Subs {
		t.writeCommands(w, t.Root.Name, c)
	}
	if t.Root.Help != "" {
		fmt.Fprintf(w, "\n%s", t.Root.Help)
	}
}

// writeCommands lists c and the commands below it, one entry for each that
// runs: its synopsis and its summary.
func (t *Table[R]) writeCommands(w io.Writer, parent string, c *Command[R]) {
	path := parent + " " + c.Name
	if c.Flags != nil {
		writeEntry(w, "  "+t.Synopsis(c, path), c.Summary, t.Column)
	}
	for _, s := range c.Subs {
		t.writeCommands(w, path, s)
	}
}

// writeFlags lists the flags of fs, each once with its other names (flags
// that share one value: -v, --verbose).
func (t *Table[R]) writeFlags(w io.Writer, fs *flag.FlagSet) {
	var order []flag.Value
	names := map[flag.Value][]string{}
	first := map[flag.Value]*flag.Flag{}
	fs.VisitAll(func(f *flag.Flag) {
		if _, ok := names[f.Value]; !ok {
			order = append(order, f.Value)
			first[f.Value] = f
		}
		names[f.Value] = append(names[f.Value], f.Name)
	})
	for _, v := range order {
		f := first[v]
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
		writeEntry(w, head, text, t.Column)
	}
}

// dashed spells a flag as users type it: -v, --port (the flag package
// reads both spellings of either).
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

// writeEntry prints head with text beside it from column indent+1,
// wrapped at width; a head as wide as indent puts the text on the lines
// below. With no head, text is wrapped from the first column.
func writeEntry(w io.Writer, head, text string, indent int) {
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
