package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/cellgate/cellgate/internal/config"
)

// stderr receives warnings; tests replace it.
var stderr io.Writer = os.Stderr

// secretFlag is a secret given on the command line as --NAME VALUE, which
// every user of the host can read in the process list (/proc/PID/cmdline),
// or as --NAME-file FILE, read by the rules of the configuration's
// {file: PATH} secrets.
type secretFlag struct {
	name        string
	value, file *string
}

func newSecretFlag(fs *flag.FlagSet, name, usage string) *secretFlag {
	return &secretFlag{
		name:  name,
		value: fs.String(name, "", usage+" (visible to other users in the process list; for bench use, prefer --"+name+"-file)"),
		file:  fs.String(name+"-file", "", "read the "+usage+" from `FILE` (mode 600)"),
	}
}

// get gives the secret after the flags are parsed, warning on stderr of a
// value other users can read.
func (s *secretFlag) get() (string, error) {
	switch {
	case *s.value != "" && *s.file != "":
		return "", fmt.Errorf("--%s or --%s-file, not both", s.name, s.name)
	case *s.value != "":
		fmt.Fprintf(stderr, "cellgate: warning: --%s is visible to every user of this host in the process list (/proc/PID/cmdline); use --%s-file FILE\n", s.name, s.name)
		return *s.value, nil
	case *s.file != "":
		v, warning, err := config.ReadSecretFile(*s.file)
		if err != nil {
			return "", fmt.Errorf("--%s-file: %w", s.name, err)
		}
		if warning != "" {
			fmt.Fprintf(stderr, "cellgate: warning: --%s-file: %s\n", s.name, warning)
		}
		return v, nil
	}
	return "", nil
}
