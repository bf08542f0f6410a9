package smsgw

import (
	"log/slog"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/sms"
)

// Config tunes a Service. The zero value keeps the modem's SMSC, uses the
// SIM storage, stored delivery (+CMTI) and no status reports.
type Config struct {
	// SMSC is the service centre number to set with AT+CSCA; "" keeps the
	// modem's.
	SMSC string
	// Storage is the message storage for AT+CPMS ("SM" by default, "ME", ...).
	Storage string
	// Direct asks for incoming messages shown at once (AT+CNMI=2,2: +CMT)
	// instead of stored and indicated (AT+CNMI=2,1: +CMTI); they are
	// acknowledged with AT+CNMA after they were handed on.
	Direct bool
	// StatusReports asks the modem to show status reports (+CDS) and makes
	// the service hand them on through Reports; without it, reports found
	// are logged and deleted.
	StatusReports bool
	// Gap and Total bound the reassembly of concatenated messages: between
	// neighbouring parts (60 s) and from the first part (24 h).
	Gap, Total time.Duration
	// SendTimeout bounds each AT+CMGS (60 s, guide table 1-2).
	SendTimeout time.Duration
	// Logger receives the service's log (slog.Default when nil).
	Logger *slog.Logger
}

func (c *Config) setDefaults() {
	if c.Storage == "" {
		c.Storage = "SM"
	}
	if c.Gap <= 0 {
		c.Gap = sms.DefaultPartGap
	}
	if c.Total <= 0 {
		c.Total = sms.DefaultTotalTime
	}
	if c.SendTimeout <= 0 {
		c.SendTimeout = at.SMSSendTimeout
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}
