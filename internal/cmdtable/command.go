// Package cmdtable runs a program's commands from a table. Each command
// has a name and a line of summary, and subcommands, or flags and what
// runs it, or both. The table makes the usage text, every command's help
// and, for a program that offers it, a bash completion script, so a
// command in the table cannot be missing from them.
//
// The package uses the standard library only: it goes into small
// binaries.
package cmdtable

import (
	"flag"
	"io"
)

// Command is one entry of a command table. R is the type of the function
// that runs a command, e.g. func(args []string) error, or one that also
// takes where the command writes; Table.Exec calls it through the function
// it is given.
type Command[R any] struct {
	Name    string
	Args    string // what follows the flags in the synopsis, e.g. "[LINE...]"
	Summary string // one line for the command list
	Help    string // more text for "PROGRAM CMD -h"; optional
	// Flags declares the command's flags on fs and returns what runs it
	// with the positional arguments once fs is parsed. Nil for a group,
	// which only holds subcommands.
	Flags func(fs *flag.FlagSet) R
	Subs  []*Command[R]
}

// Sub returns the subcommand named name, or nil.
func (c *Command[R]) Sub(name string) *Command[R] {
	for _, s := range c.Subs {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Find returns the command at path below c, or nil.
func (c *Command[R]) Find(path ...string) *Command[R] {
	for _, name := range path {
		if c = c.Sub(name); c == nil {
			return nil
		}
	}
	return c
}

// FlagSet declares c's flags on a fresh set, for help and completion.
func (c *Command[R]) FlagSet() *flag.FlagSet {
	fs := NewFlagSet(c.Name)
	if c.Flags != nil {
		c.Flags(fs)
	}
	return fs
}

// hasFlags reports whether c declares any flag.
func (c *Command[R]) hasFlags() bool {
	n := 0
	c.FlagSet().VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// NewFlagSet makes a flag set that reports nothing itself: Table.Exec
// reports parse errors and prints the help.
func NewFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}
