package config

import (
	"fmt"
	"io/fs"
)

// checker completes and validates a decoded Config, reporting problems at
// the place each field was written (the decoder's errorf).
type checker struct {
	*decoder
	warns ErrorList
	// mode is the configuration file's permissions; haveMode is false
	// when the configuration was not read from a file (Parse).
	mode     fs.FileMode
	haveMode bool
}

// warnf reports something accepted but unsafe about the field at path,
// placed like errorf's problems.
func (k *checker) warnf(path, format string, args ...any) {
	k.warns = append(k.warns, k.at(path, fmt.Sprintf(format, args...)))
}
