package collect

import (
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
)

// DeviceStats are a device's counters.
type DeviceStats struct {
	Bus          string
	Polls        int // polls made, scheduled or asked for
	Records      int // records written by Sink
	Errors       int // polls without a record: the device, its bus or the record failed
	SinkErrors   int // records Sink refused, which are lost
	Missed       int // slots skipped: a poll overran them, or the system stalled
	LastPoll     time.Time
	LastDuration time.Duration
	LastError    string // of the last failed poll
	Failing      bool   // the last poll failed
	BusOpen      bool

	// The bus's counters of the device (modbus.DeviceStats).
	Requests   int // transactions, skipped ones included
	Timeouts   int // attempts unanswered
	Exceptions int // exception responses
	CRCErrors  int // attempts answered with a bad CRC
	Skipped    int // transactions refused while the device was in backoff
}

// pollState is what has been logged about a device, so that a failure is
// logged when it starts and when it ends, not at every poll.
type pollState struct {
	polled      bool // a poll has succeeded
	failing     bool
	failures    int // polls failed in a row
	sinkFailing bool
}

// Stats returns every device's counters, by device name.
func (c *Collector) Stats() map[string]DeviceStats {
	out := make(map[string]DeviceStats, len(c.devices))
	bus := map[*line]map[string]modbus.DeviceStats{}
	for _, d := range c.devices {
		bs, ok := bus[d.line]
		if !ok {
			bs = d.line.mb.Stats()
			bus[d.line] = bs
		}
		d.mu.Lock()
		s := d.stats
		d.mu.Unlock()
		s.Bus = d.line.Name
		s.BusOpen = d.line.mb.IsOpen()
		m := bs[d.Name]
		s.Requests, s.Timeouts, s.Exceptions, s.CRCErrors, s.Skipped = m.Requests, m.Timeouts, m.Exceptions, m.CRCErrors, m.Skipped
		out[d.Name] = s
	}
	return out
}
