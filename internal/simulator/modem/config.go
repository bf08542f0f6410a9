package modem

import (
	"io"
	"log/slog"
	"strings"
	"time"
)

// Vendor selects the personality of the simulated module.
type Vendor string

// The personalities the simulator has.
const (
	Huawei    Vendor = "huawei"     // HUAWEI MU709s-2, the seed's module
	Quectel   Vendor = "quectel"    // Quectel EC21 (LTE Cat 1)
	UBlox     Vendor = "ublox"      // u-blox SARA-R410M-02B (LTE Cat M1/NB1)
	QuectelNB Vendor = "quectel-nb" // Quectel BC95-G (NB-IoT); Config.Model picks BC35-G or BC28
)

// Vendors lists the personalities, the default first.
func Vendors() []Vendor { return []Vendor{Huawei, Quectel, UBlox, QuectelNB} }

// RAT is a radio access technology.
type RAT string

// The radio access technologies the simulator reports.
const (
	GSM   RAT = "GSM"
	WCDMA RAT = "WCDMA"
	LTE   RAT = "LTE"
	LTEM  RAT = "LTE-M"  // LTE Cat M1: E-UTRAN in WB-S1 mode
	NBIoT RAT = "NB-IoT" // LTE Cat NB1: E-UTRAN in NB-S1 mode
)

// act gives the 27.007 <AcT> of r: 0 GSM, 2 UTRAN, 7 E-UTRAN (LTE and
// LTE-M), 9 E-UTRAN in NB-S1 mode.
func (r RAT) act() int {
	switch r {
	case GSM:
		return 0
	case LTE, LTEM:
		return 7
	case NBIoT:
		return 9
	default:
		return 2
	}
}

// lte reports whether r is one of the E-UTRAN technologies.
func (r RAT) lte() bool { return r == LTE || r == LTEM || r == NBIoT }

// edrxAct gives the <AcT-type> of AT+CEDRXS (27.007 7.40) for r: 2 GSM,
// 3 UTRAN, 4 E-UTRAN (WB-S1), 5 E-UTRAN (NB-S1).
func (r RAT) edrxAct() int {
	switch r {
	case GSM:
		return 2
	case WCDMA:
		return 3
	case NBIoT:
		return 5
	}
	return 4
}

// Operator is a network (PLMN) the simulated modem can see or register with.
type Operator struct {
	PLMN   string // MCC and MNC, e.g. "26201"
	Long   string // long alphanumeric name, e.g. "Telekom.de"
	Short  string // short alphanumeric name, e.g. "TDG"
	RAT    RAT    // radio access technology of the serving cell; "" takes the vendor's
	LAC    uint16 // location area code (tracking area code on LTE); 0 takes a default
	CellID uint32 // cell identity; 0 takes a default
}

// Config describes the simulated module. The zero value of every field gets a
// sensible default: a Huawei MU709s-2 with a valid IMEI, an 89... ICCID, no
// PIN lock, registered on 26201 (Telekom.de).
//
// Durations: zero takes the default, a negative value means none.
type Config struct {
	Vendor Vendor // Huawei (default), Quectel, UBlox or QuectelNB
	// Model is the model AT+CGMM and ATI give; "" takes the vendor's
	// (MU709s-2, EC21, SARA-R410M-02B, BC95-G). For QuectelNB, "BC35-G"
	// and "BC28" also follow those modules' AT+DMPCONFIG rules.
	Model string

	IMEI   string // 15 digits with a valid Luhn check digit
	IMSI   string // defaults to the operator's PLMN followed by subscriber digits
	ICCID  string // 19 or 20 digits starting with 89
	MSISDN string // own number shown by AT+CNUM; "" for the default, "-" for none
	PIN    string // the SIM's PIN with its lock on; "" means the lock is off (the PIN is then 1234)
	PUK    string // defaults to "12345678"
	SMSC   string // service centre address, defaults to "+491710760000"

	Operator Operator // the home network the modem registers with
	APNs     []string // when set, only these APNs can be connected

	// Networks are the further networks scans find and automatic selection
	// turns to, in order, when EF FPLMN forbids the home network; nil gives
	// 26202 and 26203 for a German home network, an empty slice none.
	Networks []Operator

	ScanDuration      time.Duration // AT+COPS=? and AT^NETSCAN network scans (3 s); SetScanDuration changes it
	RegistrationDelay time.Duration // searching before registered (2 s)
	BootDelay         time.Duration // power-on to answering and the boot indication, if any (500 ms)
	ResponseDelay     time.Duration // waited before each command line is answered (none)
	// AbortGuard is how long after taking a command the module ignores
	// characters instead of aborting it (V.250 5.6.1: 125 ms, the default).
	AbortGuard time.Duration

	Logger *slog.Logger // defaults to a logger that discards
}

// Default durations.
const (
	defaultScanDuration      = 3 * time.Second
	defaultRegistrationDelay = 2 * time.Second
	defaultBootDelay         = 500 * time.Millisecond
	defaultAbortGuard        = 125 * time.Millisecond // V.250 5.6.1
)

// withDefaults gives c with every zero field set.
func (c Config) withDefaults() Config {
	if profiles[c.Vendor] == nil {
		c.Vendor = Huawei
	}
	p := profiles[c.Vendor]
	if c.Model == "" {
		c.Model = p.model
	}
	if c.IMEI == "" {
		c.IMEI = p.imei
	}
	if c.Operator.PLMN == "" {
		c.Operator.PLMN = "26201"
		if c.Operator.Long == "" {
			c.Operator.Long, c.Operator.Short = "Telekom.de", "TDG"
		}
	}
	if c.Operator.Long == "" {
		c.Operator.Long = c.Operator.PLMN
	}
	if c.Operator.Short == "" {
		c.Operator.Short = c.Operator.Long
	}
	c.Operator = c.Operator.withDefaults(p.rat, 0)
	if c.Networks == nil && strings.HasPrefix(c.Operator.PLMN, "262") {
		c.Networks = []Operator{
			{PLMN: "26202", Long: "Vodafone.de", Short: "Vodafone"},
			{PLMN: "26203", Long: "o2 - de", Short: "o2 - de"},
		}
	}
	nets := make([]Operator, 0, len(c.Networks))
	for i, n := range c.Networks {
		if n.PLMN == "" || n.PLMN == c.Operator.PLMN {
			continue
		}
		if n.Long == "" {
			n.Long = n.PLMN
		}
		if n.Short == "" {
			n.Short = n.Long
		}
		nets = append(nets, n.withDefaults(c.Operator.RAT, i+1))
	}
	c.Networks = nets
	if c.IMSI == "" {
		c.IMSI = (c.Operator.PLMN + "1234567890")[:15]
	}
	if c.ICCID == "" {
		c.ICCID = withLuhn("8949020000123456789")
	}
	switch c.MSISDN {
	case "":
		c.MSISDN = "+4915112345678"
	case "-":
		c.MSISDN = ""
	}
	if c.PUK == "" {
		c.PUK = "12345678"
	}
	if c.SMSC == "" {
		c.SMSC = "+491710760000"
	}
	c.ScanDuration = duration(c.ScanDuration, defaultScanDuration)
	c.RegistrationDelay = duration(c.RegistrationDelay, defaultRegistrationDelay)
	c.BootDelay = duration(c.BootDelay, defaultBootDelay)
	c.ResponseDelay = duration(c.ResponseDelay, 0)
	c.AbortGuard = duration(c.AbortGuard, defaultAbortGuard)
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return c
}

// withDefaults fills in the radio details of o; i varies the default cell.
func (o Operator) withDefaults(rat RAT, i int) Operator {
	if o.RAT == "" {
		o.RAT = rat
	}
	if o.LAC == 0 {
		o.LAC = 0xD8C5 + uint16(i)*0x101
	}
	if o.CellID == 0 {
		o.CellID = 0x0E72A5F + uint32(i)*0x10203
		if o.RAT == GSM {
			o.CellID &= 0xFFFF
		}
	}
	return o
}

// duration applies the zero-means-default, negative-means-none rule.
func duration(d, def time.Duration) time.Duration {
	switch {
	case d < 0:
		return 0
	case d == 0:
		return def
	}
	return d
}

// withLuhn appends the Luhn check digit to the decimal digits s.
func withLuhn(s string) string {
	sum := 0
	double := true
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return s + string(rune('0'+(10-sum%10)%10))
}
