package console

import (
	"crypto/sha256"
	"crypto/subtle"
	"strings"
	"time"
	"unicode"
)

// maxSenders bounds the failure table, which a flood of messages from many
// (possibly spoofed) numbers would otherwise grow without limit.
const maxSenders = 1024

// defaultGlobalFailures is the default of Config.GlobalFailures: ten
// senders' worth of the default per-sender budget.
const defaultGlobalFailures = 30

// senderState counts one sender's consecutive wrong passwords.
type senderState struct {
	failures int
	last     time.Time // last wrong password
	until    time.Time // locked out until; zero when not locked
}

// splitPassword splits a message into its first word (the password) and the
// rest (the command). hasCommand is false when there is only one word.
func splitPassword(text string) (password, command string, hasCommand bool) {
	t := strings.TrimSpace(text)
	i := strings.IndexFunc(t, unicode.IsSpace)
	if i < 0 {
		return t, "", false
	}
	return t[:i], strings.TrimSpace(t[i:]), true
}

// bareCommand returns word when a one-word message looks like a command sent
// without a password ("factory", "apn=...;"), and "" otherwise: any other
// single word may be a mistyped password and is not logged.
func bareCommand(word string) string {
	lw := strings.ToLower(word)
	switch lw {
	case "status", "connect", "factory", "reboot", "help", "get", "set", "at":
		return word
	}
	if isAPNForm(lw) {
		return word
	}
	return ""
}

// commandPart is the part of a message that may be logged before the
// password has been checked: everything after the first word, or the whole
// message when its first word is a command (the password is missing).
func commandPart(text string) string {
	password, command, _ := splitPassword(text)
	if bareCommand(password) != "" {
		return strings.TrimSpace(text)
	}
	return command
}

// passwordMatches compares in constant time, independent of the lengths.
func passwordMatches(got, want string) bool {
	g := sha256.Sum256([]byte(got))
	w := sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1 && want != ""
}

func (c *Console) currentPassword() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.password
}

// locked reports whether from is locked out at now, forgetting state that
// has expired.
func (c *Console) locked(from string, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.senders[from]
	if s == nil {
		return false
	}
	if now.Before(s.until) {
		return true
	}
	if !s.until.IsZero() || now.Sub(s.last) >= c.cfg.Lockout {
		delete(c.senders, from)
	}
	return false
}

// fail records a wrong password from from and reports whether it locked
// the sender out. When global is set the failure also counts against the
// global budget, and lockout is the global lockout it started, if any.
func (c *Console) fail(from string, now time.Time, global bool) (locked bool, lockout time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if global {
		lockout = c.global.fail(now, c.cfg)
	}
	s := c.senders[from]
	if s == nil {
		c.prune(now)
		s = &senderState{}
		c.senders[from] = s
	}
	if now.Sub(s.last) >= c.cfg.Lockout {
		s.failures = 0
	}
	s.failures++
	s.last = now
	if s.failures >= c.cfg.MaxFailures {
		s.failures = 0
		s.until = now.Add(c.cfg.Lockout)
		return true, lockout
	}
	return false, lockout
}

// succeed resets from's failure count after a good password. The global
// count is left alone: one good password does not excuse the guesses of
// others.
func (c *Console) succeed(from string) {
	c.mu.Lock()
	delete(c.senders, from)
	c.mu.Unlock()
}

// prune makes room in the failure table for one more sender: expired
// entries go first and then, while it is still full, the sender whose last
// failure is the oldest, locked out or not. The table never holds more than
// maxSenders; a forgotten sender may guess again sooner, but its guesses
// still count against the global budget.
func (c *Console) prune(now time.Time) {
	if len(c.senders) < maxSenders {
		return
	}
	for k, s := range c.senders {
		if !now.Before(s.until) && now.Sub(s.last) >= c.cfg.Lockout {
			delete(c.senders, k)
		}
	}
	for len(c.senders) >= maxSenders {
		var oldest string
		var at time.Time
		for k, s := range c.senders {
			if oldest == "" || s.last.Before(at) || s.last.Equal(at) && k < oldest {
				oldest, at = k, s.last
			}
		}
		delete(c.senders, oldest)
	}
}

// globallyLocked reports whether the global lockout is on at now. A
// refused attempt counts as activity: the lockout does not start small
// again while attempts go on.
func (c *Console) globallyLocked(now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now.Before(c.global.until) {
		c.global.last = now
		return true
	}
	return false
}

// globalBudget counts the wrong passwords of all senders together.
type globalBudget struct {
	// recent are the failures within the last window, oldest first; never
	// more than cfg.GlobalFailures of them.
	recent []time.Time
	last   time.Time     // last failure, or attempt refused by the lockout
	until  time.Time     // locked until; zero when never locked
	next   time.Duration // length of the next lockout
}

// fail records one wrong password at now and returns the lockout it
// started, or 0. The failures are counted over the cfg.GlobalWindow that
// ends now, whenever it starts; a quiet window brings the lockout length
// back to cfg.GlobalLockout.
func (g *globalBudget) fail(now time.Time, cfg Config) time.Duration {
	if now.Sub(g.last) >= cfg.GlobalWindow {
		g.next = cfg.GlobalLockout
	}
	g.last = now
	old := 0
	for old < len(g.recent) && now.Sub(g.recent[old]) >= cfg.GlobalWindow {
		old++
	}
	g.recent = append(g.recent[old:], now)
	if len(g.recent) < cfg.GlobalFailures {
		return 0
	}
	d := g.next
	g.recent = g.recent[:0]
	g.until = now.Add(d)
	g.next = min(2*d, cfg.GlobalLockoutMax)
	return d
}
