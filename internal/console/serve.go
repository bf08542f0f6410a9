package console

import (
	"context"
	"time"

	"github.com/cellgate/cellgate/internal/sms"
)

// replyTimeout bounds sending one reply once its command has run, and
// replyGrace how long a reply may still take once the console is stopped.
const (
	replyTimeout = time.Minute
	replyGrace   = time.Second
)

// Sender sends a reply by SMS; a long reply is split into parts by the SMS
// layer.
type Sender func(ctx context.Context, to, text string) error

// Serve answers the commands that arrive as messages on in until ctx ends
// or in is closed: each is handled, its reply sent to the sender, and only
// then its follow-up action (a reboot) run. A message that arrived
// incomplete (parts missing) is never executed: a truncated command could
// mean something else, and its password part may be the one missing; it
// is audited and not answered.
// Serve returns ctx.Err(), or nil when in is closed.
func (c *Console) Serve(ctx context.Context, in <-chan sms.Message, send Sender) error {
	for {
		var msg sms.Message
		var ok bool
		select {
		case <-ctx.Done():
			return ctx.Err()
		case msg, ok = <-in:
			if !ok {
				return nil
			}
		}
		if msg.Incomplete {
			c.note(msg.From, msg.FromTON, "(incomplete message)", "not executed: parts missing")
			continue
		}
		res := c.Handle(ctx, Request{From: msg.From, FromTON: msg.FromTON, Text: msg.Text, Time: msg.Timestamp})
		if res.Send && res.Reply != "" {
			// A command that ran gets its reply even when the console is
			// being stopped meanwhile (a reload the command caused replaces
			// it), or the sender never learns what happened; but a stop
			// waits no longer than replyGrace for it (a frozen modem).
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), replyTimeout)
			stop := context.AfterFunc(ctx, func() { time.AfterFunc(replyGrace, cancel) })
			if err := send(sctx, msg.From, res.Reply); err != nil {
				c.note(msg.From, msg.FromTON, "(reply)", "reply not sent: "+err.Error())
			}
			stop()
			cancel()
		}
		if res.After != nil {
			if err := res.After(ctx); err != nil {
				c.note(msg.From, msg.FromTON, "(follow-up)", err.Error())
			}
		}
	}
}

// note audits something Serve did beyond Handle, cleaned as every entry is.
func (c *Console) note(from string, ton byte, command, result string) {
	from = numberOrAsIs(from, ton, c.cfg.DefaultCountry)
	a := &auditor{c: c, e: AuditEntry{Time: c.cfg.Now(), From: from}, secret: c.currentPassword()}
	a.log(command, result)
}

func numberOrAsIs(from string, ton byte, country string) string {
	if n, ok := sms.NormalizeAddress(from, ton, country); ok {
		return n
	}
	return from
}
