package collect

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cellgate/cellgate/internal/retry"
)

// open opens a client and makes it current; the caller holds opening.
func (l *line) open(ctx context.Context) (uint64, error) {
	c, err := l.Open(ctx)
	if err == nil && c == nil {
		err = errors.New("no client")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		l.cause = err
		return 0, err
	}
	l.cur, l.cause, l.worked = c, nil, false
	l.gen++
	return l.gen, nil
}

// run opens the bus and opens it again whenever its client fails, until
// ctx ends; then it closes the client. Failed opens are retried after
// min, doubling up to max; a client that worked is replaced at once, one
// that failed before it worked after the same backoff. A failure is logged
// when it starts, not at every attempt.
func (l *line) run(ctx context.Context, minDelay, maxDelay time.Duration) {
	defer l.shutdown()
	backoff := retry.Backoff{Min: minDelay, Max: maxDelay}
	attempts, openFailing, first := 0, false, true
	for {
		l.opening.Lock()
		_, err := l.open(ctx)
		l.opening.Unlock()
		if ctx.Err() != nil {
			return
		}
		attempts++
		if err != nil {
			delay := backoff.Next()
			if !openFailing {
				l.log.Warn("cannot open modbus bus; retrying", "err", err, "retry", delay)
				openFailing = true
			} else {
				l.log.Debug("cannot open modbus bus", "err", err, "attempts", attempts, "retry", delay)
			}
			if !retry.Sleep(ctx, delay) {
				return
			}
			continue
		}
		if first || openFailing {
			l.log.Info("modbus bus open", "attempts", attempts)
		} else {
			l.log.Debug("modbus bus opened again", "attempts", attempts)
		}
		attempts, openFailing, first = 0, false, false
		worked, cause := l.waitFailure(ctx)
		if ctx.Err() != nil {
			return
		}
		if worked {
			l.log.Warn("modbus bus failed; opening it again", "err", cause)
			backoff.Reset()
			continue
		}
		delay := backoff.Next()
		l.log.Debug("modbus client failed before it worked", "err", cause, "retry", delay)
		if !retry.Sleep(ctx, delay) {
			return
		}
	}
}

// waitFailure waits until the current client fails, closes it and says why.
func (l *line) waitFailure(ctx context.Context) (worked bool, cause error) {
	for {
		select {
		case <-ctx.Done():
			return false, nil
		case <-l.broken:
		}
		l.mu.Lock()
		dead, open, cause, worked := l.dead, l.cur != nil, l.cause, l.deadOK
		l.dead = nil
		l.mu.Unlock()
		closeAll(dead)
		if !open {
			return worked, cause
		}
	}
}

// shutdown closes the clients at the end of Run.
func (l *line) shutdown() {
	l.mu.Lock()
	dead := append(l.dead, l.cur)
	l.cur, l.dead, l.managed = nil, nil, false
	l.gen++
	l.mu.Unlock()
	closeAll(dead)
}

// acquire makes sure the bus has a client for one poll, outside Run: it
// opens one, which release closes. Under Run it does nothing.
func (l *line) acquire(ctx context.Context) (release func(), err error) {
	nothing := func() {}
	l.mu.Lock()
	managed := l.managed
	l.mu.Unlock()
	if managed {
		return nothing, nil
	}
	l.opening.Lock()
	l.mu.Lock()
	managed = l.managed
	l.mu.Unlock()
	if managed {
		l.opening.Unlock()
		return nothing, nil
	}
	gen, err := l.open(ctx)
	if err != nil {
		l.opening.Unlock()
		return nil, fmt.Errorf("%w: %s: %w", ErrNotOpen, l.Name, err)
	}
	return func() {
		l.mu.Lock()
		dead := l.dead
		if l.gen == gen {
			dead = append(dead, l.cur)
			l.cur = nil
			l.gen++
		}
		l.dead = nil
		select {
		case <-l.broken:
		default:
		}
		l.mu.Unlock()
		closeAll(dead)
		l.opening.Unlock()
	}, nil
}
