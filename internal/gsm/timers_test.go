package gsm

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestEncodeT3412(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{140 * time.Hour, "01001110"}, // the emnify guide's 140 hours
		{0, "01100000"},
		{time.Second, "01100001"},
		{2 * time.Second, "01100001"},
		{62 * time.Second, "01111111"},
		{63 * time.Second, "10000011"}, // 3 × 30 s = 90 s; 2 × 1 min = 120 s is longer
		{10 * time.Minute, "10010100"}, // 20 × 30 s: of equal values the finer unit wins
		{54 * time.Minute, "00000110"}, // 6 × 10 min; 54 × 1 min does not fit in 5 bits
		{time.Hour, "00000110"},
		{24 * time.Hour, "00111000"},
		{31 * time.Hour, "00111111"},
		{32 * time.Hour, "01000100"},
		{310 * time.Hour, "01011111"},
		{311 * time.Hour, "11000001"},
		{9920 * time.Hour, "11011111"},
		{TimerDeactivated, "11100000"},
	}
	for _, tt := range tests {
		got, err := EncodeT3412(tt.d)
		if err != nil || got != tt.want {
			t.Errorf("EncodeT3412(%v) = %q, %v; want %q", tt.d, got, err, tt.want)
		}
	}
	for _, d := range []time.Duration{9920*time.Hour + time.Nanosecond, -2, 1<<63 - 1} {
		if got, err := EncodeT3412(d); err == nil {
			t.Errorf("EncodeT3412(%v) = %q, want an error", d, got)
		}
	}
}

func TestEncodeT3324(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{10 * time.Second, "00000101"}, // the emnify guide's 10 seconds
		{0, "00000000"},
		{time.Second, "00000001"},
		{62 * time.Second, "00011111"},
		{63 * time.Second, "00100010"},
		{time.Minute, "00011110"}, // 30 × 2 s, the finer unit
		{31 * time.Minute, "00111111"},
		{32 * time.Minute, "01000110"}, // 6 × 6 min = 36 min
		{186 * time.Minute, "01011111"},
		{TimerDeactivated, "11100000"},
	}
	for _, tt := range tests {
		got, err := EncodeT3324(tt.d)
		if err != nil || got != tt.want {
			t.Errorf("EncodeT3324(%v) = %q, %v; want %q", tt.d, got, err, tt.want)
		}
	}
	for _, d := range []time.Duration{186*time.Minute + 1, -5} {
		if got, err := EncodeT3324(d); err == nil {
			t.Errorf("EncodeT3324(%v) = %q, want an error", d, got)
		}
	}
}

func TestDecodeTimers(t *testing.T) {
	tests := []struct {
		dec  func(string) (time.Duration, error)
		bits string
		want time.Duration
	}{
		{DecodeT3412, "01001110", 140 * time.Hour},
		{DecodeT3412, "00000001", 10 * time.Minute},
		{DecodeT3412, "00100001", time.Hour},
		{DecodeT3412, "01100101", 10 * time.Second},
		{DecodeT3412, "10000010", time.Minute},
		{DecodeT3412, "10100011", 3 * time.Minute},
		{DecodeT3412, "11000010", 640 * time.Hour},
		{DecodeT3412, "00111000", 24 * time.Hour},
		{DecodeT3324, "00000101", 10 * time.Second},
		{DecodeT3324, "00100001", time.Minute},
		{DecodeT3324, "01000011", 18 * time.Minute},
		{DecodeT3324, "01100010", 2 * time.Minute}, // unused units count as minutes
		{DecodeT3324, "11000010", 2 * time.Minute},
	}
	for _, tt := range tests {
		got, err := tt.dec(tt.bits)
		if err != nil || got != tt.want {
			t.Errorf("decode(%q) = %v, %v; want %v", tt.bits, got, err, tt.want)
		}
	}
	for _, dec := range []func(string) (time.Duration, error){DecodeT3412, DecodeT3324} {
		d, err := dec("11100101")
		if d != TimerDeactivated || !errors.Is(err, ErrTimerDeactivated) {
			t.Errorf("deactivated: %v, %v", d, err)
		}
		for _, bad := range []string{"", "0100111", "010011100", "0100111x", "01 01110"} {
			if _, err := dec(bad); err == nil || errors.Is(err, ErrTimerDeactivated) {
				t.Errorf("decode(%q) = %v, want a format error", bad, err)
			}
		}
	}
}

// TestTimersRoundTrip decodes every one of the 256 values and re-encodes
// it: the result must decode to the same duration (the same bits, or an
// equivalent value in a finer unit).
func TestTimersRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		enc  func(time.Duration) (string, error)
		dec  func(string) (time.Duration, error)
	}{{"T3412", EncodeT3412, DecodeT3412}, {"T3324", EncodeT3324, DecodeT3324}} {
		for b := 0; b < 256; b++ {
			bits := fmt.Sprintf("%08b", b)
			d, err := tc.dec(bits)
			if b>>5 == 7 {
				if d != TimerDeactivated || !errors.Is(err, ErrTimerDeactivated) {
					t.Errorf("%s %s: %v, %v", tc.name, bits, d, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s %s: %v", tc.name, bits, err)
				continue
			}
			again, err := tc.enc(d)
			if err != nil {
				t.Errorf("%s %s = %v: encode: %v", tc.name, bits, d, err)
				continue
			}
			if d2, _ := tc.dec(again); d2 != d {
				t.Errorf("%s %s = %v re-encodes as %s = %v", tc.name, bits, d, again, d2)
			}
		}
	}
}

func TestEDRX(t *testing.T) {
	ltem := []time.Duration{5120, 10240, 20480, 40960, 61440, 81920, 102400, 122880, 143360, 163840, 327680, 655360, 1310720, 2621440, 2621440, 2621440}
	nbiot := []time.Duration{20480, 20480, 20480, 40960, 20480, 81920, 20480, 20480, 20480, 163840, 327680, 655360, 1310720, 2621440, 5242880, 10485760}
	for code := 0; code < 16; code++ {
		bits := fmt.Sprintf("%04b", code)
		for _, tc := range []struct {
			rat  EDRXRAT
			want time.Duration
		}{{EDRXLTEM, ltem[code] * time.Millisecond}, {EDRXNBIoT, nbiot[code] * time.Millisecond}} {
			got, err := DecodeEDRX(tc.rat, bits)
			if err != nil || got != tc.want {
				t.Errorf("DecodeEDRX(%v, %s) = %v, %v; want %v", tc.rat, bits, got, err, tc.want)
			}
			// Every value re-encodes to a code meaning the same cycle.
			again, err := EncodeEDRX(tc.rat, got)
			if d, _ := DecodeEDRX(tc.rat, again); err != nil || d != got {
				t.Errorf("EncodeEDRX(%v, %v) = %s, %v", tc.rat, got, again, err)
			}
		}
	}
	for _, tt := range []struct {
		rat  EDRXRAT
		d    time.Duration
		want string
	}{
		{EDRXLTEM, 143360 * time.Millisecond, "1000"}, // the emnify guide's AT+CEDRXS=1,4,"1000"
		{EDRXLTEM, 0, "0000"},
		{EDRXLTEM, 5 * time.Second, "0000"},
		{EDRXLTEM, 6 * time.Second, "0001"},
		{EDRXLTEM, 2 * time.Minute, "0111"},
		{EDRXLTEM, 2621440 * time.Millisecond, "1101"},
		{EDRXNBIoT, 5 * time.Second, "0010"},
		{EDRXNBIoT, 50 * time.Second, "0101"},
		{EDRXNBIoT, 82 * time.Second, "1001"},
		{EDRXNBIoT, 10485760 * time.Millisecond, "1111"},
	} {
		got, err := EncodeEDRX(tt.rat, tt.d)
		if err != nil || got != tt.want {
			t.Errorf("EncodeEDRX(%v, %v) = %q, %v; want %q", tt.rat, tt.d, got, err, tt.want)
		}
	}
	for _, tt := range []struct {
		rat EDRXRAT
		d   time.Duration
	}{{EDRXLTEM, 2621441 * time.Millisecond}, {EDRXNBIoT, 10485761 * time.Millisecond}, {EDRXGSM, time.Minute}, {EDRXLTEM, -1}} {
		if got, err := EncodeEDRX(tt.rat, tt.d); err == nil {
			t.Errorf("EncodeEDRX(%v, %v) = %q, want an error", tt.rat, tt.d, got)
		}
	}
	for _, bad := range []string{"", "100", "10000", "10x0"} {
		if _, err := DecodeEDRX(EDRXLTEM, bad); err == nil {
			t.Errorf("DecodeEDRX(%q) accepted", bad)
		}
	}
	if _, err := DecodeEDRX(EDRXUTRAN, "0000"); err == nil {
		t.Error("DecodeEDRX(UTRAN) accepted")
	}
}

func TestPTW(t *testing.T) {
	for code := 0; code < 16; code++ {
		bits := fmt.Sprintf("%04b", code)
		for _, tc := range []struct {
			rat  EDRXRAT
			step time.Duration
		}{{EDRXLTEM, 1280 * time.Millisecond}, {EDRXNBIoT, 2560 * time.Millisecond}} {
			got, err := DecodePTW(tc.rat, bits)
			if want := time.Duration(code+1) * tc.step; err != nil || got != want {
				t.Errorf("DecodePTW(%v, %s) = %v, %v; want %v", tc.rat, bits, got, err, want)
			}
			if again, err := EncodePTW(tc.rat, got); err != nil || again != bits {
				t.Errorf("EncodePTW(%v, %v) = %q, %v; want %s", tc.rat, got, again, err, bits)
			}
		}
	}
	for _, tt := range []struct {
		rat  EDRXRAT
		d    time.Duration
		want string
	}{
		{EDRXLTEM, 10240 * time.Millisecond, "0111"}, // the emnify guide's +CEDRXS PTW "0111"
		{EDRXLTEM, 0, "0000"},
		{EDRXLTEM, 10 * time.Second, "0111"},
		{EDRXNBIoT, 20480 * time.Millisecond, "0111"},
		{EDRXNBIoT, 3 * time.Second, "0001"},
	} {
		got, err := EncodePTW(tt.rat, tt.d)
		if err != nil || got != tt.want {
			t.Errorf("EncodePTW(%v, %v) = %q, %v; want %q", tt.rat, tt.d, got, err, tt.want)
		}
	}
	for _, tt := range []struct {
		rat EDRXRAT
		d   time.Duration
	}{{EDRXLTEM, 20481 * time.Millisecond}, {EDRXNBIoT, 41 * time.Second}, {EDRXUTRAN, time.Second}, {EDRXNBIoT, -1}} {
		if got, err := EncodePTW(tt.rat, tt.d); err == nil {
			t.Errorf("EncodePTW(%v, %v) = %q, want an error", tt.rat, tt.d, got)
		}
	}
}

func FuzzTimers(f *testing.F) {
	f.Add("01001110", int64(140*time.Hour), uint8(4))
	f.Add("00000101", int64(10*time.Second), uint8(5))
	f.Add("1000", int64(143360*time.Millisecond), uint8(4))
	f.Add("11100000", int64(-1), uint8(0))
	f.Add("", int64(1<<62), uint8(9))
	f.Fuzz(func(t *testing.T, bits string, n int64, rat uint8) {
		d := time.Duration(n)
		for _, c := range []struct {
			enc func(time.Duration) (string, error)
			dec func(string) (time.Duration, error)
		}{{EncodeT3412, DecodeT3412}, {EncodeT3324, DecodeT3324}} {
			if got, err := c.dec(bits); err == nil && got < 0 {
				t.Fatalf("decode(%q) = %v without an error", bits, got)
			}
			s, err := c.enc(d)
			if err != nil {
				continue
			}
			got, err := c.dec(s)
			if d == TimerDeactivated {
				if !errors.Is(err, ErrTimerDeactivated) {
					t.Fatalf("deactivated encodes as %s", s)
				}
				continue
			}
			if err != nil || got < d {
				t.Fatalf("encode(%v) = %s = %v, %v: shorter than asked", d, s, got, err)
			}
		}
		r := EDRXRAT(rat % 7)
		if _, err := DecodeEDRX(r, bits); err == nil && r != EDRXLTEM && r != EDRXNBIoT {
			t.Fatalf("DecodeEDRX(%v) accepted", r)
		}
		_, _ = DecodePTW(r, bits)
		if s, err := EncodeEDRX(r, d); err == nil {
			if got, err := DecodeEDRX(r, s); err != nil || got < d {
				t.Fatalf("EncodeEDRX(%v, %v) = %s = %v, %v", r, d, s, got, err)
			}
		}
		if s, err := EncodePTW(r, d); err == nil {
			if got, err := DecodePTW(r, s); err != nil || got < d {
				t.Fatalf("EncodePTW(%v, %v) = %s = %v, %v", r, d, s, got, err)
			}
		}
	})
}
