package main

import (
	"flag"
	"net/mail"

	"github.com/cellgate/cellgate/internal/cmdtable"
)

// What the commands below run once their flags are read; variables, so
// that tests can stand in for them.
var (
	runServer      = serve
	runDemo        = demo
	runAdminCreate = adminCreate
)

func runFlags(fs *flag.FlagSet) func(*env, []string) error {
	file := configFlag(fs, "the configuration `FILE` (default: the built-in defaults, as config example shows them)")
	return func(e *env, args []string) error {
		if len(args) > 0 {
			return cmdtable.Usagef("run: unexpected argument %q", args[0])
		}
		cfg, err := loadConfig(e, *file)
		if err != nil {
			return err
		}
		ctx, stop := commandContext()
		defer stop()
		return wrap("run", runServer(ctx, e, cfg))
	}
}

// demoOptions are the flags of "cellgate-server demo".
type demoOptions struct {
	Listen string // the address to serve on
	Dir    string // where the database and keys go
	Reset  bool   // start from an empty database
}

func demoFlags(fs *flag.FlagSet) func(*env, []string) error {
	var o demoOptions
	fs.StringVar(&o.Listen, "listen", "127.0.0.1:8080", "the loopback `ADDRESS` to serve on (port 0 picks a free one)")
	fs.StringVar(&o.Dir, "dir", "cellgate-server-demo", "the `DIRECTORY` for the demo's database and keys")
	fs.BoolVar(&o.Reset, "reset", false, "delete the demo's database and start afresh")
	return func(e *env, args []string) error {
		if len(args) > 0 {
			return cmdtable.Usagef("demo: unexpected argument %q", args[0])
		}
		ctx, stop := commandContext()
		defer stop()
		return wrap("demo", runDemo(ctx, e, o))
	}
}

// adminOptions are the flags of "cellgate-server admin create".
type adminOptions struct {
	Email string // a valid address, required
	Org   string // the organisation's name; "" for the default one
	Role  string // "admin" unless given
}

func adminCreateFlags(fs *flag.FlagSet) func(*env, []string) error {
	file := configFlag(fs, "the configuration `FILE`, for the database (default: the built-in defaults)")
	var o adminOptions
	fs.StringVar(&o.Email, "email", "", "the account's e-mail `ADDRESS`, its sign-in name (required)")
	fs.StringVar(&o.Org, "org", "", "the organisation's `NAME`, created if there is none of that name (default: \"default\")")
	fs.StringVar(&o.Role, "role", "admin", "the account's `ROLE`")
	return func(e *env, args []string) error {
		if len(args) > 0 {
			return cmdtable.Usagef("admin create: unexpected argument %q", args[0])
		}
		if o.Email == "" {
			return cmdtable.Usagef("admin create: no e-mail address; expected --email ADDRESS")
		}
		if a, err := mail.ParseAddress(o.Email); err != nil || a.Address != o.Email {
			return cmdtable.Usagef("admin create: %q is not an e-mail address; expected one such as ops@example.com", o.Email)
		}
		if o.Role == "" {
			return cmdtable.Usagef("admin create: no role; expected --role such as admin")
		}
		cfg, err := loadConfig(e, *file)
		if err != nil {
			return err
		}
		ctx, stop := commandContext()
		defer stop()
		return wrap("admin create", runAdminCreate(ctx, e, cfg, o))
	}
}

// wrap prefixes err with the command's name.
func wrap(cmd string, err error) error {
	if err == nil {
		return nil
	}
	return &cmdError{cmd: cmd, err: err}
}

type cmdError struct {
	cmd string
	err error
}

func (c *cmdError) Error() string { return c.cmd + ": " + c.err.Error() }
func (c *cmdError) Unwrap() error { return c.err }
