package atresult

import (
	"fmt"
	"strconv"
	"strings"
)

// CMEError is a "+CME ERROR: <err>" final result (3GPP TS 27.007 9.2).
// Code is -1 when the modem sent a text the table does not know.
type CMEError struct {
	Code int
	Text string // the modem's text, or the standard meaning of Code
}

func (e *CMEError) Error() string {
	if e.Code < 0 {
		return "+CME ERROR: " + e.Text
	}
	return fmt.Sprintf("+CME ERROR: %d (%s)", e.Code, e.Text)
}

// Is reports whether target is a CMEError with the same code, so that
// errors.Is(err, &atresult.CMEError{Code: 11}) tests for "SIM PIN required".
func (e *CMEError) Is(target error) bool {
	t, ok := target.(*CMEError)
	return ok && t.Code == e.Code && (e.Code >= 0 || strings.EqualFold(t.Text, e.Text))
}

// CMSError is a "+CMS ERROR: <err>" final result (3GPP TS 27.005 3.2.5).
type CMSError struct {
	Code int
	Text string
}

func (e *CMSError) Error() string {
	if e.Code < 0 {
		return "+CMS ERROR: " + e.Text
	}
	return fmt.Sprintf("+CMS ERROR: %d (%s)", e.Code, e.Text)
}

// Is compares by code, as CMEError.Is does.
func (e *CMSError) Is(target error) bool {
	t, ok := target.(*CMSError)
	return ok && t.Code == e.Code && (e.Code >= 0 || strings.EqualFold(t.Text, e.Text))
}

// ResultError is any other failing final result: ERROR, NO CARRIER, BUSY,
// NO ANSWER, NO DIALTONE, ABORTED, COMMAND NOT SUPPORT, TOO MANY PARAMETERS.
type ResultError struct {
	Result string
}

func (e *ResultError) Error() string { return "at: " + e.Result }

// Is compares by result text.
func (e *ResultError) Is(target error) bool {
	t, ok := target.(*ResultError)
	return ok && t.Result == e.Result
}

// ErrError is the plain "ERROR" final result, for errors.Is.
var ErrError error = &ResultError{Result: "ERROR"}

// newCMEError builds a CMEError from the text after "+CME ERROR:".
func newCMEError(arg string) *CMEError {
	code, text := lookup(arg, cmeMeaning)
	return &CMEError{Code: code, Text: text}
}

func newCMSError(arg string) *CMSError {
	code, text := lookup(arg, cmsMeaning)
	return &CMSError{Code: code, Text: text}
}

// lookup turns "<n>" or "<text>" into a code and a meaning using table.
func lookup(arg string, table map[int]string) (int, string) {
	arg = strings.TrimSpace(arg)
	if n, err := strconv.Atoi(arg); err == nil {
		if m, ok := table[n]; ok {
			return n, m
		}
		return n, "unknown error " + arg
	}
	for code, m := range table {
		if strings.EqualFold(m, arg) {
			return code, arg
		}
	}
	return -1, arg
}

// CMEMeaning returns the 27.007 meaning of a +CME ERROR code.
func CMEMeaning(code int) (string, bool) { m, ok := cmeMeaning[code]; return m, ok }

// CMSMeaning returns the 27.005 meaning of a +CMS ERROR code.
func CMSMeaning(code int) (string, bool) { m, ok := cmsMeaning[code]; return m, ok }

// cmeMeaning is 3GPP TS 27.007 9.2.1 and 9.2.2 (the Quectel CMDMP note's
// table 1 is a subset). The GPRS codes from 103 carry the 24.008 cause plus
// 100 (133 is cause #33).
var cmeMeaning = map[int]string{
	0: "phone failure", 1: "no connection to phone", 2: "phone-adaptor link reserved",
	3: "operation not allowed", 4: "operation not supported", 5: "PH-SIM PIN required",
	6: "PH-FSIM PIN required", 7: "PH-FSIM PUK required", 10: "SIM not inserted",
	11: "SIM PIN required", 12: "SIM PUK required", 13: "SIM failure", 14: "SIM busy",
	15: "SIM wrong", 16: "incorrect password", 17: "SIM PIN2 required", 18: "SIM PUK2 required",
	20: "memory full", 21: "invalid index", 22: "not found", 23: "memory failure",
	24: "text string too long", 25: "invalid characters in text string",
	26: "dial string too long", 27: "invalid characters in dial string",
	30: "no network service", 31: "network timeout",
	32: "network not allowed - emergency calls only",
	40: "network personalization PIN required", 41: "network personalization PUK required",
	42: "network subset personalization PIN required", 43: "network subset personalization PUK required",
	44: "service provider personalization PIN required", 45: "service provider personalization PUK required",
	46: "corporate personalization PIN required", 47: "corporate personalization PUK required",
	48: "hidden key required", 49: "EAP method not supported", 50: "incorrect parameters",
	51: "command implemented but currently disabled", 52: "command aborted by user",
	53: "not attached to network due to MT functionality restrictions",
	54: "modem not allowed - MT restricted to emergency calls only",
	55: "operation not allowed because of MT functionality restrictions",
	56: "fixed dial number only allowed", 57: "temporarily out of service due to other MT usage",
	58: "language/alphabet not supported", 59: "unexpected data value", 60: "system failure",
	61: "data missing", 62: "call barred", 63: "message waiting indication subscription failure",
	100: "unknown",
	103: "illegal MS", 106: "illegal ME", 107: "GPRS services not allowed",
	108: "GPRS services and non-GPRS services not allowed", 111: "PLMN not allowed",
	112: "location area not allowed", 113: "roaming not allowed in this location area",
	114: "GPRS services not allowed in this PLMN", 115: "no suitable cells in location area",
	122: "congestion", 126: "insufficient resources", 127: "missing or unknown APN",
	128: "unknown PDP address or PDP type", 129: "user authentication failed",
	130: "activation rejected by GGSN, Serving GW or PDN GW", 131: "activation rejected, unspecified",
	132: "service option not supported", 133: "requested service option not subscribed",
	134: "service option temporarily out of order", 135: "NSAPI already used",
	148: "unspecified GPRS error", 149: "PDP authentication failure", 150: "invalid mobile class",
	159: "uplink busy/flow control",
}

// cmsMeaning is 3GPP TS 27.005 3.2.5: RP causes (24.011 E.2) below 128,
// TP-FCS (23.040 9.2.3.22) from 128, and the ME/TA errors from 300.
var cmsMeaning = map[int]string{
	1: "unassigned (unallocated) number", 8: "operator determined barring", 10: "call barred",
	21: "short message transfer rejected", 27: "destination out of service",
	28: "unidentified subscriber", 29: "facility rejected", 30: "unknown subscriber",
	38: "network out of order", 41: "temporary failure", 42: "congestion",
	47: "resources unavailable, unspecified", 50: "requested facility not subscribed",
	69: "requested facility not implemented", 81: "invalid short message transfer reference value",
	95: "invalid message, unspecified", 96: "invalid mandatory information",
	97: "message type non-existent or not implemented",
	98: "message not compatible with short message protocol state",
	99: "information element non-existent or not implemented", 111: "protocol error, unspecified",
	127: "interworking, unspecified",
	128: "telematic interworking not supported", 129: "short message type 0 not supported",
	130: "cannot replace short message", 143: "unspecified TP-PID error",
	144: "data coding scheme (alphabet) not supported", 145: "message class not supported",
	159: "unspecified TP-DCS error", 160: "command cannot be actioned", 161: "command unsupported",
	175: "unspecified TP-Command error", 176: "TPDU not supported", 192: "SC busy",
	193: "no SC subscription", 194: "SC system failure", 195: "invalid SME address",
	196: "destination SME barred", 197: "SM rejected-duplicate SM", 198: "TP-VPF not supported",
	199: "TP-VP not supported", 208: "(U)SIM SMS storage full",
	209: "no SMS storage capability in (U)SIM", 210: "error in MS", 211: "memory capacity exceeded",
	212: "(U)SIM application toolkit busy", 213: "(U)SIM data download error",
	255: "unspecified error cause",
	300: "ME failure", 301: "SMS service of ME reserved", 302: "operation not allowed",
	303: "operation not supported", 304: "invalid PDU mode parameter",
	305: "invalid text mode parameter", 310: "SIM not inserted", 311: "SIM PIN required",
	312: "PH-SIM PIN required", 313: "SIM failure", 314: "SIM busy", 315: "SIM wrong",
	316: "SIM PUK required", 317: "SIM PIN2 required", 318: "SIM PUK2 required",
	320: "memory failure", 321: "invalid memory index", 322: "memory full",
	330: "SMSC address unknown", 331: "no network service", 332: "network timeout",
	340: "no +CNMA acknowledgement expected", 500: "unknown error",
}
