package modem

import "testing"

// AT+CGAUTH (27.007 10.1.31) stores the credentials of a defined context, as
// every vendor's 27.007 command set does; the read form omits the password.
func TestCGAUTHKeepsTheContextCredentials(t *testing.T) {
	t.Parallel()
	for _, v := range []Vendor{Huawei, Quectel, UBlox} {
		t.Run(string(v), func(t *testing.T) {
			t.Parallel()
			m, c := start(t, Config{Vendor: v})
			c.ok("AT+CMEE=0")
			c.want(`AT+CGAUTH=5,2,"fleet","s3cret"`, "ERROR") // no context 5
			c.ok(`AT+CGDCONT=1,"IP","fleet.corp"`)
			c.ok(`AT+CGAUTH=1,2,"fleet","s3cret"`)
			c.want("AT+CGAUTH?", "OK", `+CGAUTH: 1,2,"fleet"`)
			if a, u, p, ok := m.PDPAuth(1); !ok || a != 2 || u != "fleet" || p != "s3cret" {
				t.Errorf("PDPAuth(1) = %d, %q, %q, %v; want 2, fleet, s3cret, true", a, u, p, ok)
			}
			c.want(`AT+CGAUTH=1,3,"fleet","s3cret"`, "ERROR") // 3 is no 27.007 protocol
			c.want(`AT+CGAUTH=1,1,fleet,s3cret`, "ERROR")     // strings are quoted
			c.ok("AT+CGAUTH=1")
			if a, u, p, _ := m.PDPAuth(1); a != 0 || u != "" || p != "" {
				t.Errorf("after AT+CGAUTH=1: %d, %q, %q; want no authentication", a, u, p)
			}
		})
	}
}

// The SARA-R4 takes AT+UAUTH=<cid>,<auth_type>,<username>,<password>, with
// auth_type 3 for automatic selection; other vendors do not know it.
func TestUBloxUAUTHKeepsTheContextCredentials(t *testing.T) {
	t.Parallel()
	m, c := start(t, Config{Vendor: UBlox})
	c.ok(`AT+CGDCONT=1,"IP","fleet.corp"`)
	c.ok(`AT+UAUTH=1,3,"fleet","s3cret"`)
	c.want("AT+UAUTH?", "OK", `+UAUTH: 1,3,"fleet"`)
	if a, u, p, ok := m.PDPAuth(1); !ok || a != 3 || u != "fleet" || p != "s3cret" {
		t.Errorf("PDPAuth(1) = %d, %q, %q, %v; want 3, fleet, s3cret, true", a, u, p, ok)
	}
	c.want(`AT+UAUTH=1,4,"fleet","s3cret"`, "ERROR")
	_, qc := start(t, Config{Vendor: Quectel})
	qc.ok(`AT+CGDCONT=1,"IP","fleet.corp"`)
	qc.want(`AT+UAUTH=1,3,"fleet","s3cret"`, "ERROR")
}
