package main

import (
	"flag"
	"fmt"
)

// subcommand runs the command args[0] names from cmds. Without a name it
// prints usage and returns flag.ErrHelp; "help" prints usage; an unknown
// name prints usage and fails naming it.
func subcommand(group, usage string, args []string, cmds map[string]func(args []string) error) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return flag.ErrHelp
	}
	if run, ok := cmds[args[0]]; ok {
		return run(args[1:])
	}
	fmt.Fprint(stdout, usage)
	switch args[0] {
	case "help", "-h", "--help":
		return nil
	}
	return fmt.Errorf("%s: unknown command %q", group, args[0])
}
