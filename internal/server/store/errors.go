package store

import (
	"errors"
	"fmt"
)

// Kind says what went wrong, so the API can choose the HTTP status.
type Kind int

// The error kinds.
const (
	KindInvalid  Kind = iota + 1 // the request is malformed for this object (422)
	KindNotFound                 // no such object in the organisation (404)
	KindConflict                 // the object's state or a unique value refuses it (409)
)

// Error is a refusal the caller can act on: Field names the JSON field
// (or "" for the object as a whole), Code is stable for programs, Msg is
// for people and never holds a secret.
type Error struct {
	Kind  Kind
	Code  string
	Field string
	Msg   string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Msg
	}
	return e.Msg
}

// Is lets errors.Is match any *Error of the same Kind and Code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind && (t.Code == "" || t.Code == e.Code)
}

// ErrNotFound matches every not-found error.
var ErrNotFound = &Error{Kind: KindNotFound}

// ErrConflict matches every conflict.
var ErrConflict = &Error{Kind: KindConflict}

// ErrInvalid matches every invalid request.
var ErrInvalid = &Error{Kind: KindInvalid}

// NotFound says that the object does not exist (in this organisation).
func NotFound(what string, id any) *Error {
	return &Error{Kind: KindNotFound, Code: "not_found", Msg: fmt.Sprintf("%s %v does not exist", what, id)}
}

// Invalid says that field's value is refused.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Code: "invalid", Field: field, Msg: fmt.Sprintf(format, args...)}
}

// Conflict says that the current state refuses the change; code is stable.
func Conflict(code, field, format string, args ...any) *Error {
	return &Error{Kind: KindConflict, Code: code, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// AsError returns err's *Error, if it has one.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// TransitionError is a SIM status change the life cycle refuses.
func TransitionError(from, to SIMStatus) *Error {
	allowed := ""
	for i, t := range from.Transitions() {
		if i > 0 {
			allowed += ", "
		}
		allowed += fmt.Sprintf("%d (%s)", int(t), t)
	}
	if allowed == "" {
		allowed = "none"
	}
	return Conflict("illegal_transition", "status",
		"a SIM cannot go from %s to %s; from %s it may go to %s", from, to, from, allowed)
}

// ErrClaimLost says that a delivery's lease ran out and another claim
// holds it now.
var ErrClaimLost = errors.New("the delivery's claim ran out; another worker holds it")
