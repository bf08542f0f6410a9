package uplink

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/atpolicy"
	"github.com/cellgate/cellgate/internal/redact"
)

// MaxATCommand is the longest remote AT command accepted, in bytes.
const MaxATCommand = 512

// maxATLines bounds the commands taken from one message.
const maxATLines = 16

// ATRunner runs one AT command; *at.Engine satisfies it.
type ATRunner interface {
	Command(ctx context.Context, cmd string, opts ...at.Option) (*at.Response, error)
}

// ATConfig enables remote AT: commands published to Topic run on the modem
// and their responses are published to ResponseTopic.
type ATConfig struct {
	Runner        ATRunner
	Policy        *atpolicy.Policy  // nil: the default (queries only)
	Limiter       *atpolicy.Limiter // nil: 10 commands a minute
	Topic         string            // "[IMEI]/AT"
	ResponseTopic string            // "[IMEI]/ATR"
	JSON          bool              // reply with JSON instead of text lines
	Timeout       time.Duration     // per command, never shorter than the engine's own; 0: the engine's own
	Queue         int               // messages waiting to run: 16
	// Audit receives every request, refused or run.
	Audit func(ATAudit)
}

func (c *ATConfig) check() error {
	if c.Runner == nil {
		return errors.New("uplink: remote AT needs a Runner (the AT engine)")
	}
	if c.Policy == nil {
		c.Policy = &atpolicy.Policy{}
	}
	if c.Limiter == nil {
		c.Limiter = &atpolicy.Limiter{N: 10, Per: time.Minute}
	}
	if c.Queue <= 0 {
		c.Queue = 16
	}
	return nil
}

// ATAudit records one remote AT request. Its command and reason have
// their PINs and passwords masked (redact.Command); the error is the
// runner's, which the recipient must mask where it writes it down.
type ATAudit struct {
	Time     time.Time
	Source   string // the topic it came from (MQTT 3.1.1 does not name the sender)
	Command  string // masked
	Allowed  bool
	Reason   string // why it was refused, masked
	Final    string // the modem's final result
	Err      error
	Duration time.Duration
}

// ATReply is the JSON form of a reply on the response topic. The command
// is echoed with its PINs and passwords masked, as others than the sender
// may read the response topic.
type ATReply struct {
	Command string   `json:"command"`
	Lines   []string `json:"lines,omitempty"`
	Final   string   `json:"final,omitempty"`
	OK      bool     `json:"ok"`
	Refused bool     `json:"refused,omitempty"`
	Error   string   `json:"error,omitempty"`
}

// Text renders the reply as the modem would show it: the command, the
// information lines, then the final result, or "REFUSED: why" / "ERROR: why".
func (r ATReply) Text() string {
	var b strings.Builder
	b.WriteString(r.Command)
	b.WriteByte('\n')
	for _, l := range r.Lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	switch {
	case r.Refused:
		fmt.Fprintf(&b, "REFUSED: %s\n", r.Error)
	case r.Final != "":
		b.WriteString(r.Final)
		b.WriteByte('\n')
	case r.Error != "":
		fmt.Fprintf(&b, "ERROR: %s\n", r.Error)
	}
	return b.String()
}

type atRequest struct {
	source  string
	payload []byte
	// retained: the broker kept the message and hands it on at each
	// subscription, so it is no request of now.
	retained bool
}

// onAT runs on paho's goroutine: it only queues.
func (p *Publisher) onAT(c paho.Client, m paho.Message) {
	req := atRequest{source: m.Topic(), payload: append([]byte(nil), m.Payload()...), retained: m.Retained()}
	select {
	case p.atq <- req:
	default:
		p.atReqs.Add(1)
		r := ATReply{Command: firstLine(req.payload), Refused: true, Error: "busy, too many requests waiting"}
		p.audit(ATAudit{Time: time.Now(), Source: req.source, Command: r.Command, Reason: r.Error})
		c.Publish(p.topics.atr, 1, false, p.render(r)) // not awaited: paho's goroutine must not block
	}
}

// atWorker runs queued requests one at a time until ctx ends.
func (p *Publisher) atWorker(ctx context.Context) {
	for {
		select {
		case req := <-p.atq:
			p.handleAT(ctx, req)
		case <-ctx.Done():
			return
		}
	}
}

func (p *Publisher) handleAT(ctx context.Context, req atRequest) {
	for _, r := range p.runAT(ctx, req) {
		if err := p.Publish(ctx, p.topics.atr, p.render(r), false); err != nil {
			p.fail(fmt.Errorf("uplink: AT reply: %w", err))
		}
	}
}

// runAT splits a message into commands, checks and runs each.
func (p *Publisher) runAT(ctx context.Context, req atRequest) []ATReply {
	cfg := p.cfg.AT
	refuse := func(cmd, why string) ATReply {
		p.atReqs.Add(1)
		p.audit(ATAudit{Time: time.Now(), Source: req.source, Command: cmd, Reason: why})
		return ATReply{Command: cmd, Refused: true, Error: why}
	}
	if req.retained {
		// Run, it would run again at every connection: a retained reset
		// would reset the modem for ever.
		return []ATReply{refuse(firstLine(req.payload), "retained message: a command runs only when it is published; publish it without the retain flag and clear the retained one")}
	}
	if !utf8.Valid(req.payload) {
		return []ATReply{refuse(firstLine(req.payload), "malformed: not UTF-8 text")}
	}
	var cmds []string
	for _, l := range strings.Split(string(req.payload), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			cmds = append(cmds, l)
		}
	}
	if len(cmds) == 0 {
		return []ATReply{refuse("", "malformed: empty message")}
	}
	var out []ATReply
	for i, cmd := range cmds {
		if i == maxATLines {
			out = append(out, refuse(clip(cmd), fmt.Sprintf("too many commands in one message (at most %d)", maxATLines)))
			break
		}
		if len(cmd) > MaxATCommand {
			out = append(out, refuse(clip(cmd), fmt.Sprintf("command too long (%d bytes, at most %d)", len(cmd), MaxATCommand)))
			continue
		}
		line, err := cfg.Policy.Prepare(cmd)
		if err != nil {
			why := err.Error()
			if re, ok := errors.AsType[*atpolicy.RefusedError](err); ok {
				why = re.Reason
			}
			out = append(out, refuse(cmd, why))
			continue
		}
		if err := cfg.Limiter.Allow(req.source); err != nil {
			out = append(out, refuse(cmd, "too many commands, try again later"))
			continue
		}
		out = append(out, p.execAT(ctx, req.source, cmd, line))
	}
	return out
}

// execAT sends line, the command cmd as the policy prepared it, and
// replies and audits under cmd as it was received.
func (p *Publisher) execAT(ctx context.Context, source, cmd, line string) ATReply {
	p.atReqs.Add(1)
	var opts []at.Option
	if p.cfg.AT.Timeout > 0 {
		// Longer than the engine's own timeout for the command, never
		// shorter: a short setting must not cut a network scan.
		opts = append(opts, at.WithLongerTimeout(p.cfg.AT.Timeout))
	}
	start := time.Now()
	resp, err := p.cfg.AT.Runner.Command(ctx, line, opts...)
	r := ATReply{Command: cmd}
	if resp != nil {
		r.Lines, r.Final = resp.Lines, resp.Final
	}
	r.OK = err == nil
	if err != nil {
		r.Error = err.Error()
	}
	p.audit(ATAudit{Time: start, Source: source, Command: cmd, Allowed: true, Final: r.Final, Err: err, Duration: time.Since(start)})
	return r
}

func (p *Publisher) audit(a ATAudit) {
	if p.cfg.AT.Audit != nil {
		a.Command, a.Reason = atpolicy.Mask(a.Command), redact.Command(a.Reason)
		p.cfg.AT.Audit(a)
	}
}

func (p *Publisher) render(r ATReply) []byte {
	r.Command = atpolicy.Mask(r.Command)
	// A read command may answer with a password (AT^AUTHDATA?,
	// AT+QICSGP=1): the reply is published, so it is masked too.
	r.Lines = redact.Response(r.Lines)
	if p.cfg.AT.JSON {
		b, _ := json.Marshal(r)
		return b
	}
	return []byte(r.Text())
}

func firstLine(b []byte) string {
	s := string(b)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return clip(strings.ToValidUTF8(strings.TrimSpace(s), "?"))
}

// clip shortens an oversized command for the reply and the audit.
func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
