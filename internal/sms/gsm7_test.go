package sms

import (
	"bytes"
	"testing"
)

func TestEncodeGSM7(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []byte // nil with ok false
		ok   bool
	}{
		{"empty", "", []byte{}, true},
		{"ascii", "Hi!", []byte{0x48, 0x69, 0x21}, true},
		{"at sign is zero", "@", []byte{0x00}, true},
		{"national letters", "£$¥èéùìòÇØøÅå", []byte{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0B, 0x0C, 0x0E, 0x0F}, true},
		{"greek", "ΔΦΓΛΩΠΨΣΘΞ", []byte{0x10, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A}, true},
		{"line ends", "a\r\nb", []byte{0x61, 0x0D, 0x0A, 0x62}, true},
		{"high positions", "¡ÄÖÑÜ§¿äöñüà¤", []byte{0x40, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F, 0x60, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F, 0x24}, true},
		{"extension table", "€[]{}|~^\\\f", []byte{
			0x1B, 0x65, 0x1B, 0x3C, 0x1B, 0x3E, 0x1B, 0x28, 0x1B, 0x29,
			0x1B, 0x40, 0x1B, 0x3D, 0x1B, 0x14, 0x1B, 0x2F, 0x1B, 0x0A}, true},
		{"extension in text", "5€", []byte{0x35, 0x1B, 0x65}, true},
		{"backquote has no mapping", "`", nil, false},
		{"cyrillic", "Жук", nil, false},
		{"small c cedilla is not 0x09", "ç", nil, false},
		{"emoji", "ok 😀", nil, false},
		{"invalid UTF-8", "a\xffb", nil, false},
		{"replacement character", "\uFFFD", nil, false},
		{"escape control", "\x1b", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := EncodeGSM7(tt.in)
			if ok != tt.ok || !bytes.Equal(got, tt.want) || (got == nil) != (tt.want == nil) {
				t.Errorf("EncodeGSM7(%q) = % X, %v; want % X, %v", tt.in, got, ok, tt.want, tt.ok)
			}
			if ok {
				if back := DecodeGSM7(got); back != tt.in {
					t.Errorf("DecodeGSM7(% X) = %q, want %q", got, back, tt.in)
				}
			}
		})
	}
}

func TestDecodeGSM7(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, ""},
		{"hello", []byte("hello"), "hello"},
		{"euro", []byte{0x1B, 0x65}, "€"},
		{"escape then undefined code shows default character", []byte{0x1B, 0x41}, "A"},
		{"escape then CR2 shows CR", []byte{0x1B, 0x0D}, "\r"},
		{"trailing escape shows space", []byte{0x61, 0x1B}, "a "},
		{"double escape shows one space", []byte{0x1B, 0x1B, 0x61}, " a"},
		{"byte above 0x7F", []byte{0x80, 0x61}, "\uFFFDa"},
		{"escape then byte above 0x7F", []byte{0x1B, 0xFF}, "\uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DecodeGSM7(tt.in); got != tt.want {
				t.Errorf("DecodeGSM7(% X) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestGSM7AllSeptets checks that every septet, alone or after an escape,
// decodes to text that encodes back to text decoding the same.
func TestGSM7AllSeptets(t *testing.T) {
	for c := 0; c < 0x80; c++ {
		for _, in := range [][]byte{{byte(c)}, {0x1B, byte(c)}} {
			s := DecodeGSM7(in)
			enc, ok := EncodeGSM7(s)
			if !ok {
				t.Errorf("DecodeGSM7(% X) = %q, which does not encode", in, s)
				continue
			}
			if back := DecodeGSM7(enc); back != s {
				t.Errorf("% X: %q -> % X -> %q", in, s, enc, back)
			}
		}
	}
}
