package sms

import "fmt"

// statusTexts are the TP-ST values TS 23.040 9.2.3.15 defines.
var statusTexts = map[byte]string{
	0x00: "received by the recipient",
	0x01: "forwarded to the recipient, delivery unconfirmed",
	0x02: "replaced by the service centre",
	0x20: "congestion, still trying",
	0x21: "recipient busy, still trying",
	0x22: "no response from the recipient, still trying",
	0x23: "service rejected, still trying",
	0x24: "quality of service not available, still trying",
	0x25: "error in the recipient, still trying",
	0x40: "remote procedure error",
	0x41: "incompatible destination",
	0x42: "connection rejected by the recipient",
	0x43: "not obtainable",
	0x44: "quality of service not available",
	0x45: "no interworking available",
	0x46: "validity period expired",
	0x47: "deleted by the sender",
	0x48: "deleted by the service centre administration",
	0x49: "message does not exist",
	0x60: "congestion, no more attempts",
	0x61: "recipient busy, no more attempts",
	0x62: "no response from the recipient, no more attempts",
	0x63: "service rejected, no more attempts",
	0x64: "quality of service not available, no more attempts",
	0x65: "error in the recipient, no more attempts",
}

// StatusText describes a TP-ST value (TS 23.040 9.2.3.15). Reserved and
// service-centre-specific values are described by their class: delivered,
// temporary error (still trying), permanent error, or temporary error with
// no more attempts; values from 0x80 are reserved.
func StatusText(st byte) string {
	if s, ok := statusTexts[st]; ok {
		return s
	}
	var class string
	switch {
	case st <= 0x1F:
		class = "delivered"
	case st <= 0x3F:
		class = "temporary error, still trying"
	case st <= 0x5F:
		class = "permanent error"
	case st <= 0x7F:
		class = "temporary error, no more attempts"
	default:
		return fmt.Sprintf("reserved status %#02x", st)
	}
	kind := "reserved"
	if st&0x1F >= 0x10 {
		kind = "service-centre-specific"
	}
	return fmt.Sprintf("%s (%s status %#02x)", class, kind, st)
}
