package sms

import (
	"bytes"
	"testing"
)

func TestPack7(t *testing.T) {
	tests := []struct {
		name    string
		septets []byte
		fill    int
		want    string
	}{
		{"empty", nil, 0, ""},
		{"hellohello (TS 23.038 example)", []byte("hellohello"), 0, "E8329BFD4697D9EC37"},
		{"seed message", []byte("message"), 0, "EDF27C1E3E9701"},
		{"eight septets fill seven octets", []byte("abcdefgh"), 0, "61F1985C369FD1"},
		{"one fill bit after a six-octet header", []byte("hi"), 1, "D069"},
		{"six fill bits", []byte{0x7F}, 6, "C01F"},
		{"bit 7 ignored", []byte{0xE8}, 0, "68"},
		{"fill with no septets", nil, 1, "00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := mustHex(t, tt.want)
			got := Pack7(tt.septets, tt.fill)
			if !bytes.Equal(got, want) {
				t.Fatalf("Pack7 = %X, want %X", got, want)
			}
			back := Unpack7(got, len(tt.septets), tt.fill)
			for i := range tt.septets {
				if back[i] != tt.septets[i]&0x7F {
					t.Fatalf("Unpack7 = % X, want % X", back, tt.septets)
				}
			}
		})
	}
}

func TestUnpack7(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		count int
		fill  int
		want  []byte
	}{
		{"hellohello", "E8329BFD4697D9EC37", 10, 0, []byte("hellohello")},
		{"fewer than available", "E8329BFD4697D9EC37", 3, 0, []byte("hel")},
		{"more than available gives what fits", "E8329B", 10, 0, []byte("hel")},
		{"seven octets hold eight septets", "61F1985C369FD1", 8, 0, []byte("abcdefgh")},
		{"fill bits skipped", "D069", 2, 1, []byte("hi")},
		{"fill bits leave nothing", "00", 1, 6, []byte{}},
		{"empty input", "", 5, 0, []byte{}},
		{"negative count", "E8", -1, 0, nil},
		{"fill too large", "E8", 1, 7, nil},
		{"negative fill", "E8", 1, -1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Unpack7(mustHex(t, tt.in), tt.count, tt.fill)
			if !bytes.Equal(got, tt.want) || (got == nil) != (tt.want == nil) {
				t.Errorf("Unpack7 = % X, want % X", got, tt.want)
			}
		})
	}
	if got := Pack7([]byte("a"), 7); got != nil {
		t.Errorf("Pack7 with 7 fill bits = %X, want nil", got)
	}
}
