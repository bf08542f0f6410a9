package modem

import (
	"fmt"
	"strings"
	"time"
)

// Registration follows 3GPP TS 27.007 7.2 <stat>: 0 not registered and not
// searching, 1 registered on the home network, 2 searching, 3 denied,
// 4 unknown, 5 registered and roaming. The module registers when its radio is
// on (AT+CFUN=1), its SIM is ready and AT+COPS has not deregistered it: it
// searches (2) for the registration delay and then reaches its target stat.

// regNames are the indications and commands of the three domains.
var regNames = [3]string{domCS: "+CREG", domPS: "+CGREG", domEPS: "+CEREG"}

// eligibleLocked reports whether the module may register now.
func (m *Modem) eligibleLocked() bool {
	st := m.st
	return st.radioOn() && st.sim.status() == simReady && st.copsMode != 2
}

// targetLocked gives the stat a registration on the serving network ends in.
func (m *Modem) targetLocked() int {
	st := m.st
	t := st.regTarget
	if t == 1 || t == 5 {
		if st.sim.forbidden(st.serving.PLMN) {
			return 3
		}
		if m.visitedLocked(st.serving) && !m.roamingAllowedLocked() {
			return 3 // roaming switched off: a visited network is not allowed
		}
		if t == 1 && st.serving.PLMN != m.cfg.Operator.PLMN {
			return 5
		}
	}
	return t
}

// networkChangedLocked brings the registration in line with the radio, the
// SIM and the network selection, searching anew when the module may
// register but is not registered.
func (m *Modem) networkChangedLocked() {
	st := m.st
	switch {
	case !m.eligibleLocked():
		st.regEpoch++
		m.setRegLocked(0)
	case st.regStat == 0:
		m.searchLocked()
	default:
		m.reportRegLocked()
	}
}

// searchLocked starts a network search that ends in the target stat after
// the registration delay. In automatic selection (AT+COPS=0) it first picks
// the network: the home network, or when EF FPLMN forbids it the first
// network found that is not forbidden, as a UE does (3GPP TS 23.122 4.4.3).
func (m *Modem) searchLocked() {
	st := m.st
	st.regEpoch++
	if st.copsMode == 0 {
		st.serving = m.autoSelectLocked()
	}
	epoch, gen := st.regEpoch, m.gen.Load()
	m.setRegLocked(2)
	m.after(st.regDelay, func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		if st.regEpoch != epoch || m.gen.Load() != gen || !m.eligibleLocked() {
			return
		}
		m.registerLocked()
	})
}

// autoSelectLocked gives the network automatic selection registers with:
// the first network found that EF FPLMN does not forbid, the home network
// first, visited ones only while the roaming switch allows them; the home
// network when none is left.
func (m *Modem) autoSelectLocked() Operator {
	nets := m.networks()
	for _, o := range nets {
		if !m.st.sim.forbidden(o.PLMN) && (!m.visitedLocked(o) || m.roamingAllowedLocked()) {
			return o
		}
	}
	return nets[0]
}

// registerLocked ends a search on the serving network in the target stat,
// unless a jammer keeps the module searching. A network that rejects with
// cause #11 (PLMN not allowed) goes into EF FPLMN (TS 24.301 5.5.1.2.5).
func (m *Modem) registerLocked() {
	st := m.st
	if st.jammed {
		return
	}
	m.setRegLocked(m.targetLocked())
	if st.regStat == 3 && st.regTarget == 3 && st.denyCause == emmPLMNNotAllowed {
		if st.sim.forbid(st.serving.PLMN) {
			m.log.Info("PLMN added to EF FPLMN", "plmn", st.serving.PLMN)
		}
	}
}

// emmPLMNNotAllowed is reject cause #11 (TS 24.008 10.5.3.6, 24.301 9.9.3.9).
const emmPLMNNotAllowed = 11

// setRegLocked sets the registration stat, drops data connections when the
// module is no longer registered and reports the change.
func (m *Modem) setRegLocked(stat int) {
	st := m.st
	was := st.registered()
	st.regStat = stat
	if !st.registered() {
		m.endCallLocked(true)
		m.ndisDownLocked(smRegularDeactivation)
		for _, c := range st.contexts {
			c.active, c.addr = false, ""
		}
	} else if !was {
		st.regSince = time.Now()
	}
	m.reportRegLocked()
	m.reportEDRXLocked()
}

// reportRegLocked sends +CREG, +CGREG and +CEREG indications for the
// domains whose indication changed (stat, and as the mode asks the cell,
// reject cause and PSM timers), as their AT+CxREG mode asks.
func (m *Modem) reportRegLocked() {
	st := m.st
	for dom := range regNames {
		l := st.regLine(dom, false)
		if l == st.reported[dom] {
			continue
		}
		st.reported[dom] = l
		if st.regMode[dom] > 0 {
			m.urcLocked(l)
		}
	}
}

// regLine formats +CREG, +CGREG or +CEREG (27.007 7.2, 10.1.19, 10.1.22):
// the read response "+CEREG: <n>,<stat>[,...]" with the mode, the
// indication "+CEREG: <stat>[,...]" without. After <stat> come, as the mode
// asks: with n=2 and up the cell "<lac>","<ci>",<AcT> while registered; for
// +CEREG with n=3 and 5 <cause_type>,<reject_cause> (0,<cause>) while
// denied with a cause, and with n=4 and 5 the "<Active-Time>",
// "<Periodic-TAU>" the network granted for PSM, empty fields holding the
// places of those that are absent.
func (st *state) regLine(dom int, withMode bool) string {
	n := st.regMode[dom]
	stat := st.domainStat(dom)
	s := regNames[dom] + ": "
	if withMode {
		s += fmt.Sprintf("%d,", n)
	}
	s += fmt.Sprint(stat)
	reg := stat == 1 || stat == 5
	var f []string
	if n >= 2 && reg {
		f = st.location()
	}
	if dom == domEPS && n >= 3 {
		var cause []string
		if stat == 3 && st.regTarget == 3 && st.denyCause != 0 && n != 4 {
			cause = []string{"0", fmt.Sprint(st.denyCause)}
		}
		var psm []string
		if n >= 4 {
			if active, tau := st.psmGranted(); active != "" || tau != "" {
				psm = []string{quoteOrEmpty(active), quoteOrEmpty(tau)}
			}
		}
		if cause != nil || psm != nil {
			if f == nil {
				f = []string{"", "", ""}
			}
			if cause == nil {
				cause = []string{"", ""}
			}
			f = append(f, cause...)
			f = append(f, psm...)
		}
	}
	for _, v := range f {
		s += "," + v
	}
	return s
}

// quoteOrEmpty quotes s, leaving an empty s empty.
func quoteOrEmpty(s string) string {
	if s == "" {
		return ""
	}
	return `"` + s + `"`
}

// location gives the serving cell as "<lac>","<ci>",<AcT>.
func (st *state) location() []string {
	o := st.serving
	if o.RAT == GSM {
		return []string{fmt.Sprintf(`"%04X"`, o.LAC), fmt.Sprintf(`"%04X"`, o.CellID&0xFFFF), fmt.Sprint(o.RAT.act())}
	}
	return []string{fmt.Sprintf(`"%04X"`, o.LAC), fmt.Sprintf(`"%07X"`, o.CellID), fmt.Sprint(o.RAT.act())}
}

// endCallLocked ends the ATD data call; notify sends NO CARRIER to its port.
func (m *Modem) endCallLocked(notify bool) {
	c := m.st.call
	if c == nil {
		return
	}
	m.st.call = nil
	if ctx := m.st.contexts[c.cid]; ctx != nil && c.cid != m.st.ndisCID {
		ctx.active, ctx.addr = false, ""
	}
	if notify {
		c.p.enqueue(outItem{hangup: true})
	}
}

// activateLocked activates context cid, giving it an address.
func (m *Modem) activateLocked(cid int) {
	c := m.st.pdp(cid)
	if c.active {
		return
	}
	m.st.nextAddr++
	c.active = true
	c.addr = fmt.Sprintf("100.64.%d.%d", 10+m.st.nextAddr/250, 1+m.st.nextAddr%250)
}

// apnAllowed reports whether the network accepts apn.
func (m *Modem) apnAllowed(apn string) bool {
	if len(m.cfg.APNs) == 0 {
		return true
	}
	for _, a := range m.cfg.APNs {
		if strings.EqualFold(a, apn) {
			return true
		}
	}
	return false
}

// networks gives the networks there are: the home network first.
func (m *Modem) networks() []Operator {
	var out []Operator
	for _, o := range append([]Operator{m.cfg.Operator}, m.cfg.Networks...) {
		out = append(out, m.coverage(o))
	}
	return out
}

// coverage gives o with the RAT SetRAT chose, if any. m.mu must be held.
func (m *Modem) coverage(o Operator) Operator {
	if m.st.rat != "" {
		o.RAT = m.st.rat
	}
	return o
}

// scanLocked gives the networks a scan finds now: none without radio or
// while jammed.
func (m *Modem) scanLocked() []Operator {
	if _, ok := m.st.signal(); !ok || m.st.jammed {
		return nil
	}
	return m.networks()
}
