package modem

import (
	"fmt"
	"strings"

	"github.com/cellgate/cellgate/internal/atparam"
)

// DataMethod is how a driver brings the data bearer up.
type DataMethod string

const (
	// DataCGACT activates the PDP context with AT+CGACT (27.007 10.1.10);
	// the module routes IP itself (internal stack or a network interface).
	DataCGACT DataMethod = "cgact"
	// DataNDIS dials the Huawei ECM/NDIS interface with AT^NDISDUP (guide 7.1).
	DataNDIS DataMethod = "ndis"
)

// Driver describes what differs between module families. Everything else is
// 3GPP 27.007 and shared. A Driver is data: adding a module is adding a
// value to drivers.
type Driver struct {
	Name string
	// match reports whether the module identified by manufacturer and model
	// (AT+CGMI, AT+CGMM, lower-cased) belongs to this driver.
	match func(manufacturer, model string) bool
	// Signal is the vendor's richest signal query, tried before AT+CESQ and
	// AT+CSQ.
	Signal string
	// PINCounter queries the remaining PIN/PUK tries.
	PINCounter string
	// ICCID is the vendor's ICCID query, used when AT+CRSM cannot read
	// EF ICCID.
	ICCID string
	// Data is the bearer method.
	Data DataMethod
	// APN returns the vendor's own APN commands, sent after AT+CGDCONT
	// (emnify guide: Quectel AT+QICSGP, u-blox AT+UCGDFLT), or an error for
	// a value that cannot be quoted safely.
	APN func(cid int, pdpType, apn, user, password string) ([]string, error)
	// Auth returns the commands that give context cid the configured user
	// and password when neither APN nor the dial carries them (27.007
	// AT+CGAUTH, u-blox AT+UAUTH); nil with Quectel (AT+QICSGP) and Huawei
	// (AT^NDISDUP). The manager treats their failure as a bring-up error:
	// an APN that needs credentials never connects without them.
	Auth func(cid int, user, password string) ([]string, error)
	// Roaming returns the vendor's roaming switch (Quectel
	// AT+QCFG="roamservice", u-blox AT+UDCONF=20, Huawei AT^SYSCFG).
	Roaming func(on bool) []string
	// Scan is a vendor network scan command tried before AT+COPS=?.
	Scan string
	// CMDMP is true for modules with AT+DMPCONFIG (Quectel BC35/BC28/BC95).
	CMDMP bool
	// Init lists vendor settings sent at every bring-up.
	Init []string
}

// drivers, most specific first; the generic driver matches anything.
var drivers = []*Driver{huawei, quectelNB, quectel, ublox, generic}

var generic = &Driver{
	Name:       "generic",
	match:      func(string, string) bool { return true },
	PINCounter: `AT+CPINR="SIM PIN"`,
	ICCID:      "AT+CCID",
	Data:       DataCGACT,
	Auth:       cgauth,
}

var huawei = &Driver{
	Name:       "huawei",
	match:      func(mf, _ string) bool { return strings.Contains(mf, "huawei") },
	Signal:     "AT^HCSQ?",
	PINCounter: "AT^CPIN?",
	ICCID:      "AT^ICCID?",
	Data:       DataNDIS,
	Scan:       "AT^NETSCAN=20,-110",
	// Jamming detection on, with the guide's thresholds (chapter 21): the
	// module then reports ^JDET: "JAMMED".
	Init: []string{"AT^JDETEX=1,2,10,30"},
	// ^SYSCFG=<mode>,<acqorder>,<band>,<roam>,<srvdomain> (guide 25.2):
	// roam 0 off, 1 on; mode 16, order 3, band 40000000 and domain 4 keep
	// what is set.
	Roaming: func(on bool) []string {
		return []string{fmt.Sprintf("AT^SYSCFG=16,3,40000000,%d,4", map[bool]int{true: 1, false: 0}[on])}
	},
}

var quectel = &Driver{
	Name:       "quectel",
	match:      func(mf, _ string) bool { return strings.Contains(mf, "quectel") },
	Signal:     "AT+QCSQ",
	PINCounter: `AT+QPINC="SC"`,
	ICCID:      "AT+QCCID",
	Data:       DataCGACT,
	APN: func(cid int, pdpType, apn, user, password string) ([]string, error) {
		q, err := quoteAll([]string{"APN", "user", "password"}, apn, user, password)
		if err != nil {
			return nil, err
		}
		ctxType := map[string]int{"IP": 1, "IPV6": 2, "IPV4V6": 3}[pdpType]
		if ctxType == 0 {
			ctxType = 1
		}
		auth := 0
		if user != "" {
			auth = 3 // PAP or CHAP
		}
		return []string{fmt.Sprintf("AT+QICSGP=%d,%d,%s,%s,%s,%d", cid, ctxType, q[0], q[1], q[2], auth)}, nil
	},
	Roaming: func(on bool) []string {
		return []string{fmt.Sprintf(`AT+QCFG="roamservice",%d,1`, map[bool]int{true: 2, false: 1}[on])}
	},
}

// quectelNB is the NB-IoT family (BC35-G, BC28, BC95): no QICSGP/QCSQ, but
// AT+DMPCONFIG (CMDMP note).
var quectelNB = &Driver{
	Name: "quectel-nb",
	match: func(mf, model string) bool {
		return strings.Contains(mf, "quectel") && (strings.HasPrefix(model, "bc35") || strings.HasPrefix(model, "bc28") || strings.HasPrefix(model, "bc95"))
	},
	PINCounter: `AT+QPINC="SC"`,
	ICCID:      "AT+NCCID",
	Data:       DataCGACT,
	CMDMP:      true,
	Auth:       cgauth,
}

var ublox = &Driver{
	Name:       "ublox",
	match:      func(mf, _ string) bool { return strings.Contains(mf, "u-blox") || strings.Contains(mf, "ublox") },
	PINCounter: `AT+CPINR="SIM PIN"`,
	ICCID:      "AT+CCID",
	Data:       DataCGACT,
	APN: func(cid int, pdpType, apn, user, password string) ([]string, error) {
		q, err := quoteAll([]string{"PDP type", "APN"}, pdpType, apn)
		if err != nil {
			return nil, err
		}
		return []string{fmt.Sprintf("AT+UCGDFLT=1,%s,%s", q[0], q[1])}, nil
	},
	// AT+UAUTH=<cid>,<auth_type>,<username>,<password> (u-blox SARA-R4/R5
	// AT commands manual): auth_type 3 selects none, CHAP or PAP
	// automatically, like Quectel's 3 and Huawei's "PAP or CHAP".
	Auth: authCommand("AT+UAUTH=%d,3,%s,%s"),
	Roaming: func(on bool) []string {
		if !on {
			return nil
		}
		return []string{"AT+UDCONF=20,2"}
	},
}

// cgauth is 3GPP TS 27.007 10.1.31
// AT+CGAUTH=<cid>,<auth_prot>,<userid>,<password>. The standard has no
// automatic choice (0 none, 1 PAP, 2 CHAP): CHAP, which ModemManager also
// takes when none is given, and which does not send the password in clear.
var cgauth = authCommand("AT+CGAUTH=%d,2,%s,%s")

// authCommand makes a Driver.Auth that fills format with the context id and
// the quoted user and password; nothing without a user.
func authCommand(format string) func(cid int, user, password string) ([]string, error) {
	return func(cid int, user, password string) ([]string, error) {
		if user == "" {
			return nil, nil
		}
		q, err := quoteAll([]string{"user", "password"}, user, password)
		if err != nil {
			return nil, err
		}
		return []string{fmt.Sprintf(format, cid, q[0], q[1])}, nil
	}
}

// apnCommands gives the vendor APN commands and then the credential
// commands for context cid.
// A password without a user is refused: no driver's command can carry it
// (a setting changed at run time may leave one so).
func (d *Driver) apnCommands(cid int, pdpType, apn, user, password string) (vendor, auth []string, err error) {
	if password != "" && user == "" {
		return nil, nil, fmt.Errorf("modem: %s driver: a PDP password without a user cannot be sent; set modem.user", d.Name)
	}
	if d.APN != nil {
		if vendor, err = d.APN(cid, pdpType, apn, user, password); err != nil {
			return nil, nil, err
		}
	}
	if d.Auth != nil {
		if auth, err = d.Auth(cid, user, password); err != nil {
			return nil, nil, err
		}
	}
	return vendor, auth, nil
}

// DriverFor picks the driver for a module.
func DriverFor(manufacturer, model string) *Driver {
	mf, md := strings.ToLower(manufacturer), strings.ToLower(model)
	for _, d := range drivers {
		if d.match(mf, md) {
			return d
		}
	}
	return generic
}

// DriverNamed returns the driver with the given name ("" or "auto": nil).
func DriverNamed(name string) (*Driver, bool) {
	for _, d := range drivers {
		if d.Name == name {
			return d, true
		}
	}
	return nil, name == "" || name == "auto"
}

// quote makes v the string parameter named what (atparam.Quote): a value
// with a quote, backslash, control or non-ASCII character is an error that
// names the parameter, never the value (which may be a secret). Every
// string parameter the manager builds goes through it.
func quote(what, v string) (string, error) {
	q, err := atparam.Quote(v)
	if err != nil {
		return "", fmt.Errorf("modem: %s: %w", what, err)
	}
	return q, nil
}

// quoteAll quotes values[i], named names[i], stopping at the first refused.
func quoteAll(names []string, values ...string) ([]string, error) {
	out := make([]string, len(values))
	for i, v := range values {
		q, err := quote(names[i], v)
		if err != nil {
			return nil, err
		}
		out[i] = q
	}
	return out, nil
}
