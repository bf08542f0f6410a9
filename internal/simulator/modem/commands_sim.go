package modem

import (
	"fmt"
	"path"
	"time"
)

// clckDuration is how long AT+CLCK takes on the SIM; long enough to be
// aborted (guide 1.2.2 lists AT+CLCK as abortive).
const clckDuration = 300 * time.Millisecond

// simCommands: PIN operations (guide 11.1), identity on the SIM and AT+CRSM
// (guide 11.2).
var simCommands = []command{
	{name: "+CPIN", test: ok, read: cmdCPINRead, set: cmdCPINSet},
	{name: "^CPIN", test: ok, read: cmdHuaweiCPIN, set: cmdCPINSet, vendors: huaweiOnly},
	{name: "+CLCK", test: lines(`+CLCK: ("SC")`), set: cmdCLCK, sim: simInside, abortive: formSet},
	{name: "+CPWD", test: lines(`+CPWD: ("SC",8)`), set: cmdCPWD, sim: simUnlocked},
	{name: "+CPINR", test: ok, exec: cmdCPINR, set: cmdCPINR, sim: simInside, vendors: ubloxOnly},
	{name: "+CIMI", test: ok, exec: func(x *call) error { x.line(x.st.sim.imsi); return nil }, sim: simUnlocked},
	{name: "+CNUM", test: ok, exec: cmdCNUM, sim: simUnlocked},
	{name: "+CRSM", test: ok, set: cmdCRSM, sim: simInside},
}

// cpinCode is the <code> of +CPIN: and ^CPIN:.
func cpinCode(s simStatus) string {
	switch s {
	case simPIN:
		return "SIM PIN"
	case simPUK:
		return "SIM PUK"
	}
	return "READY"
}

// simErrorLocked gives the error for a SIM that is absent or blocked.
func (m *Modem) simErrorLocked() error {
	switch m.st.sim.status() {
	case simAbsent:
		return m.prof.noSIM
	case simBlocked:
		return cmeSIMFailure
	}
	return nil
}

func cmdCPINRead(x *call) error {
	if err := x.m.simErrorLocked(); err != nil {
		return err
	}
	x.line("+CPIN: " + cpinCode(x.st.sim.status()))
	return nil
}

// cmdHuaweiCPIN is AT^CPIN?: ^CPIN: <code>,[<times>],<puk_times>,
// <pin_times>,<puk2_times>,<pin2_times>, where <times> is what is left of
// the code being asked for.
func cmdHuaweiCPIN(x *call) error {
	if err := x.m.simErrorLocked(); err != nil {
		return err
	}
	s := &x.st.sim
	times := ""
	switch s.status() {
	case simPIN:
		times = fmt.Sprint(s.pinLeft)
	case simPUK:
		times = fmt.Sprint(s.pukLeft)
	}
	x.linef("^CPIN: %s,%s,%d,%d,%d,%d", cpinCode(s.status()), times, s.pukLeft, s.pinLeft, pukAttempts, pinAttempts)
	return nil
}

// cmdCPINSet is AT+CPIN=<pin> and AT+CPIN=<puk>,<newpin> (also AT^CPIN=).
func cmdCPINSet(x *call) error {
	if err := x.m.simErrorLocked(); err != nil {
		return err
	}
	if x.n() < 1 || x.n() > 2 {
		return errSyntax
	}
	s := &x.st.sim
	switch s.status() {
	case simReady:
		return cmeNotAllowed
	case simPIN:
		if x.str(0) != s.pin {
			return x.m.wrongPINLocked()
		}
		s.verified = true
		s.pinLeft = pinAttempts
	case simPUK:
		if x.n() < 2 {
			return cmeSIMPUKRequired // guide 11.1.2
		}
		if x.str(0) != s.puk {
			s.pukLeft--
			if s.pukLeft <= 0 {
				s.pukLeft = 0
				s.blocked = true
				x.m.log.Info("SIM blocked: PUK entered wrongly too often")
			}
			return cmeIncorrectPassword
		}
		s.pin = x.str(1)
		s.needPUK = false
		s.verified = true
		s.pinLeft, s.pukLeft = pinAttempts, pukAttempts
	}
	x.m.simReadyLocked()
	return nil
}

// cmdCPINR is AT+CPINR[=<sel_code>] (27.007 8.65): one line
// +CPINR: <code>,<retries>,<default_retries> for each code that sel_code
// selects, with the wildcards '*' and '?'; all codes without it.
func cmdCPINR(x *call) error {
	sel := "*"
	if x.form == formSet {
		s, err := x.quoted(0)
		if err != nil {
			return err
		}
		sel = s
	}
	s := &x.st.sim
	for _, c := range []struct {
		code        string
		left, total int
	}{{"SIM PIN", s.pinLeft, pinAttempts}, {"SIM PUK", s.pukLeft, pukAttempts}} {
		if ok, err := path.Match(upper(sel), c.code); err == nil && ok {
			x.linef("+CPINR: %s,%d,%d", c.code, c.left, c.total)
		}
	}
	return nil
}

// wrongPINLocked counts a wrong PIN; the third blocks it (guide 11.1.1).
func (m *Modem) wrongPINLocked() error {
	s := &m.st.sim
	s.pinLeft--
	if s.pinLeft <= 0 {
		s.pinLeft = 0
		s.needPUK = true
		s.verified = false
		m.log.Info("SIM PIN blocked: PUK required")
		m.networkChangedLocked()
	}
	return cmeIncorrectPassword
}

// simReadyLocked: the SIM has become usable.
func (m *Modem) simReadyLocked() {
	if m.cfg.Vendor == Quectel {
		m.urcsLocked(quectelSIMIndications(simReady)...)
	}
	m.networkChangedLocked()
}

// cmdCLCK is AT+CLCK="SC",<mode>[,<passwd>]: 0 unlock, 1 lock, 2 query.
// Turning the lock on takes effect at the next power-on (guide 11.1.1).
func cmdCLCK(x *call) error {
	fac, err := x.quoted(0)
	if err != nil {
		return err
	}
	mode, err := x.intIn(1, -1, 0, 2)
	if err != nil {
		return err
	}
	if upper(fac) != "SC" {
		return cmeNotSupported
	}
	if err := x.wait(clckDuration); err != nil {
		return err
	}
	s := &x.st.sim
	if err := x.m.simCheckLocked(simUnlocked); err != nil {
		return err
	}
	if mode == 2 {
		st := 0
		if s.lock {
			st = 1
		}
		x.linef("+CLCK: %d", st)
		return nil
	}
	if s.lock == (mode == 1) {
		return cmeNotAllowed // guide 11.1.2: already enabled
	}
	if !x.has(2) {
		return errSyntax
	}
	if x.str(2) != s.pin {
		return x.m.wrongPINLocked()
	}
	s.pinLeft = pinAttempts
	s.lock = mode == 1
	s.verified = true
	return nil
}

// cmdCPWD is AT+CPWD="SC",<oldpwd>,<newpwd>.
func cmdCPWD(x *call) error {
	fac, err := x.quoted(0)
	if err != nil || x.n() != 3 {
		return errSyntax
	}
	if upper(fac) != "SC" {
		return cmeNotSupported
	}
	s := &x.st.sim
	if !s.lock {
		return cmeNotAllowed
	}
	if x.str(1) != s.pin {
		return x.m.wrongPINLocked() // guide 11.1.2
	}
	n := x.str(2)
	if len(n) < 4 || len(n) > 8 {
		return errSyntax
	}
	if _, ok := atoi(n); !ok {
		return errSyntax
	}
	s.pin = n
	s.pinLeft = pinAttempts
	return nil
}

// cmdCNUM is AT+CNUM: +CNUM: <alpha>,<number>,<type> (guide 10.3.1).
func cmdCNUM(x *call) error {
	if n := x.st.sim.msisdn; n != "" {
		x.linef(`+CNUM: "","%s",%d`, n, numberType(n))
	}
	return nil
}

// numberType is 145 for an international number, 129 otherwise.
func numberType(n string) int {
	if len(n) > 0 && n[0] == '+' {
		return 145
	}
	return 129
}

// cmdCRSM is AT+CRSM=<command>[,<fileid>[,<P1>,<P2>,<P3>[,<data>[,<pathid>]]]].
func cmdCRSM(x *call) error {
	var v [5]int
	for i := range v {
		n, err := x.int(i, 0)
		if err != nil {
			return err
		}
		v[i] = n
	}
	switch v[0] {
	case 176, 178, 192, 214, 220, 242:
	default:
		return errSyntax
	}
	if v[0] != 242 && !x.has(1) {
		return errSyntax
	}
	sw1, sw2, data := x.st.sim.crsm(v[0], v[1], v[2], v[3], v[4], x.str(5))
	x.line(crsmLine(sw1, sw2, data))
	return nil
}
