package webhook

import (
	"errors"
	"net/netip"
	"net/url"
	"strings"
	"testing"
)

func TestCheckURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url           string
		allowLoopback bool
		ok            bool
	}{
		{"https://hooks.example.com/cellgate", false, true},
		{"http://hooks.example.com:8080/x?y=1", false, true},
		{"HTTPS://Hooks.Example.com/", false, true},
		{"https://8.8.8.8/hook", false, true},
		{"https://[2606:4700::1111]/hook", false, true},
		{"http://127.0.0.1:9000/hook", true, true},
		{"http://localhost:9000/hook", true, true},
		{"http://[::1]/hook", true, true},
		{"http://api.localhost/hook", true, true},

		{"http://127.0.0.1/hook", false, false},
		{"http://127.8.9.1/hook", false, false},
		{"http://localhost/hook", false, false},
		{"http://LOCALHOST./hook", false, false},
		{"http://[::1]/hook", false, false},
		{"http://[::ffff:127.0.0.1]/hook", false, false},
		{"http://10.1.2.3/hook", true, false},
		{"http://172.16.0.1/hook", true, false},
		{"http://192.168.1.1/hook", true, false},
		{"http://169.254.169.254/latest/meta-data", true, false},
		{"http://100.64.0.1/hook", false, false},
		{"http://0.0.0.0/hook", true, false},
		{"http://[::]/hook", true, false},
		{"http://[fe80::1]/hook", true, false},
		{"http://[fd00::1]/hook", true, false},
		{"http://[64:ff9b::a00:1]/hook", false, false},
		{"http://224.0.0.1/hook", false, false},
		{"http://255.255.255.255/hook", false, false},
		{"http://2130706433/hook", true, false},
		{"http://127.1/hook", true, false},
		{"http://0x7f.0.0.1/hook", true, false},
		{"ftp://hooks.example.com/", false, false},
		{"file:///etc/passwd", false, false},
		{"javascript:alert(1)", false, false},
		{"hooks.example.com/x", false, false},
		{"/relative", false, false},
		{"", false, false},
		{"https://user:pass@hooks.example.com/", false, false},
		{"https://user@hooks.example.com/", false, false},
		{"https:///path-only", false, false},
		{"https://hooks.example.com:0/", false, false},
		{"https://hooks.example.com:70000/", false, false},
		{"https://hooks.example.com/#frag", false, false},
		{"https://hooks.example.com/" + strings.Repeat("a", MaxURLLength), false, false},
		{"https://hooks example.com/", false, false},
	}
	for _, tc := range tests {
		err := CheckURL(tc.url, tc.allowLoopback)
		if (err == nil) != tc.ok {
			t.Errorf("CheckURL(%.60q, %v) = %v, want ok=%v", tc.url, tc.allowLoopback, err, tc.ok)
		}
	}
}

func TestCheckURLErrorsSayWhy(t *testing.T) {
	t.Parallel()
	err := CheckURL("http://10.0.0.1/", false)
	if !errors.Is(err, ErrForbiddenAddress) || !strings.Contains(err.Error(), "10.0.0.1") {
		t.Errorf("private address: %v", err)
	}
	err = CheckURL("https://alice:hunter2@example.com/", false)
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("userinfo: %v (must be refused without echoing the password)", err)
	}
}

func TestDialControl(t *testing.T) {
	t.Parallel()
	tests := []struct {
		network, addr string
		allowLoopback bool
		ok            bool
	}{
		{"tcp4", "93.184.216.34:443", false, true},
		{"tcp6", "[2606:4700::1111]:443", false, true},
		{"tcp4", "127.0.0.1:80", true, true},
		{"tcp4", "127.0.0.1:80", false, false},
		{"tcp6", "[::ffff:10.0.0.1]:80", true, false},
		{"tcp4", "169.254.169.254:80", true, false},
		{"tcp4", "192.168.0.10:443", false, false},
		{"udp4", "93.184.216.34:53", false, false},
		{"tcp4", "not-an-address", false, false},
	}
	for _, tc := range tests {
		err := DialControl(tc.allowLoopback)(tc.network, tc.addr, nil)
		if (err == nil) != tc.ok {
			t.Errorf("DialControl(%v)(%s, %s) = %v, want ok=%v", tc.allowLoopback, tc.network, tc.addr, err, tc.ok)
		}
	}
}

func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{"https://example.com/x", "http://127.0.0.1:1/", "http://[::1]/", "http://a@b/", "http://0x7f.1/", "http://%31%32%37.0.0.1/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if CheckURL(raw, true) != nil {
			return
		}
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatalf("accepted %q, which does not parse: %v", raw, err)
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.User != nil || u.Hostname() == "" {
			t.Fatalf("accepted %q: scheme %q, user %v, host %q", raw, u.Scheme, u.User, u.Hostname())
		}
		if ip, err := netip.ParseAddr(u.Hostname()); err == nil {
			if !addrAllowed(ip, true) {
				t.Fatalf("accepted %q, whose address %s is not allowed", raw, ip)
			}
			if ip.Unmap().IsLoopback() && CheckURL(raw, false) == nil {
				t.Fatalf("accepted loopback %q without allowLoopback", raw)
			}
		}
	})
}
