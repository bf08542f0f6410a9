package modem

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/sms"
)

// Status reports and out-of-order arrivals: the network side of SMS that
// the commands of commands_sms.go do not cover (3GPP TS 23.040 9.2.2.3,
// TS 27.005 3.4.1 <ds>).

// deliveryReports is how the simulated network answers a TP-SRR.
type deliveryReports struct {
	on     bool
	delay  time.Duration
	status byte // TP-ST; 0 is "received by the SME"
}

// DeliveryReports makes the network send an SMS-STATUS-REPORT, delay after
// each message sent with a status report request (TP-SRR), as AT+CNMI <ds>
// asks: +CDS: <length> and the PDU (ds=1), or stored with +CDSI: "SM",<i>
// (ds=2); ds=0 drops it. Off by default.
func (m *Modem) DeliveryReports(on bool, delay time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.reports.on, m.reports.delay = on, max(delay, 0)
}

// DeliveryStatus sets the TP-ST of the status reports to come: 0 delivered,
// 0x20-0x3F still trying, 0x40 and up failed (TS 23.040 9.2.3.15).
func (m *Modem) DeliveryStatus(status byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.reports.status = status
}

// statusReportLocked schedules the status report for a message sent with
// TP-MR mr, if it asked for one and reports are on.
func (m *Modem) statusReportLocked(s sms.Submit, mr int) {
	r := m.reports
	if !r.on || !s.StatusReportRequest {
		return
	}
	sent := time.Now().UTC().Truncate(time.Second)
	gen := m.gen.Load()
	m.after(r.delay, func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		if m.gen.Load() != gen {
			return // the module restarted; the report is lost with it
		}
		pdu, err := statusReportPDU(m.st.sim.smsc, byte(mr), s.Destination, sent, time.Now().UTC().Truncate(time.Second), r.status)
		if err != nil {
			m.log.Warn("status report not encodable", "err", err)
			return
		}
		m.reportLocked(pdu)
	})
}

// reportLocked hands a status report to the TE as AT+CNMI <ds> asks.
func (m *Modem) reportLocked(pdu []byte) {
	st := m.st
	if st.cnmi[0] == 0 {
		return
	}
	switch st.cnmi[3] {
	case 1:
		m.urcLocked(fmt.Sprintf("+CDS: %d", sms.TPDULength(pdu, true)), strings.ToUpper(hex.EncodeToString(pdu)))
	case 2:
		i := st.freeSlot()
		if i < 0 {
			m.smsFullLocked()
			return
		}
		st.sim.store[i] = &smsEntry{stat: recUnread, pdu: pdu}
		m.urcLocked(fmt.Sprintf(`+CDSI: "SM",%d`, i))
		if st.freeSlot() < 0 {
			m.smsFullLocked()
		}
	}
}

// statusReportPDU encodes an SMS-STATUS-REPORT with the SMSC address in
// front (no more messages waiting, no optional parameters).
func statusReportPDU(smsc string, mr byte, to sms.Address, sent, done time.Time, st byte) ([]byte, error) {
	r := sms.StatusReport{SMSC: sms.ParseAddress(smsc), MessageRef: mr, Recipient: to, SCTimestamp: sent, Discharge: done, Status: st}
	return r.Encode(true)
}

// InjectParts delivers text from from like InjectSMS, split into
// concatenated parts, but only the parts order names (0-based), in that
// order: {2, 0, 1} sends the last part first, {0, 2} loses the middle one.
// It gives the storage index of each part delivered, -1 for one shown with
// +CMT.
func (m *Modem) InjectParts(from, text string, order []int) ([]int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.st.concatRef++
	pdus, err := deliverPDUs(m.st.sim.smsc, from, text, time.Now().UTC().Truncate(time.Second), m.st.concatRef)
	if err != nil {
		return nil, fmt.Errorf("modem: encode SMS: %w", err)
	}
	var out []int
	for _, k := range order {
		if k < 0 || k >= len(pdus) {
			return out, errors.New("modem: no such part")
		}
		e, err := entryFromDeliver(pdus[k])
		if err != nil {
			return out, fmt.Errorf("modem: encode SMS: %w", err)
		}
		idx, err := m.receiveLocked(e)
		if err != nil {
			return out, err
		}
		out = append(out, idx)
	}
	return out, nil
}
