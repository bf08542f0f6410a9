package gsm

import (
	"strconv"
	"strings"
)

// RegStat is the 27.007 <stat> of +CREG, +CGREG, +CEREG and +C5GREG.
type RegStat int

// The registration states of 27.007 7.2, 10.1.19, 10.1.22 and 10.1.36.
const (
	RegNotRegistered      RegStat = 0  // not registered, not searching
	RegHome               RegStat = 1  // registered, home network
	RegSearching          RegStat = 2  // not registered, searching
	RegDenied             RegStat = 3  // registration denied
	RegUnknown            RegStat = 4  // unknown (e.g. out of coverage)
	RegRoaming            RegStat = 5  // registered, roaming
	RegSMSOnlyHome        RegStat = 6  // registered for "SMS only", home network
	RegSMSOnlyRoaming     RegStat = 7  // registered for "SMS only", roaming
	RegEmergencyOnly      RegStat = 8  // attached for emergency bearer services only (+CREG: emergency only)
	RegCSFBNotPrefHome    RegStat = 9  // registered for "CSFB not preferred", home network
	RegCSFBNotPrefRoaming RegStat = 10 // registered for "CSFB not preferred", roaming
	RegEmergencyBearer    RegStat = 11 // attached for access to RLOS / emergency bearer services only
)

var regStatText = [...]string{
	"not registered", "registered, home network", "searching", "registration denied",
	"unknown", "registered, roaming", "registered for SMS only, home network",
	"registered for SMS only, roaming", "emergency services only",
	"registered for CSFB not preferred, home network",
	"registered for CSFB not preferred, roaming",
	"attached for emergency bearer services only",
}

// String describes the state in words.
func (s RegStat) String() string {
	if s >= 0 && int(s) < len(regStatText) {
		return regStatText[s]
	}
	return "RegStat(" + strconv.Itoa(int(s)) + ")"
}

// Registered reports whether the module is registered with a network
// (states 1, 5, 6, 7, 9 and 10).
func (s RegStat) Registered() bool {
	switch s {
	case RegHome, RegRoaming, RegSMSOnlyHome, RegSMSOnlyRoaming, RegCSFBNotPrefHome, RegCSFBNotPrefRoaming:
		return true
	}
	return false
}

// Roaming reports whether the module is registered with a visited network
// (states 5, 7 and 10).
func (s RegStat) Roaming() bool {
	return s == RegRoaming || s == RegSMSOnlyRoaming || s == RegCSFBNotPrefRoaming
}

// AcT is the 27.007 <AcT>, the access technology of the serving cell.
type AcT int

// NoAcT marks an absent <AcT>.
const NoAcT AcT = -1

// The access technologies of 27.007 7.3.
const (
	AcTGSM        AcT = 0  // GSM
	AcTGSMCompact AcT = 1  // GSM Compact
	AcTUTRAN      AcT = 2  // UTRAN
	AcTEGPRS      AcT = 3  // GSM w/EGPRS
	AcTHSDPA      AcT = 4  // UTRAN w/HSDPA
	AcTHSUPA      AcT = 5  // UTRAN w/HSUPA
	AcTHSPA       AcT = 6  // UTRAN w/HSDPA and HSUPA
	AcTEUTRAN     AcT = 7  // E-UTRAN (LTE, including LTE-M / WB-S1 mode)
	AcTECGSMIoT   AcT = 8  // EC-GSM-IoT (A/Gb mode)
	AcTNBIoT      AcT = 9  // E-UTRAN (NB-S1 mode), NB-IoT
	AcTEUTRA5GCN  AcT = 10 // E-UTRA connected to a 5GCN
	AcTNR5GCN     AcT = 11 // NR connected to a 5GCN
	AcTNGRAN      AcT = 12 // NG-RAN
	AcTENDC       AcT = 13 // E-UTRA-NR dual connectivity
)

var actText = [...]string{
	"GSM", "GSM compact", "UTRAN", "GSM EGPRS", "HSDPA", "HSUPA", "HSPA",
	"E-UTRAN", "EC-GSM-IoT", "NB-IoT", "E-UTRA-5GCN", "NR-5GCN", "NG-RAN", "EN-DC",
}

// String names the access technology; "none" for NoAcT.
func (a AcT) String() string {
	switch {
	case a == NoAcT:
		return "none"
	case a >= 0 && int(a) < len(actText):
		return actText[a]
	}
	return "AcT(" + strconv.Itoa(int(a)) + ")"
}

// EUTRAN reports whether a is one of the E-UTRAN access technologies, the
// ones an EPS registration (+CEREG) can be on: E-UTRAN (7, LTE and LTE-M,
// WB-S1 mode), E-UTRAN in NB-S1 mode (9, NB-IoT), E-UTRA connected to a
// 5GCN (10) and E-UTRA-NR dual connectivity (13, an LTE anchor). 8 is
// EC-GSM-IoT, a GERAN technology (27.007 7.3), and is not.
func (a AcT) EUTRAN() bool {
	return a == AcTEUTRAN || a == AcTNBIoT || a == AcTEUTRA5GCN || a == AcTENDC
}

// maxAcT bounds the <AcT> values accepted: 27.007 has grown the list with
// every release, so values past 13 are kept (and named "AcT(n)") rather
// than rejected.
const maxAcT = 255

// Registration is one +CREG, +CGREG, +CEREG or +C5GREG line.
type Registration struct {
	Domain string  `json:"domain"` // "CREG", "CGREG", "CEREG" or "C5GREG"
	Mode   int     `json:"mode"`   // <n> of a read response; -1 for an unsolicited line
	Stat   RegStat `json:"stat"`
	// LAC is the location area code (+CREG, +CGREG) or tracking area code
	// (+CEREG, +C5GREG) in upper-case hex; "" if absent.
	LAC string `json:"lac,omitempty"`
	// CI is the cell identity in upper-case hex; "" if absent.
	CI  string `json:"ci,omitempty"`
	AcT AcT    `json:"act"`
	// RAC is the +CGREG routing area code in upper-case hex; "" if absent.
	RAC string `json:"rac,omitempty"`
	// CauseType is 0 when RejectCause is a 24.008/24.301/24.501 cause, 1
	// when it is manufacturer specific; both -1 when absent.
	CauseType   int `json:"cause_type"`
	RejectCause int `json:"reject_cause"`
	// ActiveTime and PeriodicTAU are the timers the network granted, as the
	// 8-bit strings of +CEREG/+CGREG <n>=4 and 5: ActiveTime is T3324 (GPRS
	// timer 2), PeriodicTAU is T3412 extended (GPRS timer 3; the periodic
	// RAU timer T3312 extended for +CGREG). Decode them with DecodeT3324 and
	// DecodeT3412.
	ActiveTime  string `json:"active_time,omitempty"`
	PeriodicTAU string `json:"periodic_tau,omitempty"`
	// GPRSReadyTimer is the +CGREG <GPRS-READY-timer> (GPRS timer), "" if
	// absent.
	GPRSReadyTimer string `json:"gprs_ready_timer,omitempty"`
	// AllowedNSSAI is the +C5GREG <Allowed_NSSAI> as sent; "" if absent.
	AllowedNSSAI string `json:"allowed_nssai,omitempty"`
}

// Unsolicited reports whether the line was an unsolicited result code
// rather than the answer to a read command.
func (r Registration) Unsolicited() bool { return r.Mode < 0 }

var regDomains = []string{"+CREG", "+CGREG", "+CEREG", "+C5GREG"}

// ParseRegistration parses +CREG, +CGREG, +CEREG and +C5GREG lines in all the
// forms modems send: the read response "+CREG: <n>,<stat>[,...]" and the
// unsolicited "+CREG: <stat>[,...]", for <n> 0 to 5, with or without
// location (LAC or TAC, cell identity, AcT, RAC), reject cause and PSM
// timers, hex quoted or bare, with stray blanks and leading zeros.
//
// The two forms share a prefix. They are told apart as ModemManager tells
// them (mm_3gpp_parse_creg_response), by the number of parameters and by
// whether the second one is a <stat> (a bare decimal of one digit) or a
// location (quoted, or bare hex of more than one digit):
//
//   - one parameter is an indication, "+CREG: <stat>";
//   - two are a read response, "+CREG: <n>,<stat>" ("+CREG: 2,1" is n=2,
//     stat=1), unless the second looks like a location (quoted, empty,
//     hex of three or more digits or with a letter);
//   - three are an indication, "+CREG: <stat>,<lac>,<ci>" (a read response
//     with a location has at least four);
//   - four are a read response "<n>,<stat>,<lac>,<ci>" when the second is
//     one bare digit, or a zero-padded one ("001") before a quoted LAC and
//     cell identity; else an indication "<stat>,<lac>,<ci>,<AcT>";
//   - five and more are a read response when the second is a bare decimal
//     of value 0 to 9 (zeros ahead allowed), else an indication.
//
// So +CREG: 2,1,"1F2A","00AB1234" is the read response stat=1 and
// +CREG: 2,"1F2A","00AB1234" the indication stat=2. After <stat> come the
// 27.007 parameters, and the vendor forms ModemManager reads: a +CEREG with
// the RAC between TAC and cell identity (indication of five parameters,
// read response of six, Novatel), a +CREG indication of five with the RAC
// last, and a +CREG read response of six whose AcT may be garbage and
// whose last parameter is ignored (Samsung). A bare location with blanks
// inside ("0 5", Qualcomm Gobi) is read as absent.
func ParseRegistration(line string) (Registration, error) {
	t := strings.TrimSpace(line)
	prefix := ""
	for _, d := range regDomains {
		if _, ok := cutPrefix(t, d); ok {
			prefix = d
			break
		}
	}
	if prefix == "" {
		return Registration{}, &ParseError{Prefix: "+CREG", Reason: "not a +CREG, +CGREG, +CEREG or +C5GREG line", Line: t}
	}
	p, fs, err := open(t, prefix)
	if err != nil {
		return Registration{}, err
	}
	r := Registration{Domain: prefix[1:], Mode: -1, AcT: NoAcT, CauseType: -1, RejectCause: -1}
	if len(fs) == 0 {
		return r, p.fail("no parameters")
	}
	rest := fs
	if readResponse(fs) {
		if r.Mode, err = p.int(fs[0], "n", 0, 5); err != nil {
			return r, err
		}
		rest = fs[1:]
	}
	stat, err := p.int(rest[0], "stat", 0, 11)
	if err != nil {
		return r, err
	}
	r.Stat = RegStat(stat)
	rest = rest[1:]
	// Location: [<lac>],[<ci>],[<AcT>]
	lacDigits, ciDigits := 4, 8
	if r.Domain == "CEREG" {
		lacDigits = 6 // some modems print the TAC with leading zeros
	}
	if r.Domain == "C5GREG" {
		lacDigits, ciDigits = 6, 9 // 24-bit TAC, 36-bit NR cell identity
	}
	switch n := len(fs); {
	case r.Domain == "CEREG" && len(rest) == 4 && (n == 5 && r.Unsolicited() || n == 6 && !r.Unsolicited()):
		// <tac>,<rac>,<ci>,<AcT> (Novatel E362, ModemManager's CEREG forms).
		if r.LAC, err = p.location(rest[0], lacName(r.Domain), lacDigits); err != nil {
			return r, err
		}
		if r.RAC, err = p.location(rest[1], "rac", 2); err != nil {
			return r, err
		}
		if r.CI, err = p.location(rest[2], "ci", ciDigits); err != nil {
			return r, err
		}
		a, err := p.optInt(rest[3], "AcT", 0, maxAcT)
		r.AcT = AcT(a)
		return r, err
	case r.Domain == "CREG" && n == 6 && !r.Unsolicited():
		// <lac>,<ci>,<AcT?>,<something> (Samsung Wave S8500): an AcT
		// that is no number is unknown, the last parameter is ignored.
		if r.LAC, err = p.location(rest[0], "lac", lacDigits); err != nil {
			return r, err
		}
		if r.CI, err = p.location(rest[1], "ci", ciDigits); err != nil {
			return r, err
		}
		if a, err := p.optInt(rest[2], "AcT", 0, maxAcT); err == nil {
			r.AcT = AcT(a)
		}
		return r, nil
	case r.Domain == "CREG" && n == 5 && r.Unsolicited():
		// <lac>,<ci>,<AcT>,<rac> (27.007 v9.2 indication with the RAC).
		rest = rest[:3:3]
		if r.RAC, err = p.location(fs[4], "rac", 2); err != nil {
			return r, err
		}
	}
	if len(rest) > 0 {
		if r.LAC, err = p.location(rest[0], lacName(r.Domain), lacDigits); err != nil {
			return r, err
		}
	}
	if len(rest) > 1 {
		if r.CI, err = p.location(rest[1], "ci", ciDigits); err != nil {
			return r, err
		}
	}
	if len(rest) > 2 {
		a, err := p.optInt(rest[2], "AcT", 0, maxAcT)
		if err != nil {
			return r, err
		}
		r.AcT = AcT(a)
	}
	if len(rest) <= 3 {
		return r, nil
	}
	rest = rest[3:]
	switch r.Domain {
	case "CREG":
		err = r.parseCause(p, rest, 2)
	case "CGREG":
		// [<rac>][,[<cause_type>],[<reject_cause>][,[<Active-Time>],[<Periodic-RAU>],[<GPRS-READY-timer>]]]
		if r.RAC, err = p.hex(rest[0], "rac", 2); err != nil {
			return r, err
		}
		if err = r.parseCause(p, rest[1:], 5); err != nil {
			return r, err
		}
		if len(rest) > 5 {
			r.GPRSReadyTimer, err = p.bits(rest[5], "GPRS-READY-timer", 8)
		}
	case "CEREG":
		err = r.parseCause(p, rest, 4)
	case "C5GREG":
		// [<Allowed_NSSAI_length>],[<Allowed_NSSAI>][,<cause_type>,<reject_cause>[,...]]
		if _, err = p.optInt(rest[0], "Allowed_NSSAI_length", 0, 255); err != nil {
			return r, err
		}
		if len(rest) > 1 {
			r.AllowedNSSAI = rest[1].s
		}
		if len(rest) > 2 {
			// later releases append <cag_stat>, <caginfo> and more: kept unread
			err = r.parseCause(p, rest[2:min(len(rest), 4)], 2)
		}
	}
	return r, err
}

// readResponse tells a read response ("<n>,<stat>,...") from an indication
// ("<stat>,...") as ParseRegistration describes.
func readResponse(fs []field) bool {
	switch len(fs) {
	case 1, 3:
		return false
	case 2:
		return !looksLikeLocation(fs[1])
	case 4:
		return oneDigit(fs[1], false) || oneDigit(fs[1], true) && fs[2].quoted && fs[3].quoted
	}
	return oneDigit(fs[1], true)
}

// oneDigit reports whether f can be a <stat> of ModemManager's patterns: a
// bare decimal of value 0 to 9, one digit, or with zeros ahead if padded.
func oneDigit(f field, padded bool) bool {
	if f.quoted || f.s == "" || !digits(f.s, 1, len(f.s)) {
		return false
	}
	if padded {
		return len(strings.TrimLeft(f.s[:len(f.s)-1], "0")) == 0
	}
	return len(f.s) == 1
}

// location reads a LAC, TAC, cell identity or RAC of up to max hex digits;
// a bare one with blanks inside is absent.
func (p *parser) location(f field, name string, max int) (string, error) {
	if !f.quoted && strings.ContainsAny(f.s, " \t") {
		return "", nil
	}
	return p.hex(f, name, max)
}

// parseCause reads [<cause_type>,<reject_cause>[,[<Active-Time>],[<Periodic-TAU>]]],
// allowing at most max parameters.
func (r *Registration) parseCause(p *parser, fs []field, max int) error {
	if len(fs) > max {
		return p.fail("too many parameters")
	}
	var err error
	if len(fs) > 0 {
		if r.CauseType, err = p.optInt(fs[0], "cause_type", 0, 1); err != nil {
			return err
		}
	}
	if len(fs) > 1 {
		if r.RejectCause, err = p.optInt(fs[1], "reject_cause", 0, 65535); err != nil {
			return err
		}
	}
	if len(fs) > 2 {
		if r.ActiveTime, err = p.bits(fs[2], "Active-Time", 8); err != nil {
			return err
		}
	}
	if len(fs) > 3 {
		name := "Periodic-TAU"
		if r.Domain == "CGREG" {
			name = "Periodic-RAU"
		}
		if r.PeriodicTAU, err = p.bits(fs[3], name, 8); err != nil {
			return err
		}
	}
	return nil
}

func lacName(domain string) string {
	if domain == "CREG" || domain == "CGREG" {
		return "lac"
	}
	return "tac"
}

// looksLikeLocation reports whether f can be the LAC or TAC of an
// unsolicited line: quoted, empty, or bare hex of at least three digits or
// with a letter.
func looksLikeLocation(f field) bool {
	if f.quoted || f.s == "" {
		return true
	}
	if !isHex(f.s) {
		return false
	}
	if len(f.s) >= 3 {
		return true
	}
	for i := 0; i < len(f.s); i++ {
		if f.s[i] > '9' {
			return true
		}
	}
	return false
}
