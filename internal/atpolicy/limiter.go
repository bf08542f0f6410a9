package atpolicy

import (
	"errors"
	"sync"
	"time"
)

// ErrRateLimited: the source sent too many commands.
var ErrRateLimited = errors.New("atpolicy: too many commands, try again later")

// Limiter allows at most N commands per source in any window of Per.
type Limiter struct {
	N   int
	Per time.Duration
	Now func() time.Time

	mu   sync.Mutex
	seen map[string][]time.Time
}

// Allow records a command from source and reports whether it is within the
// limit; over the limit it returns ErrRateLimited.
func (l *Limiter) Allow(source string) error {
	now := time.Now
	if l.Now != nil {
		now = l.Now
	}
	t := now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil {
		l.seen = map[string][]time.Time{}
	}
	recent := l.seen[source][:0]
	for _, s := range l.seen[source] {
		if t.Sub(s) < l.Per {
			recent = append(recent, s)
		}
	}
	if len(recent) >= l.N {
		l.seen[source] = recent
		return ErrRateLimited
	}
	l.seen[source] = append(recent, t)
	if len(l.seen) > 1024 { // forget the quiet sources
		for k, v := range l.seen {
			if len(v) == 0 || t.Sub(v[len(v)-1]) >= l.Per {
				delete(l.seen, k)
			}
		}
	}
	return nil
}
