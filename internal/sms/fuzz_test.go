package sms

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
	"time"
)

// fuzzSeeds are PDUs, with and without the SMSC prefix, to start from.
func fuzzSeeds(f *testing.F, deliver bool) {
	seeds := []string{
		"0891683108608805F911000B813109730137F10000FF07EDF27C1E3E9701",
		"0891683108608805F911000B813109730137F10008FF0677ED6D88606F",
		"0891683108608805F9040D91683109730147F200002150716172350005F4F29C4E03",
		"040ED0E3329B7D0ED3CB00005211425133000A1150797A5CD6816A9B3268C37BAF373E",
		"040B919471163254F60008621010203040400A004800690020D83DDE00",
		"00440491947100040000000000000009" + "0605040B8423F0CAFE",
		"712A0D91947116325476F80000A716050003CC0202A061391D44BFBF416F33887E7F03",
		"005D0005812143F500F562102030405069090605040B8423F0CAFE",
		"89FF008041000122000000000000",
	}
	for _, s := range seeds {
		b, err := hex.DecodeString(s)
		if err != nil {
			f.Fatalf("seed %s: %v", s, err)
		}
		f.Add(b, true)
		f.Add(b, false)
	}
	ts := time.Date(2026, 2, 3, 4, 5, 6, 0, time.FixedZone("", -3*3600))
	if deliver {
		for _, d := range []Deliver{
			{Originator: ParseAddress("Info"), Timestamp: ts, UDH: UDH{NewConcat(1, 2, 1)}, Text: "€x"},
			{Originator: ParseAddress("+123"), DCS: 0x18, Timestamp: ts, Text: "😀"},
		} {
			b, _ := d.Encode(false)
			f.Add(b, false)
		}
		return
	}
	s := Submit{Destination: ParseAddress("Info"), DCS: 0x04, UDH: UDH{NewPorts(1, 2)}, Data: []byte("x")}
	b, _ := s.Encode(false)
	f.Add(b, false)
}

func FuzzDecodeDeliver(f *testing.F) {
	fuzzSeeds(f, true)
	f.Fuzz(func(t *testing.T, pdu []byte, withSMSC bool) {
		d, err := DecodeDeliver(pdu, withSMSC)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "sms: ") {
				t.Fatalf("error without prefix: %v", err)
			}
			return
		}
		enc, err := d.Encode(withSMSC)
		if err != nil {
			t.Fatalf("decoded %X to %+v, which does not encode: %v", pdu, d, err)
		}
		if TPDULength(enc, withSMSC) < 0 {
			t.Fatalf("TPDULength(%X) < 0", enc)
		}
		back, err := DecodeDeliver(enc, withSMSC)
		if err != nil {
			t.Fatalf("re-encoded %X does not decode: %v", enc, err)
		}
		if !sameDeliver(back, d) {
			t.Fatalf("round trip of %X changed\n%+v\nto\n%+v", pdu, d, back)
		}
		again, err := back.Encode(withSMSC)
		if err != nil || !bytes.Equal(again, enc) {
			t.Fatalf("second encoding %X, %v differs from %X", again, err, enc)
		}
	})
}

func FuzzDecodeSubmit(f *testing.F) {
	fuzzSeeds(f, false)
	f.Fuzz(func(t *testing.T, pdu []byte, withSMSC bool) {
		s, err := DecodeSubmit(pdu, withSMSC)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "sms: ") {
				t.Fatalf("error without prefix: %v", err)
			}
			return
		}
		enc, err := s.Encode(withSMSC)
		if err != nil {
			t.Fatalf("decoded %X to %+v, which does not encode: %v", pdu, s, err)
		}
		if TPDULength(enc, withSMSC) < 0 {
			t.Fatalf("TPDULength(%X) < 0", enc)
		}
		back, err := DecodeSubmit(enc, withSMSC)
		if err != nil {
			t.Fatalf("re-encoded %X does not decode: %v", enc, err)
		}
		if !sameSubmit(back, s) {
			t.Fatalf("round trip of %X changed\n%+v\nto\n%+v", pdu, s, back)
		}
		again, err := back.Encode(withSMSC)
		if err != nil || !bytes.Equal(again, enc) {
			t.Fatalf("second encoding %X, %v differs from %X", again, err, enc)
		}
	})
}

func FuzzUnpack7(f *testing.F) {
	f.Add([]byte{0xE8, 0x32, 0x9B, 0xFD, 0x46, 0x97, 0xD9, 0xEC, 0x37}, 10, 0)
	f.Add([]byte{0xD0, 0x69}, 2, 1)
	f.Add([]byte{}, 3, 6)
	f.Add([]byte{0xFF}, -1, 9)
	f.Fuzz(func(t *testing.T, b []byte, count, fill int) {
		out := Unpack7(b, count, fill)
		if count < 0 || fill < 0 || fill > 6 {
			if out != nil {
				t.Fatalf("Unpack7(%X, %d, %d) = %X, want nil", b, count, fill, out)
			}
			return
		}
		if len(out) > count || (len(out) > 0 && 7*len(out)+fill > 8*len(b)) {
			t.Fatalf("Unpack7(%X, %d, %d) gave %d septets", b, count, fill, len(out))
		}
		if len(out) < count && 7*(len(out)+1)+fill <= 8*len(b) {
			t.Fatalf("Unpack7(%X, %d, %d) stopped early at %d septets", b, count, fill, len(out))
		}
		for _, s := range out {
			if s > 0x7F {
				t.Fatalf("septet %#x above 0x7F", s)
			}
		}
		packed := Pack7(out, fill)
		if back := Unpack7(packed, len(out), fill); !bytes.Equal(back, out) {
			t.Fatalf("repacking %X gave %X", out, back)
		}
		// Packing keeps the bits it covers.
		for i := 0; i < 7*len(out); i++ {
			bit := fill + i
			if packed[bit/8]>>(bit%8)&1 != b[bit/8]>>(bit%8)&1 {
				t.Fatalf("bit %d differs: packed %X from %X", bit, packed, b)
			}
		}
		_ = DecodeGSM7(out)
	})
}
