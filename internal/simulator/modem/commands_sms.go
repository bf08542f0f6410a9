package modem

import (
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/sms"
)

// smsCommands: text messages (guide chapter 9, 3GPP TS 27.005).
var smsCommands = []command{
	{name: "+CSMS", test: lines("+CSMS: (0,1)"), read: cmdCSMSRead, set: cmdCSMSSet, sim: simUnlocked},
	{name: "+CPMS", test: lines(`+CPMS: ("SM"),("SM"),("SM")`), read: cmdCPMSRead, set: cmdCPMSSet, sim: simUnlocked},
	{name: "+CMGF", test: lines("+CMGF: (0-1)"),
		read: func(x *call) error { x.linef("+CMGF: %d", x.st.cmgf); return nil },
		set: func(x *call) error {
			n, err := x.intIn(0, 0, 0, 1)
			if err == nil {
				x.st.cmgf = n
			}
			return err
		}},
	{name: "+CSCA", test: ok, read: cmdCSCARead, set: cmdCSCASet, sim: simUnlocked},
	{name: "+CSMP", test: ok, read: cmdCSMPRead, set: cmdCSMPSet},
	{name: "+CNMI", test: lines("+CNMI: (0-2),(0-3),(0,2),(0-2),(0-1)"), read: cmdCNMIRead, set: cmdCNMISet, sim: simUnlocked},
	{name: "+CNMA", test: ok, exec: cmdCNMA, set: cmdCNMA, sim: simUnlocked},
	{name: "+CMGS", test: ok, set: cmdCMGS, sim: simUnlocked},
	{name: "+CMGW", test: ok, exec: cmdCMGW, set: cmdCMGW, sim: simUnlocked},
	{name: "+CMSS", test: ok, set: cmdCMSS, sim: simUnlocked},
	{name: "+CMGR", test: ok, set: cmdCMGR, sim: simUnlocked},
	{name: "+CMGL", test: cmdCMGLTest, exec: cmdCMGL, set: cmdCMGL, sim: simUnlocked},
	{name: "+CMGD", test: cmdCMGDTest, set: cmdCMGD, sim: simUnlocked},
}

func cmdCSMSRead(x *call) error { x.linef("+CSMS: %d,1,1,1", x.st.csms); return nil }

func cmdCSMSSet(x *call) error {
	n, err := x.intIn(0, -1, 0, 1)
	if err != nil {
		return err
	}
	x.st.csms = n
	x.line("+CSMS: 1,1,1")
	return nil
}

// cmdCPMSRead: +CPMS: "SM",3,40,"SM",3,40,"SM",3,40 (guide 9.1.1).
func cmdCPMSRead(x *call) error {
	n := x.st.usedSlots()
	x.linef(`+CPMS: "SM",%d,%d,"SM",%d,%d,"SM",%d,%d`, n, smsSlots, n, smsSlots, n, smsSlots)
	return nil
}

// cmdCPMSSet: only "SM" is supported; others give ERROR (guide 9.1.2).
func cmdCPMSSet(x *call) error {
	if x.n() < 1 || x.n() > 3 {
		return errSyntax
	}
	for i := range x.n() {
		s, err := x.quoted(i)
		if err != nil || upper(s) != "SM" {
			return errSyntax
		}
	}
	n := x.st.usedSlots()
	x.linef("+CPMS: %d,%d,%d,%d,%d,%d", n, smsSlots, n, smsSlots, n, smsSlots)
	return nil
}

func cmdCSCARead(x *call) error {
	a := x.st.sim.smsc
	x.linef(`+CSCA: "%s",%d`, teString(x.st.cscs, a), numberType(a))
	return nil
}

// cmdCSCASet is AT+CSCA=<sca>[,<tosca>] (guide 9.3.1).
func cmdCSCASet(x *call) error {
	a, err := x.quoted(0)
	if err != nil {
		return err
	}
	if _, err := x.intIn(1, 145, 0, 255); err != nil {
		return err
	}
	a, ok := fromTE(x.st.cscs, a)
	if !ok || a == "" {
		return errSyntax
	}
	x.st.sim.smsc = a
	return nil
}

func cmdCSMPRead(x *call) error {
	p := x.st.csmp
	x.linef("+CSMP: %d,%d,%d,%d", p[0], p[1], p[2], p[3])
	return nil
}

// cmdCSMPSet is AT+CSMP=[<fo>[,<vp>[,<pid>[,<dcs>]]]]; empty ones stay
// (guide 9.3.1: AT+CSMP=,,0,8).
func cmdCSMPSet(x *call) error {
	if x.n() > 4 {
		return errSyntax
	}
	p := x.st.csmp
	for i := range x.n() {
		n, err := x.intIn(i, p[i], 0, 255)
		if err != nil {
			return err
		}
		p[i] = n
	}
	x.st.csmp = p
	return nil
}

func cmdCNMIRead(x *call) error {
	c := x.st.cnmi
	x.linef("+CNMI: %d,%d,%d,%d,%d", c[0], c[1], c[2], c[3], c[4])
	return nil
}

// cmdCNMISet is AT+CNMI=<mode>,<mt>,<bm>,<ds>,<bfr> (guide 9.4.1).
func cmdCNMISet(x *call) error {
	if x.n() > 5 {
		return errSyntax
	}
	limits := [5][]int{{0, 1, 2}, {0, 1, 2, 3}, {0, 2}, {0, 1, 2}, {0, 1}}
	c := x.st.cnmi
	for i := range x.n() {
		n, err := x.int(i, c[i])
		if err != nil || !slices.Contains(limits[i], n) {
			return errSyntax
		}
		c[i] = n
	}
	x.st.cnmi = c
	return nil
}

// cmdCNMA acknowledges a +CMT when AT+CSMS=1 asked for acknowledgements.
func cmdCNMA(x *call) error {
	if x.st.csms != 1 || !x.st.cnmaPending {
		return cmsNoCNMAExpected
	}
	x.st.cnmaPending = false
	return nil
}

// readPDU takes a PDU-mode payload: hex, with the SMSC address in front, of
// the <length> the command gave (guide 9.2.1; otherwise +CMS ERROR: 304).
func readPDU(payload string, length int) ([]byte, error) {
	pdu, err := hex.DecodeString(strings.TrimSpace(payload))
	if err != nil || len(pdu) == 0 || sms.TPDULength(pdu, true) != length {
		return nil, cmsInvalidPDU
	}
	return pdu, nil
}

// textSubmit builds the SMS-SUBMIT of a text-mode message from the AT+CSMP
// settings; the text arrives in the AT+CSCS character set (guide 9.3).
func textSubmit(st *state, da, payload string) ([]byte, error) {
	text, ok := fromTE(st.cscs, payload)
	if !ok {
		return nil, cmsInvalidText
	}
	dcs := sms.DCS(st.csmp[3])
	if dcs.Encoding() == sms.GSM7 {
		if _, ok := sms.EncodeGSM7(text); !ok {
			return nil, cmsInvalidText // guide 9.3.2: +CMS ERROR: 305
		}
	}
	s := sms.Submit{Destination: sms.ParseAddress(da), PID: byte(st.csmp[2]), DCS: dcs, Text: text}
	if dcs.Encoding() == sms.Data8 {
		b, err := hex.DecodeString(payload)
		if err != nil {
			return nil, cmsInvalidText
		}
		s.Text, s.Data = "", b
	}
	if st.csmp[0]&0x18 == 0x10 {
		s.Validity = sms.Validity{Format: sms.ValidityRelative, Relative: sms.DecodeRelativeVP(byte(st.csmp[1]))}
	}
	pdu, err := s.Encode(true)
	if err != nil {
		return nil, cmsInvalidText
	}
	return pdu, nil
}

// textAddress takes a text-mode address argument in the AT+CSCS character set.
func textAddress(x *call, i int) (string, error) {
	a, err := x.quoted(i)
	if err != nil {
		return "", err
	}
	a, ok := fromTE(x.st.cscs, a)
	if !ok || a == "" {
		return "", cmsInvalidText
	}
	return a, nil
}

// cmdCMGS sends a message: AT+CMGS=<length> in PDU mode (guide 9.2),
// AT+CMGS=<da>[,<toda>] in text mode (guide 9.3). The payload follows the
// "> " prompt and ends with Ctrl-Z; ESC cancels it and gives OK.
func cmdCMGS(x *call) error {
	st := x.st
	var da string
	var length int
	var err error
	if st.cmgf == 0 {
		if x.n() != 1 {
			return errSyntax
		}
		if length, err = x.intIn(0, -1, 1, 255); err != nil {
			return err
		}
	} else if da, err = textAddress(x, 0); err != nil {
		return err
	}
	pdu, err := x.promptSubmit(length, da)
	if pdu == nil || err != nil {
		return err
	}
	mr, err := x.m.sendLocked(pdu)
	if err != nil {
		return err
	}
	x.linef("+CMGS: %d", mr)
	return nil
}

// promptSubmit shows the "> " prompt and reads an SMS-SUBMIT: a PDU of
// length octets in PDU mode, text for da in text mode. A nil PDU with a nil
// error means the host cancelled with ESC.
func (x *call) promptSubmit(length int, da string) ([]byte, error) {
	payload, cancelled, err := x.prompt(x.st.cmgf == 1)
	if err != nil || cancelled {
		return nil, err
	}
	if x.st.cmgf == 0 {
		return readPDU(payload, length)
	}
	return textSubmit(x.st, da, payload)
}

// sendLocked sends an SMS-SUBMIT and gives its TP-MR.
func (m *Modem) sendLocked(pdu []byte) (int, error) {
	st := m.st
	s, err := sms.DecodeSubmit(pdu, true)
	if err != nil {
		return 0, cmsInvalidPDU // guide 9.2.2
	}
	if st.smsFail != 0 {
		return 0, cmsError(st.smsFail)
	}
	if !st.registered() {
		return 0, cmsNoNetwork
	}
	if m.cellLockedOutLocked() {
		return 0, cmsOperationNotAllowed // guide 24.2: no SMS outside the locked cells
	}
	st.sim.mr++
	mr := int(st.sim.mr)
	m.sent = append(m.sent, SentSMS{
		To: s.Destination.Number, Text: bodyText(s.Text, s.Data), Ref: mr,
		PDU: pdu, Submit: s, Time: time.Now(),
	})
	m.log.Info("SMS sent", "to", s.Destination.Number, "ref", mr)
	m.statusReportLocked(s, mr)
	return mr, nil
}

// cmdCMGW stores a message: AT+CMGW=<length>[,<stat>] in PDU mode,
// AT+CMGW[=<da>[,<toda>[,<stat>]]] in text mode; +CMGW: <index>.
func cmdCMGW(x *call) error {
	st := x.st
	stat := stoUnsent
	var da string
	var length int
	var err error
	if st.cmgf == 0 {
		if length, err = x.intIn(0, -1, 1, 255); err != nil {
			return err
		}
		if stat, err = x.intIn(1, stoUnsent, stoUnsent, stoSent); err != nil {
			return err
		}
	} else {
		if x.has(0) {
			if da, err = textAddress(x, 0); err != nil {
				return err
			}
		}
		if x.has(2) {
			s, err := x.quoted(2)
			if i := slices.Index(statNames, upper(s)); err != nil || i < stoUnsent || i > stoSent {
				return errSyntax
			}
			stat = slices.Index(statNames, upper(s))
		}
	}
	pdu, err := x.promptSubmit(length, da)
	if pdu == nil || err != nil {
		return err
	}
	e, _, err := entryFromSubmit(pdu, stat)
	if err != nil {
		return cmsInvalidPDU
	}
	i := st.freeSlot()
	if i < 0 {
		return cmsMemoryFull
	}
	st.sim.store[i] = e
	x.linef("+CMGW: %d", i)
	return nil
}

// slot gives the stored message at index argument i, nil for an empty slot.
func slot(x *call, i int) (int, *smsEntry, error) {
	idx, err := x.int(i, -1)
	if err != nil || !x.has(i) {
		return 0, nil, errSyntax
	}
	if idx >= smsSlots {
		return 0, nil, cmsInvalidIndex
	}
	return idx, x.st.sim.store[idx], nil
}

// cmdCMSS sends a stored message: +CMSS: <mr>.
func cmdCMSS(x *call) error {
	i, e, err := slot(x, 0)
	if err != nil {
		return err
	}
	if e == nil {
		return cmsInvalidIndex
	}
	if !e.submit {
		return cmsOperationNotAllowed
	}
	mr, err := x.m.sendLocked(e.pdu)
	if err != nil {
		return err
	}
	x.st.sim.store[i].stat = stoSent
	x.linef("+CMSS: %d", mr)
	return nil
}

// entryLines formats a stored message for +CMGR (index < 0) or +CMGL
// (guide 9.4.1).
func entryLines(x *call, e *smsEntry, index int) []string {
	head := "+CMGR: "
	if index >= 0 {
		head = fmt.Sprintf("+CMGL: %d,", index)
	}
	if x.st.cmgf == 0 {
		return []string{
			fmt.Sprintf("%s%d,,%d", head, e.stat, sms.TPDULength(e.pdu, true)),
			strings.ToUpper(hex.EncodeToString(e.pdu)),
		}
	}
	cscs := x.st.cscs
	addr := teString(cscs, e.addr)
	if e.submit {
		tail := ","
		if index >= 0 {
			tail = ",,"
		}
		return []string{fmt.Sprintf(`%s"%s","%s"%s`, head, statNames[e.stat], addr, tail), teString(cscs, e.text)}
	}
	return []string{fmt.Sprintf(`%s"%s","%s",,"%s"`, head, statNames[e.stat], addr, scts(e.scts)), teString(cscs, e.text)}
}

// cmdCMGR reads a message and marks a received one read.
func cmdCMGR(x *call) error {
	if x.n() != 1 {
		return errSyntax
	}
	_, e, err := slot(x, 0)
	if err != nil || e == nil {
		return err
	}
	for _, l := range entryLines(x, e, -1) {
		x.line(l)
	}
	if e.stat == recUnread {
		e.stat = recRead
	}
	return nil
}

func cmdCMGLTest(x *call) error {
	if x.st.cmgf == 0 {
		x.line("+CMGL: (0-4)")
	} else {
		x.line(`+CMGL: ("REC UNREAD","REC READ","STO UNSENT","STO SENT","ALL")`)
	}
	return nil
}

// cmdCMGL lists messages with a status: 0-4 in PDU mode, "REC UNREAD" ...
// "ALL" in text mode; the other form gives ERROR (guide 9.4.2).
func cmdCMGL(x *call) error {
	stat := recUnread
	if x.has(0) {
		if x.st.cmgf == 0 {
			n, err := x.intIn(0, -1, 0, statAll)
			if err != nil {
				return err
			}
			stat = n
		} else {
			s, err := x.quoted(0)
			if err != nil {
				return err
			}
			if stat = slices.Index(statNames, upper(s)); stat < 0 {
				return errSyntax
			}
		}
	}
	for i, e := range x.st.sim.store {
		if e == nil || (stat != statAll && e.stat != stat) {
			continue
		}
		for _, l := range entryLines(x, e, i) {
			x.line(l)
		}
		if e.stat == recUnread {
			e.stat = recRead
		}
	}
	return nil
}

func cmdCMGDTest(x *call) error {
	var used []string
	for i, e := range x.st.sim.store {
		if e != nil {
			used = append(used, fmt.Sprint(i))
		}
	}
	x.linef("+CMGD: (%s),(0-4)", strings.Join(used, ","))
	return nil
}

// cmdCMGD is AT+CMGD=<index>[,<delflag>]: 0 that message, 1 all read,
// 2 read and sent, 3 read, sent and unsent, 4 all (guide 9.4.1). With
// FailDelete it fails and deletes nothing.
func cmdCMGD(x *call) error {
	flag, err := x.intIn(1, 0, 0, 4)
	if err != nil {
		return err
	}
	if x.st.delFail != 0 {
		return cmsError(x.st.delFail)
	}
	if flag == 0 {
		i, _, err := slot(x, 0)
		if err != nil {
			return err
		}
		x.st.sim.store[i] = nil
		return nil
	}
	if _, err := x.int(0, 0); err != nil {
		return err
	}
	for i, e := range x.st.sim.store {
		if e == nil {
			continue
		}
		del := flag == 4 ||
			e.stat == recRead ||
			(flag >= 2 && e.stat == stoSent) ||
			(flag >= 3 && e.stat == stoUnsent)
		if del {
			x.st.sim.store[i] = nil
		}
	}
	return nil
}
