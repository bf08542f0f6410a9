package modem

import (
	"fmt"
	"strings"
	"time"
)

// resetDelay is how long after AT+CFUN=1,1 answers OK the module restarts.
const resetDelay = 100 * time.Millisecond

// netCommands: network service (guide 2.3) and signal quality.
var netCommands = []command{
	{name: "+CFUN", test: func(x *call) error { x.line(x.m.prof.cfunTest); return nil },
		read: func(x *call) error { x.linef("+CFUN: %d", x.st.cfun); return nil },
		set:  cmdCFUN},
	{name: "+COPS", test: cmdCOPSTest, read: cmdCOPSRead, set: cmdCOPSSet, sim: simUnlocked, abortive: formTest},
	regCommand(domCS), regCommand(domPS), regCommand(domEPS),
	{name: "+CSQ", test: lines("+CSQ: (0-31,99),(0-7,99)"), exec: cmdCSQ},
	{name: "^HCSQ", test: lines(`^HCSQ: "NOSERVICE","GSM","WCDMA","LTE"`), read: cmdHCSQ, vendors: huaweiOnly},
	{name: "+CESQ", test: lines("+CESQ: (0-63,99),(0-7,99),(0-96,255),(0-49,255),(0-34,255),(0-97,255)"), exec: cmdCESQ},
	sysCfgCommand,
}

// cmdCFUN is AT+CFUN=<fun>[,<rst>]: 0 minimum, 1 full, 4 flight mode;
// <rst> 1 resets the module after OK, which then says ^SYSSTART again.
func cmdCFUN(x *call) error {
	fun, err := x.int(0, -1)
	if err != nil {
		return err
	}
	rst, err := x.intIn(1, 0, 0, 1)
	if err != nil || (fun != 0 && fun != 1 && fun != 4) {
		return errSyntax
	}
	if rst == 1 {
		if fun != 1 {
			return errSyntax
		}
		m := x.m
		x.then = func() { m.after(resetDelay, m.Reset) }
		return nil
	}
	x.st.cfun = fun
	x.m.networkChangedLocked()
	return nil
}

// operatorName gives o's name in +COPS <format> f.
func operatorName(o Operator, f int) string {
	switch f {
	case 1:
		return o.Short
	case 2:
		return o.PLMN
	}
	return o.Long
}

// cmdCOPSRead: +COPS: <mode>[,<format>,<oper>,<AcT>] (guide 2.3.1).
func cmdCOPSRead(x *call) error {
	st := x.st
	if st.registered() {
		x.linef(`+COPS: %d,%d,"%s",%d`, st.copsMode, st.copsFormat, operatorName(st.serving, st.copsFormat), st.serving.RAT.act())
		return nil
	}
	x.linef("+COPS: %d", st.copsMode)
	return nil
}

// cmdCOPSTest scans for networks; it takes Config.ScanDuration and any
// character received meanwhile aborts it (guide 1.2.2).
func cmdCOPSTest(x *call) error {
	if !x.st.radioOn() {
		return cmeNotAllowed
	}
	if err := x.wait(x.st.scanDelay); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("+COPS: ")
	for _, o := range x.m.scanLocked() {
		stat := 1
		switch {
		case x.st.sim.forbidden(o.PLMN):
			stat = 3
		case x.st.registered() && o.PLMN == x.st.serving.PLMN:
			stat = 2
		}
		fmt.Fprintf(&b, `(%d,"%s","%s","%s",%d),`, stat, o.Long, o.Short, o.PLMN, o.RAT.act())
	}
	b.WriteString(",(0,1,2,3,4),(0,1,2)")
	x.line(b.String())
	return nil
}

// cmdCOPSSet is AT+COPS=<mode>[,<format>[,<oper>[,<AcT>]]].
func cmdCOPSSet(x *call) error {
	st := x.st
	mode, err := x.intIn(0, -1, 0, 4)
	if err != nil {
		return err
	}
	format, err := x.intIn(1, st.copsFormat, 0, 2)
	if err != nil {
		return err
	}
	switch mode {
	case 3:
		st.copsFormat = format
		return nil
	case 2:
		st.copsMode = 2
		x.m.networkChangedLocked()
		return nil
	case 0:
		// A new automatic selection unless registered on its choice or
		// searching for it: after a denial, or once EF FPLMN no longer
		// forbids the home network.
		st.copsMode = 0
		if sel := x.m.autoSelectLocked(); sel.PLMN != st.serving.PLMN || (!st.registered() && st.regStat != 2) {
			st.serving = sel
			st.regStat = 0
		}
		x.m.networkChangedLocked()
		return nil
	}
	// 1 manual, 4 manual with automatic fallback
	name, err := x.quoted(2)
	if err != nil {
		return err
	}
	var found *Operator
	for _, o := range x.m.networks() {
		if operatorName(o, format) == name {
			found = &o
			break
		}
	}
	if found == nil {
		if mode == 4 {
			return cmdCOPSFallback(x, format)
		}
		return cmeNoNetwork
	}
	if !st.radioOn() || st.sim.status() != simReady {
		return cmeNoNetwork
	}
	st.copsMode, st.copsFormat = mode, format
	st.serving = x.m.coverage(*found)
	x.m.searchLocked()
	epoch := st.regEpoch
	if err := x.wait(st.regDelay); err != nil {
		return err
	}
	if st.regEpoch == epoch && x.m.eligibleLocked() {
		x.m.registerLocked()
	}
	if st.jammed {
		return cmeNoNetwork
	}
	if st.regStat == 3 {
		if mode == 4 {
			return cmdCOPSFallback(x, format)
		}
		return cmeNetworkNotAllowed
	}
	return nil
}

// cmdCOPSFallback: AT+COPS=4 whose manual choice failed selects
// automatically.
func cmdCOPSFallback(x *call, format int) error {
	x.st.copsMode, x.st.copsFormat = 0, format
	x.st.serving = x.m.autoSelectLocked()
	x.st.regStat = 0
	x.m.networkChangedLocked()
	return nil
}

// regCommand gives AT+CREG, AT+CGREG or AT+CEREG. +CREG and +CGREG take
// <n> 0-2; +CEREG also 3 (reject cause), 4 (PSM timers) and 5 (both).
// Only the modules with E-UTRAN have +CEREG: the MU709, a WCDMA/HSPA+
// module, does not know it (its guide lists +CREG alone) and answers ERROR.
func regCommand(dom int) command {
	name := regNames[dom]
	maxN := 2
	var vendors []Vendor
	if dom == domEPS {
		maxN, vendors = 5, lteVendors
	}
	return command{
		name:    name,
		vendors: vendors,
		sim:     simInside, // guide 2.3.2
		test:    lines(fmt.Sprintf("%s: (0-%d)", name, maxN)),
		read:    func(x *call) error { x.line(x.st.regLine(dom, true)); return nil },
		set: func(x *call) error {
			n, err := x.intIn(0, 0, 0, maxN)
			if err != nil {
				return err
			}
			// The new mode reports changes from now on.
			x.st.regMode[dom] = n
			x.st.reported[dom] = x.st.regLine(dom, false)
			return nil
		},
	}
}

// signal gives the received signal strength in dBm, ok false when the
// module has no radio.
func (st *state) signal() (int, bool) {
	if !st.radioOn() || st.signalDBm == noSignal {
		return 0, false
	}
	return st.signalDBm, true
}

// csq gives the +CSQ <rssi>: 0 is -113 dBm or less, 31 is -51 dBm or more.
func csq(dbm int) int { return clamp((dbm+113)/2, 0, 31) }

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

func cmdCSQ(x *call) error {
	dbm, ok := x.st.signal()
	if !ok {
		x.line("+CSQ: 99,99")
		return nil
	}
	x.linef("+CSQ: %d,%d", csq(dbm), x.st.ber)
	return nil
}

// cmdHCSQ is AT^HCSQ?: the Huawei signal report per RAT, e.g.
// ^HCSQ: "WCDMA",30,30,58 (guide 2.3.1) for -91 dBm.
func cmdHCSQ(x *call) error {
	dbm, ok := x.st.signal()
	if !ok {
		x.line(`^HCSQ: "NOSERVICE"`)
		return nil
	}
	rssi := clamp(dbm+121, 0, 96)
	switch r := x.st.serving.RAT; {
	case r == GSM:
		x.linef(`^HCSQ: "GSM",%d`, rssi)
	case r.lte():
		rsrp := clamp(dbm-29+141, 0, 97)
		x.linef(`^HCSQ: "LTE",%d,%d,%d,%d`, rssi, rsrp, 201, 21)
	default:
		x.linef(`^HCSQ: "WCDMA",%d,%d,%d`, rssi, rssi, 58)
	}
	return nil
}

// cmdCESQ is AT+CESQ (27.007 8.69): <rxlev>,<ber>,<rscp>,<ecno>,<rsrq>,<rsrp>
// with 99 and 255 for what the serving RAT does not measure.
func cmdCESQ(x *call) error {
	dbm, ok := x.st.signal()
	switch {
	case !ok:
		x.line("+CESQ: 99,99,255,255,255,255")
	case x.st.serving.RAT == GSM:
		x.linef("+CESQ: %d,%d,255,255,255,255", clamp(dbm+111, 0, 63), x.st.ber)
	case x.st.serving.RAT.lte():
		x.linef("+CESQ: 99,99,255,255,%d,%d", 20, clamp(dbm-29+141, 0, 97))
	default:
		x.linef("+CESQ: 99,99,%d,%d,255,255", clamp(dbm-3+121, 0, 96), 43)
	}
	return nil
}
