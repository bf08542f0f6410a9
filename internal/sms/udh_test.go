package sms

import (
	"bytes"
	"reflect"
	"testing"
)

func TestUDHHelpers(t *testing.T) {
	tests := []struct {
		name            string
		udh             UDH
		ref, total, seq int
		concat          bool
		dst, src        int
		ports           bool
	}{
		{"none", nil, 0, 0, 0, false, 0, 0, false},
		{"concat 8-bit", UDH{{ID: 0x00, Data: []byte{0xCC, 3, 2}}}, 0xCC, 3, 2, true, 0, 0, false},
		{"concat 16-bit", UDH{{ID: 0x08, Data: []byte{0x12, 0x34, 2, 1}}}, 0x1234, 2, 1, true, 0, 0, false},
		{"ports 8-bit", UDH{{ID: 0x04, Data: []byte{0xF5, 0x00}}}, 0, 0, 0, false, 0xF5, 0, true},
		{"ports 16-bit with concat", UDH{
			{ID: 0x05, Data: []byte{0x0B, 0x84, 0x23, 0xF0}},
			{ID: 0x00, Data: []byte{7, 2, 2}},
		}, 7, 2, 2, true, 2948, 9200, true},
		{"unknown elements skipped", UDH{{ID: 0x24, Data: []byte{1}}, {ID: 0x00, Data: []byte{1, 2, 1}}}, 1, 2, 1, true, 0, 0, false},
		{"wrong length ignored", UDH{{ID: 0x00, Data: []byte{1, 2}}, {ID: 0x04, Data: []byte{1}}}, 0, 0, 0, false, 0, 0, false},
		{"sequence zero ignored", UDH{{ID: 0x00, Data: []byte{1, 2, 0}}}, 0, 0, 0, false, 0, 0, false},
		{"sequence past total ignored", UDH{{ID: 0x00, Data: []byte{1, 2, 3}}}, 0, 0, 0, false, 0, 0, false},
		{"no parts ignored, next used", UDH{{ID: 0x00, Data: []byte{1, 0, 0}}, {ID: 0x08, Data: []byte{0, 9, 1, 1}}}, 9, 1, 1, true, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ref, total, seq, ok := tt.udh.Concat()
			if ref != tt.ref || total != tt.total || seq != tt.seq || ok != tt.concat {
				t.Errorf("Concat = %d, %d, %d, %v; want %d, %d, %d, %v", ref, total, seq, ok, tt.ref, tt.total, tt.seq, tt.concat)
			}
			dst, src, ok := tt.udh.Ports()
			if dst != tt.dst || src != tt.src || ok != tt.ports {
				t.Errorf("Ports = %d, %d, %v; want %d, %d, %v", dst, src, ok, tt.dst, tt.src, tt.ports)
			}
		})
	}
}

func TestNewElements(t *testing.T) {
	tests := []struct {
		got, want UDHElement
	}{
		{NewConcat(0xCC, 3, 1), UDHElement{ID: IEIConcat8, Data: []byte{0xCC, 3, 1}}},
		{NewConcat(0x1234, 2, 2), UDHElement{ID: IEIConcat16, Data: []byte{0x12, 0x34, 2, 2}}},
		{NewPorts(0xF5, 0), UDHElement{ID: IEIPorts8, Data: []byte{0xF5, 0}}},
		{NewPorts(2948, 9200), UDHElement{ID: IEIPorts16, Data: []byte{0x0B, 0x84, 0x23, 0xF0}}},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("got %+v, want %+v", tt.got, tt.want)
		}
	}
}

func TestUDHCodec(t *testing.T) {
	tests := []struct {
		name string
		udh  UDH
		hex  string
	}{
		{"empty header", UDH{}, "00"},
		{"concat", UDH{NewConcat(0xCC, 2, 1)}, "050003CC0201"},
		{"two elements", UDH{NewPorts(2948, 9200), NewConcat(0x1234, 2, 1)}, "0C05040B8423F00804123402 01"},
		{"unknown element with no data", UDH{{ID: 0x70}}, "027000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.udh.marshal()
			if err != nil {
				t.Fatal(err)
			}
			want := mustHex(t, tt.hex)
			if !bytes.Equal(got, want) {
				t.Fatalf("marshal = %X, want %X", got, want)
			}
			back, n, err := decodeUDH(append(got, 0x55))
			if err != nil {
				t.Fatal(err)
			}
			if n != len(want) || !reflect.DeepEqual(back, tt.udh) {
				t.Errorf("decodeUDH = %+v, %d; want %+v, %d", back, n, tt.udh, len(want))
			}
		})
	}
	errs := []struct {
		name, hex, err string
	}{
		{"empty user data", "", "user data header indicated but user data is empty"},
		{"length past user data", "0500030102", "header length 5 exceeds the user data (5 octets)"},
		{"element cut short", "0100", "truncated user data header element 0x00"},
		{"element overruns header", "0400050102", "element 0x00: want 5 octets, have 2"},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := decodeUDH(mustHex(t, tt.hex))
			wantErr(t, err, tt.err)
		})
	}
	if _, err := (UDH{{ID: 1, Data: make([]byte, 256)}}).marshal(); err == nil {
		t.Error("element of 256 octets marshalled")
	}
	if _, err := (UDH{{ID: 1, Data: make([]byte, 200)}, {ID: 2, Data: make([]byte, 100)}}).marshal(); err == nil {
		t.Error("header of 304 octets marshalled")
	}
}
