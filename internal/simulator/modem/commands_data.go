package modem

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

const (
	dialDuration = 300 * time.Millisecond // ATD*99# until CONNECT; abortive
	ndisDuration = 200 * time.Millisecond // AT^NDISDUP until ^NDISSTAT
)

// dataCommands: PDP contexts and the external protocol stack (guide chapter
// 4) and ECM dial-up (guide chapter 7).
var dataCommands = []command{
	{name: "+CGDCONT", test: cmdCGDCONTTest, read: cmdCGDCONTRead, set: cmdCGDCONTSet},
	{name: "+CGATT", test: lines("+CGATT: (0,1)"), read: cmdCGATTRead, set: cmdCGATTSet, sim: simUnlocked},
	{name: "+CGACT", test: lines("+CGACT: (0,1)"), read: cmdCGACTRead, set: cmdCGACTSet, sim: simUnlocked},
	{name: "+CGPADDR", test: cmdCGPADDRTest, exec: cmdCGPADDR, set: cmdCGPADDR, sim: simUnlocked},
	{name: "+CGCONTRDP", test: cmdCGCONTRDPTest, exec: cmdCGCONTRDP, set: cmdCGCONTRDP, sim: simUnlocked},
	{name: "+CGDATA", test: lines(`+CGDATA: ("PPP")`), set: cmdCGDATA, sim: simUnlocked, vendors: pppVendors},
	{name: "D", exec: cmdDial, sim: simUnlocked, abortive: formExec, vendors: pppVendors},
	{name: "O", exec: cmdOnline, vendors: pppVendors},
	{name: "H", exec: cmdHangUp},
	{name: "^NDISDUP", test: lines("^NDISDUP: (1-11),(0-1)"), set: cmdNDISDUP, sim: simUnlocked, vendors: huaweiOnly},
	{name: "^NDISSTATQRY", test: ok, read: cmdNDISSTATQRY, exec: cmdNDISSTATQRY, vendors: huaweiOnly},
}

var pdpTypes = []string{"IP", "IPV6", "IPV4V6", "PPP"}

func cmdCGDCONTTest(x *call) error {
	for _, t := range pdpTypes[:3] {
		x.linef(`+CGDCONT: (1-%d),"%s",,,(0-2),(0-3)`, x.m.prof.maxCID, t)
	}
	return nil
}

func cmdCGDCONTRead(x *call) error {
	for _, cid := range sortedCIDs(x.st) {
		x.line(x.m.prof.cgdcont(x.st.contexts[cid]))
	}
	return nil
}

func sortedCIDs(st *state) []int {
	var cids []int
	for cid := range st.contexts {
		cids = append(cids, cid)
	}
	slices.Sort(cids)
	return cids
}

// cmdCGDCONTSet is AT+CGDCONT=<cid>[,<PDP_type>[,<APN>...]]; the cid alone
// removes the context (guide 4.1.1).
func cmdCGDCONTSet(x *call) error {
	cid, err := x.intIn(0, -1, 1, x.m.prof.maxCID)
	if err != nil {
		return err
	}
	if x.n() == 1 {
		if c := x.st.contexts[cid]; c != nil && c.active {
			return cmeNotAllowed
		}
		delete(x.st.contexts, cid)
		return nil
	}
	typ, err := x.quoted(1)
	if err != nil || !slices.Contains(pdpTypes, upper(typ)) {
		return errSyntax
	}
	c := x.st.pdp(cid)
	c.typ, c.apn = upper(typ), x.str(2)
	return nil
}

func cmdCGATTRead(x *call) error {
	a := 0
	if x.st.registered() && !x.st.detached {
		a = 1
	}
	x.linef("+CGATT: %d", a) // guide 4.1.1
	return nil
}

func cmdCGATTSet(x *call) error {
	n, err := x.intIn(0, -1, 0, 1)
	if err != nil {
		return err
	}
	st := x.st
	if n == 1 {
		if !st.radioOn() {
			return cmeNoNetwork
		}
		st.detached = false
	} else {
		st.detached = true
		x.m.endCallLocked(true)
		x.m.ndisDownLocked(smRegularDeactivation)
		for _, c := range st.contexts {
			c.active, c.addr = false, ""
		}
	}
	x.m.reportRegLocked()
	return nil
}

func cmdCGACTRead(x *call) error {
	for _, cid := range sortedCIDs(x.st) {
		a := 0
		if x.st.contexts[cid].active {
			a = 1
		}
		x.linef("+CGACT: %d,%d", cid, a)
	}
	return nil
}

// cids gives the context ids from argument from on, or every defined one.
func (x *call) cids(from int) ([]int, error) {
	if !x.has(from) {
		return sortedCIDs(x.st), nil
	}
	var out []int
	for i := from; i < x.n(); i++ {
		cid, err := x.intIn(i, -1, 1, x.m.prof.maxCID)
		if err != nil {
			return nil, err
		}
		out = append(out, cid)
	}
	return out, nil
}

// cmdCGACTSet is AT+CGACT=<state>[,<cid>...] (guide 4.5.1 process 2).
func cmdCGACTSet(x *call) error {
	on, err := x.intIn(0, -1, 0, 1)
	if err != nil {
		return err
	}
	cids, err := x.cids(1)
	if err != nil {
		return err
	}
	st := x.st
	for _, cid := range cids {
		c := st.contexts[cid]
		if c == nil {
			return cmeNotAllowed
		}
		if on == 0 {
			if st.call != nil && st.call.cid == cid {
				x.m.endCallLocked(st.call.p != x.p)
			}
			if st.ndisCID == cid {
				x.m.ndisDownLocked(0)
			}
			c.active, c.addr = false, ""
			continue
		}
		if !st.registered() || st.detached {
			return cmeNoNetwork
		}
		if x.m.cellLockedOutLocked() {
			return cmeNotAllowed
		}
		if cause := x.m.pdpCauseLocked(c.apn); cause != 0 {
			return pdpRejectError(cause)
		}
		x.m.activateLocked(cid)
	}
	return nil
}

func cmdCGPADDRTest(x *call) error {
	var s []string
	for _, cid := range sortedCIDs(x.st) {
		s = append(s, fmt.Sprint(cid))
	}
	x.linef("+CGPADDR: (%s)", strings.Join(s, ","))
	return nil
}

// cmdCGPADDR: +CGPADDR: <cid>[,<PDP_addr>], the address omitted when the
// context has none (27.007 10.1.14).
func cmdCGPADDR(x *call) error {
	cids, err := x.cids(0)
	if err != nil {
		return err
	}
	for _, cid := range cids {
		c := x.st.contexts[cid]
		if c == nil {
			if x.has(0) {
				return cmeNotAllowed
			}
			continue
		}
		if c.active {
			x.linef(`+CGPADDR: %d,"%s"`, cid, c.addr)
		} else {
			x.linef("+CGPADDR: %d", cid)
		}
	}
	return nil
}

// dialCID gives the context a GPRS dial string asks for (*99#, *99***<cid>#,
// *99**PPP*<cid>#), ok false for any other number.
func dialCID(s string) (int, bool) {
	s = strings.ToUpper(strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, s))
	s = strings.TrimLeft(s, "TP")
	if !strings.HasPrefix(s, "*99") || !strings.HasSuffix(s, "#") {
		return 0, false
	}
	parts := strings.Split(strings.TrimSuffix(s[3:], "#"), "*")
	if n, ok := atoi(parts[len(parts)-1]); ok && len(parts) > 1 {
		return n, true
	}
	return 1, true
}

// cmdDial is ATD. ATD*99# connects the data call and gives CONNECT <rate>
// (guide 4.2); a character received while dialling aborts with NO CARRIER.
// Voice calls are not simulated: they end in NO CARRIER.
func cmdDial(x *call) error {
	cid, data := dialCID(x.raw)
	err := x.wait(dialDuration)
	switch {
	case err == errAborted:
		return noCarrier
	case err != nil:
		return err
	}
	if !data {
		return noCarrier
	}
	result := "CONNECT"
	if rate := x.m.prof.connectRate[x.st.serving.RAT]; rate != "" {
		result += " " + rate
	}
	return startCall(x, cid, connect(result))
}

// startCall makes the data call on context cid and gives result.
func startCall(x *call, cid int, result connect) error {
	st := x.st
	if st.call != nil {
		return cmeNotAllowed
	}
	if !st.registered() || st.detached || x.m.cellLockedOutLocked() {
		return noCarrier
	}
	c := st.pdp(cid)
	if x.m.pdpCauseLocked(c.apn) != 0 {
		return noCarrier
	}
	x.m.activateLocked(cid)
	st.call = &dataCall{p: x.p, cid: cid}
	return result
}

// cmdCGDATA is AT+CGDATA="PPP",<cid>: CONNECT like ATD*99# (guide 4.2).
func cmdCGDATA(x *call) error {
	l2, err := x.quoted(0)
	if err != nil || upper(l2) != "PPP" {
		return errSyntax
	}
	cid, err := x.intIn(1, 1, 1, x.m.prof.maxCID)
	if err != nil {
		return err
	}
	return startCall(x, cid, connect("CONNECT"))
}

// cmdOnline is ATO: back to data mode when the call is up (guide 4.4.1).
func cmdOnline(x *call) error {
	if _, err := x.basicInt(0, 0, 0); err != nil {
		return err
	}
	if c := x.st.call; c != nil && c.p == x.p {
		return connect("CONNECT")
	}
	return noCarrier
}

// cmdHangUp is ATH: ends the data call (guide 4.5.1).
func cmdHangUp(x *call) error {
	if _, err := x.basicInt(0, 0, 0); err != nil {
		return err
	}
	x.m.endCallLocked(false)
	return nil
}

// ndisStat formats ^NDISSTAT and ^NDISSTATQRY as the guide prints them
// (7.1.1, 7.2.1): "1,,,IPV4" when connected, "0,<cause>,,IPV4" when not.
func ndisStat(up bool, cause int) string {
	if up {
		return "1,,,IPV4"
	}
	return fmt.Sprintf("0,%d,,IPV4", cause)
}

// cmdNDISDUP is AT^NDISDUP=<cid>,<connect>[,<APN>[,<username>,<password>,
// <authpref>]]: OK, then ^NDISSTAT reports the outcome (guide 7.1, 7.3).
func cmdNDISDUP(x *call) error {
	cid, err := x.intIn(0, -1, 1, 11)
	if err != nil {
		return err
	}
	conn, err := x.intIn(1, -1, 0, 1)
	if err != nil {
		return err
	}
	st := x.st
	if conn == 0 {
		if st.ndisCID == cid {
			x.m.ndisDownLocked(0)
		}
		return nil
	}
	if !st.registered() || st.detached {
		return cmeNoNetwork
	}
	if x.m.cellLockedOutLocked() {
		return cmeNotAllowed // guide 24.2: no data outside the locked cells
	}
	c := st.pdp(cid)
	if x.has(2) {
		c.apn = x.str(2)
		c.user, c.pwd = x.str(3), x.str(4)
		if c.auth, err = x.intIn(5, 0, 0, 3); err != nil {
			return err
		}
	}
	m, gen := x.m, x.m.gen.Load()
	apn := c.apn
	m.after(ndisDuration, func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		if m.gen.Load() != gen {
			return
		}
		cause := m.pdpCauseLocked(apn)
		if !m.st.registered() {
			cause = smNotSubscribed
		}
		if cause != 0 {
			// Guide 7.1.2: ^NDISSTAT: 0,33,,IPV4 and ^NDISEND: 1,33 for an
			// APN the network does not know.
			m.urcsLocked("^NDISSTAT: "+ndisStat(false, cause), fmt.Sprintf("^NDISEND: %d,%d", cid, cause))
			return
		}
		m.activateLocked(cid)
		m.st.ndisCID = cid
		m.urcLocked("^NDISSTAT: " + ndisStat(true, 0))
	})
	return nil
}

// ndisDownLocked ends the ECM connection, reporting cause.
func (m *Modem) ndisDownLocked(cause int) {
	cid := m.st.ndisCID
	if cid == 0 {
		return
	}
	m.st.ndisCID = 0
	if c := m.st.contexts[cid]; c != nil && (m.st.call == nil || m.st.call.cid != cid) {
		c.active, c.addr = false, ""
	}
	m.urcLocked("^NDISSTAT: " + ndisStat(false, cause))
}

func cmdNDISSTATQRY(x *call) error {
	x.line("^NDISSTATQRY: " + ndisStat(x.st.ndisCID != 0, 0))
	return nil
}

// SM causes (3GPP TS 24.008 10.5.6.6) the simulator gives on
// its own.
const (
	smRegularDeactivation = 36
	smNotSubscribed       = 33 // requested service option not subscribed
)

// pdpCauseLocked gives the cause the network rejects an activation of apn
// with, 0 when it accepts: RejectPDP's cause, else #33 for an APN outside
// Config.APNs (guide 7.1.2).
func (m *Modem) pdpCauseLocked(apn string) int {
	switch {
	case m.st.pdpReject != 0:
		return m.st.pdpReject
	case !m.apnAllowed(apn):
		return smNotSubscribed
	}
	return 0
}

// The addresses the network hands out with a PDP context besides the UE's
// (AT+CGCONTRDP).
const (
	dnsPrimary   = "10.74.210.210"
	dnsSecondary = "10.74.210.211"
	subnetMask   = "255.255.255.0"
)

// gateway gives the gateway of the /24 that addr is in.
func gateway(addr string) string {
	if i := strings.LastIndexByte(addr, '.'); i >= 0 {
		return addr[:i] + ".254"
	}
	return ""
}

func cmdCGCONTRDPTest(x *call) error {
	var s []string
	for _, cid := range sortedCIDs(x.st) {
		if x.st.contexts[cid].active {
			s = append(s, fmt.Sprint(cid))
		}
	}
	x.linef("+CGCONTRDP: (%s)", strings.Join(s, ","))
	return nil
}

// cmdCGCONTRDP is AT+CGCONTRDP[=<cid>] (27.007 10.1.23): for each active
// context +CGCONTRDP: <cid>,<bearer_id>,<apn>,<local_addr and subnet_mask>,
// <gw_addr>,<DNS_prim_addr>,<DNS_sec_addr>; nothing for one that is not
// active.
func cmdCGCONTRDP(x *call) error {
	cids, err := x.cids(0)
	if err != nil {
		return err
	}
	for _, cid := range cids {
		c := x.st.contexts[cid]
		if c == nil {
			if x.has(0) {
				return cmeNotAllowed
			}
			continue
		}
		if !c.active {
			continue
		}
		x.linef(`+CGCONTRDP: %d,%d,"%s","%s.%s","%s","%s","%s"`,
			cid, 5+(cid-1)%11, c.apn, c.addr, subnetMask, gateway(c.addr), dnsPrimary, dnsSecondary)
	}
	return nil
}
