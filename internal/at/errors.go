package at

import (
	"errors"

	"github.com/cellgate/cellgate/internal/atresult"
)

// Engine sentinels: conditions of the link, not answers of the modem.
var (
	// ErrTimeout: the modem sent no final result within the command's timeout.
	ErrTimeout = errors.New("at: timeout waiting for final result")
	// ErrClosed: the engine was closed.
	ErrClosed = errors.New("at: engine closed")
	// ErrUnavailable: the modem is deemed absent (guide 1.2.3 step 5); the
	// engine is reopening the port and re-probing.
	ErrUnavailable = errors.New("at: modem unavailable")
	// ErrAborted: an abortive command was aborted by a later command.
	ErrAborted = errors.New("at: command aborted")
	// ErrRestarted: the modem restarted (^SYSSTART, RDY) while the command
	// ran; it will never answer it.
	ErrRestarted = errors.New("at: modem restarted during the command")
	// ErrQueueFull: too many commands are waiting.
	ErrQueueFull = errors.New("at: command queue full")
	// ErrResponseTooLarge: the response exceeded the engine's bounds; the lines
	// kept are returned with it.
	ErrResponseTooLarge = errors.New("at: response too large")
	// ErrNoPrompt: the command was given a payload but the modem answered
	// without the "> " prompt.
	ErrNoPrompt = errors.New("at: modem did not prompt for data")
)

// The modem's failing answers are atresult's: the engine returns them as
// they are, and these names keep them at hand for its callers.
type (
	// CMEError is a "+CME ERROR: <err>" final result (3GPP TS 27.007 9.2).
	CMEError = atresult.CMEError
	// CMSError is a "+CMS ERROR: <err>" final result (3GPP TS 27.005 3.2.5).
	CMSError = atresult.CMSError
	// ResultError is any other failing final result (ERROR, NO CARRIER, ...).
	ResultError = atresult.ResultError
	// Final is a recognised final result code.
	Final = atresult.Final
)

// ErrError is the plain "ERROR" final result, for errors.Is.
var ErrError = atresult.ErrError

// ParseFinal reports whether line is a final result code and which
// (atresult.ParseFinal).
func ParseFinal(line string) (Final, bool) { return atresult.ParseFinal(line) }

// CMEMeaning returns the 27.007 meaning of a +CME ERROR code.
func CMEMeaning(code int) (string, bool) { return atresult.CMEMeaning(code) }

// CMSMeaning returns the 27.005 meaning of a +CMS ERROR code.
func CMSMeaning(code int) (string, bool) { return atresult.CMSMeaning(code) }
