package main

import (
	"flag"
	"fmt"
	"strings"
)

// root is the command table; the usage and each command's help are made
// from it. A new command is one entry here.
var root *command

func init() {
	root = &command{name: "cellgate-server", subs: []*command{
		{name: "run", summary: "the server: the REST API on the configured address (SIGINT or SIGTERM stops it)", flags: runFlags},
		{name: "demo", summary: "a server on this host with sample data, for a first look", flags: demoFlags},
		{name: "admin", summary: "manage accounts", subs: []*command{
			{name: "create", summary: "create an administrator account", flags: adminCreateFlags},
		}},
		{name: "config", summary: "the configuration file", subs: []*command{
			{name: "check", summary: "read and check a configuration file; prints FILE: ok, or every problem with its line", help: configCheckHelp, flags: configCheckFlags},
			{name: "example", summary: "print a configuration with every key, its default and what it does", flags: noFlags(configExample)},
		}},
		{name: "version", summary: "the version this binary was built from", flags: noFlags(printVersion)},
		{name: "help", args: "[COMMAND...]", summary: "this text, or a command's help", flags: func(*flag.FlagSet) func(*env, []string) error { return runHelp }},
	}}
}

// noFlags is a command without flags or arguments.
func noFlags(f func(e *env) error) func(*flag.FlagSet) func(*env, []string) error {
	return func(*flag.FlagSet) func(*env, []string) error {
		return func(e *env, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q", args[0])
			}
			return f(e)
		}
	}
}

// runHelp implements "cellgate-server help [COMMAND...]".
func runHelp(e *env, args []string) error {
	c := root.find(args...)
	if c == nil {
		return usagef("help: no command %q", strings.Join(args, " "))
	}
	path := "cellgate-server"
	for _, a := range args {
		path += " " + a
	}
	c.writeHelp(e.stdout, path)
	return nil
}

func printVersion(e *env) error {
	_, err := fmt.Fprintf(e.stdout, "cellgate-server %s\n", version())
	return err
}
