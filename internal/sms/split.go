package sms

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxParts is the most parts a concatenated message can have: the part
// count is one octet (TS 23.040 9.2.3.24.1).
const maxParts = 255

// SplitOptions says how Split and SplitData cut a long message.
type SplitOptions struct {
	// ForceUCS2 encodes the text as UCS2 even when every character is in
	// the GSM 7-bit alphabet.
	ForceUCS2 bool
	// Ref is the concatenation reference shared by all parts of one
	// message; it should differ between consecutive long messages to the
	// same recipient. It is taken modulo 256, or 65536 with Ref16.
	Ref int
	// Ref16 uses the concatenation element with a 16-bit reference
	// (TS 23.040 9.2.3.24.8), which costs one more octet per part.
	Ref16 bool
}

// concat gives the concatenation element of part seq of total.
func (o SplitOptions) concat(total, seq int) UDHElement {
	if o.Ref16 {
		return UDHElement{ID: IEIConcat16, Data: []byte{byte(o.Ref >> 8), byte(o.Ref), byte(total), byte(seq)}}
	}
	return UDHElement{ID: IEIConcat8, Data: []byte{byte(o.Ref), byte(total), byte(seq)}}
}

// headerOctets is the size of a user data header holding only the
// concatenation element, UDHL included: 6 octets, 7 with Ref16.
func (o SplitOptions) headerOctets() int {
	if o.Ref16 {
		return 7
	}
	return 6
}

// Segment is one part of a text message as Split cuts it: the text of the
// part and its user data header, nil for a message that fits in one part.
type Segment struct {
	Text string
	UDH  UDH
}

// DataSegment is one part of 8-bit data as SplitData cuts it.
type DataSegment struct {
	Data []byte
	UDH  UDH
}

// Split cuts text into the parts of a concatenated SMS (TS 23.040
// 9.2.3.24.1) and gives the encoding they use: GSM 7-bit when every
// character is in the default alphabet or its extension table and
// opt.ForceUCS2 is clear, UCS2 otherwise.
//
// Text that fits in one message (160 septets, or 70 UTF-16 units) is one
// Segment with a nil UDH. Longer text is cut into parts of at most 153
// septets or 67 units (152 or 66 with opt.Ref16), each with a concatenation
// element. A character never straddles two parts: an extension character
// (two septets) or a surrogate pair moves whole to the next part, leaving
// its part one unit short. Text that is not valid UTF-8 or needs more than
// 255 parts is an error.
func Split(text string, opt SplitOptions) ([]Segment, Encoding, error) {
	if !utf8.ValidString(text) {
		return nil, 0, fmt.Errorf("sms: text is not valid UTF-8")
	}
	enc := UCS2
	if !opt.ForceUCS2 {
		if _, bad := encodeGSM7(text); bad < 0 {
			enc = GSM7
		}
	}
	single, perPart := 70, (maxUDOctets-opt.headerOctets())/2
	if enc == GSM7 {
		single, perPart = maxUDSeptets, maxUDSeptets-(8*opt.headerOctets()+6)/7
	}
	cost := func(r rune) int {
		if enc == GSM7 {
			return len(gsm7Reverse[r])
		}
		if r > 0xFFFF {
			return 2
		}
		return 1
	}
	total := 0
	for _, r := range text {
		total += cost(r)
	}
	if total <= single {
		return []Segment{{Text: text}}, enc, nil
	}
	var cuts []int // byte offsets where parts start
	used := perPart
	for i, r := range text {
		c := cost(r)
		if used+c > perPart {
			if len(cuts) == maxParts {
				return nil, 0, fmt.Errorf("sms: text of %d %s units needs more than %d parts", total, enc, maxParts)
			}
			cuts = append(cuts, i)
			used = 0
		}
		used += c
	}
	segs := make([]Segment, len(cuts))
	for k, start := range cuts {
		end := len(text)
		if k+1 < len(cuts) {
			end = cuts[k+1]
		}
		segs[k] = Segment{Text: text[start:end], UDH: UDH{opt.concat(len(cuts), k+1)}}
	}
	return segs, enc, nil
}

// SplitData cuts 8-bit data into the parts of a concatenated SMS: one part
// with a nil UDH when it fits in 140 octets, parts of at most 134 octets
// (133 with opt.Ref16) with a concatenation element otherwise. opt.ForceUCS2
// does not apply. Data that needs more than 255 parts is an error. The
// parts do not alias data.
func SplitData(data []byte, opt SplitOptions) ([]DataSegment, error) {
	if len(data) <= maxUDOctets {
		return []DataSegment{{Data: cloneBytes(data)}}, nil
	}
	perPart := maxUDOctets - opt.headerOctets()
	n := (len(data) + perPart - 1) / perPart
	if n > maxParts {
		return nil, fmt.Errorf("sms: %d octets of data need %d parts, max %d", len(data), n, maxParts)
	}
	segs := make([]DataSegment, n)
	for k := range segs {
		chunk := data[k*perPart : min(len(data), (k+1)*perPart)]
		segs[k] = DataSegment{Data: cloneBytes(chunk), UDH: UDH{opt.concat(n, k+1)}}
	}
	return segs, nil
}

// SubmitParts gives the SMS-SUBMITs that send text to dest: copies of base
// with Destination, DCS, UDH and Text filled from Split and Data cleared.
// Everything else of base is kept: SMSC, validity, status report request,
// message reference and the rest. The DCS is that of the general data
// coding group for the encoding Split chose, keeping base.DCS's message
// class when it has one (so a flash message stays one). base must not have
// a user data header. Each part is checked to encode.
func SubmitParts(dest Address, text string, opt SplitOptions, base Submit) ([]Submit, error) {
	if base.UDH != nil {
		return nil, fmt.Errorf("sms: SubmitParts: the base message must not have a user data header")
	}
	segs, enc, err := Split(text, opt)
	if err != nil {
		return nil, err
	}
	class := -1
	if c, ok := base.DCS.Class(); ok {
		class = c
	}
	out := make([]Submit, len(segs))
	for k, seg := range segs {
		s := base
		s.Destination = dest
		s.DCS = NewDCS(enc, class)
		s.UDH = seg.UDH
		s.Text = seg.Text
		s.Data = nil
		if _, err := s.Encode(false); err != nil {
			return nil, fmt.Errorf("sms: part %d of %d: %s", k+1, len(segs), strings.TrimPrefix(err.Error(), "sms: "))
		}
		out[k] = s
	}
	return out, nil
}
