package gsm

import "strings"

// SIMState is the +CPIN <code>: what the SIM (or the phone) is waiting for.
type SIMState string

// The +CPIN codes of 27.007 8.3, and the states modules report when there
// is no SIM to ask.
const (
	SIMReady       SIMState = "READY"         // no password wanted
	SIMPIN         SIMState = "SIM PIN"       // the SIM PIN
	SIMPUK         SIMState = "SIM PUK"       // the SIM PUK (PIN blocked)
	PHSIMPIN       SIMState = "PH-SIM PIN"    // the phone-to-SIM password
	PHFSIMPIN      SIMState = "PH-FSIM PIN"   // the phone-to-very-first-SIM password
	PHFSIMPUK      SIMState = "PH-FSIM PUK"   // the phone-to-very-first-SIM unblocking password
	SIMPIN2        SIMState = "SIM PIN2"      // the SIM PIN2
	SIMPUK2        SIMState = "SIM PUK2"      // the SIM PUK2
	PHNetPIN       SIMState = "PH-NET PIN"    // network personalisation password
	PHNetPUK       SIMState = "PH-NET PUK"    // network personalisation unblocking password
	PHNetSubPIN    SIMState = "PH-NETSUB PIN" // network subset personalisation password
	PHNetSubPUK    SIMState = "PH-NETSUB PUK" // network subset personalisation unblocking password
	PHSPPIN        SIMState = "PH-SP PIN"     // service provider personalisation password
	PHSPPUK        SIMState = "PH-SP PUK"     // service provider personalisation unblocking password
	PHCorpPIN      SIMState = "PH-CORP PIN"   // corporate personalisation password
	PHCorpPUK      SIMState = "PH-CORP PUK"   // corporate personalisation unblocking password
	SIMNotInserted SIMState = "NOT INSERTED"  // no SIM (Quectel, Telit, u-blox)
	SIMNotReady    SIMState = "NOT READY"     // the SIM is not (yet) readable (Quectel)
)

var simStates = map[string]SIMState{}

func init() {
	for _, s := range []SIMState{SIMReady, SIMPIN, SIMPUK, PHSIMPIN, PHFSIMPIN, PHFSIMPUK,
		SIMPIN2, SIMPUK2, PHNetPIN, PHNetPUK, PHNetSubPIN, PHNetSubPUK, PHSPPIN, PHSPPUK,
		PHCorpPIN, PHCorpPUK, SIMNotInserted, SIMNotReady} {
		simStates[string(s)] = s
	}
}

// NeedsCode reports whether the state asks for a password (every state but
// READY, NOT INSERTED and NOT READY).
func (s SIMState) NeedsCode() bool {
	return s != SIMReady && s != SIMNotInserted && s != SIMNotReady
}

// simState looks a code up, in any letter case and with blanks collapsed.
func (p *parser) simState(f field) (SIMState, error) {
	key := strings.ToUpper(strings.Join(strings.Fields(f.s), " "))
	s, ok := simStates[key]
	if !ok {
		return "", p.bad("code", f, "unknown")
	}
	return s, nil
}

// ParseCPIN parses "+CPIN: <code>", e.g. +CPIN: READY or +CPIN: SIM PIN.
// The code may be quoted; unknown codes are an error.
func ParseCPIN(line string) (SIMState, error) {
	p, fs, err := open(line, "+CPIN")
	if err != nil {
		return "", err
	}
	if err := p.count(fs, 1, 1); err != nil {
		return "", err
	}
	return p.simState(fs[0])
}

// PINCounters are the attempts left for each code; -1 is not known.
type PINCounters struct {
	PIN  int `json:"pin"`
	PUK  int `json:"puk"`
	PIN2 int `json:"pin2"`
	PUK2 int `json:"puk2"`
}

// PINStatus is a SIM state with its attempt counters: what Decode returns
// for a Huawei ^CPIN line.
type PINStatus struct {
	State    SIMState    `json:"state"`
	Counters PINCounters `json:"counters"`
}

// ParseHuaweiCPIN parses the Huawei
// "^CPIN: <code>,[<times>],<puk_times>,<pin_times>,<puk2_times>,<pin2_times>",
// e.g. ^CPIN: SIM PIN,3,10,3,10,3 or ^CPIN: READY,,10,3,10,3. <times>, the
// attempts left for the code being asked, repeats one of the others and is
// only checked for range.
func ParseHuaweiCPIN(line string) (SIMState, PINCounters, error) {
	c := PINCounters{PIN: -1, PUK: -1, PIN2: -1, PUK2: -1}
	p, fs, err := open(line, "^CPIN")
	if err != nil {
		return "", c, err
	}
	if err := p.count(fs, 6, 6); err != nil {
		return "", c, err
	}
	state, err := p.simState(fs[0])
	if err != nil {
		return "", c, err
	}
	var times int
	err = firstErr(
		p.optInto(fs[1], "times", 0, 99, &times),
		p.optInto(fs[2], "puk_times", 0, 99, &c.PUK),
		p.optInto(fs[3], "pin_times", 0, 99, &c.PIN),
		p.optInto(fs[4], "puk2_times", 0, 99, &c.PUK2),
		p.optInto(fs[5], "pin2_times", 0, 99, &c.PIN2))
	if err != nil {
		return "", PINCounters{PIN: -1, PUK: -1, PIN2: -1, PUK2: -1}, err
	}
	return state, c, nil
}

// PINCount is the answer of Quectel AT+QPINC: what Decode returns for a
// +QPINC line.
type PINCount struct {
	Facility string `json:"facility"` // "SC" (PIN/PUK) or "P2" (PIN2/PUK2)
	PIN      int    `json:"pin"`
	PUK      int    `json:"puk"`
}

// ParseQPINC parses the Quectel `+QPINC: <facility>,<pincounter>,<pukcounter>`,
// e.g. +QPINC: "SC",3,10.
func ParseQPINC(line string) (facility string, pin, puk int, err error) {
	p, fs, err := open(line, "+QPINC")
	if err != nil {
		return "", -1, -1, err
	}
	if err := p.count(fs, 3, 3); err != nil {
		return "", -1, -1, err
	}
	facility = strings.ToUpper(fs[0].s)
	if facility != "SC" && facility != "P2" {
		return "", -1, -1, p.bad("facility", fs[0], `want "SC" or "P2"`)
	}
	if pin, err = p.int(fs[1], "pincounter", 0, 99); err != nil {
		return "", -1, -1, err
	}
	if puk, err = p.int(fs[2], "pukcounter", 0, 99); err != nil {
		return "", -1, -1, err
	}
	return facility, pin, puk, nil
}
