package gsm

import (
	"fmt"
	"strings"
)

// decoders maps a line prefix, upper case, to its parser.
var decoders = map[string]func(string) (any, error){
	"+CREG":        wrap(ParseRegistration),
	"+CGREG":       wrap(ParseRegistration),
	"+CEREG":       wrap(ParseRegistration),
	"+C5GREG":      wrap(ParseRegistration),
	"+COPS":        decodeCOPS,
	"+CSQ":         wrap(ParseCSQ),
	"+CESQ":        wrap(ParseCESQ),
	"^HCSQ":        wrap(ParseHCSQ),
	"+QCSQ":        wrap(ParseQCSQ),
	"^SYSINFOEX":   wrap(ParseSYSINFOEX),
	"^SYSINFO":     wrap(ParseSYSINFO),
	"+CPIN":        wrap(ParseCPIN),
	"^CPIN":        decodeHuaweiCPIN,
	"+QPINC":       decodeQPINC,
	"+CPSMS":       wrap(ParseCPSMS),
	"+CEDRXS":      wrap(ParseCEDRXS),
	"+CEDRXRDP":    wrap(ParseCEDRXRDP),
	"+CEDRXP":      wrap(ParseCEDRXRDP),
	"+CRSM":        wrap(ParseCRSM),
	"^NDISSTAT":    wrap(ParseNDISSTAT),
	"^NDISSTATQRY": wrap(ParseNDISSTAT),
	"^NDISEND":     wrap(ParseNDISEND),
	"^MONSC":       wrap(ParseMONSC),
	"^MONNC":       wrap(ParseMONNC),
	"^NETSCAN":     wrap(ParseNETSCAN),
	"^JDET":        wrap(ParseJDET),
	"^JDETEX":      wrap(ParseJDETEX),
	"^CELLLOCK":    wrap(ParseCELLLOCK),
	"+DMPCONFIG":   wrap(ParseDMPCONFIG),
	"+CME ERROR":   wrap(ParseFinalResult),
	"+CMS ERROR":   wrap(ParseFinalResult),
}

func wrap[T any](f func(string) (T, error)) func(string) (any, error) {
	return func(line string) (any, error) {
		v, err := f(line)
		if err != nil {
			return nil, err
		}
		return v, nil
	}
}

func decodeCOPS(line string) (any, error) {
	if body, _ := cutPrefix(strings.TrimSpace(line), "+COPS"); strings.HasPrefix(body, "(") || strings.HasPrefix(body, ",") {
		return wrap(ParseCOPSList)(line)
	}
	return wrap(ParseCOPS)(line)
}

func decodeHuaweiCPIN(line string) (any, error) {
	s, c, err := ParseHuaweiCPIN(line)
	if err != nil {
		return nil, err
	}
	return PINStatus{State: s, Counters: c}, nil
}

func decodeQPINC(line string) (any, error) {
	f, pin, puk, err := ParseQPINC(line)
	if err != nil {
		return nil, err
	}
	return PINCount{Facility: f, PIN: pin, PUK: puk}, nil
}

// Decodable reports whether Decode has a parser for the prefix ("+CSQ",
// "^HCSQ"; any letter case).
func Decodable(prefix string) bool {
	_, ok := decoders[strings.ToUpper(prefix)]
	return ok
}

// LinePrefix returns the prefix of a response line in upper case: "+CSQ"
// for "+CSQ: 11,99", "+CME ERROR" for "+CME ERROR: 10", "+CPSMS" for the
// command "AT+CPSMS=1,,,...", the result for other final result codes
// ("OK", "ERROR", "NO CARRIER"), and "" for anything else.
func LinePrefix(line string) string {
	t := strings.TrimSpace(line)
	if len(t) > 3 && strings.EqualFold(t[:2], "AT") && (t[2] == '+' || t[2] == '^') {
		if i := strings.IndexByte(t, '='); i > 3 {
			return strings.ToUpper(t[2:i])
		}
		return ""
	}
	if len(t) > 1 && (t[0] == '+' || t[0] == '^') {
		if i := strings.IndexByte(t, ':'); i > 1 {
			return strings.ToUpper(strings.TrimSpace(t[:i]))
		}
		return ""
	}
	if f, err := ParseFinalResult(t); err == nil {
		return f.Result
	}
	return ""
}

// Decode parses one line with the parser its prefix calls for and returns
// the value: Registration, Operator, []Network, Signal, SysInfo, SIMState,
// PINStatus, PINCount, PSM, []EDRX, EDRX, CRSM, NDISStat, NDISEnd,
// ServingCell, NeighbourCell, ScanCell, Jamming, JammingConfig, CellLock,
// DMPConfig or FinalResult. It takes +COPS lines that start with a group
// for the +COPS=? list, and the commands AT+CPSMS= and AT+CEDRXS= for the
// settings they carry. A line with no known prefix is an error wrapping
// ErrUnknownLine.
func Decode(line string) (any, error) {
	t := strings.TrimSpace(line)
	prefix := LinePrefix(t)
	if strings.HasPrefix(strings.ToUpper(t), "AT") && prefix != "+CPSMS" && prefix != "+CEDRXS" {
		prefix = ""
	}
	if f, ok := decoders[prefix]; ok {
		return f(t)
	}
	if prefix != "" {
		if _, err := ParseFinalResult(t); err == nil {
			return ParseFinalResult(t)
		}
	}
	return nil, fmt.Errorf("%w: %q", ErrUnknownLine, truncate(t))
}

func truncate(s string) string {
	if len(s) > maxErrLine {
		return s[:maxErrLine] + "..."
	}
	return s
}
