package redact

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/cellgate/cellgate/internal/sms"
)

// Message returns the body line of a short message as a trace may show it
// — a PDU in hexadecimal, or the text of text mode — with the message
// itself replaced by a note of its length. A PDU keeps its header (SMSC,
// addresses, coding, timestamp or validity, and the user data length), so
// that support can still tell which message went where; a text, or a PDU
// that does not decode, is replaced whole. The console password and the
// values of the commands in it are thus never shown.
func Message(s string) string {
	if s == "" {
		return s
	}
	compact := strings.Join(strings.Fields(s), "")
	pdu, err := hex.DecodeString(compact)
	if err != nil || len(pdu) < 2 {
		return fmt.Sprintf("[message text redacted: %d bytes]", len(s))
	}
	if off, ok := userDataOffset(pdu); ok {
		return fmt.Sprintf("%s[user data redacted: %d octets]", compact[:2*off+2], len(pdu)-off-1)
	}
	return fmt.Sprintf("[PDU redacted: %d octets]", len(pdu))
}

// userDataOffset is sms.UserDataOffset of pdu with the SMSC address in
// front or, failing that, without; ok is false when pdu decodes neither way.
func userDataOffset(pdu []byte) (off int, ok bool) {
	for _, withSMSC := range []bool{true, false} {
		if off, err := sms.UserDataOffset(pdu, withSMSC); err == nil {
			return off, true
		}
	}
	return 0, false
}

// Line redacts a line from a modem whose kind is not known, such as an
// unsolicited line nobody handles: a PDU (hexadecimal that decodes as an
// SMS-DELIVER or SMS-SUBMIT) as Message does, anything else as Command.
func Line(s string) string {
	if pdu, err := hex.DecodeString(strings.TrimSpace(s)); err == nil && len(pdu) > 0 {
		if _, ok := userDataOffset(pdu); ok {
			return Message(s)
		}
	}
	return Command(s)
}
