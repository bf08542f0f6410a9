package modem

import (
	"errors"
	"fmt"
	"strconv"
)

// Handlers end with nil (OK) or one of the errors below, which the port turns
// into the final result code.

// cmeError is a +CME ERROR (3GPP TS 27.007 9.2); AT+CMEE chooses how it is
// shown.
type cmeError int

func (e cmeError) Error() string { return "+CME ERROR: " + strconv.Itoa(int(e)) }

// The +CME ERROR codes the simulator gives.
const (
	cmeNotAllowed        cmeError = 3
	cmeNotSupported      cmeError = 4
	cmeSIMNotInserted    cmeError = 10
	cmeSIMPINRequired    cmeError = 11
	cmeSIMPUKRequired    cmeError = 12
	cmeSIMFailure        cmeError = 13
	cmeIncorrectPassword cmeError = 16
	cmeMemoryFull        cmeError = 20
	cmeInvalidIndex      cmeError = 21
	cmeNotFound          cmeError = 22
	cmeNoNetwork         cmeError = 30
	cmeNetworkNotAllowed cmeError = 32
	cmeIncorrectParams   cmeError = 50
	cmeAborted           cmeError = 52
	cmeUnknown           cmeError = 100
	cmeNotSubscribed     cmeError = 133 // 27.007 9.2.2: #33 requested service option not subscribed
	cmeGPRSUnspecified   cmeError = 148
)

// cmeText is the verbose form of the codes (27.007 9.2.1 and 9.2.2; the
// guide's transcripts use the same wording).
var cmeText = map[cmeError]string{
	cmeNotAllowed:        "operation not allowed",
	cmeNotSupported:      "operation not supported",
	cmeSIMNotInserted:    "SIM not inserted",
	cmeSIMPINRequired:    "SIM PIN required",
	cmeSIMPUKRequired:    "SIM PUK required",
	cmeSIMFailure:        "SIM failure",
	cmeIncorrectPassword: "incorrect password",
	cmeMemoryFull:        "memory full",
	cmeInvalidIndex:      "invalid index",
	cmeNotFound:          "not found",
	cmeNoNetwork:         "no network service",
	cmeNetworkNotAllowed: "network not allowed - emergency calls only",
	cmeIncorrectParams:   "incorrect parameters",
	cmeAborted:           "command aborted by user",
	cmeUnknown:           "unknown",
	cmeGPRSUnspecified:   "unspecified GPRS error",
	// 27.007 9.2.2: the failures to activate a context, each with the
	// 24.008 cause it carries.
	126: "insufficient resources",
	127: "missing or unknown APN",
	128: "unknown PDP address or PDP type",
	129: "user authentication failed",
	130: "activation rejected by GGSN, Serving GW or PDN GW",
	131: "activation rejected, unspecified",
	132: "service option not supported",
	133: "requested service option not subscribed",
	134: "service option temporarily out of order",
	135: "NSAPI already used",
	136: "regular deactivation",
	137: "QoS not accepted",
	177: "operator determined barring",
}

// pdpRejectError gives the +CME ERROR of 27.007 9.2.2 that carries the SM
// cause (24.008 10.5.6.6) an activation was rejected with: #26 to #37 are
// 126 to 137 (#27 missing or unknown APN is 127, #29 user authentication
// failed 129, #33 requested service option not subscribed 133), #8
// operator determined barring is 177, and any other cause is 148,
// unspecified GPRS error.
func pdpRejectError(cause int) cmeError {
	switch {
	case cause >= 26 && cause <= 37:
		return cmeError(100 + cause)
	case cause == 8:
		return 177
	}
	return cmeGPRSUnspecified
}

// cmsError is a +CMS ERROR (3GPP TS 27.005 3.2.5), always shown as a number.
type cmsError int

func (e cmsError) Error() string { return "+CMS ERROR: " + strconv.Itoa(int(e)) }

// The +CMS ERROR codes the simulator gives.
const (
	cmsOperationNotAllowed cmsError = 302
	cmsInvalidPDU          cmsError = 304
	cmsInvalidText         cmsError = 305
	cmsInvalidIndex        cmsError = 321
	cmsMemoryFull          cmsError = 322
	cmsNoNetwork           cmsError = 331
	cmsNoCNMAExpected      cmsError = 340
	cmsUnknown             cmsError = 500
)

// finalCode is a final result code other than OK and ERROR, e.g. NO CARRIER.
type finalCode string

func (f finalCode) Error() string { return string(f) }

const noCarrier finalCode = "NO CARRIER"

// connect ends a command with CONNECT [<rate>] and puts the line in data mode.
type connect string

func (c connect) Error() string { return string(c) }

var (
	// errSyntax is the plain ERROR of a malformed command or parameter
	// (guide 3.1.2: AT+IPR=9800 and AT+IPR=ABCD both give ERROR).
	errSyntax = errors.New("ERROR")
	// errAborted: an abortive command was interrupted by a character.
	errAborted = errors.New("aborted")
	// errPowerCycle: the module was reset while the command ran; it ends
	// without a result.
	errPowerCycle = errors.New("power cycle")
	// errGone: the port closed while the command ran.
	errGone = errors.New("port closed")
	// errNoResult: the command's information text is all it says (BC95
	// AT+NRB answers REBOOTING and restarts).
	errNoResult = errors.New("no final result")
)

// numeric result codes of V.250 (ATV0).
var numericCode = map[string]string{
	"OK": "0", "CONNECT": "1", "RING": "2", "NO CARRIER": "3", "ERROR": "4",
	"NO DIALTONE": "6", "BUSY": "7", "NO ANSWER": "8",
}

// resultText gives the final result line for err under AT+CMEE mode cmee.
func resultText(err error, cmee int) string {
	var (
		cme cmeError
		cms cmsError
		fc  finalCode
		cn  connect
	)
	switch {
	case err == nil:
		return "OK"
	case errors.As(err, &cme):
		switch cmee {
		case 1:
			return fmt.Sprintf("+CME ERROR: %d", int(cme))
		case 2:
			if t, ok := cmeText[cme]; ok {
				return "+CME ERROR: " + t
			}
			return fmt.Sprintf("+CME ERROR: %d", int(cme))
		}
		return "ERROR"
	case errors.As(err, &cms):
		return fmt.Sprintf("+CMS ERROR: %d", int(cms))
	case errors.As(err, &fc):
		return string(fc)
	case errors.As(err, &cn):
		return string(cn)
	}
	return "ERROR"
}
