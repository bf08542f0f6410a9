package config

import (
	"github.com/cellgate/cellgate/internal/atparam"
	"github.com/cellgate/cellgate/internal/gsm"
)

// atValues checks the modem values that go into AT command parameters by
// the rules of package atparam, the same the SMS console applies. A secret's
// value is never repeated in the error.
func (k *checker) atValues(m Modem) {
	if m.APN != "" {
		if p := atparam.APN(m.APN); p != "" {
			k.errorf("modem.apn", "%q is not an APN: %s", m.APN, p)
		}
	}
	if p := atparam.Credential(m.User); p != "" {
		k.errorf("modem.user", "%s", p)
	}
	if p := atparam.Credential(m.Password.Value); p != "" {
		k.errorf("modem.password", "%s", p)
	} else if m.Password.Value != "" && m.User == "" {
		k.errorf("modem.password", "set without modem.user; no module takes a PDP password alone: set modem.user too")
	}
	if m.PIN.Value != "" {
		if p := atparam.PIN(m.PIN.Value); p != "" {
			k.errorf("modem.pin", "%s", p)
		}
	}
}

// powerSaving checks the PSM and eDRX requests against what the timers can
// encode (TS 24.008 10.5.7.4a GPRS timer 3, 10.5.7.3 GPRS timer 2, 10.5.5.32
// extended DRX parameters).
func (k *checker) powerSaving(m Modem) {
	if p := m.PSM; p != nil {
		k.positive("modem.psm.tau", p.TAU, "1h")
		k.positive("modem.psm.active", p.Active, "1m")
		if _, err := gsm.EncodeT3412(p.TAU.D()); p.TAU > 0 && err != nil {
			k.errorf("modem.psm.tau", "%v is longer than the longest periodic TAU (9920h)", p.TAU)
		}
		if _, err := gsm.EncodeT3324(p.Active.D()); p.Active > 0 && err != nil {
			k.errorf("modem.psm.active", "%v is longer than the longest active time (3h6m)", p.Active)
		}
	}
	if e := m.EDRX; e != nil {
		k.oneOf("modem.edrx.rat", e.RAT, "ltem", "nbiot")
		k.positive("modem.edrx.cycle", e.Cycle, "81.92s")
		rat, name, longest := gsm.EDRXLTEM, "LTE-M", "2621.44s"
		if e.RAT == "nbiot" {
			rat, name, longest = gsm.EDRXNBIoT, "NB-IoT", "10485.76s"
		}
		if _, err := gsm.EncodeEDRX(rat, e.Cycle.D()); e.Cycle > 0 && (e.RAT == "ltem" || e.RAT == "nbiot") && err != nil {
			k.errorf("modem.edrx.cycle", "%v is longer than the longest %s eDRX cycle (%s)", e.Cycle, name, longest)
		}
	}
}
