package gsm

import "strings"

// ParseHCSQ parses the Huawei ^HCSQ report (read response and unsolicited
// code), one of
//
//	^HCSQ: "NOSERVICE"
//	^HCSQ: "GSM",<rssi>
//	^HCSQ: "WCDMA",<rssi>,<rscp>,<ecio>      (also "TD-SCDMA")
//	^HCSQ: "LTE",<rssi>,<rsrp>,<sinr>,<rsrq>
//
// with Huawei's index mapping, each index a range: 0 is below the lowest
// edge, n the n-th step above it, the last index from its edge up. As for
// +CESQ (see ParseCESQ), the value is the lower edge of the range, one step
// below the lowest edge for index 0:
//
//	rssi, rscp  -121 + n dBm    0 < -120, 1 = [-120, -119), 96 >= -25
//	ecio        -32.5 + n/2 dB  0 < -32,  1 = [-32, -31.5), 65 >= 0
//	rsrp        -141 + n dBm    0 < -140, 1 = [-140, -139), 97 >= -44
//	sinr        -20.2 + n/5 dB  0 < -20,  1 = [-20, -19.8), 251 >= 30
//	rsrq        -20 + n/2 dB    0 < -19.5, 1 = [-19.5, -19), 34 >= -3
//
// 255 is not known. The MU709 guide's ^HCSQ: "WCDMA",30,30,58 (2.3.1) is
// RSSI and RSCP -91 dBm, Ec/Io -3.5 dB. Other system modes (NR, CDMA, EVDO)
// are rejected.
func ParseHCSQ(line string) (Signal, error) {
	var s Signal
	p, fs, err := open(line, "^HCSQ")
	if err != nil {
		return s, err
	}
	if len(fs) == 0 {
		return s, p.fail("no parameters")
	}
	s.RAT = strings.ToUpper(fs[0].s)
	switch s.RAT {
	case "NOSERVICE":
		err = p.count(fs, 1, 1)
	case "GSM":
		if err = p.count(fs, 2, 2); err == nil {
			err = p.index(fs[1], "rssi", 96, 255, -121, 1, &s.RSSI)
		}
	case "WCDMA", "TD-SCDMA":
		if err = p.count(fs, 4, 4); err == nil {
			err = firstErr(
				p.index(fs[1], "rssi", 96, 255, -121, 1, &s.RSSI),
				p.index(fs[2], "rscp", 96, 255, -121, 1, &s.RSCP),
				p.index(fs[3], "ecio", 65, 255, -32.5, 0.5, &s.EcIo))
		}
	case "LTE":
		if err = p.count(fs, 5, 5); err == nil {
			err = firstErr(
				p.index(fs[1], "rssi", 96, 255, -121, 1, &s.RSSI),
				p.index(fs[2], "rsrp", 97, 255, -141, 1, &s.RSRP),
				p.index(fs[3], "sinr", 251, 255, -20.2, 0.2, &s.SINR),
				p.index(fs[4], "rsrq", 34, 255, -20, 0.5, &s.RSRQ))
		}
	default:
		return Signal{}, p.bad("sysmode", fs[0], "unsupported")
	}
	if err != nil {
		return Signal{}, err
	}
	s.Bars = Bars(s)
	return s, nil
}

// ParseQCSQ parses the Quectel +QCSQ report, one of
//
//	+QCSQ: "NOSERVICE"
//	+QCSQ: "GSM",<rssi>
//	+QCSQ: "WCDMA",<rssi>,<rscp>,<ecio>      (also "TDSCDMA")
//	+QCSQ: "LTE",<rssi>,<rsrp>,<sinr>,<rsrq> (also "CAT-M1", "eMTC", "CAT-NB1", "NBIoT")
//
// The values are dBm and dB as they stand, except <sinr>, which Quectel
// gives in fifths of a dB from -20 dB: 0..250 is -20..+30 dB, so
// +QCSQ: "LTE",-52,-81,195,-10 has a SINR of 19 dB (255 is taken as not
// known). RAT is the system mode as sent.
func ParseQCSQ(line string) (Signal, error) {
	var s Signal
	p, fs, err := open(line, "+QCSQ")
	if err != nil {
		return s, err
	}
	if len(fs) == 0 {
		return s, p.fail("no parameters")
	}
	s.RAT = fs[0].s
	dbm := func(f field, name string, lo, hi int, dst **float64) error {
		n, err := p.int(f, name, lo, hi)
		if err == nil {
			*dst = fl(float64(n))
		}
		return err
	}
	switch strings.ToUpper(s.RAT) {
	case "NOSERVICE":
		err = p.count(fs, 1, 1)
	case "GSM":
		if err = p.count(fs, 2, 2); err == nil {
			err = dbm(fs[1], "gsm_rssi", -150, 0, &s.RSSI)
		}
	case "WCDMA", "TDSCDMA":
		if err = p.count(fs, 4, 4); err == nil {
			err = firstErr(
				dbm(fs[1], "rssi", -150, 0, &s.RSSI),
				dbm(fs[2], "rscp", -150, 0, &s.RSCP),
				dbm(fs[3], "ecio", -50, 0, &s.EcIo))
		}
	case "LTE", "CAT-M1", "EMTC", "CAT-NB1", "NBIOT":
		if err = p.count(fs, 5, 5); err == nil {
			err = firstErr(
				dbm(fs[1], "lte_rssi", -150, 0, &s.RSSI),
				dbm(fs[2], "lte_rsrp", -160, 0, &s.RSRP),
				p.index(fs[3], "lte_sinr", 250, 255, -20, 0.2, &s.SINR),
				dbm(fs[4], "lte_rsrq", -50, 10, &s.RSRQ))
		}
	default:
		return Signal{}, p.bad("sysmode", fs[0], "unsupported")
	}
	if err != nil {
		return Signal{}, err
	}
	s.Bars = Bars(s)
	return s, nil
}

// firstErr returns the first non-nil error.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
