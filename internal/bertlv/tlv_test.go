package bertlv

import (
	"bytes"
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

const (
	testEID   = "89049032123451234512345678901235"
	testICCID = "98940010325476981032" // 89490001234567890123, BCD nibble-swapped
)

// stripValues clears Value of constructed elements, which Parse fills but
// builders leave empty, so parsed and built trees compare equal.
func stripValues(ts []TLV) []TLV {
	out := make([]TLV, len(ts))
	for i, t := range ts {
		if len(t.Children) > 0 || t.Tag.Constructed() {
			t.Value = nil
			t.Children = stripValues(t.Children)
			if len(t.Children) == 0 {
				t.Children = nil
			}
		}
		out[i] = t
	}
	return out
}

func TestParseEncodeVectors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		hex  string
		want TLV
	}{
		{"GetEuiccDataRequest for the EID", "BF3E 03 5C 01 5A",
			New(0xBF3E, Bytes(0x5C, []byte{0x5A}))},
		{"GetEuiccDataResponse with the EID", "BF3E 12 5A 10" + testEID,
			New(0xBF3E, Bytes(0x5A, unhex(t, testEID)))},
		{"ProfileInfoListRequest, empty", "BF2D 00", New(0xBF2D)},
		{"EnableProfileRequest by ICCID with refresh", "BF31 11 A0 0C 5A 0A" + testICCID + "81 01 FF",
			New(0xBF31, New(0xA0, Bytes(0x5A, unhex(t, testICCID))), Bool(0x81, true))},
		{"ProfileInfoListResponse", "BF2D 1A A0 18 E3 16 5A 0A" + testICCID + "9F70 01 01 90 04 74657374",
			New(0xBF2D, New(0xA0, New(0xE3,
				Bytes(0x5A, unhex(t, testICCID)), Int(0x9F70, 1), UTF8(0x90, "test"))))},
		{"EuiccMemoryReset", "BF34 04 82 02 05 E0",
			New(0xBF34, Bits(0x82, BitString{Bytes: []byte{0xE0}, BitLength: 3}))},
		{"three-octet tag", "9F8100 01 07", Int(0x9F8100, 7)},
		{"signature tag 5F37", "5F37 02 0102", Bytes(0x5F37, []byte{1, 2})},
		{"long length 81", "04 81 80" + strings.Repeat("AB", 128),
			Bytes(TagOctetString, bytes.Repeat([]byte{0xAB}, 128))},
		{"long length 82", "04 82 0100" + strings.Repeat("CD", 256),
			Bytes(TagOctetString, bytes.Repeat([]byte{0xCD}, 256))},
		{"NULL", "05 00", Null(TagNull)},
		{"universal zero tag", "00 00", TLV{Tag: 0, Value: []byte{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := unhex(t, tt.hex)
			got, err := ParseSingle(in)
			if err != nil {
				t.Fatalf("ParseSingle: %v", err)
			}
			if g, w := stripValues([]TLV{got}), stripValues([]TLV{tt.want}); !reflect.DeepEqual(g, w) {
				t.Errorf("ParseSingle = %v, want %v", g, w)
			}
			enc, err := Encode(tt.want)
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			if !bytes.Equal(enc, in) {
				t.Errorf("Encode = %X, want %X", enc, in)
			}
			re, err := Encode(got)
			if err != nil || !bytes.Equal(re, in) {
				t.Errorf("Encode(ParseSingle) = %X, %v; want %X", re, err, in)
			}
		})
	}
}

func TestParseNonMinimalLength(t *testing.T) {
	t.Parallel()
	// BER allows long forms with spare octets; encoding writes DER.
	for _, in := range []string{"04 81 02 0102", "04 82 0002 0102", "04 84 00000002 0102"} {
		got, err := ParseSingle(unhex(t, in))
		if err != nil {
			t.Fatalf("ParseSingle(%s): %v", in, err)
		}
		enc, err := Encode(got)
		if err != nil || !bytes.Equal(enc, unhex(t, "04 02 0102")) {
			t.Errorf("Encode(ParseSingle(%s)) = %X, %v; want 04020102", in, enc, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	nest := func(n int) []byte {
		b := []byte{}
		for range n {
			b = append(append([]byte{0xA0}, appendLength(nil, len(b))...), b...)
		}
		return b
	}
	tests := []struct {
		name   string
		in     []byte
		kind   error
		offset int
		msg    string
	}{
		{"empty single", nil, ErrTruncated, 0, "offset 0: expected a tag"},
		{"truncated tag", unhex(t, "BF"), ErrTruncated, 1, "offset 1: tag BF is cut short"},
		{"truncated three-octet tag", unhex(t, "9F81"), ErrTruncated, 2, "tag 9F81 is cut short"},
		{"missing length", unhex(t, "BF3E"), ErrTruncated, 2, "offset 2: expected a length"},
		{"truncated long length", unhex(t, "04 82 01"), ErrTruncated, 1, "offset 1: length needs 2 octets after 82, 1 left"},
		{"indefinite length", unhex(t, "30 80 0000"), ErrIndefiniteLength, 1, "offset 1: indefinite length (80) is not supported"},
		{"five-octet length", unhex(t, "04 85 0000000001 00"), ErrLengthTooLong, 1, "offset 1: length of 5 octets; at most 4 are supported"},
		{"reserved length FF", unhex(t, "04 FF"), ErrLengthTooLong, 1, "reserved"},
		{"length past end", append(unhex(t, "04 82 012C"), make([]byte, 12)...), ErrTruncated, 1,
			"offset 1: length 300 of tag 04 runs past the end (12 bytes left)"},
		{"huge length", unhex(t, "04 84 FFFFFFFF 00"), ErrTruncated, 1, "length 4294967295 runs past the end (1 bytes left)"},
		{"child past parent", unhex(t, "BF3E 03 5C 05 5A"), ErrTruncated, 4, "offset 4: length 5 of tag 5C runs past the end (1 bytes left)"},
		{"leading 80 in tag", unhex(t, "1F 80 20 00"), ErrBadTag, 1, "offset 1: tag number is not minimally encoded"},
		{"small number in long form", unhex(t, "9F 1E 00"), ErrBadTag, 0, "tag number 30 must use the one-octet form"},
		{"tag number overflow", unhex(t, "1F 88 80 80 80 00 00"), ErrBadTag, 0, "tag number exceeds 2147483647"},
		{"tag of seven octets", unhex(t, "1F 81 80 80 80 80 00 00"), ErrBadTag, 0, "tag number exceeds"},
		{"depth overflow", nest(MaxDepth + 1), ErrTooDeep, MaxDepth * 2, "nested deeper than 32"},
		{"trailing bytes", unhex(t, "05 00 05 00"), ErrTrailing, 2, "offset 2: 2 bytes after the element 05"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseSingle(tt.in)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("ParseSingle(%X) error = %v, want a *SyntaxError", tt.in, err)
			}
			if !errors.Is(err, tt.kind) {
				t.Errorf("error %v is not %v", err, tt.kind)
			}
			if se.Offset != tt.offset {
				t.Errorf("offset = %d, want %d (%v)", se.Offset, tt.offset, err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not contain %q", err, tt.msg)
			}
		})
	}
	if _, err := ParseSingle(nest(MaxDepth)); err != nil {
		t.Errorf("nesting of exactly %d levels: %v", MaxDepth, err)
	}
}

func TestParseSequence(t *testing.T) {
	t.Parallel()
	in := unhex(t, "80 01 05 BF2D 00 5A 00")
	got, err := Parse(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Tag != 0x80 || got[1].Tag != 0xBF2D || got[2].Tag != 0x5A {
		t.Fatalf("Parse = %v", got)
	}
	if ts, err := Parse(nil); err != nil || len(ts) != 0 {
		t.Errorf("Parse(nil) = %v, %v; want none", ts, err)
	}
	one, rest, err := ParseOne(in)
	if err != nil || one.Tag != 0x80 || !bytes.Equal(rest, in[3:]) {
		t.Errorf("ParseOne = %v, %X, %v", one, rest, err)
	}
	enc, err := EncodeAll(got...)
	if err != nil || !bytes.Equal(enc, in) {
		t.Errorf("EncodeAll = %X, %v; want %X", enc, err, in)
	}
	if _, err := Parse(unhex(t, "80 01 05 81")); err == nil {
		t.Error("Parse of a truncated second element succeeded")
	}
}

func TestValueDoesNotAliasPastElement(t *testing.T) {
	t.Parallel()
	in := unhex(t, "04 01 AA 04 01 BB")
	first, _, err := ParseOne(in)
	if err != nil {
		t.Fatal(err)
	}
	_ = append(first.Value, 0xCC)
	if in[3] != 0x04 {
		t.Errorf("appending to a Value overwrote the input: %X", in)
	}
}

func TestChildLookup(t *testing.T) {
	t.Parallel()
	resp, err := ParseSingle(unhex(t, "BF2D 1A A0 18 E3 16 5A 0A"+testICCID+"9F70 01 01 90 04 74657374"))
	if err != nil {
		t.Fatal(err)
	}
	info, ok := resp.Find(0xA0, 0xE3)
	if !ok {
		t.Fatal("Find(A0, E3) found nothing")
	}
	state, err := info.Need(0x9F70)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := state.Enum(); err != nil || v != 1 {
		t.Errorf("state = %d, %v; want 1", v, err)
	}
	if _, err := info.Need(0x91); err == nil || !strings.Contains(err.Error(), "tag E3: no child 91") {
		t.Errorf("Need(91) error = %v", err)
	}
	if _, ok := resp.Find(0xA1); ok {
		t.Error("Find(A1) found a child")
	}
	if got := len(info.All(0x5A)); got != 1 {
		t.Errorf("All(5A) = %d children, want 1", got)
	}
	if got := len(info.All(0x4F)); got != 0 {
		t.Errorf("All(4F) = %d children, want 0", got)
	}
	if s := info.String(); s != "E3{5A["+testICCID+"] 9F70[01] 90[74657374]}" {
		t.Errorf("String() = %s", s)
	}
}

func TestEncodeErrors(t *testing.T) {
	t.Parallel()
	if _, err := Encode(TLV{Tag: 0x04, Children: []TLV{Null(0x05)}}); !errors.Is(err, ErrBadValue) {
		t.Errorf("primitive with children: %v", err)
	}
	deep := Null(0x05)
	for range MaxDepth {
		deep = New(0xA0, deep)
	}
	if _, err := Encode(deep); !errors.Is(err, ErrTooDeep) {
		t.Errorf("encode of %d levels: %v", MaxDepth+1, err)
	}
	if _, err := EncodeAll(Null(0x05), TLV{Tag: 0x1F}); !errors.Is(err, ErrBadTag) {
		t.Errorf("EncodeAll with a bad tag: %v", err)
	}
}

func TestEncodePreEncodedContent(t *testing.T) {
	t.Parallel()
	// A constructed element without children writes Value as its content.
	got, err := Encode(TLV{Tag: 0xBF36, Value: unhex(t, "BF23 00")})
	if err != nil || !bytes.Equal(got, unhex(t, "BF36 03 BF23 00")) {
		t.Errorf("Encode = %X, %v", got, err)
	}
}

func TestReadHeader(t *testing.T) {
	t.Parallel()
	h, err := ReadHeader(unhex(t, "BF36 82 0003 BF23 00 FFFF"))
	if err != nil {
		t.Fatal(err)
	}
	if want := (Header{Tag: 0xBF36, Len: 3, HeaderLen: 5}); h != want {
		t.Errorf("ReadHeader = %+v, want %+v", h, want)
	}
}
