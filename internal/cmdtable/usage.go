package cmdtable

import (
	"errors"
	"fmt"
)

// UsageError is a command line that does not say what to run: an unknown
// command, a bad flag, a missing argument. When the function that runs a
// command returns one, Table.Exec prints the command's usage line.
type UsageError struct{ Err error }

func (u *UsageError) Error() string { return u.Err.Error() }
func (u *UsageError) Unwrap() error { return u.Err }

// Usagef formats a UsageError.
func Usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// IsUsage reports whether err is or wraps a UsageError.
func IsUsage(err error) bool {
	var u *UsageError
	return errors.As(err, &u)
}
