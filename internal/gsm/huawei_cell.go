package gsm

import "strings"

// ServingCell is the Huawei ^MONSC report of the serving cell. Fields the
// cell's RAT does not have are -1 (numbers) or "" (hex).
type ServingCell struct {
	RAT    string `json:"rat"` // "GSM", "WCDMA", "LTE", or "NONE" when not camped
	MCC    string `json:"mcc,omitempty"`
	MNC    string `json:"mnc,omitempty"`
	Band   int    `json:"band"`   // GSM band: 0 GSM850, 1 GSM900, 2 GSM1800, 3 GSM1900
	ARFCN  int    `json:"arfcn"`  // (E/U)ARFCN
	BSIC   int    `json:"bsic"`   // GSM base station identity code
	PSC    int    `json:"psc"`    // WCDMA primary scrambling code
	PCI    int    `json:"pci"`    // LTE physical cell identity
	CellID string `json:"cellid"` // hex
	LAC    string `json:"lac"`    // LAC or TAC, hex
	RxQual int    `json:"rxqual"` // GSM RXQUAL 0..7; -1 unknown or absent
	TA     int    `json:"ta"`     // GSM timing advance; -1 absent
	DRX    int    `json:"drx"`    // WCDMA DRX cycle length coefficient; -1 absent
	URA    int    `json:"ura"`    // WCDMA UTRAN registration area; -1 absent
	// Signal holds RXLEV (as RSSI), RSCP, EC/N0 (as EcIo), RSRP and RSRQ,
	// all in dBm/dB as the module prints them.
	Signal Signal `json:"signal"`
}

// dbm parses a level the module prints in dBm or dB.
func (p *parser) dbm(f field, name string, lo, hi int, dst **float64) error {
	n, err := p.int(f, name, lo, hi)
	if err == nil {
		*dst = fl(float64(n))
	}
	return err
}

// ParseMONSC parses the Huawei serving cell report:
//
//	^MONSC: GSM,<MCC>,<MNC>,<BAND>,<ARFCN>,<BSIC>,<Cell_ID>,<LAC>,<RXLEV>,<RxQuality>,<TA>
//	^MONSC: WCDMA,<MCC>,<MNC>,<ARFCN>,<PSC>,<Cell_ID>,<LAC>,<RSCP>,<RXLEV>,<EC/N0>,<DRX>,<URA>
//	^MONSC: LTE,<MCC>,<MNC>,<ARFCN>,<Cell_ID>,<PCI>,<TAC>,<RSRP>,<RSRQ>,<RXLEV>
//	^MONSC: NONE
//
// e.g. the MU709 guide's ^MONSC: GSM,001,01,2,522,63,0,1,-66,99,0. Cell_ID,
// LAC and TAC are hex; RxQuality 99 is not known.
func ParseMONSC(line string) (ServingCell, error) {
	c := ServingCell{Band: -1, ARFCN: -1, BSIC: -1, PSC: -1, PCI: -1, RxQual: -1, TA: -1, DRX: -1, URA: -1}
	p, fs, err := open(line, "^MONSC")
	if err != nil {
		return c, err
	}
	if len(fs) == 0 {
		return c, p.fail("no parameters")
	}
	c.RAT = strings.ToUpper(fs[0].s)
	a := fs[1:]
	plmn := func() error {
		c.MCC, c.MNC = a[0].s, a[1].s
		if !digits(c.MCC, 3, 3) {
			return p.bad("MCC", a[0], "want 3 digits")
		}
		if !digits(c.MNC, 2, 3) {
			return p.bad("MNC", a[1], "want 2 or 3 digits")
		}
		return nil
	}
	hexes := func(ci, lac int) (err error) {
		if c.CellID, err = p.hex(a[ci], "Cell_ID", 8); err != nil {
			return err
		}
		name := "LAC"
		if c.RAT == "LTE" {
			name = "TAC"
		}
		c.LAC, err = p.hex(a[lac], name, 6)
		return err
	}
	s := &c.Signal
	switch c.RAT {
	case "NONE":
		err = p.count(fs, 1, 1)
	case "GSM":
		if err = p.count(a, 10, 10); err == nil {
			err = firstErr(plmn(),
				p.into(a[2], "BAND", 0, 255, &c.Band),
				p.into(a[3], "ARFCN", 0, 1023, &c.ARFCN),
				p.into(a[4], "BSIC", 0, 63, &c.BSIC),
				hexes(5, 6),
				p.dbm(a[7], "RXLEV", -120, 0, &s.RSSI),
				p.into(a[8], "RxQuality", 0, 99, &c.RxQual),
				p.into(a[9], "TA", 0, 255, &c.TA))
			if c.RxQual == 99 {
				c.RxQual = -1
			}
		}
	case "WCDMA":
		if err = p.count(a, 11, 11); err == nil {
			err = firstErr(plmn(),
				p.into(a[2], "ARFCN", 0, 16383, &c.ARFCN),
				p.into(a[3], "PSC", 0, 511, &c.PSC),
				hexes(4, 5),
				p.dbm(a[6], "RSCP", -140, 0, &s.RSCP),
				p.dbm(a[7], "RXLEV", -140, 0, &s.RSSI),
				p.dbm(a[8], "EC/N0", -50, 0, &s.EcIo),
				p.into(a[9], "DRX", 0, 255, &c.DRX),
				p.into(a[10], "URA", 0, 65535, &c.URA))
		}
	case "LTE":
		if err = p.count(a, 9, 9); err == nil {
			err = firstErr(plmn(),
				p.into(a[2], "ARFCN", 0, 262143, &c.ARFCN),
				hexes(3, 5),
				p.into(a[4], "PCI", 0, 503, &c.PCI),
				p.dbm(a[6], "RSRP", -160, 0, &s.RSRP),
				p.dbm(a[7], "RSRQ", -40, 10, &s.RSRQ),
				p.dbm(a[8], "RXLEV", -140, 0, &s.RSSI))
		}
	default:
		return c, p.bad("RAT", fs[0], "want GSM, WCDMA, LTE or NONE")
	}
	if err != nil {
		return ServingCell{}, err
	}
	finishCellSignal(c.RAT, s)
	return c, nil
}

// NeighbourCell is one line of the Huawei ^MONNC report. Fields the cell's
// RAT does not have are -1 or "".
type NeighbourCell struct {
	RAT    string `json:"rat"` // "GSM", "WCDMA", "LTE", or "NONE" when there are none
	Band   int    `json:"band"`
	ARFCN  int    `json:"arfcn"`
	BSIC   int    `json:"bsic"`
	PSC    int    `json:"psc"`
	PCI    int    `json:"pci"`
	CellID string `json:"cellid,omitempty"`
	LAC    string `json:"lac,omitempty"`
	Signal Signal `json:"signal"`
}

// ParseMONNC parses one neighbour cell line of the Huawei ^MONNC report:
//
//	^MONNC: GSM,<BAND>,<ARFCN>,<BSIC>,<Cell_ID>,<LAC>,<RXLEV>
//	^MONNC: WCDMA,<ARFCN>,<PSC>,<RSCP>,<EC/N0>
//	^MONNC: LTE,<ARFCN>,<PCI>,<RSRP>,<RSRQ>,<RXLEV>
//	^MONNC: NONE
//
// e.g. the MU709 guide's ^MONNC: GSM,1,124,0,0,1,-79.
func ParseMONNC(line string) (NeighbourCell, error) {
	c := NeighbourCell{Band: -1, ARFCN: -1, BSIC: -1, PSC: -1, PCI: -1}
	p, fs, err := open(line, "^MONNC")
	if err != nil {
		return c, err
	}
	if len(fs) == 0 {
		return c, p.fail("no parameters")
	}
	c.RAT = strings.ToUpper(fs[0].s)
	a := fs[1:]
	s := &c.Signal
	switch c.RAT {
	case "NONE":
		err = p.count(fs, 1, 1)
	case "GSM":
		if err = p.count(a, 6, 6); err == nil {
			var e1, e2 error
			c.CellID, e1 = p.hex(a[3], "Cell_ID", 8)
			c.LAC, e2 = p.hex(a[4], "LAC", 4)
			err = firstErr(
				p.into(a[0], "BAND", 0, 255, &c.Band),
				p.into(a[1], "ARFCN", 0, 1023, &c.ARFCN),
				p.into(a[2], "BSIC", 0, 63, &c.BSIC),
				e1, e2,
				p.dbm(a[5], "RXLEV", -120, 0, &s.RSSI))
		}
	case "WCDMA":
		if err = p.count(a, 4, 4); err == nil {
			err = firstErr(
				p.into(a[0], "ARFCN", 0, 16383, &c.ARFCN),
				p.into(a[1], "PSC", 0, 511, &c.PSC),
				p.dbm(a[2], "RSCP", -140, 0, &s.RSCP),
				p.dbm(a[3], "EC/N0", -50, 0, &s.EcIo))
		}
	case "LTE":
		if err = p.count(a, 5, 5); err == nil {
			err = firstErr(
				p.into(a[0], "ARFCN", 0, 262143, &c.ARFCN),
				p.into(a[1], "PCI", 0, 503, &c.PCI),
				p.dbm(a[2], "RSRP", -160, 0, &s.RSRP),
				p.dbm(a[3], "RSRQ", -40, 10, &s.RSRQ),
				p.dbm(a[4], "RXLEV", -140, 0, &s.RSSI))
		}
	default:
		return c, p.bad("RAT", fs[0], "want GSM, WCDMA, LTE or NONE")
	}
	if err != nil {
		return NeighbourCell{}, err
	}
	finishCellSignal(c.RAT, s)
	return c, nil
}

// ScanCell is one line of the Huawei ^NETSCAN answer: a cell found on a
// frequency scan.
type ScanCell struct {
	ARFCN  int    `json:"arfcn"`
	C1     int    `json:"c1"`  // GSM cell reselection criterion C1; -1 absent
	C2     int    `json:"c2"`  // GSM C2; -1 absent
	LAC    string `json:"lac"` // hex
	MCC    string `json:"mcc"`
	MNC    string `json:"mnc"`
	BSIC   int    `json:"bsic"`             // GSM BSIC (0 on WCDMA)
	RxLev  int    `json:"rxlev_dbm"`        // RXLEV (GSM) or RSCP (WCDMA), dBm
	CellID string `json:"cellid,omitempty"` // hex; "" absent
	Band   string `json:"band,omitempty"`   // Huawei band bit mask, hex; "" absent
	PSC    int    `json:"psc"`              // -1 absent
	PCI    int    `json:"pci"`              // -1 absent
}

// ParseNETSCAN parses one cell of the Huawei ^NETSCAN answer,
// "^NETSCAN: <arfcn>,[<c1>],[<c2>],<lac>,<mcc>,<mnc>,<bsic>,<rxlev>
// [,<cid>,<band>[,<psc>,<pci>]]", e.g. the MU709 guide's
// ^NETSCAN: 9675,,,2513,234,15,0,-64,100190,800000. LAC, cell ID and band
// are hex.
func ParseNETSCAN(line string) (ScanCell, error) {
	c := ScanCell{C1: -1, C2: -1, PSC: -1, PCI: -1}
	p, fs, err := open(line, "^NETSCAN")
	if err != nil {
		return c, err
	}
	if len(fs) != 8 && len(fs) != 10 && len(fs) != 12 {
		return c, p.fail("want 8, 10 or 12 parameters")
	}
	c.MCC, c.MNC = fs[4].s, fs[5].s
	if !digits(c.MCC, 3, 3) {
		return ScanCell{}, p.bad("mcc", fs[4], "want 3 digits")
	}
	if !digits(c.MNC, 2, 3) {
		return ScanCell{}, p.bad("mnc", fs[5], "want 2 or 3 digits")
	}
	var e1, e2, e3 error
	c.LAC, e1 = p.hex(fs[3], "lac", 6)
	if len(fs) >= 10 {
		c.CellID, e2 = p.hex(fs[8], "cid", 8)
		c.Band, e3 = p.hex(fs[9], "band", 16)
	}
	err = firstErr(
		p.into(fs[0], "arfcn", 0, 262143, &c.ARFCN),
		p.optInto(fs[1], "c1", -255, 255, &c.C1),
		p.optInto(fs[2], "c2", -255, 255, &c.C2),
		e1,
		p.into(fs[6], "bsic", 0, 63, &c.BSIC),
		p.into(fs[7], "rxlev", -140, 0, &c.RxLev),
		e2, e3)
	if err == nil && len(fs) == 12 {
		err = firstErr(
			p.optInto(fs[10], "psc", 0, 511, &c.PSC),
			p.optInto(fs[11], "pci", 0, 503, &c.PCI))
	}
	if err != nil {
		return ScanCell{}, err
	}
	return c, nil
}

// CellLock is the Huawei ^CELLLOCK read response: whether the module is
// locked to a cell, and which.
type CellLock struct {
	Enabled bool   `json:"enabled"`
	RAT     int    `json:"rat"` // 0 GSM, 1 WCDMA; -1 when disabled
	LAC     string `json:"lac,omitempty"`
	CellID  string `json:"cellid,omitempty"`
}

// ParseCELLLOCK parses "^CELLLOCK: <enable>[,<rat>,<lac>,<cellid>]", e.g.
// ^CELLLOCK: 0 and ^CELLLOCK: 1,0,"00C3","00000001"; a module locked in
// several modes prints one line for each.
func ParseCELLLOCK(line string) (CellLock, error) {
	l := CellLock{RAT: -1}
	p, fs, err := open(line, "^CELLLOCK")
	if err != nil {
		return l, err
	}
	if len(fs) != 1 && len(fs) != 4 {
		return l, p.fail("want 1 or 4 parameters")
	}
	on, err := p.int(fs[0], "enable", 0, 1)
	if err != nil {
		return l, err
	}
	l.Enabled = on == 1
	if len(fs) == 1 {
		return l, nil
	}
	var e1, e2 error
	l.LAC, e1 = p.hex(fs[2], "lac", 4)
	l.CellID, e2 = p.hex(fs[3], "cellid", 8)
	if err := firstErr(p.into(fs[1], "rat", 0, 255, &l.RAT), e1, e2); err != nil {
		return CellLock{}, err
	}
	return l, nil
}

// finishCellSignal names a measured cell's signal by its RAT and rates it.
func finishCellSignal(rat string, s *Signal) {
	if rat != "NONE" {
		s.RAT = rat
		s.Bars = Bars(*s)
	}
}
