package sms

import (
	"bytes"
	"testing"
	"time"
)

func TestSCTS(t *testing.T) {
	zone := func(h, m int) *time.Location { return time.FixedZone("", (h*60+m)*60) }
	tests := []struct {
		name string
		hex  string
		t    time.Time
	}{
		{"seed timestamp", "21507161723500", time.Date(2012, 5, 17, 16, 27, 53, 0, time.UTC)},
		{"positive zone +08:00", "42209232959523", time.Date(2024, 2, 29, 23, 59, 59, 0, zone(8, 0))},
		{"negative zone -03:00", "32211300000029", time.Date(2023, 12, 31, 0, 0, 0, 0, zone(-3, 0))},
		{"negative zone -07:00", "5201101020308A", time.Date(2025, 10, 1, 1, 2, 3, 0, zone(-7, 0))},
		{"quarter-hour zone +05:45", "52600131415232", time.Date(2025, 6, 10, 13, 14, 25, 0, zone(5, 45))},
		{"negative half-hour zone -09:30", "9921217090008B", time.Date(2099, 12, 12, 7, 9, 0, 0, zone(-9, -30))},
		{"largest zone +19:45", "00101000000097", time.Date(2000, 1, 1, 0, 0, 0, 0, zone(19, 45))},
		{"zero time", "00000000000000", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := appendSCTS(nil, tt.t, "test timestamp")
			if err != nil {
				t.Fatal(err)
			}
			if want := mustHex(t, tt.hex); !bytes.Equal(got, want) {
				t.Errorf("encoded %X, want %X", got, want)
			}
			dec, err := decodeSCTS(got, "test timestamp")
			if err != nil {
				t.Fatal(err)
			}
			if !sameTime(dec, tt.t) {
				t.Errorf("decoded %v, want %v", dec, tt.t)
			}
		})
	}
}

func TestSCTSDecodeOnly(t *testing.T) {
	// A negative zero offset is zero.
	got, err := decodeSCTS(mustHex(t, "21507161723508"), "ts")
	if err != nil || !sameTime(got, time.Date(2012, 5, 17, 16, 27, 53, 0, time.UTC)) {
		t.Errorf("negative zero zone: %v, %v", got, err)
	}
	// The zone is a time.FixedZone holding the offset.
	got, err = decodeSCTS(mustHex(t, "2150716172358A"), "ts")
	if _, off := got.Zone(); err != nil || off != -7*3600 || got.Hour() != 16 {
		t.Errorf("-07:00: %v (offset %d), %v", got, off, err)
	}
}

func TestSCTSErrors(t *testing.T) {
	decode := []struct {
		name, hex, err string
	}{
		{"short", "215071617235", "want 7 octets, have 6"},
		{"not decimal", "2150A161723500", "octet 3 (0xa1) is not two decimal digits"},
		{"zone not decimal", "215071617235A0", "time zone octet 0xa0 is not decimal"},
		{"february 30th", "21200361723500", "2012-02-30 16:27:53 is not a valid time"},
		{"month 13", "21310161723500", "is not a valid time"},
		{"hour 24", "21507142723500", "is not a valid time"},
		{"leap second", "21507161720600", "is not a valid time"},
	}
	for _, tt := range decode {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeSCTS(mustHex(t, tt.hex), "test timestamp")
			wantErr(t, err, tt.err)
		})
	}
	encode := []struct {
		name string
		t    time.Time
		err  string
	}{
		{"year before 2000", time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC), "year 1999 is outside 2000-2099"},
		{"year after 2099", time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), "year 2100 is outside 2000-2099"},
		{"offset not in quarter hours", time.Date(2020, 1, 1, 0, 0, 0, 0, time.FixedZone("", 600)), "zone offset 10m0s is not a whole number of quarter hours"},
		{"offset too large", time.Date(2020, 1, 1, 0, 0, 0, 0, time.FixedZone("", 20*3600)), "exceeds 79 quarter hours"},
	}
	for _, tt := range encode {
		t.Run(tt.name, func(t *testing.T) {
			_, err := appendSCTS(nil, tt.t, "test timestamp")
			wantErr(t, err, tt.err)
		})
	}
}
