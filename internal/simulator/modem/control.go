package modem

import (
	"fmt"
	"slices"
	"time"
)

// The control API: what tests and the demo use to change the simulated
// world. Every method is safe for concurrent use and may be called before
// the module is powered on.

// noSignal marks an unknown signal (+CSQ: 99,99).
const noSignal = -999

// SetSignal sets the signal as +CSQ reports it: rssi 0-31 (-113 to -51 dBm)
// or 99 for not detectable, and the bit error rate 0-7 or 99.
func (m *Modem) SetSignal(csq, ber int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if csq < 0 || csq > 31 {
		m.st.signalDBm = noSignal
	} else {
		m.st.signalDBm = -113 + 2*csq
	}
	m.st.ber = ber
}

// SetSignalDBm sets the received signal strength in dBm, from which +CSQ,
// ^HCSQ, +CESQ and +QCSQ are derived.
func (m *Modem) SetSignalDBm(dbm int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.st.signalDBm = dbm
}

// SetRAT moves the coverage to radio access technology r (GSM, WCDMA or
// LTE), for every network and across power cycles; the registered AcT and
// the signal reports follow, and +CREG mode 2 reports the change.
func (m *Modem) SetRAT(r RAT) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.st.rat = r
	m.st.serving.RAT = r
	m.reportRegLocked()
	m.reportEDRXLocked()
	m.cellLockCheckLocked()
}

// SetRegistration sets the registration stat (3GPP TS 27.007 7.2): 0 not
// searching, 1 home, 2 searching, 3 denied, 4 unknown, 5 roaming. It applies
// at once when the module can register (radio on, SIM ready), with the
// indications AT+CREG, AT+CGREG and AT+CEREG ask for, and is the stat the
// module reaches after every later registration.
//
// It ends a denial set with Deny: the reject cause is forgotten.
func (m *Modem) SetRegistration(stat int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.st.regTarget = stat
	m.st.denyCause = 0
	if m.eligibleLocked() {
		m.st.regEpoch++
		m.registerLocked()
	}
}

// Deny makes the network reject registration with cause, a 3GPP TS 24.008
// 10.5.3.6 / 24.301 9.9.3.9 reject cause (e.g. 11 PLMN not allowed, 13
// roaming not allowed in this location area, 15 no suitable cells in
// tracking area): like SetRegistration(3), the module is denied (+CREG,
// +CGREG and +CEREG stat 3) now and after every later registration, and
// +CEREG with <n> 3 or 5 shows <cause_type>,<reject_cause> as 0,<cause>.
// With cause 11 the module adds the network to EF FPLMN, as a UE does, so
// that automatic selection avoids it from then on. SetRegistration ends the
// denial.
func (m *Modem) Deny(cause int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.st.regTarget = 3
	m.st.denyCause = cause
	if m.eligibleLocked() {
		m.st.regEpoch++
		m.registerLocked()
	}
}

// RejectPDP makes the network reject PDP context activations with cause, a
// TS 24.008 10.5.6.6 SM cause (e.g. 27 missing or unknown
// APN, 29 user authentication failed, 33 requested service option not
// subscribed); 0 accepts them again. AT+CGACT=1 then fails with the +CME
// ERROR 27.007 9.2.2 gives the cause (pdpRejectError: 127, 129, 133),
// AT^NDISDUP reports ^NDISSTAT: 0,<cause>,,IPV4 and ^NDISEND: <cid>,<cause>,
// and ATD*99# ends in NO CARRIER. Contexts already active stay up.
func (m *Modem) RejectPDP(cause int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.st.pdpReject = max(cause, 0)
}

// Jam switches a jammer on or off. While it is on the module loses the
// network and keeps searching (stat 2, data connections drop), and scans
// find nothing; when it goes, the module searches and registers again. With
// AT^JDETEX=1 a Huawei module reports ^JDET: "JAMMED" and, once the jammer
// has gone, ^JDET: "DETECTING" (guide chapter 21).
func (m *Modem) Jam(on bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	st := m.st
	if st.jammed == on {
		return
	}
	st.jammed = on
	m.log.Info("modem jammer", "on", on)
	m.reportJammingLocked()
	if !m.eligibleLocked() {
		return
	}
	if on {
		st.regEpoch++
		m.setRegLocked(2)
		return
	}
	m.searchLocked()
}

// Storm sends line as an unsolicited result code n times, back to back, as
// fast as the line takes them. Like any indication the copies wait while a
// command runs; commands received during the storm are answered between
// copies.
func (m *Modem) Storm(line string, n int) {
	if n <= 0 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.st.phase != phaseOn {
		return
	}
	m.log.Info("URC storm", "line", line, "n", n)
	for p := range m.ports {
		p.enqueue(outItem{lines: []string{line}, repeat: n - 1})
	}
}

// SetScanDuration sets how long AT+COPS=? and AT^NETSCAN take from now on
// (Config.ScanDuration at first); a scan longer than a host's timeout can
// still be aborted by a character (guide 1.2.2).
func (m *Modem) SetScanDuration(d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.st.scanDelay = max(d, 0)
}

// GrantPSM sets the timers the network grants a PSM request (AT+CPSMS)
// with, as 8-bit strings: t3412 the periodic TAU timer T3412 extended (GPRS
// timer 3, 24.008 10.5.7.4a), t3324 the active time T3324 (GPRS timer 2,
// 10.5.7.4). "" grants what the module asked for, "-" grants nothing (the
// network does not support it). +CEREG with <n> 4 or 5 shows the grant as
// <Active-Time>,<Periodic-TAU> while the module is registered with PSM on,
// and reports a change.
func (m *Modem) GrantPSM(t3412, t3324 string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.st.grant.t3412, m.st.grant.t3324 = t3412, t3324
	m.reportRegLocked()
}

// GrantEDRX sets the eDRX cycle (4-bit string, 27.007 7.40
// <NW-provided_eDRX_value>) and paging time window (4-bit string) the
// network grants an eDRX request (AT+CEDRXS) with. A cycle of "" grants the
// requested value, "-" refuses eDRX (AT+CEDRXRDP then gives 0); a ptw of ""
// gives "0111". AT+CEDRXRDP shows the grant; with AT+CEDRXS mode 2 a change
// is reported with +CEDRXP.
func (m *Modem) GrantEDRX(cycle, ptw string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.st.grant.edrx, m.st.grant.ptw = cycle, ptw
	m.reportEDRXLocked()
}

// Registration gives the current registration stat.
func (m *Modem) Registration() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.st.regStat
}

// DelayRegistration sets how long the module searches before it registers,
// from now on, and restarts the search when it can register: it reports
// searching (2) now and registers d later.
func (m *Modem) DelayRegistration(d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.st.regDelay = max(d, 0)
	if m.eligibleLocked() {
		m.searchLocked()
	}
}

// InjectSMS delivers a text message from from, as the network would. It is
// stored and announced (+CMTI) or shown at once (+CMT) as AT+CNMI asks; a
// text too long for one message arrives as concatenated parts. It gives the
// storage index (of the first part), -1 when the message was shown and not
// stored. The module must be registered; a full storage gives
// ErrStorageFull and ^SMMEMFULL.
func (m *Modem) InjectSMS(from, text string) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.st.concatRef++
	pdus, err := deliverPDUs(m.st.sim.smsc, from, text, time.Now().UTC().Truncate(time.Second), m.st.concatRef)
	if err != nil {
		return -1, fmt.Errorf("modem: encode SMS: %w", err)
	}
	first := -1
	for i, pdu := range pdus {
		e, err := entryFromDeliver(pdu)
		if err != nil {
			return -1, fmt.Errorf("modem: encode SMS: %w", err)
		}
		idx, err := m.receiveLocked(e)
		if err != nil {
			return first, err
		}
		if i == 0 {
			first = idx
		}
	}
	return first, nil
}

// InjectPDU delivers an SMS-DELIVER PDU, with the SMSC address in front as
// PDU mode shows it, like InjectSMS.
func (m *Modem) InjectPDU(pdu []byte) (int, error) {
	e, err := entryFromDeliver(slices.Clone(pdu))
	if err != nil {
		return -1, fmt.Errorf("modem: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.receiveLocked(e)
}

// RemoveSIM pulls the SIM: commands that need it fail, the module
// deregisters and data connections drop.
func (m *Modem) RemoveSIM() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.st.sim.present {
		return
	}
	m.st.sim.present = false
	m.st.sim.verified = false
	m.urcsLocked(m.prof.simRemoved...)
	m.networkChangedLocked()
}

// InsertSIM puts the SIM back: with its PIN lock on, the PIN is asked for
// again.
func (m *Modem) InsertSIM() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.st.sim.present {
		return
	}
	m.st.sim.present = true
	m.st.sim.verified = false
	m.urcsLocked(m.prof.simInserted(m.st.sim.status())...)
	m.networkChangedLocked()
}

// RequirePIN turns the SIM's PIN lock on with pin and asks for it now, as
// after a power-on, with fresh PIN and PUK counters; "" turns the lock off
// and keeps the PIN.
func (m *Modem) RequirePIN(pin string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := &m.st.sim
	s.lock = pin != ""
	if pin != "" {
		s.pin = pin
	}
	s.verified, s.needPUK, s.blocked = false, false, false
	s.pinLeft, s.pukLeft = pinAttempts, pukAttempts
	m.networkChangedLocked()
}

// Freeze makes the module stop answering (on) or answer again (off): while
// frozen, received bytes are discarded and nothing is written, indications
// included.
func (m *Modem) Freeze(on bool) {
	m.frozen.Store(on)
	m.log.Info("modem freeze", "on", on)
}

// SetResultCodes changes the result code settings as ATV and ATQ do, as if
// a command had done it behind the host's back: verbose false is ATV0
// (numeric result codes, "0\r"), quiet true is ATQ1 (no result codes).
// ATE0V1Q0, ATZ, AT&F and a power cycle bring back verbose result codes.
func (m *Modem) SetResultCodes(verbose, quiet bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.st.verbose, m.st.quiet = verbose, quiet
	m.log.Info("modem result codes", "verbose", verbose, "quiet", quiet)
}

// Reset power-cycles the module: running commands end without a result,
// settings return to their power-on values (the SIM, its messages and the
// stored PDP contexts stay), and after the boot delay it announces itself
// with ^SYSSTART (Huawei) or RDY (Quectel) and registers again.
func (m *Modem) Reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.log.Info("modem reset")
	m.powerCycleLocked()
}

// Garbage writes b to every port as it is, even in the middle of a
// response, like line noise.
func (m *Modem) Garbage(b []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for p := range m.ports {
		p.enqueue(outItem{raw: slices.Clone(b)})
	}
}

// Unsolicited sends line as an unsolicited result code, between commands.
func (m *Modem) Unsolicited(line string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.urcLocked(line)
}

// DropData ends the data connections from the network side: NO CARRIER for
// a dialled call, ^NDISSTAT for an ECM connection.
func (m *Modem) DropData() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.endCallLocked(true)
	m.ndisDownLocked(smRegularDeactivation)
	for _, c := range m.st.contexts {
		c.active, c.addr = false, ""
	}
}

// FailSMS makes the sending of messages fail with +CMS ERROR: code; 0 lets
// them succeed again.
func (m *Modem) FailSMS(code int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.st.smsFail = code
}

// FailDelete makes AT+CMGD fail with +CMS ERROR: code and delete nothing,
// as a worn or busy SIM storage does; 0 lets deletes succeed again.
func (m *Modem) FailDelete(code int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.st.delFail = code
}

// Sent lists the messages sent with AT+CMGS and AT+CMSS, oldest first.
func (m *Modem) Sent() []SentSMS {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.sent)
}

// Commands lists the command lines received (the last 1000), oldest first.
func (m *Modem) Commands() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.history)
}

// Status is a snapshot of the simulated module.
type Status struct {
	Booted       bool     // powered on and answering
	Frozen       bool     // Freeze(true) is in force
	Verbose      bool     // ATV1: verbose result codes
	Quiet        bool     // ATQ1: result codes suppressed
	SIM          string   // "READY", "SIM PIN", "SIM PUK", "BLOCKED" or "ABSENT"
	PINLeft      int      // PIN attempts left
	PUKLeft      int      // PUK attempts left
	Registration int      // 27.007 <stat>
	Operator     Operator // the serving network
	CSQ          int      // +CSQ <rssi>
	Data         bool     // a dialled call or an ECM connection is up
	StoredSMS    int      // messages in the "SM" storage
	RejectCause  int      // the cause of Deny while it is in force, else 0
	Jammed       bool     // Jam(true) is in force
	FPLMN        []string // the PLMNs in EF FPLMN
}

// Status gives a snapshot of the module.
func (m *Modem) Status() Status {
	m.mu.Lock()
	defer m.mu.Unlock()
	st := m.st
	sim := map[simStatus]string{simAbsent: "ABSENT", simBlocked: "BLOCKED", simPUK: "SIM PUK", simPIN: "SIM PIN", simReady: "READY"}[st.sim.status()]
	c := 99
	if dbm, ok := st.signal(); ok {
		c = csq(dbm)
	}
	return Status{
		Booted:       st.phase == phaseOn,
		Frozen:       m.frozen.Load(),
		Verbose:      st.verbose,
		Quiet:        st.quiet,
		SIM:          sim,
		PINLeft:      st.sim.pinLeft,
		PUKLeft:      st.sim.pukLeft,
		Registration: st.regStat,
		Operator:     st.serving,
		CSQ:          c,
		Data:         st.call != nil || st.ndisCID != 0,
		StoredSMS:    st.usedSlots(),
		RejectCause:  st.denyCause,
		Jammed:       st.jammed,
		FPLMN:        st.sim.forbiddenPLMNs(),
	}
}

// Model gives the model the module identifies as (AT+CGMM), e.g. "MU709s-2".
func (m *Modem) Model() string { return m.prof.model }

// PDPAuth gives the authentication type, user and password the host set for
// context cid (AT+CGAUTH, AT+UAUTH, AT+QICSGP or AT^NDISDUP); ok is false
// when the context is not defined.
func (m *Modem) PDPAuth(cid int) (auth int, user, password string, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := m.st.contexts[cid]
	if c == nil {
		return 0, "", "", false
	}
	return c.auth, c.user, c.pwd, true
}
