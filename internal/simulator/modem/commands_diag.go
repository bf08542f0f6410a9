package modem

import (
	"fmt"
	"slices"
	"strconv"
)

// Huawei diagnostics: network scan (guide chapter 22, AT^NETSCAN), serving
// and neighbour cells (chapter 23, AT^MONSC and AT^MONNC), jamming detection
// (chapter 21, AT^JDETEX and ^JDET), cell lock (chapter 24, AT^CELLLOCK) and
// the system information AT^SYSINFOEX.
//
// The cells are made up from the networks of Config: each network has a
// GSM and a WCDMA cell (and its serving cell on its own RAT), the home
// network at the module's signal level and each further one 7 dB weaker;
// the serving cell has two neighbours, 8 and 14 dB weaker, of which those
// above -110 dBm are measured.

var diagCommands = []command{
	{name: "^NETSCAN", test: lines("^NETSCAN: (1-20),(-110-47),(0,1)"), set: cmdNETSCAN, abortive: formSet, vendors: huaweiOnly},
	{name: "^MONSC", test: ok, exec: cmdMONSC, vendors: huaweiOnly},
	{name: "^MONNC", test: ok, exec: cmdMONNC, vendors: huaweiOnly},
	{name: "^JDETEX", test: lines("^JDETEX: (0,1),(2),(0-70),(0-255)"), read: cmdJDETEXRead, set: cmdJDETEXSet, vendors: huaweiOnly},
	{name: "^CELLLOCK", test: lines(`^CELLLOCK: (0-1),(0-1),("0000"-"FFFF"),("00000000"-"FFFFFFF"),("00000000"-"FFFFFFFF"),("00000000"-"FFFFFFFF")`),
		read: cmdCELLLOCKRead, set: cmdCELLLOCKSet, vendors: huaweiOnly},
	{name: "^SYSINFOEX", test: ok, exec: cmdSYSINFOEX, vendors: huaweiOnly},
}

// cellStep is how much weaker each further network's cells are.
const cellStep = 7

// sensitivity is the weakest cell the module measures.
const sensitivity = -110

// scanCell is one cell AT^NETSCAN finds.
type scanCell struct {
	op    Operator
	arfcn int
	bsic  int
	dbm   int
}

// scanCellsLocked gives the cells a scan in mode (0 GSM, 1 WCDMA) finds,
// strongest first.
func (m *Modem) scanCellsLocked(mode int) []scanCell {
	dbm, ok := m.st.signal()
	if !ok {
		return nil
	}
	var cells []scanCell
	for i, o := range m.scanLocked() {
		c := scanCell{op: o, dbm: dbm - cellStep*i}
		if mode == 0 {
			c.arfcn, c.bsic = 15+16*i, ((5-3*i)%64+64)%64
		} else {
			c.arfcn, c.dbm = 10688+25*i, c.dbm-3 // RSCP
		}
		cells = append(cells, c)
	}
	return cells
}

// mccMNC splits a PLMN into MCC and MNC.
func mccMNC(plmn string) (string, string) { return plmn[:3], plmn[3:] }

// cmdNETSCAN is AT^NETSCAN=<n>,<pow>[,<mode>]: the n strongest cells at or
// above pow dBm, GSM (mode 0, the default) or WCDMA (1). It takes
// Config.ScanDuration and a character aborts it (guide 22.1: "This command
// can be interrupted"). It is not allowed during a data connection, and
// finding nothing is "operation not allowed" too (guide 22.2).
//
//	^NETSCAN: <arfcn>,,,<lac>,<mcc>,<mnc>,<bsic>,<rxlev>               (GSM)
//	^NETSCAN: <arfcn>,,,<lac>,<mcc>,<mnc>,0,<rscp>,<cell_id>,<band>    (WCDMA)
func cmdNETSCAN(x *call) error {
	n, err := x.intIn(0, -1, 1, 20)
	if err != nil {
		return err
	}
	pow, err := x.signed(1, 0, -110, -47)
	if err != nil || !x.has(1) {
		return errSyntax
	}
	mode, err := x.intIn(2, 0, 0, 1)
	if err != nil || x.n() > 3 {
		return errSyntax
	}
	st := x.st
	if !st.radioOn() || st.call != nil || st.ndisCID != 0 {
		return cmeNotAllowed
	}
	if err := x.wait(st.scanDelay); err != nil {
		return err
	}
	var found []scanCell
	for _, c := range x.m.scanCellsLocked(mode) {
		if c.dbm >= pow {
			found = append(found, c)
		}
	}
	if len(found) == 0 {
		return cmeNotAllowed
	}
	slices.SortStableFunc(found, func(a, b scanCell) int { return b.dbm - a.dbm })
	for _, c := range found[:min(n, len(found))] {
		mcc, mnc := mccMNC(c.op.PLMN)
		if mode == 0 {
			x.linef("^NETSCAN: %d,,,%x,%s,%s,%d,%d", c.arfcn, c.op.LAC, mcc, mnc, c.bsic, c.dbm)
		} else {
			const bandI = 0x400000 // WCDMA IMT 2100
			x.linef("^NETSCAN: %d,,,%x,%s,%s,0,%d,%x,%x", c.arfcn, c.op.LAC, mcc, mnc, c.dbm, c.op.CellID, bandI)
		}
	}
	return nil
}

// camped reports whether the module has a serving cell: radio on, a
// network found, not jammed.
func (st *state) camped() bool {
	_, ok := st.signal()
	return ok && !st.jammed && (st.registered() || st.regStat == 3)
}

// cmdMONSC is AT^MONSC: the serving cell, ERROR when there is none (guide
// 23.3).
//
//	^MONSC: GSM,<mcc>,<mnc>,<band>,<arfcn>,<bsic>,<cell_id>,<lac>,<rssi>,<rxquality>,<ta>
//	^MONSC: WCDMA,<mcc>,<mnc>,<arfcn>,<psc>,<cell_id>,<lac>,<rscp>,<rssi>,<ecn0>,<drx>,<ura>
//	^MONSC: LTE,<mcc>,<mnc>,<arfcn>,<cell_id>,<pci>,<tac>,<rsrp>,<rsrq>,<rssi>
func cmdMONSC(x *call) error {
	st := x.st
	if !st.camped() {
		return errSyntax
	}
	dbm, _ := st.signal()
	o := st.serving
	mcc, mnc := mccMNC(o.PLMN)
	switch {
	case o.RAT == GSM:
		x.linef("^MONSC: GSM,%s,%s,1,15,5,%X,%X,%d,%d,0", mcc, mnc, o.CellID&0xFFFF, o.LAC, dbm, st.ber)
	case o.RAT.lte():
		x.linef("^MONSC: LTE,%s,%s,1300,%X,%X,%X,%d,%d,%d", mcc, mnc, o.CellID, 262, o.LAC, dbm-29, -10, dbm)
	default:
		x.linef("^MONSC: WCDMA,%s,%s,10688,287,%X,%X,%d,%d,%d,6,0", mcc, mnc, o.CellID, o.LAC, dbm-3, dbm, -5)
	}
	return nil
}

// cmdMONNC is AT^MONNC: the neighbour cells on the serving RAT, ^MONNC:
// NONE when none is measured, ERROR without a serving cell (guide 23.3).
//
//	^MONNC: GSM,<band>,<arfcn>,<bsic>,<cell_id>,<lac>,<rssi>
//	^MONNC: WCDMA,<arfcn>,<psc>,<rscp>,<ecn0>
//	^MONNC: LTE,<arfcn>,<pci>,<rsrp>,<rsrq>,<rssi>
func cmdMONNC(x *call) error {
	st := x.st
	if !st.camped() {
		return errSyntax
	}
	dbm, _ := st.signal()
	o := st.serving
	n := 0
	for i, d := range []int{8, 14} {
		lvl := dbm - d
		if lvl < sensitivity {
			continue
		}
		n++
		switch {
		case o.RAT == GSM:
			x.linef("^MONNC: GSM,1,%d,%d,%X,%X,%d", 124-i*16, i, (o.CellID+uint32(i)+1)&0xFFFF, o.LAC, lvl)
		case o.RAT.lte():
			x.linef("^MONNC: LTE,1300,%X,%d,%d,%d", 263+i, lvl-29, -12-i, lvl)
		default:
			x.linef("^MONNC: WCDMA,10688,%d,%d,%d", 288+i, lvl-3, -8-i)
		}
	}
	if n == 0 {
		x.line("^MONNC: NONE")
	}
	return nil
}

// jdetexDefaults are the AT^JDETEX settings of a new module: off, method 2,
// and the guide's thresholds (noise power 10, 30 useless channels).
var jdetexDefaults = [4]int{0, 2, 10, 30}

func cmdJDETEXRead(x *call) error {
	j := x.st.jdetex
	x.linef("^JDETEX: %d,%d,%d,%d", j[0], j[1], j[2], j[3])
	return nil
}

// cmdJDETEXSet is AT^JDETEX=<mode>[,<method>,<noise_power>,<channels>]
// (guide 21.1). The settings survive a restart. Turned on while a jammer is
// there, it reports ^JDET: "JAMMED" at once.
func cmdJDETEXSet(x *call) error {
	j := x.st.jdetex
	var err error
	lim := [4][2]int{{0, 1}, {2, 2}, {0, 70}, {0, 255}}
	for i := range j {
		if j[i], err = x.intIn(i, j[i], lim[i][0], lim[i][1]); err != nil {
			return err
		}
	}
	if !x.has(0) || x.n() > 4 {
		return errSyntax
	}
	was := x.st.jdetex[0]
	x.st.jdetex = j
	if was == 0 && j[0] == 1 && x.st.jammed {
		x.m.urcLocked(`^JDET: "JAMMED"`)
	}
	return nil
}

// reportJammingLocked sends ^JDET as the jammer comes (JAMMED) or goes
// (DETECTING) when a Huawei module has jamming detection on (guide 21.1).
func (m *Modem) reportJammingLocked() {
	if m.cfg.Vendor != Huawei || m.st.jdetex[0] != 1 {
		return
	}
	if m.st.jammed {
		m.urcLocked(`^JDET: "JAMMED"`)
	} else {
		m.urcLocked(`^JDET: "DETECTING"`)
	}
}

// cellLock is one AT^CELLLOCK entry: the location area and cells of one
// RAT the module may use for services.
type cellLock struct {
	lac string   // 4 hex digits
	cis []string // 8 hex digits each
}

// cellLockMode gives the AT^CELLLOCK <mode> of r: 0 GSM, 1 WCDMA, -1 for a
// RAT the command does not cover.
func cellLockMode(r RAT) int {
	switch r {
	case GSM:
		return 0
	case WCDMA:
		return 1
	}
	return -1
}

// cellLockedOutLocked reports whether a cell lock keeps the module from
// data, voice and SMS services: the lock of the serving RAT does not list
// the serving cell (guide 24.2).
func (m *Modem) cellLockedOutLocked() bool {
	st := m.st
	l, ok := st.cellLocks[cellLockMode(st.serving.RAT)]
	if !ok {
		return false
	}
	lac, _ := strconv.ParseUint(l.lac, 16, 16)
	if uint16(lac) != st.serving.LAC {
		return true
	}
	ci := st.serving.CellID
	if st.serving.RAT == GSM {
		ci &= 0xFFFF
	}
	for _, c := range l.cis {
		if v, _ := strconv.ParseUint(c, 16, 32); uint32(v) == ci {
			return false
		}
	}
	return true
}

// cellLockCheckLocked ends the data connections when a cell lock leaves the
// module outside its region (guide 24.2 note).
func (m *Modem) cellLockCheckLocked() {
	if !m.cellLockedOutLocked() {
		return
	}
	m.endCallLocked(true)
	m.ndisDownLocked(smRegularDeactivation)
	for _, c := range m.st.contexts {
		c.active, c.addr = false, ""
	}
}

// cmdCELLLOCKRead gives ^CELLLOCK: 0 without a lock, else one line per
// RAT: ^CELLLOCK: 1,<mode>,"<lac>","<ci>"[,"<ci>"...] (guide 24.2).
func cmdCELLLOCKRead(x *call) error {
	if len(x.st.cellLocks) == 0 {
		x.line("^CELLLOCK: 0")
		return nil
	}
	for _, mode := range []int{0, 1} {
		l, ok := x.st.cellLocks[mode]
		if !ok {
			continue
		}
		s := fmt.Sprintf(`^CELLLOCK: 1,%d,"%s"`, mode, l.lac)
		for _, c := range l.cis {
			s += `,"` + c + `"`
		}
		x.line(s)
	}
	return nil
}

// cmdCELLLOCKSet is AT^CELLLOCK=1,<mode>,"<lac>","<ci>"[,"<ci>"[,"<ci>"]]
// to lock mode (0 GSM, 1 WCDMA) to those cells, AT^CELLLOCK=0[,<mode>] to
// unlock one or all. It takes effect at once and is kept in NV.
func cmdCELLLOCKSet(x *call) error {
	on, err := x.intIn(0, -1, 0, 1)
	if err != nil {
		return err
	}
	mode, err := x.intIn(1, -1, -1, 1)
	if err != nil {
		return err
	}
	st := x.st
	if on == 0 {
		if x.n() > 2 {
			return errSyntax
		}
		if mode < 0 {
			clear(st.cellLocks)
		} else {
			delete(st.cellLocks, mode)
		}
		return nil
	}
	if mode < 0 || x.n() < 4 || x.n() > 6 {
		return errSyntax
	}
	lac, err := x.quoted(2)
	if err != nil || !isHexN(lac, 4) {
		return errSyntax
	}
	l := cellLock{lac: upper(lac)}
	for i := 3; i < x.n(); i++ {
		ci, err := x.quoted(i)
		if err != nil || !isHexN(ci, 8) {
			return errSyntax
		}
		l.cis = append(l.cis, upper(ci))
	}
	st.cellLocks[mode] = l
	x.m.cellLockCheckLocked()
	return nil
}

// isHexN reports whether s is n hex digits.
func isHexN(s string, n int) bool {
	if len(s) != n {
		return false
	}
	_, err := strconv.ParseUint(s, 16, 64)
	return err == nil
}

// cmdSYSINFOEX is AT^SYSINFOEX: ^SYSINFOEX: <srv_status>,<srv_domain>,
// <roam_status>,<sim_state>,<lock_state>,<sysmode>,<sysmode_name>,
// <submode>,<submode_name>, e.g. ^SYSINFOEX: 2,3,0,1,,3,"WCDMA",45,"HSPA+".
//
// srv_status 0 no service, 1 restricted (denied), 2 valid; srv_domain 0
// none, 1 CS, 3 CS and PS; sim_state 1 valid, 255 absent or locked by its
// PIN, 0 blocked; sysmode 0 no service, 1 GSM, 3 WCDMA, 6 LTE.
func cmdSYSINFOEX(x *call) error {
	st := x.st
	srv, domain, roam := 0, 0, 0
	switch {
	case st.jammed || !st.radioOn():
	case st.registered():
		srv, domain = 2, 3
		if st.detached {
			domain = 1
		}
		if st.regStat == 5 {
			roam = 1
		}
	case st.regStat == 3:
		srv = 1
	}
	sim := 1
	switch st.sim.status() {
	case simAbsent, simPIN, simPUK:
		sim = 255
	case simBlocked:
		sim = 0
	}
	sysmode, name, sub, subName := 0, "NO SERVICE", 0, "NO SERVICE"
	if srv != 0 {
		switch r := st.serving.RAT; {
		case r == GSM:
			sysmode, name, sub, subName = 1, "GSM", 3, "EDGE"
		case r.lte():
			sysmode, name, sub, subName = 6, "LTE", 101, "LTE"
		default:
			sysmode, name, sub, subName = 3, "WCDMA", 45, "HSPA+"
		}
	}
	x.linef(`^SYSINFOEX: %d,%d,%d,%d,,%d,"%s",%d,"%s"`, srv, domain, roam, sim, sysmode, name, sub, subName)
	return nil
}
