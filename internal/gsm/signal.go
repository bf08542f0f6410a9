package gsm

import (
	"math"
)

// Signal is a signal report, whichever command gave it. Powers are in dBm,
// ratios in dB; a nil pointer is a quantity the report did not carry or the
// modem did not know.
type Signal struct {
	// RAT is the technology the measurements are for, as the report names
	// it ("GSM", "WCDMA", "LTE", "NR", "eMTC", ...); "" when the report does
	// not say (+CSQ).
	RAT  string   `json:"rat,omitempty"`
	RSSI *float64 `json:"rssi_dbm,omitempty"` // received signal strength (GSM RXLEV, UTRA carrier RSSI, E-UTRA RSSI)
	RSRP *float64 `json:"rsrp_dbm,omitempty"` // reference signal received power (LTE, NR SS-RSRP)
	RSRQ *float64 `json:"rsrq_db,omitempty"`  // reference signal received quality
	SINR *float64 `json:"sinr_db,omitempty"`  // signal to interference plus noise ratio
	RSCP *float64 `json:"rscp_dbm,omitempty"` // UTRA received signal code power
	EcIo *float64 `json:"ecio_db,omitempty"`  // UTRA Ec/Io (Ec/N0)
	BER  *int     `json:"ber,omitempty"`      // GSM bit error rate class 0..7
	Bars int      `json:"bars"`               // 0..5, see Bars
}

// Bars rates a signal from 0 to 5 using the most telling quantity it has:
// RSRP if present (LTE, NR), else RSCP (UMTS), else RSSI. The thresholds
// (dBm, each the lower bound of its bar):
//
//	bars   RSRP   RSCP   RSSI
//	5      -85    -75    -73  (+CSQ 20)
//	4      -95    -85    -83  (+CSQ 15)
//	3     -105    -95    -93  (+CSQ 10)
//	2     -115   -105   -103  (+CSQ 5)
//	1     -130   -115   -111  (+CSQ 1)
//
// Below the last row, and when the signal has none of the three, it is 0.
// RSSI is the fallback only: on LTE it counts the whole carrier's power,
// noise and neighbours included, and says little about the link.
func Bars(s Signal) int {
	var v float64
	var th [5]float64
	switch {
	case s.RSRP != nil:
		v, th = *s.RSRP, [5]float64{-85, -95, -105, -115, -130}
	case s.RSCP != nil:
		v, th = *s.RSCP, [5]float64{-75, -85, -95, -105, -115}
	case s.RSSI != nil:
		v, th = *s.RSSI, [5]float64{-73, -83, -93, -103, -111}
	default:
		return 0
	}
	for i, t := range th {
		if v >= t {
			return 5 - i
		}
	}
	return 0
}

// ParseCSQ parses "+CSQ: <rssi>,<ber>" (27.007 8.5). <rssi> 0 is -113 dBm
// or less, 1 to 30 are -111 to -53 dBm in 2 dB steps, 31 is -51 dBm or
// more, 99 is not known; the TD-SCDMA extension 100 to 191 (-116 to -25 dBm,
// 199 not known) is accepted too. <ber> 0 to 7 is the RXQUAL class, 99 not
// known.
func ParseCSQ(line string) (Signal, error) {
	var s Signal
	p, fs, err := open(line, "+CSQ")
	if err != nil {
		return s, err
	}
	if err := p.count(fs, 2, 2); err != nil {
		return s, err
	}
	rssi, ok := atoi(fs[0].s)
	switch {
	case !ok:
		return s, p.bad("rssi", fs[0], "")
	case rssi >= 0 && rssi <= 31:
		s.RSSI = fl(float64(-113 + 2*rssi))
	case rssi >= 100 && rssi <= 191:
		s.RSSI = fl(float64(rssi - 216))
	case rssi == 99 || rssi == 199:
	default:
		return s, p.bad("rssi", fs[0], "out of range")
	}
	ber, err := p.int(fs[1], "ber", 0, 99)
	if err != nil {
		return s, err
	}
	switch {
	case ber <= 7:
		s.BER = &ber
	case ber != 99:
		return s, p.bad("ber", fs[1], "out of range")
	}
	s.Bars = Bars(s)
	return s, nil
}

// index maps a measurement index to its value: idx*step + base when idx is
// in [0, max], nil when it is the "not known" value unknown. Callers pass
// the base that makes the value the lower edge of the index's range (see
// ParseCESQ).
func (p *parser) index(f field, name string, max, unknown int, base, step float64, dst **float64) error {
	n, ok := atoi(f.s)
	switch {
	case !ok:
		return p.bad(name, f, "")
	case n == unknown:
		return nil
	case n < 0 || n > max:
		return p.bad(name, f, "out of range")
	}
	*dst = fl(round1(base + step*float64(n)))
	return nil
}

// round1 rounds to a tenth, hiding binary fractions such as 20.200000000000003.
func round1(v float64) float64 { return math.Round(v*10) / 10 }

// ParseCESQ parses "+CESQ: <rxlev>,<ber>,<rscp>,<ecno>,<rsrq>,<rsrp>"
// (27.007 8.69) and its NR extension ",<ss_rsrq>,<ss_rsrp>,<ss_sinr>".
//
// Each index names a range of the measurement (45.008 8.1.4, 25.133 9.1,
// 36.133 9.1, 38.133 10.1): index 0 is everything below the lowest edge,
// index n the n-th step above it, the last index everything from its edge
// up. cellgate reports the lower edge of the range, and one step below the
// lowest edge for index 0, as ModemManager does, so the numbers match the
// rest of the ecosystem:
//
//	rxlev    -111 + n dBm     0 < -110, 1 = [-110, -109), 63 >= -48
//	rscp     -121 + n dBm     0 < -120, 1 = [-120, -119), 96 >= -25
//	ecno     -24.5 + n/2 dB   0 < -24,  1 = [-24, -23.5), 49 >= 0
//	rsrq     -20 + n/2 dB     0 < -19.5, 1 = [-19.5, -19), 34 >= -3
//	rsrp     -141 + n dBm     0 < -140, 1 = [-140, -139), 97 >= -44
//	ss_rsrq  -43.5 + n/2 dB   0 < -43,  1 = [-43, -42.5)
//	ss_rsrp  -157 + n dBm     0 < -156, 1 = [-156, -155)
//	ss_sinr  -23.5 + n/2 dB   0 < -23,  1 = [-23, -22.5)
//
// 99 (rxlev, ber) and 255 (the others) are not known. RAT is the
// technology the known values belong to: "GSM", "WCDMA", "LTE" or "NR"
// (under EN-DC both LTE and NR values can be present: the LTE ones fill
// RSRP and RSRQ, and RAT is "LTE").
func ParseCESQ(line string) (Signal, error) {
	var s Signal
	p, fs, err := open(line, "+CESQ")
	if err != nil {
		return s, err
	}
	if len(fs) != 6 && len(fs) != 9 {
		return s, p.fail("want 6 or 9 parameters")
	}
	if err := p.index(fs[0], "rxlev", 63, 99, -111, 1, &s.RSSI); err != nil {
		return s, err
	}
	ber, err := p.int(fs[1], "ber", 0, 99)
	if err != nil {
		return s, err
	}
	switch {
	case ber <= 7:
		s.BER = &ber
	case ber != 99:
		return s, p.bad("ber", fs[1], "out of range")
	}
	if err := p.index(fs[2], "rscp", 96, 255, -121, 1, &s.RSCP); err != nil {
		return s, err
	}
	if err := p.index(fs[3], "ecno", 49, 255, -24.5, 0.5, &s.EcIo); err != nil {
		return s, err
	}
	if err := p.index(fs[4], "rsrq", 34, 255, -20, 0.5, &s.RSRQ); err != nil {
		return s, err
	}
	if err := p.index(fs[5], "rsrp", 97, 255, -141, 1, &s.RSRP); err != nil {
		return s, err
	}
	var nrRSRQ, nrRSRP, nrSINR *float64
	if len(fs) == 9 {
		if err := p.index(fs[6], "ss_rsrq", 127, 255, -43.5, 0.5, &nrRSRQ); err != nil {
			return s, err
		}
		if err := p.index(fs[7], "ss_rsrp", 127, 255, -157, 1, &nrRSRP); err != nil {
			return s, err
		}
		if err := p.index(fs[8], "ss_sinr", 127, 255, -23.5, 0.5, &nrSINR); err != nil {
			return s, err
		}
	}
	switch {
	case s.RSRP != nil || s.RSRQ != nil:
		s.RAT = "LTE"
	case nrRSRP != nil || nrRSRQ != nil || nrSINR != nil:
		s.RAT, s.RSRP, s.RSRQ, s.SINR = "NR", nrRSRP, nrRSRQ, nrSINR
	case s.RSCP != nil || s.EcIo != nil:
		s.RAT = "WCDMA"
	case s.RSSI != nil:
		s.RAT = "GSM"
	}
	s.Bars = Bars(s)
	return s, nil
}
