package modem

import (
	"fmt"
	"strconv"
	"strings"
)

// sysCfg is the Huawei AT^SYSCFG setting (guide 25.2):
// <mode>,<acqorder>,<band>,<roam>,<srvdomain>. It is kept in NV.
type sysCfg struct {
	mode, acqOrder int
	band           string // hex band mask
	roam           int    // 0 roaming off, 1 on
	srvDomain      int
}

// sysCfgDefaults: automatic mode and order, all bands, roaming on, CS and PS.
var sysCfgDefaults = sysCfg{mode: 2, acqOrder: 0, band: "3FFFFFFF", roam: 1, srvDomain: 2}

// The "no change" values of each AT^SYSCFG parameter.
const (
	sysCfgModeKeep   = 16
	sysCfgOrderKeep  = 3
	sysCfgBandKeep   = "40000000"
	sysCfgRoamKeep   = 2
	sysCfgDomainKeep = 4
)

var sysCfgCommand = command{
	name: "^SYSCFG", vendors: huaweiOnly,
	test: lines(`^SYSCFG: (2,13,14,16),(0-3),((3FFFFFFF,"All bands")),(0-2),(0-4)`),
	read: func(x *call) error { x.line("^SYSCFG: " + x.st.syscfg.String()); return nil },
	set:  cmdSYSCFGSet,
}

// cmdSYSCFGSet is AT^SYSCFG=<mode>,<acqorder>,<band>,<roam>,<srvdomain>,
// each "no change" value keeping the setting. Turning roaming off while
// registered on a visited network deregisters the module, which selects
// again (TS 23.122 4.4.3: only the home network is then allowed).
func cmdSYSCFGSet(x *call) error {
	if x.n() != 5 {
		return errSyntax
	}
	c := x.st.syscfg
	mode, err := x.int(0, -1)
	if err != nil || mode != 2 && mode != 13 && mode != 14 && mode != sysCfgModeKeep {
		return errSyntax
	}
	order, err := x.intIn(1, -1, 0, 3)
	if err != nil {
		return err
	}
	band := strings.ToUpper(x.str(2))
	if _, err := strconv.ParseUint(band, 16, 64); err != nil || band == "" {
		return errSyntax
	}
	roam, err := x.intIn(3, -1, 0, 2)
	if err != nil {
		return err
	}
	domain, err := x.intIn(4, -1, 0, 4)
	if err != nil {
		return err
	}
	if mode != sysCfgModeKeep {
		c.mode = mode
	}
	if order != sysCfgOrderKeep {
		c.acqOrder = order
	}
	if band != sysCfgBandKeep {
		c.band = band
	}
	if roam != sysCfgRoamKeep {
		c.roam = roam
	}
	if domain != sysCfgDomainKeep {
		c.srvDomain = domain
	}
	was := x.st.syscfg.roam
	x.st.syscfg = c
	if was != c.roam {
		x.m.roamingChangedLocked()
	}
	return nil
}

// roamingAllowedLocked reports whether the module's roaming switch lets it
// register on a visited network: Huawei ^SYSCFG <roam>, Quectel
// AT+QCFG="roamservice" (1 off, 2 on, 255 auto). Other modules have none.
func (m *Modem) roamingAllowedLocked() bool {
	switch m.cfg.Vendor {
	case Huawei:
		return m.st.syscfg.roam != 0
	case Quectel:
		v, _, _ := strings.Cut(m.st.quectelCfg["roamservice"], ",")
		return strings.TrimSpace(v) != "1"
	}
	return true
}

// visitedLocked reports whether o is not the home network.
func (m *Modem) visitedLocked(o Operator) bool { return o.PLMN != m.cfg.Operator.PLMN }

// roamingChangedLocked applies a change of the roaming switch: a module
// registered on a visited network it may no longer use selects again.
func (m *Modem) roamingChangedLocked() {
	st := m.st
	if st.registered() && m.visitedLocked(st.serving) && !m.roamingAllowedLocked() {
		if st.copsMode == 0 {
			st.serving = m.autoSelectLocked()
		}
		st.regStat = 0
		m.networkChangedLocked()
	}
}

// String gives the setting as AT^SYSCFG? shows it.
func (c sysCfg) String() string {
	return fmt.Sprintf("%d,%d,%s,%d,%d", c.mode, c.acqOrder, c.band, c.roam, c.srvDomain)
}
