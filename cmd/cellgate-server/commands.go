package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/cellgate/cellgate/internal/cmdtable"
)

// runFunc runs a command with its positional arguments.
type runFunc = func(e *env, args []string) error

// command is one entry of the command table: a name and a line of
// summary, and either subcommands or flags and what runs the command.
type command = cmdtable.Command[runFunc]

// root is the command table, and table holds it with how the program
// presents it; the usage and each command's help are made from it. A new
// command is one entry here.
var (
	root  *command
	table *cmdtable.Table[runFunc]
)

func init() {
	root = &command{Name: "cellgate-server", Summary: rootSummary, Help: rootHelp, Subs: []*command{
		{Name: "run", Summary: "the server: the REST API on the configured address (SIGINT or SIGTERM stops it)", Flags: runFlags},
		{Name: "demo", Summary: "a server on this host with sample data, for a first look", Flags: demoFlags},
		{Name: "admin", Summary: "manage accounts", Subs: []*command{
			{Name: "create", Summary: "create an administrator account", Flags: adminCreateFlags},
		}},
		{Name: "config", Summary: "the configuration file", Subs: []*command{
			{Name: "check", Summary: "read and check a configuration file; prints FILE: ok, or every problem with its line", Help: configCheckHelp, Flags: configCheckFlags},
			{Name: "example", Summary: "print a configuration with every key, its default and what it does", Flags: noFlags(configExample)},
		}},
		{Name: "version", Summary: "the version this binary was built from", Flags: noFlags(printVersion)},
		{Name: "help", Args: "[COMMAND...]", Summary: "this text, or a command's help", Flags: func(*flag.FlagSet) runFunc { return runHelp }},
	}}
	table = &cmdtable.Table[runFunc]{Root: root, Column: 32}
}

// rootSummary and rootHelp begin and end the usage text.
const (
	rootSummary = "cellgate's fleet platform: SIM and endpoint inventory, REST API"
	rootHelp    = "cellgate-server COMMAND -h shows a command's flags\n"
)

// noFlags is a command without flags or arguments.
func noFlags(f func(e *env) error) func(*flag.FlagSet) runFunc {
	return func(*flag.FlagSet) runFunc {
		return func(e *env, args []string) error {
			if len(args) > 0 {
				return cmdtable.Usagef("unexpected argument %q", args[0])
			}
			return f(e)
		}
	}
}

// runHelp implements "cellgate-server help [COMMAND...]".
func runHelp(e *env, args []string) error {
	c := root.Find(args...)
	if c == nil {
		return cmdtable.Usagef("help: no command %q", strings.Join(args, " "))
	}
	path := "cellgate-server"
	for _, a := range args {
		path += " " + a
	}
	table.WriteHelp(e.stdout, c, path)
	return nil
}

func printVersion(e *env) error {
	_, err := fmt.Fprintf(e.stdout, "cellgate-server %s\n", version())
	return err
}
