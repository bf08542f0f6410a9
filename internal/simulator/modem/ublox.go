package modem

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// The u-blox SARA-R410M-02B personality: an LTE Cat M1/NB1 module that
// says nothing when it starts (its greeting text, AT+CSGT, is off by
// default: the host polls with AT until OK), registers on LTE-M, and has
// the u-blox commands the emnify guide uses: AT+UCGDFLT=1,"IP","em" (APN of
// the initial EPS bearer) and AT+UDCONF=20,2 (roaming), besides AT+UPSV
// (UART power saving) and AT+CCID.

var ubloxProfile = &profile{
	manufacturer: "u-blox",
	model:        "SARA-R410M-02B",
	revision:     []string{ubloxRevision},
	imei:         withLuhn("35275409012345"),
	rat:          LTEM,
	signalDBm:    -85,
	cmee:         0,
	cscs:         "IRA",
	cscsList:     `+CSCS: ("IRA","GSM","UCS2")`,
	cnmi:         [5]int{1, 0, 0, 0, 0},
	noSIM:        cmeSIMNotInserted,
	maxCID:       8,
	cfunTest:     "+CFUN: (0,1,4,15,16),(0-1)",
	edrxActs:     []int{4, 5},
	ati: func(c *Config) []string {
		return []string{
			"Manufacturer: u-blox",
			"Model: " + c.Model,
			"Revision: " + ubloxRevision,
			"SVN: 06",
			"IMEI: " + c.IMEI,
		}
	},
	cgdcont: func(c *pdpContext) string {
		return fmt.Sprintf(`+CGDCONT: %d,"%s","%s","0.0.0.0",0,0,0,0`, c.cid, c.typ, c.apn)
	},
	simInserted: noIndications,
	boot:        func(*Modem) {},
}

// ubloxRevision is the firmware of the SARA-R410M-02B (modem version
// L0.0.00.00.05.06).
const ubloxRevision = "L0.0.00.00.05.06 [Feb 03 2018 13:00:41]"

var ubloxCommands = []command{
	{name: "+UCGDFLT", test: lines(`+UCGDFLT: (0,1),("IP","NONIP","IPV4V6","IPV6")`), read: cmdUCGDFLTRead, set: cmdUCGDFLTSet, vendors: ubloxOnly},
	{name: "+UDCONF", test: cmdUDCONFTest, set: cmdUDCONF, vendors: ubloxOnly},
	{name: "+UPSV", test: lines("+UPSV: (0-4)"), read: cmdUPSVRead, set: cmdUPSVSet, vendors: ubloxOnly},
	{name: "+CCID", test: ok, exec: cmdCCID, read: cmdCCID, sim: simInside, vendors: ubloxOnly},
}

// ubloxSettings are the u-blox settings the simulator keeps, in NV.
type ubloxSettings struct {
	dfltType, dfltAPN string         // AT+UCGDFLT
	udconf            map[int]string // AT+UDCONF values by operation
	upsv              int            // AT+UPSV mode
}

// udconfDefaults are the AT+UDCONF operations the simulator knows, with
// their factory values: 1 HEX mode, 20 roaming.
var udconfDefaults = map[int]string{1: "0", 20: "0"}

func newUbloxSettings() ubloxSettings {
	return ubloxSettings{dfltType: "IP", udconf: maps.Clone(udconfDefaults)}
}

// cmdUCGDFLTRead gives +UCGDFLT: "<PDP_type>","<APN>".
func cmdUCGDFLTRead(x *call) error {
	u := x.st.ublox
	x.linef(`+UCGDFLT: "%s","%s"`, u.dfltType, u.dfltAPN)
	return nil
}

// cmdUCGDFLTSet is AT+UCGDFLT=<mode>[,<PDP_type>,<APN>...]: 1 sets the PDP
// type and APN of the initial EPS bearer (further parameters are taken and
// ignored), 0 resets them.
func cmdUCGDFLTSet(x *call) error {
	mode, err := x.intIn(0, -1, 0, 1)
	if err != nil {
		return err
	}
	u := &x.st.ublox
	if mode == 0 {
		u.dfltType, u.dfltAPN = "IP", ""
		return nil
	}
	typ, err := x.quoted(1)
	if err != nil {
		return err
	}
	typ = upper(typ)
	if !slices.Contains([]string{"IP", "NONIP", "IPV4V6", "IPV6"}, typ) {
		return errSyntax
	}
	u.dfltType, u.dfltAPN = typ, x.str(2)
	return nil
}

func cmdUDCONFTest(x *call) error {
	for _, op := range slices.Sorted(maps.Keys(udconfDefaults)) {
		x.linef("+UDCONF: %d", op)
	}
	return nil
}

// cmdUDCONF is AT+UDCONF=<op>[,<value>...]: with the operation alone it
// reports +UDCONF: <op>,<value>, else it stores the values as given.
func cmdUDCONF(x *call) error {
	op, err := x.int(0, -1)
	if err != nil {
		return err
	}
	cur, known := x.st.ublox.udconf[op]
	if !known {
		return cmeNotSupported
	}
	if x.n() == 1 {
		x.linef("+UDCONF: %d,%s", op, cur)
		return nil
	}
	_, rest, _ := strings.Cut(x.raw, ",")
	x.st.ublox.udconf[op] = strings.TrimSpace(rest)
	return nil
}

func cmdUPSVRead(x *call) error {
	x.linef("+UPSV: %d", x.st.ublox.upsv)
	return nil
}

// cmdUPSVSet is AT+UPSV=<mode>[,<timeout>]; the UART does not actually
// sleep.
func cmdUPSVSet(x *call) error {
	mode, err := x.intIn(0, -1, 0, 4)
	if err != nil {
		return err
	}
	if _, err := x.intIn(1, 2000, 40, 65000); err != nil || x.n() > 2 {
		return errSyntax
	}
	x.st.ublox.upsv = mode
	return nil
}

// cmdCCID is AT+CCID: +CCID: <ICCID>.
func cmdCCID(x *call) error {
	x.linef("+CCID: %s", x.st.sim.iccid)
	return nil
}
