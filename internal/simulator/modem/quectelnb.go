package modem

import (
	"cmp"
	"fmt"
	"net"
	"strings"
	"time"
)

// The Quectel NB-IoT personality: a BC95-G (or, with Config.Model, a BC35-G
// or BC28) with OneNET firmware. It registers on NB-IoT (AcT 9), has no ^
// commands, no Quectel LTE commands and no PPP dial-up, reports errors as a
// plain ERROR until AT+CMEE=1, and starts with the Boudica boot text ending
// in "Neul" and an unsolicited OK. It has AT+NRB (reboot), AT+NCCID and
// AT+DMPCONFIG, the China Mobile device management configuration of the
// Quectel BC35-G&BC28&BC95 R2.0 CMDMP application note.

var quectelNBProfile = &profile{
	manufacturer: "Quectel",
	model:        "BC95-G",
	revision: []string{
		"SSB,V150R100C10B200SP1",
		"SECURITY_A,V150R100C20B300SP2",
		"PROTOCOL_A,V150R100C20B300SP2",
		"APPLICATION_A,V150R100C20B300SP2",
		"SECURITY_B,V150R100C20B300SP2",
		"RADIO,Hi2115_RF1",
	},
	imei:      "863703030822519", // the CMDMP note's, Luhn-valid
	rat:       NBIoT,
	signalDBm: -85,
	cmee:      0, // CMDMP note chapter 3: ERROR until AT+CMEE=1
	cscs:      "GSM",
	cscsList:  `+CSCS: ("GSM","IRA","UCS2")`,
	cnmi:      [5]int{0, 0, 0, 0, 0},
	noSIM:     cmeSIMNotInserted,
	maxCID:    10,
	cfunTest:  "+CFUN: (0,1),(0,1)",
	edrxActs:  []int{5},
	ati: func(c *Config) []string {
		// Only firmware ending in _ONT talks to CMDMP (CMDMP note chapter 1).
		return []string{"Quectel", c.Model, "Revision: " + strings.ReplaceAll(c.Model, "-", "") + "JBR01A08_ONT"}
	},
	cgdcont: func(c *pdpContext) string {
		return fmt.Sprintf(`+CGDCONT: %d,"%s","%s",,0,0`, c.cid, c.typ, c.apn)
	},
	simInserted: noIndications,
	boot:        (*Modem).quectelNBBootLocked,
}

var quectelNBCommands = []command{
	{name: "+DMPCONFIG", test: lines("+DMPCONFIG: (0-6)"), read: cmdDMPCONFIGRead, set: cmdDMPCONFIGSet, vendors: nbOnly},
	{name: "+NRB", exec: cmdNRB, vendors: nbOnly},
	{name: "+NCCID", test: ok, exec: cmdNCCID, read: cmdNCCID, sim: simInside, vendors: nbOnly},
}

// Boot causes the Boudica firmware prints.
const (
	causePowerOn = "REBOOT_CAUSE_SECURITY_PMU_POWER_ON_RESET"
	causeAT      = "REBOOT_CAUSE_APPLICATION_AT"
)

// quectelNBBootLocked sends the boot text: the image checks, the reboot
// cause, "Neul " and OK, all unsolicited.
func (m *Modem) quectelNBBootLocked() {
	cause := cmp.Or(m.st.rebootCause, causePowerOn)
	m.st.rebootCause = ""
	m.urcLocked("Boot: Unsigned", "Security B.. Verified", "Protocol A.. Verified", "Apps A...... Verified",
		"", cause, "Neul ", "OK")
}

// cmdNRB is AT+NRB: REBOOTING, no final result, and a restart whose boot
// text gives REBOOT_CAUSE_APPLICATION_AT.
func cmdNRB(x *call) error {
	x.line("REBOOTING")
	x.st.rebootCause = causeAT
	m := x.m
	x.then = func() { m.after(resetDelay, m.Reset) }
	return errNoResult
}

// cmdNCCID is AT+NCCID: +NCCID: <ICCID>.
func cmdNCCID(x *call) error {
	x.linef("+NCCID: %s", x.st.sim.iccid)
	return nil
}

// dmpConfig is one set of AT+DMPCONFIG parameters.
type dmpConfig struct {
	mode             int    // <dmMode>: 0 off, 1 on
	ip, port         string // <serverIp>, <serverPort> as given; " " when left out
	period           int    // <updatePeriod> in seconds
	appKey, password string
	ifType           int
	imei             string // <tmIMEI>
	plmns            []string
}

// dmpSettings are the CMDMP parameters saved in flash and those in use
// since the last power-on (the write command saves; the saved values take
// effect after a reboot).
type dmpSettings struct {
	bc95    bool // BC95 rules: default period 900 s, server address required
	saved   dmpConfig
	current dmpConfig
}

// The CMDMP defaults (CMDMP note 2.1): the server used when the domain
// name does not resolve, its port, and the update periods.
const (
	dmpDefaultIP       = "117.161.2.41"
	dmpDefaultPort     = "5683"
	dmpDefaultPeriod   = 86400
	dmpBC95Period      = 900
	dmpMinPeriod       = 300
	dmpMaxPeriod       = 4294966
	dmpShownKeyLetters = 4
)

func newDMPSettings(c *Config) dmpSettings {
	m := upper(c.Model)
	d := dmpSettings{bc95: !strings.HasPrefix(m, "BC35") && !strings.HasPrefix(m, "BC28")}
	d.saved = d.defaults()
	d.current = d.saved
	return d
}

// defaults gives the factory CMDMP parameters.
func (d *dmpSettings) defaults() dmpConfig {
	p := dmpDefaultPeriod
	if d.bc95 {
		p = dmpBC95Period
	}
	return dmpConfig{ip: dmpDefaultIP, port: dmpDefaultPort, period: p}
}

// powerOn puts the saved parameters in use.
func (d *dmpSettings) powerOn() {
	d.current = d.saved
	d.current.plmns = append([]string(nil), d.saved.plmns...)
}

// line formats parameter group typ (0-3) of c: what follows the prefix of
// the read command and the whole line of a saved-configuration query, e.g.
// "2,M100000089,77Ga****,1,863703030822519". Of the private key only the
// first four characters show.
func (c *dmpConfig) line(typ int) string {
	switch typ {
	case 0:
		return fmt.Sprintf("0,%d", c.mode)
	case 1:
		return fmt.Sprintf("1,%s,%s,%d", c.ip, c.port, c.period)
	case 2:
		key := c.password
		if len(key) > dmpShownKeyLetters {
			key = key[:dmpShownKeyLetters] + "****"
		}
		return fmt.Sprintf("2,%s,%s,%d,%s", c.appKey, key, c.ifType, c.imei)
	}
	return strings.Join(append([]string{"3"}, c.plmns...), ",")
}

// cmdDMPCONFIGRead gives the parameters in use:
//
//	+DMPCONFIG: 0,<dmMode>
//	+DMPCONFIG: 1,<serverIp>,<serverPort>,<updatePeriod>
//	+DMPCONFIG: 2,<appkey>,<password>,<ifType>,<tmIMEI>
func cmdDMPCONFIGRead(x *call) error {
	c := &x.st.dmp.current
	for typ := range 3 {
		x.line("+DMPCONFIG: " + c.line(typ))
	}
	return nil
}

// cmdDMPCONFIGSet is AT+DMPCONFIG=<type>,<parameter1>[,...] (CMDMP note
// 2.1): types 0-3 save parameters, 4 queries the saved ones ("1,117.161.2.7,
// 5683,420"), 5 erases them, 6 gives the access state ("6,6").
func cmdDMPCONFIGSet(x *call) error {
	typ, err := x.intIn(0, -1, 0, 6)
	if err != nil {
		return err
	}
	d := &x.st.dmp
	s := &d.saved
	switch typ {
	case 0:
		mode, err := x.intIn(1, -1, 0, 1)
		if err != nil || x.n() != 2 {
			return cmeIncorrectParams
		}
		s.mode = mode
	case 1:
		return dmpServer(x, d)
	case 2:
		if x.n() != 5 {
			return cmeIncorrectParams
		}
		key, err1 := x.quoted(1)
		pwd, err2 := x.quoted(2)
		ifType, err3 := x.intIn(3, -1, 0, 2)
		imei := x.str(4)
		if err1 != nil || err2 != nil || err3 != nil || key == "" || len(imei) < 15 || len(imei) > 17 || !digitsOnly(imei) {
			return cmeIncorrectParams
		}
		s.appKey, s.password, s.ifType, s.imei = key, pwd, ifType, imei
	case 3:
		if x.n() < 2 || x.n() > 4 {
			return cmeIncorrectParams
		}
		var plmns []string
		for i := 1; i < x.n(); i++ {
			p := x.str(i)
			if len(p) < 5 || len(p) > 6 || !digitsOnly(p) {
				return cmeIncorrectParams
			}
			plmns = append(plmns, p)
		}
		s.plmns = plmns
	case 4:
		opt, err := x.intIn(1, -1, 0, 3)
		if err != nil || x.n() != 2 {
			return cmeIncorrectParams
		}
		x.line(s.line(opt))
	case 5:
		opt, err := x.intIn(1, -1, 0, 4)
		if err != nil || x.n() != 2 {
			return cmeIncorrectParams
		}
		def := d.defaults()
		if opt == 0 || opt == 4 {
			s.mode = def.mode
		}
		if opt == 1 || opt == 4 {
			s.ip, s.port, s.period = def.ip, def.port, def.period
		}
		if opt == 2 || opt == 4 {
			s.appKey, s.password, s.ifType, s.imei = "", "", 0, ""
		}
		if opt == 3 || opt == 4 {
			s.plmns = nil
		}
	case 6:
		if x.n() != 1 {
			return cmeIncorrectParams
		}
		x.linef("6,%d", x.st.dmpState(time.Now()))
	}
	return nil
}

// dmpServer is AT+DMPCONFIG=1,[<serverIp>],[<serverPort>],<updatePeriod>.
// The BC35-G and BC28 take the period alone ("1, , ,300"); the BC95 needs
// the address and port with it.
func dmpServer(x *call, d *dmpSettings) error {
	if x.n() != 4 {
		return cmeIncorrectParams
	}
	period, err := x.int(3, -1)
	if err != nil || period < dmpMinPeriod || period > dmpMaxPeriod {
		return cmeIncorrectParams
	}
	ip, port := x.str(1), x.str(2)
	if ip == "" || port == "" {
		if d.bc95 || ip != port {
			return cmeIncorrectParams
		}
		ip, port = " ", " "
	} else {
		n, err := x.int(2, -1)
		if net.ParseIP(ip).To4() == nil || err != nil || n < 1 || n > 65535 {
			return cmeIncorrectParams
		}
	}
	d.saved.ip, d.saved.port, d.saved.period = ip, port, period
	return nil
}

// CMDMP access states (<dmstate>).
const (
	dmpInitial       = 0
	dmpRegSuccess    = 6
	dmpUpdateSuccess = 11
)

// dmpState gives the CMDMP access state at now: initial while off or not
// registered, registered once the module is, updated once an update period
// has passed since.
func (st *state) dmpState(now time.Time) int {
	c := &st.dmp.current
	switch {
	case c.mode != 1 || !st.registered():
		return dmpInitial
	case now.Sub(st.regSince) >= time.Duration(c.period)*time.Second:
		return dmpUpdateSuccess
	}
	return dmpRegSuccess
}

// digitsOnly reports whether s is all decimal digits.
func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}
