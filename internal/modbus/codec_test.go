package modbus

import (
	"bytes"
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func hx(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	return b
}

// Published RTU frames with their CRC as sent (low byte first).
var rtuVectors = []struct {
	frame, source string
}{
	{"01 03 00 6B 00 03 74 17", "read 3 holding registers from 108 (0x6B), unit 1"},
	{"11 03 00 6B 00 03 76 87", "the same read from unit 17, the classic Simply Modbus example"},
	{"01 03 00 00 00 02 C4 0B", "read 2 holding registers from 0, a temperature/humidity sensor manual"},
	{"01 03 00 00 00 0A C5 CD", "read 10 holding registers from 0, a common CRC test vector (0xCDC5 high byte first)"},
	{"01 03 01 89 00 02 14 1D", "read 2 holding registers from 393 (0x189)"},
}

func TestCRC16(t *testing.T) {
	t.Parallel()
	// CRC-16/MODBUS check value from the CRC catalogue.
	if got := CRC16([]byte("123456789")); got != 0x4B37 {
		t.Errorf("CRC16(123456789) = %#04x, want 0x4b37", got)
	}
	if got := CRC16(nil); got != 0xFFFF {
		t.Errorf("CRC16(nil) = %#04x", got)
	}
	for _, v := range rtuVectors {
		f := hx(v.frame)
		n := len(f) - 2
		if got, want := CRC16(f[:n]), uint16(f[n])|uint16(f[n+1])<<8; got != want {
			t.Errorf("%s: CRC16 = %#04x, want %#04x (%s)", v.frame, got, want, v.source)
		}
		if got := AppendRTU(nil, f[0], f[1:n]); !bytes.Equal(got, f) {
			t.Errorf("AppendRTU = % X, want %s", got, v.frame)
		}
		unit, pdu, err := ParseRTU(f)
		if err != nil || unit != f[0] || !bytes.Equal(pdu, f[1:n]) {
			t.Errorf("ParseRTU(%s) = %d, % X, %v", v.frame, unit, pdu, err)
		}
		bad := bytes.Clone(f)
		bad[2] ^= 0x01
		if _, _, err := ParseRTU(bad); !errors.Is(err, ErrCRC) {
			t.Errorf("ParseRTU of a corrupted frame: %v", err)
		}
	}
	if _, _, err := ParseRTU(hx("01 03 74")); !errors.Is(err, ErrShortFrame) {
		t.Errorf("short frame: %v", err)
	}
	// AppendRTU appends.
	if got := AppendRTU([]byte{0xAA}, 0x11, hx("03 00 6B 00 03")); !bytes.Equal(got, hx("AA 11 03 00 6B 00 03 76 87")) {
		t.Errorf("AppendRTU to a prefix = % X", got)
	}
}

func TestSilence(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		baud     int
		t35, t15 time.Duration
	}{
		// 11 bits per character: 9600 baud is 1145.83 µs a character.
		{9600, 4010416 * time.Nanosecond, 1718749 * time.Nanosecond},
		{19200, 2005207 * time.Nanosecond, 859374 * time.Nanosecond},
		{1200, 32083333 * time.Nanosecond, 13749999 * time.Nanosecond},
		{38400, 1750 * time.Microsecond, 750 * time.Microsecond},
		{115200, 1750 * time.Microsecond, 750 * time.Microsecond},
	} {
		t35, t15 := Silence(tc.baud)
		if d := t35 - tc.t35; d < -2 || d > 2 {
			t.Errorf("Silence(%d) t3.5 = %v, want %v", tc.baud, t35, tc.t35)
		}
		if d := t15 - tc.t15; d < -2 || d > 2 {
			t.Errorf("Silence(%d) t1.5 = %v, want %v", tc.baud, t15, tc.t15)
		}
	}
}

func TestMBAP(t *testing.T) {
	t.Parallel()
	// The read of 3 registers from 108 (spec 6.3) over TCP, transaction 1.
	frame := AppendTCP(nil, 0x0001, 0x11, hx("03 00 6B 00 03"))
	if want := hx("00 01 00 00 00 06 11 03 00 6B 00 03"); !bytes.Equal(frame, want) {
		t.Fatalf("AppendTCP = % X, want % X", frame, want)
	}
	h, err := ParseMBAP(frame)
	if err != nil || h != (MBAP{Transaction: 1, Length: 6, Unit: 0x11}) {
		t.Errorf("ParseMBAP = %+v, %v", h, err)
	}
	for _, bad := range []string{"00 01 00 00 00 06", "00 01 00 01 00 06 11", "00 01 00 00 00 01 11", "00 01 00 00 00 FF 11"} {
		if _, err := ParseMBAP(hx(bad)); err == nil {
			t.Errorf("ParseMBAP(%s) accepted", bad)
		}
	}
}

// Request and response PDUs from the examples of Modbus Application
// Protocol V1.1b3, section 6.
var pduVectors = []struct {
	name      string
	req, resp string
	build     func() ([]byte, error)
	want      Response
}{
	{"6.1 read coils 20-38", "01 00 13 00 13", "01 03 CD 6B 05",
		func() ([]byte, error) { return ReadRequest(1, 0x13, 19) },
		Response{Function: 1, Bits: bitsOf("1011 0011 1101 0110 101")}},
	{"6.2 read discrete inputs 197-218", "02 00 C4 00 16", "02 03 AC DB 35",
		func() ([]byte, error) { return ReadRequest(2, 0xC4, 22) },
		Response{Function: 2, Bits: bitsOf("0011 0101 1101 1011 1010 11")}},
	{"6.3 read holding registers 108-110", "03 00 6B 00 03", "03 06 02 2B 00 00 00 64",
		func() ([]byte, error) { return ReadRequest(3, 0x6B, 3) },
		Response{Function: 3, Registers: []uint16{555, 0, 100}}},
	{"6.4 read input register 9", "04 00 08 00 01", "04 02 00 0A",
		func() ([]byte, error) { return ReadRequest(4, 8, 1) },
		Response{Function: 4, Registers: []uint16{10}}},
	{"6.5 write single coil 173 on", "05 00 AC FF 00", "05 00 AC FF 00",
		func() ([]byte, error) { return WriteSingleCoil(0xAC, true), nil },
		Response{Function: 5, Bits: []bool{true}}},
	{"6.6 write single register 2", "06 00 01 00 03", "06 00 01 00 03",
		func() ([]byte, error) { return WriteSingleRegister(1, 3), nil },
		Response{Function: 6, Registers: []uint16{3}}},
	{"6.11 write multiple coils 20-29", "0F 00 13 00 0A 02 CD 01", "0F 00 13 00 0A",
		func() ([]byte, error) { return WriteMultipleCoils(0x13, bitsOf("1011 0011 10")) },
		Response{Function: 15, Bits: bitsOf("1011 0011 10")}},
	{"6.12 write multiple registers 2-3", "10 00 01 00 02 04 00 0A 01 02", "10 00 01 00 02",
		func() ([]byte, error) { return WriteMultipleRegisters(1, []uint16{0x000A, 0x0102}) },
		Response{Function: 16, Registers: []uint16{0x000A, 0x0102}}},
	{"6.17 read/write multiple registers", "17 00 03 00 06 00 0E 00 03 06 00 FF 00 FF 00 FF", "17 0C 00 FE 0A CD 00 01 00 03 00 0D 00 FF",
		func() ([]byte, error) { return ReadWriteMultiple(3, 6, 0x0E, []uint16{0xFF, 0xFF, 0xFF}) },
		Response{Function: 23, Registers: []uint16{0x00FE, 0x0ACD, 0x0001, 0x0003, 0x000D, 0x00FF}}},
}

func bitsOf(s string) []bool {
	var b []bool
	for _, c := range s {
		if c == '0' || c == '1' {
			b = append(b, c == '1')
		}
	}
	return b
}

func TestPDUVectors(t *testing.T) {
	t.Parallel()
	for _, v := range pduVectors {
		req, err := v.build()
		if err != nil || !bytes.Equal(req, hx(v.req)) {
			t.Errorf("%s: request % X, %v; want %s", v.name, req, err, v.req)
			continue
		}
		got, err := ParseResponse(req, hx(v.resp))
		if err != nil || !reflect.DeepEqual(got, v.want) {
			t.Errorf("%s: ParseResponse = %+v, %v; want %+v", v.name, got, err, v.want)
		}
	}
}

func TestParseResponseErrors(t *testing.T) {
	t.Parallel()
	// Spec 7: reading coil 1186 (0x04A1) of a device without it.
	_, err := ParseResponse(hx("01 04 A1 00 01"), hx("81 02"))
	var ex *Exception
	if !errors.As(err, &ex) || *ex != (Exception{Function: 1, Code: IllegalDataAddress}) {
		t.Fatalf("exception response: %v", err)
	}
	if got := ex.Error(); got != "modbus: function 1: exception 02 (illegal data address)" {
		t.Errorf("Error() = %q", got)
	}
	if s := GatewayTargetDeviceFailedToRespond.String(); s != "gateway target device failed to respond" {
		t.Errorf("0B = %q", s)
	}
	if s := ExceptionCode(0x42).String(); s != "exception 0x42" {
		t.Errorf("0x42 = %q", s)
	}
	for _, tc := range []struct {
		req, resp string
		want      error
	}{
		{"03 00 6B 00 03", "04 06 02 2B 00 00 00 64", ErrFunction},
		{"03 00 6B 00 03", "03 04 02 2B 00 00", ErrResponse},          // 2 registers for 3
		{"03 00 6B 00 03", "03 06 02 2B 00 00 00", ErrResponse},       // truncated
		{"03 00 6B 00 03", "03 06 02 2B 00 00 00 64 00", ErrResponse}, // trailing byte
		{"03 00 6B 00 03", "03", ErrResponse},
		{"03 00 6B 00 03", "", ErrResponse},
		{"03 00 6B 00 03", "83", ErrResponse},
		{"01 00 13 00 13", "01 02 CD 6B", ErrResponse},
		{"06 00 01 00 03", "06 00 01 00 04", ErrResponse}, // other value
		{"10 00 01 00 02 04 00 0A 01 02", "10 00 02 00 02", ErrResponse},
		{"05 00 AC FF 00", "05 00 AC FF", ErrResponse},
		{"08 00 00 12 34", "08 00 00 12 34", ErrFunction},
		{"03 00", "03 02 00 00", ErrShortFrame},
	} {
		if _, err := ParseResponse(hx(tc.req), hx(tc.resp)); !errors.Is(err, tc.want) {
			t.Errorf("ParseResponse(%s, %s) = %v, want %v", tc.req, tc.resp, err, tc.want)
		}
	}
}

func TestRequestLimits(t *testing.T) {
	t.Parallel()
	ok := func(_ []byte, err error) bool { return err == nil }
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"2000 coils", ok(ReadRequest(1, 0, 2000))},
		{"2001 coils", !ok(ReadRequest(1, 0, 2001))},
		{"125 registers", ok(ReadRequest(3, 0, 125))},
		{"126 registers", !ok(ReadRequest(4, 0, 126))},
		{"0 registers", !ok(ReadRequest(3, 0, 0))},
		{"past 65535", !ok(ReadRequest(3, 65535, 2))},
		{"last register", ok(ReadRequest(3, 65535, 1))},
		{"not a read", !ok(ReadRequest(6, 0, 1))},
		{"1968 coils written", ok(WriteMultipleCoils(0, make([]bool, 1968)))},
		{"1969 coils written", !ok(WriteMultipleCoils(0, make([]bool, 1969)))},
		{"no coils written", !ok(WriteMultipleCoils(0, nil))},
		{"123 registers written", ok(WriteMultipleRegisters(0, make([]uint16, 123)))},
		{"124 registers written", !ok(WriteMultipleRegisters(0, make([]uint16, 124)))},
		{"FC 23 121 written", ok(ReadWriteMultiple(0, 125, 0, make([]uint16, 121)))},
		{"FC 23 122 written", !ok(ReadWriteMultiple(0, 1, 0, make([]uint16, 122)))},
		{"FC 23 126 read", !ok(ReadWriteMultiple(0, 126, 0, make([]uint16, 1)))},
	} {
		if !tc.ok {
			t.Errorf("%s: limit not applied", tc.name)
		}
	}
	if p := WriteSingleCoil(0xAC, false); !bytes.Equal(p, hx("05 00 AC 00 00")) {
		t.Errorf("coil off = % X", p)
	}
}

func TestRTUFrameLen(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		head string
		want int
	}{
		{"", 0}, {"01", 0}, {"01 03", 0}, {"01 03 06", 11}, {"01 83", 5},
		{"01 01 03", 8}, {"01 17 0C", 17}, {"01 05", 8}, {"01 10", 8}, {"01 2B", -1},
	} {
		if got := rtuFrameLen(hx(tc.head)); got != tc.want {
			t.Errorf("rtuFrameLen(%s) = %d, want %d", tc.head, got, tc.want)
		}
	}
}
