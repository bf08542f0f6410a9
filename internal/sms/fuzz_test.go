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

// statusReportSeeds are SMS-STATUS-REPORT PDUs without the SMSC prefix.
var statusReportSeeds = []string{
	"06000B910221815716F2709021510121807090215101718000",
	"662A0D91683109730147F2215071617235002150716182450046070008" + "0A05000307020100480069",
	"02FF04812143000000000000006210102030404021040" + "2C834",
	"0600048121432150716172350021507161824500008100" + "7F",
	"46000481214321507161723500215071618245000601" + "0402CAFE",
}

func FuzzDecodeStatusReport(f *testing.F) {
	for _, s := range statusReportSeeds {
		b, _ := hex.DecodeString(s)
		f.Add(b, false)
		f.Add(append([]byte{0}, b...), true)
	}
	f.Fuzz(func(t *testing.T, pdu []byte, withSMSC bool) {
		s, err := DecodeStatusReport(pdu, withSMSC)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "sms: ") {
				t.Fatalf("error without prefix: %v", err)
			}
			return
		}
		_ = StatusText(s.Status)
		enc, err := s.Encode(withSMSC)
		if err != nil {
			t.Fatalf("decoded %X to %+v, which does not encode: %v", pdu, s, err)
		}
		back, err := DecodeStatusReport(enc, withSMSC)
		if err != nil {
			t.Fatalf("re-encoded %X does not decode: %v", enc, err)
		}
		if !sameStatusReport(back, s) {
			t.Fatalf("round trip of %X changed\n%+v\nto\n%+v", pdu, s, back)
		}
		again, err := back.Encode(withSMSC)
		if err != nil || !bytes.Equal(again, enc) {
			t.Fatalf("second encoding %X, %v differs from %X", again, err, enc)
		}
	})
}

func FuzzDecodeAny(f *testing.F) {
	fuzzSeeds(f, true)
	for _, s := range statusReportSeeds {
		b, _ := hex.DecodeString(s)
		f.Add(b, false)
	}
	f.Fuzz(func(t *testing.T, pdu []byte, withSMSC bool) {
		for _, fromNetwork := range []bool{true, false} {
			k, kerr := KindOf(pdu, withSMSC, fromNetwork)
			v, err := DecodeAny(pdu, withSMSC, fromNetwork)
			if err != nil {
				if v != nil || !strings.HasPrefix(err.Error(), "sms: ") {
					t.Fatalf("DecodeAny(%X) = %v, %v", pdu, v, err)
				}
				continue
			}
			if kerr != nil {
				t.Fatalf("DecodeAny decoded %X that KindOf rejects: %v", pdu, kerr)
			}
			var want Kind
			switch v.(type) {
			case Deliver:
				want = KindDeliver
			case Submit:
				want = KindSubmit
			case StatusReport:
				want = KindStatusReport
			}
			if k != want {
				t.Fatalf("DecodeAny(%X) gave %T, KindOf %v", pdu, v, k)
			}
		}
	})
}

func FuzzSplit(f *testing.F) {
	f.Add("hello", false, 0, false)
	f.Add(strings.Repeat("a", 152)+"€bc", false, 300, false)
	f.Add(strings.Repeat("я", 66)+"😀я", false, 1, true)
	f.Add(strings.Repeat("{}", 90), true, 65535, true)
	f.Add("a\xff", false, -1, false)
	f.Fuzz(func(t *testing.T, text string, force bool, ref int, ref16 bool) {
		opt := SplitOptions{ForceUCS2: force, Ref: ref, Ref16: ref16}
		segs, enc, err := Split(text, opt)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "sms: ") {
				t.Fatalf("error without prefix: %v", err)
			}
			return
		}
		checkSegments(t, text, segs, opt)
		if len(segs) > 8 {
			return // encoding every part of very long text is slow and adds nothing
		}
		for i, s := range segs {
			p := Submit{Destination: ParseAddress("+1"), DCS: NewDCS(enc, -1), UDH: s.UDH, Text: s.Text}
			pdu, err := p.Encode(false)
			if err != nil {
				t.Fatalf("part %d of %q does not encode: %v", i+1, text, err)
			}
			if n := userDataOctets(t, p); n > maxUDOctets {
				t.Fatalf("part %d of %q has %d octets of user data", i+1, text, n)
			}
			back, err := DecodeSubmit(pdu, false)
			if err != nil || back.Text != s.Text {
				t.Fatalf("part %d of %q decodes to %q, %v", i+1, text, back.Text, err)
			}
		}
	})
}

func FuzzReassembler(f *testing.F) {
	f.Add([]byte{1, 3, 3, 0, 1, 3, 1, 5, 1, 3, 2, 200, 2, 3, 1, 0})
	f.Fuzz(func(t *testing.T, ops []byte) {
		r := NewReassembler(time.Minute, 10*time.Minute)
		r.MaxPending = 3
		now := t0
		parts, complete, given := 0, 0, 0
		for ; len(ops) >= 4; ops = ops[4:] {
			from, total, seq, step := ops[0]%3, int(ops[1]%4), int(ops[2]%5), ops[3]
			now = now.Add(time.Duration(step) * time.Second)
			if step == 255 {
				for _, m := range r.Expire(now) {
					given += m.Received
					if !m.Incomplete || len(m.Missing)+m.Received != m.Parts {
						t.Fatalf("expired %+v", m)
					}
				}
				continue
			}
			d := Deliver{Originator: ParseAddress("+" + string('1'+rune(from))), UDH: UDH{NewConcat(7, total, seq)}, Text: "x"}
			_, _, _, ok := d.UDH.Concat()
			m, done := r.Add(d, now)
			if !ok || total == 1 {
				if !done || m.Received != 1 {
					t.Fatalf("single part gave %+v, %v", m, done)
				}
				continue
			}
			parts++
			if done {
				complete += m.Received
				if m.Incomplete || m.Received != m.Parts || len(m.Text) != m.Parts {
					t.Fatalf("complete %+v", m)
				}
			}
			if r.Pending() > 3 {
				t.Fatalf("Pending = %d", r.Pending())
			}
		}
		for _, m := range r.Expire(now.Add(time.Hour)) {
			given += m.Received
		}
		if r.Pending() != 0 {
			t.Fatalf("Pending = %d after expiring everything", r.Pending())
		}
		// Every distinct part is accounted for; duplicates are dropped, so
		// at most parts.
		if complete+given > parts {
			t.Fatalf("%d complete + %d given up > %d parts", complete, given, parts)
		}
	})
}
