package bertlv

import (
	"errors"
	"fmt"
)

// Kinds of decoding errors; a *SyntaxError unwraps to one of them.
var (
	// ErrTruncated marks input that ends inside a tag, a length or a value.
	ErrTruncated = errors.New("truncated")
	// ErrIndefiniteLength marks the BER indefinite length form (0x80).
	ErrIndefiniteLength = errors.New("indefinite length")
	// ErrLengthTooLong marks a length of more than four octets.
	ErrLengthTooLong = errors.New("length too long")
	// ErrBadTag marks a tag that is not minimally encoded or whose number
	// exceeds 2^31-1.
	ErrBadTag = errors.New("bad tag")
	// ErrTooDeep marks nesting deeper than MaxDepth.
	ErrTooDeep = errors.New("nesting too deep")
	// ErrTrailing marks bytes left after the single element expected.
	ErrTrailing = errors.New("trailing bytes")
	// ErrBadValue marks a value that does not fit its ASN.1 type.
	ErrBadValue = errors.New("bad value")
)

// SyntaxError describes malformed input: Offset is the byte offset in the
// input given to Parse, ParseOne, ParseSingle or ReadHeader.
type SyntaxError struct {
	Offset int
	Kind   error
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("bertlv: offset %d: %s", e.Offset, e.Msg)
}

// Unwrap returns the kind of the error, one of the Err variables.
func (e *SyntaxError) Unwrap() error { return e.Kind }

func syntaxErr(off int, kind error, format string, args ...any) error {
	return &SyntaxError{Offset: off, Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// valueErr reports a value that does not fit the type asked of it.
func valueErr(t Tag, format string, args ...any) error {
	return fmt.Errorf("bertlv: tag %s: %s: %w", t, fmt.Sprintf(format, args...), ErrBadValue)
}
