package gsm

import (
	"fmt"
	"strings"
)

// CRSM is the answer to AT+CRSM (restricted SIM access, 27.007 8.18): the
// status words and the response data.
type CRSM struct {
	SW1  int    `json:"sw1"`
	SW2  int    `json:"sw2"`
	Data string `json:"data,omitempty"` // upper-case hex; "" when none
}

// ParseCRSM parses "+CRSM: <sw1>,<sw2>[,<response>]", e.g.
// +CRSM: 144,0,"98940000000000000000" or +CRSM: 105,130,"". The response
// must be hex of whole bytes.
func ParseCRSM(line string) (CRSM, error) {
	var c CRSM
	p, fs, err := open(line, "+CRSM")
	if err != nil {
		return c, err
	}
	if err := p.count(fs, 2, 3); err != nil {
		return c, err
	}
	if c.SW1, err = p.int(fs[0], "sw1", 0, 255); err != nil {
		return c, err
	}
	if c.SW2, err = p.int(fs[1], "sw2", 0, 255); err != nil {
		return c, err
	}
	if len(fs) == 3 {
		if len(fs[2].s)%2 != 0 || !isHex(fs[2].s) {
			return c, p.bad("response", fs[2], "want hex bytes")
		}
		c.Data = strings.ToUpper(fs[2].s)
	}
	return c, nil
}

// OK reports whether the status words say the command succeeded: 90 00,
// 91 xx (success, with a proactive command pending) and 92 0x (success
// after internal retries).
func (c CRSM) OK() bool {
	return c.SW1 == 0x90 && c.SW2 == 0 || c.SW1 == 0x91 || c.SW1 == 0x92 && c.SW2 < 0x10
}

// Meaning describes the status words (ETSI TS 102 221 10.2.1).
func (c CRSM) Meaning() string {
	if c.OK() {
		return "normal ending of the command"
	}
	switch c.SW1<<8 | c.SW2 {
	case 0x6200:
		return "no information given, state of non-volatile memory unchanged"
	case 0x6281:
		return "part of returned data may be corrupted"
	case 0x6282:
		return "end of file/record reached before reading Le bytes"
	case 0x6581:
		return "memory problem"
	case 0x6700:
		return "wrong length"
	case 0x6981:
		return "command incompatible with file structure"
	case 0x6982:
		return "security status not satisfied"
	case 0x6983:
		return "authentication/PIN method blocked"
	case 0x6985:
		return "conditions of use not satisfied"
	case 0x6986:
		return "command not allowed (no EF selected)"
	case 0x6A80:
		return "incorrect parameters in the data field"
	case 0x6A81:
		return "function not supported"
	case 0x6A82:
		return "file or application not found"
	case 0x6A83:
		return "record not found"
	case 0x6A84:
		return "not enough memory space"
	case 0x6A86:
		return "incorrect parameters P1 to P2"
	case 0x6B00:
		return "wrong parameter(s) P1-P2"
	case 0x6D00:
		return "instruction code not supported or invalid"
	case 0x6E00:
		return "class not supported"
	case 0x6F00:
		return "technical problem, no precise diagnosis"
	}
	switch c.SW1 {
	case 0x63:
		return fmt.Sprintf("verification failed, %d retries left", c.SW2&0x0F)
	case 0x6C:
		return fmt.Sprintf("wrong length, %d bytes available", c.SW2)
	case 0x9F, 0x61:
		return fmt.Sprintf("%d response bytes available", c.SW2)
	}
	return fmt.Sprintf("status %02X %02X", c.SW1, c.SW2)
}
