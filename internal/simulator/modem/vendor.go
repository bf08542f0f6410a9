package modem

import "fmt"

// profile is what differs between the simulated modules: identity, defaults
// and the wording of some responses and indications.
type profile struct {
	manufacturer string
	model        string
	revision     []string // AT+CGMR lines
	imei         string   // default IMEI, with a valid Luhn digit
	rat          RAT      // default radio access technology
	signalDBm    int      // default received signal strength
	cmee         int      // AT+CMEE after power-on
	cscs         string   // AT+CSCS after power-on
	cscsList     string   // AT+CSCS=? list
	cnmi         [5]int   // AT+CNMI after power-on
	noSIM        cmeError
	maxCID       int
	cfunTest     string
	connectRate  map[RAT]string // CONNECT <rate> after ATD*99#; none gives a bare CONNECT
	smsFull      string         // indication when SMS storage is full, "" for none
	edrxActs     []int          // AT+CEDRXS <AcT-type>s, nil without eDRX
	ati          func(c *Config) []string
	cgdcont      func(c *pdpContext) string
	simRemoved   []string // indications when the SIM is pulled
	simInserted  func(s simStatus) []string
	boot         func(m *Modem) // says the module has started; m.mu is held
}

var profiles = map[Vendor]*profile{
	Huawei: {
		// Guide 2.2.1; the version is the one the guide's scope names.
		manufacturer: "Huawei Technologies Co., Ltd.",
		model:        "MU709s-2",
		revision:     []string{"11.652.60.00.00"},
		imei:         "865261010004010", // guide 2.2.1, Luhn-valid
		rat:          WCDMA,
		signalDBm:    -91, // ^HCSQ: "WCDMA",30,30,58 (guide 2.3.1)
		cmee:         2,   // the guide's transcripts show textual +CME ERRORs
		cscs:         "IRA",
		cscsList:     `+CSCS: ("IRA","GSM","UCS2")`, // guide 10.2.1
		cnmi:         [5]int{0, 0, 0, 0, 0},
		noSIM:        cmeSIMFailure, // guide 1.2.2
		maxCID:       11,
		cfunTest:     "+CFUN: (0,1,4,5,6,7,8),(0-1)",
		connectRate:  map[RAT]string{GSM: "236800", WCDMA: "21600000", LTE: "100000000"},
		smsFull:      `^SMMEMFULL: "SM"`, // guide 9.4.1
		ati: func(c *Config) []string {
			return []string{
				"Manufacturer: Huawei Technologies Co., Ltd.",
				"Model: " + c.Model,
				"Revision: 11.652.60.00.00",
				"IMEI: " + c.IMEI,
				"+GCAP: +CGSM,+DS,+ES",
			}
		},
		cgdcont: func(c *pdpContext) string {
			return fmt.Sprintf(`+CGDCONT: %d,"%s","%s","",0,0`, c.cid, c.typ, c.apn)
		},
		simRemoved: []string{"^SIMST: 255"},
		simInserted: func(simStatus) []string {
			return []string{"^SIMST: 1"}
		},
		boot: func(m *Modem) { m.urcLocked("^SYSSTART") }, // guide 2.1.1
	},
	Quectel: {
		manufacturer: "Quectel",
		model:        "EC21",
		revision:     []string{"EC21EFAR06A01M4G"},
		imei:         withLuhn("86796204012345"),
		rat:          LTE,
		signalDBm:    -52, // +QCSQ: "LTE",-52,-81,195,-10
		cmee:         1,
		cscs:         "GSM",
		cscsList:     `+CSCS: ("GSM","IRA","UCS2")`,
		cnmi:         [5]int{2, 1, 0, 0, 0},
		noSIM:        cmeSIMNotInserted,
		maxCID:       16,
		cfunTest:     "+CFUN: (0,1,4),(0-1)",
		connectRate:  map[RAT]string{GSM: "236800", WCDMA: "42000000", LTE: "150000000"},
		smsFull:      `+QIND: "smsfull","SM"`,
		edrxActs:     []int{4},
		ati: func(c *Config) []string {
			return []string{"Quectel", c.Model, "Revision: EC21EFAR06A01M4G"}
		},
		cgdcont: func(c *pdpContext) string {
			return fmt.Sprintf(`+CGDCONT: %d,"%s","%s","0.0.0.0",0,0,0,0`, c.cid, c.typ, c.apn)
		},
		simRemoved:  []string{"+CPIN: NOT READY"},
		simInserted: quectelSIMIndications,
		boot:        (*Modem).quectelBootLocked,
	},
	UBlox:     ubloxProfile,
	QuectelNB: quectelNBProfile,
}

// Vendor sets for command entries that more than one personality answers.
var (
	huaweiOnly  = []Vendor{Huawei}
	quectelOnly = []Vendor{Quectel}
	ubloxOnly   = []Vendor{UBlox}
	nbOnly      = []Vendor{QuectelNB}
	// lteVendors are the modules with E-UTRAN: PSM and eDRX.
	lteVendors = []Vendor{Quectel, UBlox, QuectelNB}
	// pppVendors are the modules that dial up with ATD*99# (not NB-IoT).
	pppVendors = []Vendor{Huawei, Quectel, UBlox}
)

// noIndications is simInserted for modules that say nothing about the SIM.
func noIndications(simStatus) []string { return nil }
