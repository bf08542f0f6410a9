package main

import (
	"errors"
	"flag"
	"fmt"

	"github.com/cellgate/cellgate/internal/cmdtable"
	"github.com/cellgate/cellgate/internal/server/config"
)

// configCheckHelp is the text of "cellgate-server config check -h".
const configCheckHelp = `
Every problem is listed with its line, column and field; the TLS
certificate and key and the database URL's file are read. The exit status
is 0 for a valid file and 1 otherwise.

example: cellgate-server config example > server.yaml && cellgate-server config check -c server.yaml
`

// configFlag declares -c on fs: the configuration file.
func configFlag(fs *flag.FlagSet, usage string) *string {
	return fs.String("c", "", usage)
}

func configCheckFlags(fs *flag.FlagSet) func(*env, []string) error {
	file := configFlag(fs, "the configuration `FILE` (required)")
	return func(e *env, args []string) error {
		if len(args) > 0 {
			return cmdtable.Usagef("config check: unexpected argument %q; expected -c FILE", args[0])
		}
		if *file == "" {
			return cmdtable.Usagef("config check: no file; expected -c FILE")
		}
		if _, err := loadConfig(e, *file); err != nil {
			return err
		}
		_, err := fmt.Fprintf(e.stdout, "%s: ok\n", *file)
		return err
	}
}

// loadConfig reads the configuration file, or returns the defaults when
// file is "". Its problems are printed, one a line.
func loadConfig(e *env, file string) (*config.Config, error) {
	if file == "" {
		return config.Default(), nil
	}
	c, err := config.Load(file)
	if err != nil {
		var list config.ErrorList
		if !errors.As(err, &list) {
			return nil, err
		}
		for _, p := range list {
			fmt.Fprintln(e.stderr, p)
		}
		if len(list) > 1 {
			fmt.Fprintf(e.stderr, "%s: %d problems\n", file, len(list))
		}
		return nil, errSilent
	}
	return c, nil
}

func configExample(e *env) error {
	_, err := fmt.Fprint(e.stdout, config.Example())
	return err
}
