package modem

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The Quectel EC21 personality: RDY and its companions at boot, AT+QICSGP,
// AT+QCFG, AT+QCSQ, AT+QPINC and AT+QENG.

// quectelSettleDelay separates RDY from the SIM indications that follow it.
const quectelSettleDelay = 50 * time.Millisecond

var quectelCommands = []command{
	{name: "+QICSGP", test: lines(`+QICSGP: (1-16),(1-3),"APN","USERNAME","PASSWORD",(0-3)`), set: cmdQICSGP, vendors: quectelOnly},
	{name: "+QCFG", test: cmdQCFGTest, set: cmdQCFG, vendors: quectelOnly},
	{name: "+QCSQ", test: lines(`+QCSQ: "NOSERVICE","GSM","WCDMA","LTE"`), exec: cmdQCSQ, vendors: quectelOnly},
	{name: "+QPINC", test: lines(`+QPINC: ("SC","P2")`), read: cmdQPINC, set: cmdQPINC, sim: simInside, vendors: quectelOnly},
	{name: "+QENG", test: lines(`+QENG: ("servingcell","neighbourcell")`), set: cmdQENG, vendors: quectelOnly},
}

// quectelBootLocked sends what an EC21 says when it starts: RDY, then
// +CFUN, +CPIN, +QUSIM and, with the SIM ready, SMS DONE and PB DONE.
func (m *Modem) quectelBootLocked() {
	m.urcLocked("RDY")
	gen := m.gen.Load()
	m.after(quectelSettleDelay, func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		if m.gen.Load() != gen {
			return
		}
		m.urcLocked("+CFUN: 1")
		if s := m.st.sim.status(); s != simAbsent {
			m.urcsLocked(quectelSIMIndications(s)...)
		}
	})
}

// quectelSIMIndications gives what an EC21 says when the SIM reaches s.
func quectelSIMIndications(s simStatus) []string {
	switch s {
	case simReady:
		return []string{"+CPIN: READY", "+QUSIM: 1", "+QIND: SMS DONE", "+QIND: PB DONE"}
	case simPIN, simPUK:
		return []string{"+CPIN: " + cpinCode(s), "+QUSIM: 1"}
	}
	return []string{"+CPIN: NOT READY"}
}

// cmdQICSGP is AT+QICSGP=<contextID>[,<context_type>,<APN>[,<username>,
// <password>[,<authentication>]]]; with the context alone it reports.
func cmdQICSGP(x *call) error {
	cid, err := x.intIn(0, -1, 1, 16)
	if err != nil {
		return err
	}
	c := x.st.contexts[cid]
	if x.n() == 1 {
		if c == nil {
			x.linef(`+QICSGP: 0,"","","",0`)
			return nil
		}
		x.linef(`+QICSGP: %d,"%s","%s","%s",%d`, qicsgpType(c.typ), c.apn, c.user, c.pwd, c.auth)
		return nil
	}
	typ, err := x.intIn(1, 1, 1, 3)
	if err != nil {
		return err
	}
	auth, err := x.intIn(5, 0, 0, 3)
	if err != nil {
		return err
	}
	c = x.st.pdp(cid)
	c.typ = [...]string{"", "IP", "IPV6", "IPV4V6"}[typ]
	c.apn, c.user, c.pwd, c.auth = x.str(2), x.str(3), x.str(4), auth
	return nil
}

func qicsgpType(t string) int {
	switch t {
	case "IPV6":
		return 2
	case "IPV4V6":
		return 3
	}
	return 1
}

// quectelCfgDefaults are the AT+QCFG settings the simulator keeps, with
// their values after a factory reset.
var quectelCfgDefaults = map[string]string{
	"nwscanmode":    "0",
	"nwscanseq":     "00",
	"roamservice":   "2",
	"servicedomain": "2",
	"band":          "0x260,0x1e200000095,0x0",
	"iotopmode":     "2",
	"urc/ri/ring":   `"pulse",120,1000,5000,"off",1`,
	"risignaltype":  `"respective"`,
}

func cmdQCFGTest(x *call) error {
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range quectelCfgDefaults {
			if !yield(k) {
				return
			}
		}
	})
	for _, k := range keys {
		x.linef(`+QCFG: "%s"`, k)
	}
	return nil
}

// cmdQCFG is AT+QCFG="<name>"[,<value>...]: reports the setting, or stores
// the new value (the remaining arguments as they were given).
func cmdQCFG(x *call) error {
	name, err := x.quoted(0)
	if err != nil {
		return err
	}
	name = strings.ToLower(name)
	cur, known := x.st.quectelCfg[name]
	if !known {
		return errSyntax
	}
	if x.n() == 1 {
		x.linef(`+QCFG: "%s",%s`, name, cur)
		return nil
	}
	_, rest, _ := strings.Cut(x.raw, ",")
	x.st.quectelCfg[name] = strings.TrimSpace(rest)
	return nil
}

// cmdQCSQ is AT+QCSQ: the serving RAT and its measurements in dBm, e.g.
// +QCSQ: "LTE",-52,-81,195,-10 (RSSI, RSRP, SINR in 1/5 dB, RSRQ).
func cmdQCSQ(x *call) error {
	dbm, ok := x.st.signal()
	if !ok {
		x.line(`+QCSQ: "NOSERVICE"`)
		return nil
	}
	switch x.st.serving.RAT {
	case GSM:
		x.linef(`+QCSQ: "GSM",%d`, dbm)
	case WCDMA:
		x.linef(`+QCSQ: "WCDMA",%d,%d,%d`, dbm, dbm-3, -5)
	default:
		sysmode := map[RAT]string{LTEM: "eMTC", NBIoT: "NBIoT"}[x.st.serving.RAT]
		x.linef(`+QCSQ: "%s",%d,%d,%d,%d`, cmp.Or(sysmode, "LTE"), dbm, dbm-29, 195, -10)
	}
	return nil
}

// cmdQPINC reports the PIN and PUK attempts left: +QPINC: "SC",3,10.
func cmdQPINC(x *call) error {
	s := &x.st.sim
	rows := map[string]string{
		"SC": fmt.Sprintf(`+QPINC: "SC",%d,%d`, s.pinLeft, s.pukLeft),
		"P2": fmt.Sprintf(`+QPINC: "P2",%d,%d`, pinAttempts, pukAttempts),
	}
	if x.form == formSet {
		f, err := x.quoted(0)
		if err != nil {
			return err
		}
		row, ok := rows[upper(f)]
		if !ok {
			return errSyntax
		}
		x.line(row)
		return nil
	}
	x.line(rows["SC"])
	x.line(rows["P2"])
	return nil
}

// cmdQENG is AT+QENG="servingcell": the serving cell in the EC21 layout.
func cmdQENG(x *call) error {
	what, err := x.quoted(0)
	if err != nil {
		return err
	}
	switch strings.ToLower(what) {
	case "neighbourcell":
		return nil
	case "servingcell":
	default:
		return errSyntax
	}
	st := x.st
	dbm, on := st.signal()
	if !on || !st.registered() {
		x.line(`+QENG: "servingcell","SEARCH"`)
		return nil
	}
	o := st.serving
	mcc, mnc := o.PLMN[:3], o.PLMN[3:]
	switch o.RAT {
	case GSM:
		x.linef(`+QENG: "servingcell","NOCONN","GSM",%s,%s,%X,%X,%d,%d,%d`, mcc, mnc, o.LAC, o.CellID&0xFFFF, 5, 62, dbm)
	case WCDMA:
		x.linef(`+QENG: "servingcell","NOCONN","WCDMA",%s,%s,%X,%X,%d,%d,%d,%d,%d`, mcc, mnc, o.LAC, o.CellID, 10713, 287, 1, dbm-3, -5)
	default:
		x.linef(`+QENG: "servingcell","NOCONN","LTE","FDD",%s,%s,%X,%d,%d,%d,%d,%d,%X,%d,%d,%d,%d,%d`,
			mcc, mnc, o.CellID, 262, 1300, 3, 5, 5, o.LAC, dbm-29, -10, dbm, 16, 40)
	}
	return nil
}
