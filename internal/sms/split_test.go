package sms

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// partLengths gives the length of each segment in septets (GSM7) or UTF-16
// units (UCS2).
func partLengths(segs []Segment, enc Encoding) []int {
	var out []int
	for _, s := range segs {
		if enc == GSM7 {
			sep, _ := EncodeGSM7(s.Text)
			out = append(out, len(sep))
		} else {
			out = append(out, len(utf16.Encode([]rune(s.Text))))
		}
	}
	return out
}

func TestSplitBoundaries(t *testing.T) {
	a, ya := "a", "я"
	tests := []struct {
		name    string
		text    string
		opt     SplitOptions
		enc     Encoding
		lengths []int
		first   string // text of part 2, when checked
	}{
		{name: "empty", text: "", enc: GSM7, lengths: []int{0}},
		{name: "160 GSM7", text: strings.Repeat(a, 160), enc: GSM7, lengths: []int{160}},
		{name: "161 GSM7", text: strings.Repeat(a, 161), enc: GSM7, lengths: []int{153, 8}},
		{name: "80 extension characters", text: strings.Repeat("€", 80), enc: GSM7, lengths: []int{160}},
		{name: "306 GSM7", text: strings.Repeat(a, 306), enc: GSM7, lengths: []int{153, 153}},
		{name: "307 GSM7", text: strings.Repeat(a, 307), enc: GSM7, lengths: []int{153, 153, 1}},
		{name: "161 GSM7, 16-bit reference", text: strings.Repeat(a, 161), opt: SplitOptions{Ref16: true}, enc: GSM7, lengths: []int{152, 9}},
		{
			name: "extension character at 153 moves", text: strings.Repeat(a, 152) + "€" + strings.Repeat("b", 10),
			enc: GSM7, lengths: []int{152, 12}, first: "€bbbbbbbbbb",
		},
		{
			name: "extension character ending at 153 stays", text: strings.Repeat(a, 151) + "€" + strings.Repeat("b", 10),
			enc: GSM7, lengths: []int{153, 10}, first: "bbbbbbbbbb",
		},
		{name: "70 UCS2", text: strings.Repeat(ya, 70), enc: UCS2, lengths: []int{70}},
		{name: "71 UCS2", text: strings.Repeat(ya, 71), enc: UCS2, lengths: []int{67, 4}},
		{name: "71 UCS2, 16-bit reference", text: strings.Repeat(ya, 71), opt: SplitOptions{Ref16: true}, enc: UCS2, lengths: []int{66, 5}},
		{name: "35 emoji fit", text: strings.Repeat("😀", 35), enc: UCS2, lengths: []int{70}},
		{
			name: "emoji at the UCS2 boundary moves whole", text: strings.Repeat(ya, 66) + "😀" + strings.Repeat(ya, 5),
			enc: UCS2, lengths: []int{66, 7}, first: "😀яяяяя",
		},
		{name: "forced UCS2", text: "hello", opt: SplitOptions{ForceUCS2: true}, enc: UCS2, lengths: []int{5}},
		{name: "one non-GSM character makes UCS2", text: strings.Repeat(a, 100) + "ą", enc: UCS2, lengths: []int{67, 34}},
		{name: "255 parts", text: strings.Repeat(a, 153*255), enc: GSM7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs, enc, err := Split(tt.text, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if enc != tt.enc {
				t.Errorf("encoding %v, want %v", enc, tt.enc)
			}
			if got := partLengths(segs, enc); tt.lengths != nil && !reflect.DeepEqual(got, tt.lengths) {
				t.Errorf("part lengths %v, want %v", got, tt.lengths)
			}
			if tt.first != "" && segs[1].Text != tt.first {
				t.Errorf("part 2 is %q, want %q", segs[1].Text, tt.first)
			}
			checkSegments(t, tt.text, segs, tt.opt)
		})
	}
}

// checkSegments checks that segs join to text and carry the right
// concatenation headers.
func checkSegments(t *testing.T, text string, segs []Segment, opt SplitOptions) {
	t.Helper()
	var sb strings.Builder
	for i, s := range segs {
		sb.WriteString(s.Text)
		if len(segs) == 1 {
			if s.UDH != nil {
				t.Errorf("single part has a header %v", s.UDH)
			}
			continue
		}
		ref, total, seq, ok := s.UDH.Concat()
		wantRef := opt.Ref & 0xFF
		if opt.Ref16 {
			wantRef = opt.Ref & 0xFFFF
		}
		if !ok || ref != wantRef || total != len(segs) || seq != i+1 || concat16(s.UDH) != opt.Ref16 {
			t.Errorf("part %d header %v: ref %d total %d seq %d", i+1, s.UDH, ref, total, seq)
		}
	}
	if sb.String() != text {
		t.Errorf("parts join to %q, want %q", sb.String(), text)
	}
}

func TestSplitErrors(t *testing.T) {
	if _, _, err := Split(strings.Repeat("a", 153*255+1), SplitOptions{}); !strings.Contains(fmtErr(err), "more than 255 parts") {
		t.Errorf("256 parts: %v", err)
	}
	if _, _, err := Split("a\xffb", SplitOptions{}); !strings.Contains(fmtErr(err), "UTF-8") {
		t.Errorf("invalid UTF-8: %v", err)
	}
	if _, err := SplitData(make([]byte, 134*255+1), SplitOptions{}); err == nil {
		t.Error("256 data parts: no error")
	}
}

func TestSplitReferences(t *testing.T) {
	segs, _, _ := Split(strings.Repeat("a", 200), SplitOptions{Ref: 0x1234})
	if got := segs[0].UDH[0]; got.ID != IEIConcat8 || !bytes.Equal(got.Data, []byte{0x34, 2, 1}) {
		t.Errorf("8-bit reference element %v", got)
	}
	segs, _, _ = Split(strings.Repeat("a", 200), SplitOptions{Ref: 7, Ref16: true})
	if got := segs[1].UDH[0]; got.ID != IEIConcat16 || !bytes.Equal(got.Data, []byte{0, 7, 2, 2}) {
		t.Errorf("16-bit reference element %v", got)
	}
}

func TestSplitData(t *testing.T) {
	data := make([]byte, 300)
	for i := range data {
		data[i] = byte(i)
	}
	tests := []struct {
		n       int
		opt     SplitOptions
		lengths []int
	}{
		{0, SplitOptions{}, []int{0}},
		{140, SplitOptions{}, []int{140}},
		{141, SplitOptions{}, []int{134, 7}},
		{141, SplitOptions{Ref16: true}, []int{133, 8}},
		{300, SplitOptions{Ref: 9}, []int{134, 134, 32}},
	}
	for _, tt := range tests {
		segs, err := SplitData(data[:tt.n], tt.opt)
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		var joined []byte
		for i, s := range segs {
			got = append(got, len(s.Data))
			joined = append(joined, s.Data...)
			if _, total, seq, ok := s.UDH.Concat(); len(segs) > 1 && (!ok || total != len(segs) || seq != i+1) {
				t.Errorf("%d octets: part %d header %v", tt.n, i+1, s.UDH)
			}
			p := Submit{Destination: ParseAddress("+1"), DCS: NewDCS(Data8, -1), UDH: s.UDH, Data: s.Data}
			if n := userDataOctets(t, p); n > 140 {
				t.Errorf("%d octets: part %d has %d octets of user data", tt.n, i+1, n)
			}
		}
		if !reflect.DeepEqual(got, tt.lengths) || !bytes.Equal(joined, data[:tt.n]) {
			t.Errorf("%d octets: lengths %v, want %v", tt.n, got, tt.lengths)
		}
		if tt.n > 0 && &segs[0].Data[0] == &data[0] {
			t.Error("segment aliases the input")
		}
	}
}

func TestSubmitParts(t *testing.T) {
	base := Submit{
		SMSC:                seedSMSC,
		StatusReportRequest: true,
		MessageRef:          5,
		DCS:                 0x10, // class 0: flash
		Validity:            Validity{Format: ValidityRelative, Relative: 24 * time.Hour},
		Data:                []byte{1},
	}
	dest := ParseAddress("+8613903710742")
	for _, tt := range []struct {
		name  string
		text  string
		parts int
		dcs   DCS
	}{
		{"GSM7 with extension characters", strings.Repeat("{x}", 100), 4, 0x10},
		{"GSM7 odd fill", strings.Repeat("abcdefg€", 40), 3, 0x10},
		{"UCS2 with emoji", strings.Repeat("Grüße 😀 ", 20), 3, 0x18},
		{"single", "hello", 1, 0x10},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, ref16 := range []bool{false, true} {
				opt := SplitOptions{Ref: 300, Ref16: ref16}
				parts, err := SubmitParts(dest, tt.text, opt, base)
				if err != nil {
					t.Fatal(err)
				}
				if len(parts) != tt.parts {
					t.Fatalf("%d parts, want %d", len(parts), tt.parts)
				}
				var sb strings.Builder
				for i, p := range parts {
					if p.DCS != tt.dcs || p.Destination != dest || p.SMSC != base.SMSC || !p.StatusReportRequest ||
						p.MessageRef != 5 || p.Validity != base.Validity || p.Data != nil {
						t.Errorf("part %d lost base fields: %+v", i+1, p)
					}
					pdu, err := p.Encode(true)
					if err != nil {
						t.Fatal(err)
					}
					if n := TPDULength(pdu, true); n > 140+28 {
						t.Errorf("part %d TPDU is %d octets", i+1, n)
					}
					back, err := DecodeSubmit(pdu, true)
					if err != nil {
						t.Fatal(err)
					}
					if !sameSubmit(back, p) {
						t.Errorf("part %d round trip\n%+v\nwant\n%+v", i+1, back, p)
					}
					sb.WriteString(back.Text)
				}
				if sb.String() != tt.text {
					t.Errorf("parts decode to %q, want %q", sb.String(), tt.text)
				}
			}
		})
	}
	if _, err := SubmitParts(dest, "x", SplitOptions{}, Submit{UDH: UDH{}}); err == nil {
		t.Error("base with a header: no error")
	}
	if _, err := SubmitParts(Address{Number: "x1", TON: TONUnknown}, "x", SplitOptions{}, Submit{}); !strings.HasPrefix(fmtErr(err), "sms: part 1 of 1: destination") {
		t.Errorf("bad destination: %v", err)
	}
}

// TestSplitPartsFit checks the user data of every full part is at most 140
// octets with both reference sizes, for GSM7 and UCS2.
func TestSplitPartsFit(t *testing.T) {
	for _, text := range []string{strings.Repeat("a", 1000), strings.Repeat("я", 500), strings.Repeat("€a", 400), strings.Repeat("😀я", 300)} {
		for _, ref16 := range []bool{false, true} {
			parts, err := SubmitParts(ParseAddress("+1"), text, SplitOptions{Ref16: ref16}, Submit{})
			if err != nil {
				t.Fatal(err)
			}
			for i, p := range parts {
				if n := userDataOctets(t, p); n > 140 || (i < len(parts)-1 && n < 138) {
					t.Errorf("%.10q ref16 %v: part %d has %d octets of user data", text, ref16, i+1, n)
				}
			}
		}
	}
}

// userDataOctets gives the octets of TP-UD in the encoding of s.
func userDataOctets(t *testing.T, s Submit) int {
	t.Helper()
	pdu, err := s.Encode(false)
	if err != nil {
		t.Fatal(err)
	}
	s.UDH, s.Text, s.Data = nil, "", nil
	head, err := s.Encode(false)
	if err != nil {
		t.Fatal(err)
	}
	return len(pdu) - len(head)
}
