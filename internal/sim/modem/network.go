package modem

import (
	"fmt"
	"strings"
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
// the registration delay.
func (m *Modem) searchLocked() {
	st := m.st
	st.regEpoch++
	epoch, gen := st.regEpoch, m.gen.Load()
	m.setRegLocked(2)
	m.after(st.regDelay, func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		if st.regEpoch != epoch || m.gen.Load() != gen || !m.eligibleLocked() {
			return
		}
		m.setRegLocked(m.targetLocked())
	})
}

// setRegLocked sets the registration stat, drops data connections when the
// module is no longer registered and reports the change.
func (m *Modem) setRegLocked(stat int) {
	st := m.st
	st.regStat = stat
	if !st.registered() {
		m.endCallLocked(true)
		m.ndisDownLocked(36) // regular deactivation (TS 24.008 10.5.6.6)
		for _, c := range st.contexts {
			c.active, c.addr = false, ""
		}
	}
	m.reportRegLocked()
}

// reportRegLocked sends +CREG, +CGREG and +CEREG indications for the
// domains whose stat changed, as their AT+CxREG mode asks.
func (m *Modem) reportRegLocked() {
	st := m.st
	for dom := range regNames {
		s := st.domainStat(dom)
		if s == st.reported[dom] {
			continue
		}
		st.reported[dom] = s
		if st.regMode[dom] > 0 {
			m.urcLocked(m.regLineLocked(dom, false))
		}
	}
}

// regLineLocked formats +CREG, +CGREG or +CEREG: the read response
// "+CREG: <n>,<stat>[,<lac>,<ci>,<AcT>]" with the mode, the indication
// "+CREG: <stat>[,<lac>,<ci>,<AcT>]" without.
func (m *Modem) regLineLocked(dom int, withMode bool) string {
	st := m.st
	stat := st.domainStat(dom)
	s := regNames[dom] + ": "
	if withMode {
		s += fmt.Sprintf("%d,", st.regMode[dom])
	}
	s += fmt.Sprint(stat)
	if st.regMode[dom] == 2 && (stat == 1 || stat == 5) {
		s += "," + m.locationLocked()
	}
	return s
}

// locationLocked formats the serving cell as "<lac>","<ci>",<AcT>.
func (m *Modem) locationLocked() string {
	o := m.st.serving
	if o.RAT == GSM {
		return fmt.Sprintf(`"%04X","%04X",%d`, o.LAC, o.CellID&0xFFFF, o.RAT.act())
	}
	return fmt.Sprintf(`"%04X","%07X",%d`, o.LAC, o.CellID, o.RAT.act())
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

// networks gives the networks a scan finds: the home network first.
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
