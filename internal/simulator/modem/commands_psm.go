package modem

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Power saving: PSM (3GPP TS 27.007 7.38 AT+CPSMS) and eDRX (7.40
// AT+CEDRXS, 7.41 AT+CEDRXRDP), as the emnify guide uses them:
// AT+CPSMS=1,,,"01001110","00000101" asks for a periodic TAU of 140 h and an
// active time of 10 s, AT+CEDRXS=1,4,"1000" for an eDRX cycle of 143.36 s on
// LTE-M. The network may grant other values (GrantPSM, GrantEDRX): +CEREG
// with <n> 4 or 5 shows the granted PSM timers, AT+CEDRXRDP and +CEDRXP the
// granted eDRX cycle. The requests are kept in NV across power cycles. The
// module does not actually sleep.

var psmCommands = []command{
	{name: "+CPSMS", test: lines(`+CPSMS: (0-2),,,("00000000"-"11111111"),("00000000"-"11111111")`),
		read: cmdCPSMSRead, set: cmdCPSMSSet, vendors: lteVendors},
	{name: "+CEDRXS", test: cmdCEDRXSTest, read: cmdCEDRXSRead, set: cmdCEDRXSSet, vendors: lteVendors},
	{name: "+CEDRXRDP", test: ok, exec: cmdCEDRXRDP, vendors: lteVendors},
}

// psmRequest is what AT+CPSMS asked for; the timers are 8-bit strings, ""
// when not given.
type psmRequest struct {
	mode   int // 0 off, 1 on
	rau    string
	ready  string
	tau    string // <Requested_Periodic-TAU>: T3412 extended
	active string // <Requested_Active-Time>: T3324
}

// edrxRequest is one <AcT-type>'s AT+CEDRXS setting.
type edrxRequest struct {
	mode  int    // 0 off, 1 on, 2 on with +CEDRXP
	value string // <Requested_eDRX_value>, 4 bits
}

// netGrant is what the network answers PSM and eDRX requests with: "" the
// request, "-" nothing, anything else that value.
type netGrant struct {
	t3412, t3324 string
	edrx, ptw    string
}

// Network defaults for what a request leaves out (24.008 10.5.7.4a and
// 10.5.7.4 encodings): T3412 extended 1 h, T3324 1 min; an eDRX paging
// time window of "0111", and "0010" (20.48 s) for an eDRX cycle AT+CEDRXS
// left out.
const (
	defaultT3412 = "00100001"
	defaultT3324 = "00100001"
	defaultPTW   = "0111"
	defaultEDRX  = "0010"
)

// grantOf gives what the network grants for a request req: g's value, req
// (or def when req is empty) when g is "", nothing when g is "-".
func grantOf(g, req, def string) string {
	switch g {
	case "-":
		return ""
	case "":
		return cmp.Or(req, def)
	}
	return g
}

// psmGranted gives the Active-Time (T3324) and Periodic-TAU (T3412
// extended) the network allocated, "" for those it did not: none unless the
// module is registered with PSM on.
func (st *state) psmGranted() (active, tau string) {
	if st.psm.mode != 1 || !st.registered() {
		return "", ""
	}
	return grantOf(st.grant.t3324, st.psm.active, defaultT3324), grantOf(st.grant.t3412, st.psm.tau, defaultT3412)
}

// edrxGranted gives the eDRX in use on the serving cell: its <AcT-type>, the
// requested and granted cycles and the paging time window; act is 0 when
// the module does not use eDRX there (not registered, not asked for on
// this AcT, or refused).
func (st *state) edrxGranted() (act int, req, nw, ptw string) {
	if !st.registered() {
		return 0, "", "", ""
	}
	a := st.serving.RAT.edrxAct()
	r, ok := st.edrx[a]
	if !ok || r.mode == 0 {
		return 0, "", "", ""
	}
	nw = grantOf(st.grant.edrx, r.value, defaultEDRX)
	if nw == "" {
		return 0, "", "", ""
	}
	return a, r.value, nw, grantOf(st.grant.ptw, "", defaultPTW)
}

// bits reports whether s is n characters of 0 and 1.
func bits(s string, n int) bool {
	return len(s) == n && strings.Trim(s, "01") == ""
}

// timerArg gives argument i as an n-bit string (quoted as 27.007 has it, or
// bare as the emnify guide types it), keep when absent.
func (x *call) timerArg(i, n int, keep string) (string, error) {
	if !x.has(i) {
		return keep, nil
	}
	s := x.str(i)
	if !bits(s, n) {
		return "", errSyntax
	}
	return s, nil
}

func cmdCPSMSRead(x *call) error {
	p := x.st.psm
	x.linef("+CPSMS: %d,%s,%s,%s,%s", p.mode, quoteOrEmpty(p.rau), quoteOrEmpty(p.ready), quoteOrEmpty(p.tau), quoteOrEmpty(p.active))
	return nil
}

// cmdCPSMSSet is AT+CPSMS=[<mode>[,<Requested_Periodic-RAU>[,
// <Requested_GPRS-READY-timer>[,<Requested_Periodic-TAU>[,
// <Requested_Active-Time>]]]]]: 0 off, 1 on, 2 off with every timer
// forgotten. Timers left out keep their values.
func cmdCPSMSSet(x *call) error {
	mode, err := x.intIn(0, 0, 0, 2)
	if err != nil {
		return err
	}
	st := x.st
	if mode == 2 {
		if x.n() > 1 {
			return errSyntax
		}
		st.psm = psmRequest{}
		x.m.reportRegLocked()
		return nil
	}
	p := st.psm
	p.mode = mode
	for i, t := range []*string{&p.rau, &p.ready, &p.tau, &p.active} {
		if *t, err = x.timerArg(i+1, 8, *t); err != nil {
			return err
		}
	}
	if x.n() > 5 {
		return errSyntax
	}
	st.psm = p
	x.m.reportRegLocked() // the network answers at once: +CEREG n=4/5 shows it
	return nil
}

func cmdCEDRXSTest(x *call) error {
	acts := make([]string, len(x.m.prof.edrxActs))
	for i, a := range x.m.prof.edrxActs {
		acts[i] = fmt.Sprint(a)
	}
	x.linef(`+CEDRXS: (0-3),(%s),("0000"-"1111")`, strings.Join(acts, ","))
	return nil
}

// cmdCEDRXSRead lists the AcT-types with eDRX on: +CEDRXS: <AcT-type>,
// <Requested_eDRX_value>.
func cmdCEDRXSRead(x *call) error {
	for _, a := range x.m.prof.edrxActs {
		if r, ok := x.st.edrx[a]; ok && r.mode != 0 {
			x.linef(`+CEDRXS: %d,"%s"`, a, r.value)
		}
	}
	return nil
}

// cmdCEDRXSSet is AT+CEDRXS=[<mode>[,<AcT-type>[,<Requested_eDRX_value>]]]:
// 0 off (for one AcT-type or all), 1 on, 2 on with +CEDRXP, 3 off with
// every value forgotten.
func cmdCEDRXSSet(x *call) error {
	mode, err := x.intIn(0, 0, 0, 3)
	if err != nil || x.n() > 3 {
		return errSyntax
	}
	st := x.st
	if mode == 3 {
		clear(st.edrx)
		return nil
	}
	if !x.has(1) {
		if mode != 0 {
			return errSyntax
		}
		for a, r := range st.edrx {
			r.mode = 0
			st.edrx[a] = r
		}
		return nil
	}
	act, err := x.int(1, -1)
	if err != nil || !slices.Contains(x.m.prof.edrxActs, act) {
		return errSyntax
	}
	r := st.edrx[act]
	if r.value, err = x.timerArg(2, 4, cmp.Or(r.value, defaultEDRX)); err != nil {
		return err
	}
	r.mode = mode
	st.edrx[act] = r
	x.m.reportEDRXLocked()
	return nil
}

// edrxLine formats AT+CEDRXRDP and +CEDRXP: <AcT-type>[,
// <Requested_eDRX_value>,<NW-provided_eDRX_value>,<Paging_time_window>].
func edrxLine(prefix string, act int, req, nw, ptw string) string {
	if act == 0 {
		return prefix + "0"
	}
	return fmt.Sprintf(`%s%d,"%s","%s","%s"`, prefix, act, req, nw, ptw)
}

// cmdCEDRXRDP is AT+CEDRXRDP: the eDRX the serving cell grants, e.g.
// +CEDRXRDP: 4,"1000","1000","0111", or +CEDRXRDP: 0 when none.
func cmdCEDRXRDP(x *call) error {
	act, req, nw, ptw := x.st.edrxGranted()
	x.line(edrxLine("+CEDRXRDP: ", act, req, nw, ptw))
	return nil
}

// reportEDRXLocked sends +CEDRXP when, registered, what the network grants
// on the serving cell changed and AT+CEDRXS asked for the indication (mode
// 2) there: +CEDRXP: 4,"1000","1000","0111", or +CEDRXP: 4,"1000" when the
// network refuses eDRX.
func (m *Modem) reportEDRXLocked() {
	st := m.st
	if !st.registered() {
		return
	}
	a := st.serving.RAT.edrxAct()
	r, ok := st.edrx[a]
	if !ok || r.mode != 2 {
		st.edrxReported = ""
		return
	}
	act, req, nw, ptw := st.edrxGranted()
	l := edrxLine("+CEDRXP: ", act, req, nw, ptw)
	if act == 0 {
		l = fmt.Sprintf(`+CEDRXP: %d,"%s"`, a, r.value)
	}
	if l == st.edrxReported {
		return
	}
	st.edrxReported = l
	m.urcLocked(l)
}
