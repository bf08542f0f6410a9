package serial

import "testing"

func TestParseSpec(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		spec, path string
		want       Config
		bad        bool
	}{
		{spec: "/dev/ttyUSB0", path: "/dev/ttyUSB0", want: DefaultConfig},
		{spec: "/dev/ttyUSB0:9600,8N1", path: "/dev/ttyUSB0", want: Config{9600, 8, 'N', 1, false}},
		{spec: "/dev/ttyS1:19200,8E1", path: "/dev/ttyS1", want: Config{19200, 8, 'E', 1, false}},
		{spec: "/dev/ttyS1:19200", path: "/dev/ttyS1", want: Config{19200, 8, 'N', 1, false}},
		{spec: "/dev/ttyAMA0:115200,7o2,rtscts", path: "/dev/ttyAMA0", want: Config{115200, 7, 'O', 2, true}},
		{spec: "/dev/serial/by-path/pci-0000:00:14.0-usb-0:1:1.0-port0", path: "/dev/serial/by-path/pci-0000:00:14.0-usb-0:1:1.0-port0", want: DefaultConfig},
		{spec: "/dev/ttyS1:9600,8X1", bad: true},
		{spec: "/dev/ttyS1:9600,9N1", bad: true},
		{spec: "/dev/ttyS1:9600,8N3", bad: true},
		{spec: "/dev/ttyS1:0", bad: true},
		{spec: "/dev/ttyS1:96k0,8N1", bad: true},
		{spec: ":9600", bad: true},
		{spec: "", bad: true},
	} {
		path, c, err := ParseSpec(tc.spec)
		if tc.bad {
			if err == nil {
				t.Errorf("ParseSpec(%q) = %q, %+v; want an error", tc.spec, path, c)
			}
			continue
		}
		if err != nil || path != tc.path || c != tc.want {
			t.Errorf("ParseSpec(%q) = %q, %+v, %v; want %q, %+v", tc.spec, path, c, err, tc.path, tc.want)
		}
	}
	if s := (Config{Baud: 9600, Parity: 'E', RTSCTS: true}).String(); s != "9600,8E1,rtscts" {
		t.Errorf("String() = %q", s)
	}
}

func TestOpenInvalid(t *testing.T) {
	t.Parallel()
	if _, err := Open("/dev/null", Config{Baud: 9600, Parity: 'X'}); err == nil {
		t.Error("parity X accepted")
	}
	if _, err := Open("/nonexistent/tty", Config{Baud: 9600}); err == nil {
		t.Error("missing device opened")
	}
}
