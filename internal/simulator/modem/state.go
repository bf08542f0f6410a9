package modem

import (
	"bytes"
	"cmp"
	"maps"
	"time"
)

// phase is where the module is in its power cycle.
type phase int

const (
	phaseOff     phase = iota // not powered on yet
	phaseBooting              // powered on, not answering until the boot delay ends
	phaseOn                   // answering commands
)

// simStatus is what AT+CPIN? reports.
type simStatus int

const (
	simAbsent  simStatus = iota // no SIM in the holder
	simBlocked                  // PUK entered wrongly too often: unusable
	simPUK                      // PIN blocked, PUK required
	simPIN                      // PIN lock on, PIN not entered yet
	simReady
)

// defaultPIN is the SIM's PIN when Config.PIN leaves the lock off; AT+CLCK
// and AT+CPWD need one.
const defaultPIN = "1234"

// PIN and PUK attempts (guide 11.1.1).
const (
	pinAttempts = 3
	pukAttempts = 10
)

// simCard is the SIM: it keeps its PIN state, files and SMS storage across
// power cycles of the module.
type simCard struct {
	present  bool
	lock     bool // PIN lock enabled (AT+CLCK="SC")
	pin, puk string
	pinLeft  int
	pukLeft  int
	needPUK  bool
	blocked  bool
	verified bool // PIN entered since power-on

	iccid, imsi, msisdn string
	fplmn               []byte // EF FPLMN content, 3GPP TS 31.102 4.2.16
	smsc                string
	store               [smsSlots]*smsEntry
	mr                  byte // last TP-MR used
}

func (s *simCard) status() simStatus {
	switch {
	case !s.present:
		return simAbsent
	case s.blocked:
		return simBlocked
	case s.needPUK:
		return simPUK
	case s.lock && !s.verified:
		return simPIN
	}
	return simReady
}

// pdpContext is a PDP context definition (AT+CGDCONT) and its state.
type pdpContext struct {
	cid    int
	typ    string
	apn    string
	user   string
	pwd    string
	auth   int
	active bool
	addr   string
}

// dataCall is the data connection made with ATD*99# (or AT+CGDATA).
type dataCall struct {
	p   *port
	cid int
}

// indication modes and last reports of +CREG, +CGREG and +CEREG.
const (
	domCS  = iota // +CREG
	domPS         // +CGREG
	domEPS        // +CEREG
)

// state is everything the simulated module knows. It is guarded by Modem.mu.
type state struct {
	phase phase

	// V.250 and TA settings; reset by ATZ, AT&F and power-on.
	echo, verbose, quiet bool
	sreg                 map[int]int
	cmee                 int
	cscs                 string
	dtr, dcd             int
	ifc                  [2]int
	ipr                  int // kept in NV: survives power-on
	clip, crc            int // AT+CLIP, AT+CRC

	// radio and network
	cfun       int
	copsMode   int
	copsFormat int
	serving    Operator  // the network registered (or registering) with
	rat        RAT       // the RAT SetRAT chose, "" for the networks' own
	regMode    [3]int    // indication mode per domain (0-2; +CEREG 0-5)
	reported   [3]string // indication last reported per domain
	regTarget  int       // stat the modem reaches on its home network
	denyCause  int       // reject cause of Deny, 0 for none
	regStat    int       // current stat
	regEpoch   uint64    // invalidates pending registration timers
	regDelay   time.Duration
	regSince   time.Time // when the module last registered
	jammed     bool      // a jammer keeps the module from registering (Jam)
	detached   bool      // AT+CGATT=0
	signalDBm  int
	ber        int
	scanDelay  time.Duration       // AT+COPS=? and AT^NETSCAN
	contexts   map[int]*pdpContext // kept in NV: survive power-on
	call       *dataCall
	ndisCID    int // context connected with AT^NDISDUP, 0 for none
	nextAddr   int
	pdpReject  int // cause activations are rejected with (RejectPDP), 0 accepts
	quectelCfg map[string]string

	// PSM and eDRX (commands_psm.go): the requests are kept in NV.
	psm          psmRequest
	edrx         map[int]edrxRequest // by <AcT-type>
	grant        netGrant
	edrxReported string // +CEDRXP last sent

	// Huawei ^SYSCFG (syscfg.go), kept in NV.
	syscfg sysCfg

	// Huawei diagnostics (commands_diag.go), kept in NV.
	jdetex    [4]int
	cellLocks map[int]cellLock // by ^CELLLOCK <mode>

	// u-blox (ublox.go) and Quectel NB-IoT (quectelnb.go) settings.
	ublox       ubloxSettings
	dmp         dmpSettings
	rebootCause string // what the next BC95 boot says caused it

	// SMS
	cmgf        int
	csmp        [4]int
	cnmi        [5]int
	csms        int
	cnmaPending bool
	smsFail     int // +CMS ERROR code for sends, 0 when sends succeed
	delFail     int // +CMS ERROR code for AT+CMGD, 0 when deletes succeed
	concatRef   int // reference of the last concatenated message received

	sim simCard
}

// newState gives the state of a module that has never been powered on.
func newState(c *Config, p *profile) *state {
	st := &state{
		ipr:        115200,
		regTarget:  1,
		regDelay:   c.RegistrationDelay,
		signalDBm:  p.signalDBm,
		ber:        99,
		scanDelay:  c.ScanDuration,
		serving:    c.Operator,
		contexts:   map[int]*pdpContext{1: {cid: 1, typ: "IP"}},
		quectelCfg: maps.Clone(quectelCfgDefaults),
		edrx:       make(map[int]edrxRequest),
		jdetex:     jdetexDefaults,
		syscfg:     sysCfgDefaults,
		cellLocks:  make(map[int]cellLock),
		ublox:      newUbloxSettings(),
		dmp:        newDMPSettings(c),
		sim: simCard{
			present: true,
			lock:    c.PIN != "",
			pin:     cmp.Or(c.PIN, defaultPIN),
			puk:     c.PUK,
			pinLeft: pinAttempts,
			pukLeft: pukAttempts,
			iccid:   c.ICCID,
			imsi:    c.IMSI,
			msisdn:  c.MSISDN,
			smsc:    c.SMSC,
			fplmn:   bytes.Repeat([]byte{0xFF}, 3*fplmnEntries),
		},
	}
	st.resetSettings(p)
	return st
}

// resetSettings restores the settings ATZ and AT&F restore.
func (st *state) resetSettings(p *profile) {
	st.echo, st.verbose, st.quiet = true, true, false
	st.sreg = map[int]int{0: 0, 2: '+', 3: '\r', 4: '\n', 5: '\b', 7: 60, 12: 50}
	st.cmee = p.cmee
	st.cscs = p.cscs
	st.dtr, st.dcd = 2, 1
	st.ifc = [2]int{0, 0}
	st.cmgf = 0
	st.csmp = [4]int{17, 167, 0, 0}
	st.cnmi = p.cnmi
	st.csms = 0
	st.cnmaPending = false
	st.clip, st.crc = 0, 0
}

// powerOn puts st in the state of a module that has just been switched on:
// what lives on the SIM or in NV stays, the rest starts afresh.
func (st *state) powerOn(c *Config, p *profile) {
	st.phase = phaseBooting
	st.resetSettings(p)
	st.cfun = 1
	st.copsMode, st.copsFormat = 0, 0
	st.serving = c.Operator
	if st.rat != "" {
		st.serving.RAT = st.rat
	}
	st.regMode = [3]int{}
	st.regStat = 0
	for dom := range regNames {
		st.reported[dom] = st.regLine(dom, false)
	}
	st.edrxReported = ""
	st.regEpoch++
	st.detached = false
	st.call = nil
	st.ndisCID = 0
	for _, ctx := range st.contexts {
		ctx.active, ctx.addr = false, ""
	}
	st.sim.verified = false
	st.dmp.powerOn()
}

// pdp returns context cid, defining it with defaults when needed.
func (st *state) pdp(cid int) *pdpContext {
	c := st.contexts[cid]
	if c == nil {
		c = &pdpContext{cid: cid, typ: "IP"}
		st.contexts[cid] = c
	}
	return c
}

// registered reports whether the module is registered (home or roaming).
func (st *state) registered() bool { return st.regStat == 1 || st.regStat == 5 }

// domainStat gives the stat +CREG, +CGREG or +CEREG reports.
func (st *state) domainStat(dom int) int {
	if dom != domCS && st.detached && st.registered() {
		return 0
	}
	if dom == domEPS && st.registered() && !st.serving.RAT.lte() {
		return 0 // camped on GERAN or UTRAN: not registered in EPS
	}
	return st.regStat
}

// radioOn reports whether the module has its radio on and is up.
func (st *state) radioOn() bool { return st.phase == phaseOn && st.cfun == 1 }
