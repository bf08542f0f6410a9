package atparam

import (
	"fmt"
	"strings"
)

// Lengths from the standards.
const (
	// MaxAPN is the longest APN, Network Identifier and Operator
	// Identifier together, in octets as encoded (TS 23.003 9.1).
	MaxAPN = 100
	// MaxAPNNetworkID is the longest APN Network Identifier in octets as
	// encoded (TS 23.003 9.1.1).
	MaxAPNNetworkID = 63
	// maxLabel is the longest label (TS 23.003 9.1, after RFC 1035 2.3.4).
	maxLabel = 63
	// MaxCredential is the longest PDP user name or password cellgate
	// accepts: the Quectel AT+QICSGP limit, far beyond what operators hand
	// out (PAP itself allows 255 octets, RFC 1334 2.2.1).
	MaxCredential = 127
	// maxSCDigits is the longest service centre address: an RP address of
	// up to 11 octets of BCD digits (TS 24.011 8.2.5.1/8.2.5.2).
	maxSCDigits = 20
)

// APN checks an access point name as a subscriber configures it: the APN
// Network Identifier, optionally followed by the APN Operator Identifier
// "mnc<MNC>.mcc<MCC>.gprs". "" is not an APN (callers that accept "" for
// "the network's default" test for it first).
//
// TS 23.003 9.1: one or more labels separated by dots; each label of
// letters, digits and the hyphen only (RFC 1035), beginning and ending with
// a letter or digit (RFC 1123 2.1), 1 to 63 octets; the whole APN at most
// 100 octets as encoded (each label preceded by its length octet, so the
// encoded length is the text length plus one).
//
// TS 23.003 9.1.1: the Network Identifier is at most 63 octets as encoded,
// shall not start with "rac", "lac", "sgsn" or "rnc", shall not end in
// ".gprs" and shall not be "*". A name ending in ".gprs" is therefore only
// valid as a Network Identifier followed by the Operator Identifier of
// 9.1.2 (three-digit MNC and MCC).
func APN(v string) string {
	if v == "" {
		return "empty; expected an APN such as internet"
	}
	if len(v)+1 > MaxAPN {
		return fmt.Sprintf("too long; an APN is at most %d characters", MaxAPN-1)
	}
	labels := strings.Split(v, ".")
	for _, l := range labels {
		if p := label(l); p != "" {
			return p
		}
	}
	ni := labels
	if n := len(labels); strings.EqualFold(labels[n-1], "gprs") {
		if n < 4 || !operatorLabel(labels[n-3], "mnc") || !operatorLabel(labels[n-2], "mcc") {
			return `must not end in ".gprs" unless followed by the operator part mnc<MNC>.mcc<MCC>.gprs`
		}
		ni = labels[:n-3]
	}
	nid := strings.Join(ni, ".")
	if len(nid)+1 > MaxAPNNetworkID {
		return fmt.Sprintf("network identifier too long; at most %d characters before the operator part", MaxAPNNetworkID-1)
	}
	lower := strings.ToLower(nid)
	for _, p := range []string{"rac", "lac", "sgsn", "rnc"} {
		if strings.HasPrefix(lower, p) {
			return fmt.Sprintf("must not start with %q (reserved by 3GPP TS 23.003 9.1.1)", p)
		}
	}
	return ""
}

// label checks one APN label (RFC 1035 2.3.1, RFC 1123 2.1).
func label(l string) string {
	if l == "" {
		return "empty label; expected labels separated by single dots"
	}
	if len(l) > maxLabel {
		return fmt.Sprintf("label longer than %d characters", maxLabel)
	}
	for i := 0; i < len(l); i++ {
		if !alnum(l[i]) && l[i] != '-' {
			return "only letters, digits, '-' and '.' allowed"
		}
	}
	if !alnum(l[0]) || !alnum(l[len(l)-1]) {
		return "a label must begin and end with a letter or digit"
	}
	return ""
}

// operatorLabel reports whether l is prefix followed by three digits
// ("mnc001", "mcc262"; TS 23.003 9.1.2).
func operatorLabel(l, prefix string) bool {
	return len(l) == len(prefix)+3 && strings.EqualFold(l[:len(prefix)], prefix) && digits(l[len(prefix):], 3, 3)
}

// Credential checks a PDP user name or password (27.007 +CGAUTH, Quectel
// AT+QICSGP, Huawei AT^NDISDUP): printable ASCII without the double quote
// and backslash, at most MaxCredential characters. "" is valid (none).
func Credential(v string) string {
	if len(v) > MaxCredential {
		return fmt.Sprintf("too long; at most %d characters", MaxCredential)
	}
	return quotable(v)
}

// PIN checks a SIM PIN: 4 to 8 decimal digits (TS 102 221 9.5.1, which
// TS 31.101 applies to the UICC; 27.007 +CPIN).
func PIN(v string) string {
	if !digits(v, 4, 8) {
		return "not a PIN; expected 4 to 8 digits"
	}
	return ""
}

// PUK checks a SIM PUK (unblocking PIN): 8 decimal digits (TS 102 221
// 9.5.2).
func PUK(v string) string {
	if !digits(v, 8, 8) {
		return "not a PUK; expected 8 digits"
	}
	return ""
}

// PLMN checks a network identity: MCC and MNC, 5 or 6 digits (TS 23.003
// 2.2; 27.007 +COPS <format> 2).
func PLMN(v string) string {
	if !digits(v, 5, 6) {
		return "not a PLMN; expected 5 or 6 digits (MCC and MNC) such as 26201"
	}
	return ""
}

// ServiceCentre checks an SMS service centre address for AT+CSCA: an
// optional '+' (international) and up to 20 digits (TS 24.011 8.2.5.2).
func ServiceCentre(v string) string {
	if !digits(strings.TrimPrefix(v, "+"), 3, maxSCDigits) {
		return fmt.Sprintf("not a service centre number; expected an optional '+' and 3 to %d digits such as +491710760000", maxSCDigits)
	}
	return ""
}

// quotable names what keeps v out of a quoted string parameter, "" if
// nothing does.
func quotable(v string) string {
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '\r' || c == '\n':
			return "line break not allowed"
		case c < 0x20 || c == 0x7f:
			return fmt.Sprintf("control character 0x%02X not allowed", c)
		case c >= 0x80:
			return "only ASCII characters allowed"
		case c == '"':
			return "double quote not allowed"
		case c == '\\':
			return "backslash not allowed"
		}
	}
	return ""
}

func alnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// digits reports whether s is lo to hi decimal digits.
func digits(s string, lo, hi int) bool {
	if len(s) < lo || len(s) > hi {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// IMEI checks an IMEI: 15 decimal digits (TS 23.003 6.2.1).
func IMEI(v string) string {
	if !digits(v, 15, 15) {
		return "not an IMEI; expected 15 digits"
	}
	return ""
}
