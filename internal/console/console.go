package console

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/cellgate/cellgate/internal/sms"
)

// Request is one received short message.
type Request struct {
	From string // sender number as received (any of the forms Normalize accepts)
	// FromTON is the sender's type of number as received (TS 23.040
	// 9.1.2.5, sms.TONUnknown when not known); see NormalizeAddress.
	FromTON byte
	Text    string // message text, already decoded and concatenated
	// Time is the service centre timestamp (TP-SCTS), zero when not
	// known; with Text and the sender it identifies the request in the
	// Journal.
	Time time.Time
}

// Backend is what the console drives: the router's configuration and modem.
type Backend interface {
	// Status reports the state shown by the "status" command.
	Status(ctx context.Context) (Status, error)
	// Get returns one configuration value; secrets come back masked.
	Get(key string) (string, error)
	// Set validates all changes, then applies and persists them atomically.
	// An error names the key and the problem, and nothing was changed. A
	// note, when not empty, is added to the reply (the result of trying a
	// new PIN against the SIM).
	Set(ctx context.Context, changes map[string]string) (note string, err error)
	// Connect re-dials the data connection now.
	Connect(ctx context.Context) error
	// Factory restores factory settings.
	Factory(ctx context.Context) error
	// Reboot reboots the router. The console calls it only from
	// Result.After, that is after the reply has been sent.
	Reboot(ctx context.Context) error
	// AT runs one AT command if the remote-AT policy allows it; a policy
	// refusal is an error.
	AT(ctx context.Context, cmd string) (string, error)
}

// Status is the router state the "status" command reports.
type Status struct {
	Operator     string        // operator name or PLMN
	Registration string        // e.g. "home", "roaming", "searching", "denied"
	IP           string        // data connection address; empty when down
	SignalBars   int           // 0..5
	SignalDBm    *float64      // RSSI or RSRP in dBm; nil when unknown
	Uptime       time.Duration // since boot
	Backlog      int           // records waiting in the spool
}

// Config configures a Console. Zero values get the defaults noted.
type Config struct {
	// Password is required before every command: "<password> <command>".
	// An empty password disables the console: every request is refused.
	Password string
	// Allowed lists the sender numbers allowed to use the console, in any
	// form Normalize accepts; they are compared in E.164 form. An empty
	// list allows any sender (the password is still required); a list
	// whose entries are all unusable allows nobody.
	Allowed []string
	// DefaultCountry is the country code for national numbers ("49").
	DefaultCountry string
	// MaxFailures is how many consecutive wrong passwords lock a sender
	// out (default 3).
	MaxFailures int
	// Lockout is how long a locked-out sender is ignored (default 1 h).
	Lockout time.Duration
	// GlobalFailures is how many wrong passwords from all senders together
	// within GlobalWindow lock the console for everyone not on the
	// allowlist (default 30).
	GlobalFailures int
	// GlobalWindow is the period GlobalFailures are counted over, and the
	// quiet period after which the global lockout starts from
	// GlobalLockout again (default 1 h).
	GlobalWindow time.Duration
	// GlobalLockout is the first global lockout (default 15 min); each
	// further one doubles, up to GlobalLockoutMax (default 24 h).
	GlobalLockout, GlobalLockoutMax time.Duration
	// ReplyLimit caps a reply in characters; longer replies are cut and
	// end in "...". 0 means no limit (the SMS layer splits long replies).
	ReplyLimit int
	// Audit receives an entry for every request, accepted or refused.
	Audit func(AuditEntry)
	// Journal, when set, makes every command run at most once: a request
	// is recorded there before its command runs, and a request found in
	// it is not run again (see Journal). Without it a request delivered
	// twice runs twice.
	Journal *Journal
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Result is what Handle decided for one request.
type Result struct {
	// Reply is the text to send back to the sender.
	Reply string
	// Send says whether to reply at all; false means stay silent.
	Send bool
	// After, when not nil, must be run by the caller once the reply has
	// been sent (or has failed to send): it is how "reboot" answers before
	// it reboots. Its error is not audited; the caller logs it.
	After func(ctx context.Context) error
}

// Console is the SMS command console. It is safe for concurrent use.
type Console struct {
	cfg     Config
	b       Backend
	allowed map[string]bool

	mu       sync.Mutex
	password string
	senders  map[string]*senderState
	global   globalBudget
}

// New returns a console with cfg, driving b.
func New(cfg Config, b Backend) *Console {
	if cfg.MaxFailures <= 0 {
		cfg.MaxFailures = 3
	}
	if cfg.Lockout <= 0 {
		cfg.Lockout = time.Hour
	}
	if cfg.GlobalFailures <= 0 {
		cfg.GlobalFailures = defaultGlobalFailures
	}
	if cfg.GlobalWindow <= 0 {
		cfg.GlobalWindow = time.Hour
	}
	if cfg.GlobalLockout <= 0 {
		cfg.GlobalLockout = 15 * time.Minute
	}
	if cfg.GlobalLockoutMax < cfg.GlobalLockout {
		cfg.GlobalLockoutMax = max(24*time.Hour, cfg.GlobalLockout)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	c := &Console{cfg: cfg, b: b, password: cfg.Password, senders: map[string]*senderState{}}
	c.global.next = cfg.GlobalLockout
	if len(cfg.Allowed) > 0 {
		c.allowed = map[string]bool{}
		for _, a := range cfg.Allowed {
			if n, ok := sms.Normalize(a, cfg.DefaultCountry); ok {
				c.allowed[n] = true
			}
		}
	}
	return c
}

// SetPassword changes the console password, for example when the stored
// console.password setting changes.
func (c *Console) SetPassword(p string) {
	c.mu.Lock()
	c.password = p
	c.mu.Unlock()
}

// Handle processes one received message and says what to reply. It runs the
// command against the Backend before returning, except for reboot, which is
// left in Result.After for the caller to run after sending the reply.
func (c *Console) Handle(ctx context.Context, req Request) Result {
	now := c.cfg.Now()
	from, numeric := sms.NormalizeAddress(req.From, req.FromTON, c.cfg.DefaultCountry)
	a := &auditor{c: c, secret: c.currentPassword()}
	a.e = AuditEntry{Time: now, From: printable(a.scrub(from), 32)}

	if c.allowed != nil && (!numeric || !c.allowed[from]) {
		a.refuse(commandPart(req.Text), "sender not allowed")
		return Result{}
	}
	password, _, _ := splitPassword(req.Text)
	cmdForAudit := commandPart(req.Text)
	if c.cfg.Journal.Seen(req) {
		// Delivered again (a restart before its delete): silent, since
		// the reply went out the first time.
		a.refuse(cmdForAudit, "already handled")
		return Result{}
	}
	if c.locked(from, now) {
		a.refuse(cmdForAudit, "sender locked out")
		return Result{}
	}
	// Senders on a non-empty allowlist are spared the global lockout.
	spared := c.allowed != nil
	if !spared && c.globallyLocked(now) {
		a.refuse(cmdForAudit, "console locked: too many wrong passwords from all senders")
		return Result{}
	}
	if a.secret == "" {
		a.refuse(cmdForAudit, "console disabled: no password configured")
		return Result{}
	}
	if !passwordMatches(password, a.secret) {
		why := "wrong password"
		if bareCommand(password) != "" {
			why = "missing password"
		}
		lockedNow, global := c.fail(from, now, !spared)
		if lockedNow {
			why += "; locked out for " + c.cfg.Lockout.String()
		}
		if global > 0 {
			why += "; console locked for " + global.String() + " (too many wrong passwords from all senders)"
		}
		a.refuse(cmdForAudit, why)
		if c.allowed == nil {
			return Result{}
		}
		reply := why
		if strings.HasPrefix(why, "missing") {
			reply += `: send "<password> <command>"`
		}
		return Result{Reply: c.limit(reply), Send: true}
	}
	c.succeed(from)

	_, command, _ := splitPassword(req.Text)
	switch added, err := c.cfg.Journal.Record(req); {
	case err != nil:
		// Run only what is recorded: a command that restarts the router
		// could otherwise run again at every start.
		a.refuse(command, "not run: "+err.Error())
		return Result{Reply: c.limit("not run: the request cannot be recorded (storage error)"), Send: true}
	case !added:
		a.refuse(command, "already handled")
		return Result{}
	}
	r := c.run(withSender(ctx, from), command)
	a.e.Accepted = r.accepted
	a.log(command, r.reply)
	return Result{Reply: c.limit(r.reply), Send: true, After: r.after}
}

// limit cuts reply to the configured ReplyLimit.
func (c *Console) limit(reply string) string {
	n := c.cfg.ReplyLimit
	if n <= 0 {
		return reply
	}
	rs := []rune(reply)
	if len(rs) <= n {
		return reply
	}
	if n <= 3 {
		return string(rs[:n])
	}
	return string(rs[:n-3]) + "..."
}
