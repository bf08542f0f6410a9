package auth

import (
	"sync"
	"time"

	"github.com/cellgate/cellgate/internal/retry"
)

// Lockout defaults, used where a field is zero.
const (
	DefaultLockoutMax    = 5
	DefaultLockoutWindow = 15 * time.Minute
	DefaultLockoutBan    = 15 * time.Minute
)

// Lockout bans a key (a user name, an address) for Ban once it has failed
// Max times within Window of its first failure. It remembers at most
// MaxKeys keys, forgetting finished windows first, then unbanned keys,
// least recently seen first. Zero fields take the Default values; Clock
// nil is the machine's. Safe for concurrent use; do not copy after use.
type Lockout struct {
	Max     int
	Window  time.Duration
	Ban     time.Duration
	MaxKeys int
	Clock   retry.Clock

	mu   sync.Mutex
	keys keyed[lockState]
}

type lockState struct {
	fails       int
	first       time.Time // first failure of the window
	bannedUntil time.Time
}

func (l *Lockout) config() (max int, window, ban time.Duration, keys int) {
	max, window, ban, keys = l.Max, l.Window, l.Ban, l.MaxKeys
	if max <= 0 {
		max = DefaultLockoutMax
	}
	if window <= 0 {
		window = DefaultLockoutWindow
	}
	if ban <= 0 {
		ban = DefaultLockoutBan
	}
	if keys <= 0 {
		keys = DefaultMaxKeys
	}
	return
}

// Allowed reports whether key may try now, and if not, how long until it
// may.
func (l *Lockout) Allowed(key string) (ok bool, retryAfter time.Duration) {
	now := retry.OrSystem(l.Clock).Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	s, found := l.keys.get(key)
	if !found || !now.Before(s.bannedUntil) {
		return true, 0
	}
	return false, s.bannedUntil.Sub(now)
}

// Fail records a failed attempt by key, banning it on the Max-th failure
// within Window.
func (l *Lockout) Fail(key string) {
	max, window, ban, keys := l.config()
	now := retry.OrSystem(l.Clock).Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	s, found := l.keys.get(key)
	if !found {
		stale := func(s *lockState) bool { return l.stale(s, now, window) }
		banned := func(s *lockState) bool { return now.Before(s.bannedUntil) }
		s = l.keys.put(key, lockState{}, keys, stale, banned)
	}
	if now.Before(s.bannedUntil) {
		return // already banned; failures while banned do not extend it
	}
	if s.fails == 0 || now.Sub(s.first) >= window {
		s.fails, s.first = 0, now
	}
	s.fails++
	if s.fails >= max {
		s.bannedUntil = now.Add(ban)
		s.fails = 0
	}
}

// Succeed forgets key's failures, as after a successful login.
func (l *Lockout) Succeed(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.keys.delete(key)
}

// Len is how many keys the lockout remembers.
func (l *Lockout) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.keys.len()
}

// stale reports whether s no longer matters: not banned, no failures
// inside the window.
func (l *Lockout) stale(s *lockState, now time.Time, window time.Duration) bool {
	return !now.Before(s.bannedUntil) && (s.fails == 0 || now.Sub(s.first) >= window)
}
