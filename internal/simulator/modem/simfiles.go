package modem

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"slices"
)

// The SIM's elementary files that AT+CRSM reaches (guide 11.2; 3GPP TS
// 31.102, ETSI TS 102 221). Status words: 144,0 (9000) success; 105,129
// (6981) command incompatible with the file structure; 105,130 (6982)
// security status not satisfied; 106,128 (6A80) incorrect data; 106,130
// (6A82) file not found; 103,0 (6700) wrong length; 107,0 (6B00) wrong offset.

// fplmnEntries is the number of PLMNs EF FPLMN holds.
const fplmnEntries = 4

// efFile describes one elementary file.
type efFile struct {
	name     string
	readPIN  bool // reading needs the PIN (access condition PIN)
	writable bool // UPDATE BINARY allowed once the PIN is entered (otherwise ADM)
	content  func(s *simCard) []byte
	update   func(s *simCard, b []byte)
}

// efFiles are the transparent EFs, by file identifier.
var efFiles = map[int]*efFile{
	0x2FE2: {name: "EF ICCID", content: func(s *simCard) []byte { return swappedBCD(s.iccid, 10) }},
	0x6F07: {name: "EF IMSI", readPIN: true, content: func(s *simCard) []byte { return imsiEF(s.imsi) }},
	0x6FAD: {name: "EF AD", content: func(s *simCard) []byte { return []byte{0x00, 0x00, 0x00, 0x02} }},
	0x6F7B: {name: "EF FPLMN", readPIN: true, writable: true,
		content: func(s *simCard) []byte { return s.fplmn },
		update:  func(s *simCard, b []byte) { s.fplmn = b }},
}

// swappedBCD packs decimal digits two to a byte, low nibble first, padded
// with F to n bytes (ETSI TS 102 221 13.2 for EF ICCID).
func swappedBCD(digits string, n int) []byte {
	b := bytes.Repeat([]byte{0xFF}, n)
	for i := 0; i < len(digits) && i/2 < n; i++ {
		d := digits[i] - '0'
		if i%2 == 0 {
			b[i/2] = 0xF0 | d
		} else {
			b[i/2] = b[i/2]&0x0F | d<<4
		}
	}
	return b
}

// imsiEF encodes EF IMSI: length, then the digits after an odd/even
// indicator (3GPP TS 31.102 4.2.2).
func imsiEF(imsi string) []byte {
	b := bytes.Repeat([]byte{0xFF}, 9)
	parity := byte(1)
	if len(imsi)%2 == 1 {
		parity = 9
	}
	b[0] = byte((len(imsi) + 2) / 2)
	nib := append([]byte{parity}, []byte(imsi)...)
	for i := range nib {
		d := nib[i]
		if i > 0 {
			d -= '0'
		}
		if i/2+1 >= len(b) {
			break
		}
		if i%2 == 0 {
			b[i/2+1] = 0xF0 | d
		} else {
			b[i/2+1] = b[i/2+1]&0x0F | d<<4
		}
	}
	return b
}

// plmnBCD encodes a PLMN in the 3-byte form of EF FPLMN (3GPP TS 24.008
// 10.5.1.3): MCC digit 2|1, MNC digit 3|MCC digit 3, MNC digit 2|1.
func plmnBCD(plmn string) []byte {
	d := func(i int) byte {
		if i < len(plmn) {
			return plmn[i] - '0'
		}
		return 0xF
	}
	return []byte{d(1)<<4 | d(0), d(5)<<4 | d(2), d(4)<<4 | d(3)}
}

// plmnFromBCD decodes the 3-byte form; ok is false for an empty entry.
func plmnFromBCD(b []byte) (string, bool) {
	if len(b) < 3 || (b[0] == 0xFF && b[1] == 0xFF && b[2] == 0xFF) {
		return "", false
	}
	nib := []byte{b[0] & 0xF, b[0] >> 4, b[1] & 0xF, b[2] & 0xF, b[2] >> 4, b[1] >> 4}
	var s []byte
	for _, n := range nib {
		if n > 9 {
			continue
		}
		s = append(s, '0'+n)
	}
	return string(s), len(s) >= 5
}

// forbidden reports whether plmn is in EF FPLMN.
func (s *simCard) forbidden(plmn string) bool {
	return slices.Contains(s.forbiddenPLMNs(), plmn)
}

// forbid adds plmn to EF FPLMN, in the first free entry or, when the list
// is full, in place of the oldest (TS 24.301 5.5.1.2.5, 23.122 3.1). It
// reports whether the list changed.
func (s *simCard) forbid(plmn string) bool {
	if s.forbidden(plmn) {
		return false
	}
	b := plmnBCD(plmn)
	for i := 0; i+3 <= len(s.fplmn); i += 3 {
		if _, used := plmnFromBCD(s.fplmn[i : i+3]); !used {
			copy(s.fplmn[i:], b)
			return true
		}
	}
	if len(s.fplmn) < 3 {
		return false
	}
	copy(s.fplmn, s.fplmn[3:])
	copy(s.fplmn[len(s.fplmn)-3:], b)
	return true
}

// forbiddenPLMNs lists EF FPLMN.
func (s *simCard) forbiddenPLMNs() []string {
	var out []string
	for i := 0; i+3 <= len(s.fplmn); i += 3 {
		if p, ok := plmnFromBCD(s.fplmn[i : i+3]); ok {
			out = append(out, p)
		}
	}
	return out
}

// fcp gives a GET RESPONSE file control parameter template for a
// transparent EF of size bytes (ETSI TS 102 221 11.1.1.3).
func fcp(fid, size int) []byte {
	body := []byte{
		0x82, 0x02, 0x41, 0x21, // working EF, transparent
		0x83, 0x02, byte(fid >> 8), byte(fid),
		0x8A, 0x01, 0x05, // operational, activated
		0x8B, 0x03, 0x6F, 0x06, 0x01,
		0x80, 0x02, byte(size >> 8), byte(size),
		0x88, 0x00,
	}
	return append([]byte{0x62, byte(len(body))}, body...)
}

// crsm runs an AT+CRSM command against the SIM and gives sw1, sw2 and the
// response data.
func (s *simCard) crsm(command, fid, p1, p2, p3 int, data string) (int, int, []byte) {
	if command == 242 { // STATUS: the MF
		return 144, 0, []byte{0x62, 0x08, 0x82, 0x02, 0x78, 0x21, 0x83, 0x02, 0x3F, 0x00}
	}
	ef := efFiles[fid]
	if ef == nil {
		return 106, 130, nil
	}
	unlocked := s.status() == simReady
	content := ef.content(s)
	switch command {
	case 192: // GET RESPONSE
		return 144, 0, fcp(fid, len(content))
	case 178, 220: // READ RECORD, UPDATE RECORD: the files are transparent
		return 105, 129, nil
	case 176: // READ BINARY
		if ef.readPIN && !unlocked {
			return 105, 130, nil
		}
		off := p1<<8 | p2
		if off >= len(content) {
			return 107, 0, nil
		}
		n := p3
		if n == 0 {
			n = len(content) - off
		}
		if off+n > len(content) {
			return 103, 0, nil
		}
		return 144, 0, content[off : off+n]
	case 214: // UPDATE BINARY
		if !ef.writable || !unlocked {
			return 105, 130, nil
		}
		b, err := hex.DecodeString(data)
		if err != nil {
			return 106, 128, nil
		}
		off := p1<<8 | p2
		if len(b) != p3 {
			return 103, 0, nil
		}
		if off+len(b) > len(content) {
			return 107, 0, nil
		}
		c := slices.Clone(content)
		copy(c[off:], b)
		ef.update(s, c)
		return 144, 0, nil
	}
	return 109, 0, nil // instruction not supported
}

// crsmLine formats the +CRSM response.
func crsmLine(sw1, sw2 int, data []byte) string {
	return fmt.Sprintf(`+CRSM: %d,%d,"%X"`, sw1, sw2, data)
}
