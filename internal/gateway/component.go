package gateway

import (
	"context"
	"log/slog"
	"sync"
)

// component is a part of the gateway that owns goroutines.
type component interface {
	// Start starts the component's work, which goes on until Close. ctx
	// bounds the start only: a Start that waits (the identity's) returns
	// ctx's error once it ends.
	Start(ctx context.Context) error
	// Close stops what Start started and waits for it, then releases what
	// the component's constructor opened. It is called once, whatever
	// Start returned, or without Start when the start never reached it.
	Close() error
}

// entry is a component in a list, with what to do when it cannot start.
type entry struct {
	name string
	c    component
	// failed reports an error of Start that lets the start go on with the
	// next component; without it the error ends the start.
	failed func(error)
}

// components is an ordered list of components: start starts them one
// after the other, close stops them in reverse order. A component that
// waits in Start (for the gateway's identity) holds back those after it.
type components struct {
	log     *slog.Logger
	entries []entry

	mu      sync.Mutex
	started int  // the entries whose Start was called
	closed  bool // close was called: start nothing more
	cancel  context.CancelFunc
	done    chan struct{} // closed when the start has ended
}

// add appends c to the list.
func (l *components) add(name string, c component, failed func(error)) {
	l.entries = append(l.entries, entry{name: name, c: c, failed: failed})
}

// start starts the components in order in the background and returns at
// once. After close it starts nothing.
func (l *components) start(ctx context.Context) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed || l.done != nil {
		return
	}
	ctx, l.cancel = context.WithCancel(ctx)
	l.done = make(chan struct{})
	go func() {
		defer close(l.done)
		for _, e := range l.entries {
			if !l.next() {
				return
			}
			err := e.c.Start(ctx)
			switch {
			case err == nil:
			case ctx.Err() != nil:
				return
			case e.failed != nil:
				e.failed(err)
			default:
				l.log.Error("start ended", "component", e.name, "err", err)
				return
			}
		}
	}()
}

// next counts the next entry as started, unless the list is closed.
func (l *components) next() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return false
	}
	l.started++
	return true
}

// close ends the start (a Start under way returns first) and closes the
// components started, the last first; then those never started, to
// release what their constructors opened.
func (l *components) close() {
	l.mu.Lock()
	l.closed = true
	cancel, done := l.cancel, l.done
	l.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
	for i := len(l.entries) - 1; i >= 0; i-- {
		if err := l.entries[i].c.Close(); err != nil {
			l.log.Warn("closing", "component", l.entries[i].name, "err", err)
		}
	}
}

// routines are a component's goroutines: they share one context, which
// stop ends before it waits for them. The context does not end with the
// one they started on: a component stops when the list closes it.
type routines struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// init makes the routines' context from ctx's values.
func (r *routines) init(ctx context.Context) {
	r.ctx, r.cancel = context.WithCancel(context.WithoutCancel(ctx))
}

// Go runs fn in a goroutine of the routines.
func (r *routines) Go(fn func(ctx context.Context)) {
	r.wg.Add(1)
	go func() { defer r.wg.Done(); fn(r.ctx) }()
}

// stop ends the routines' context and waits for them; without init it
// does nothing.
func (r *routines) stop() {
	if r.cancel == nil {
		return
	}
	r.cancel()
	r.wg.Wait()
}

// startStep is a step of the start with nothing to stop: something to do
// once the components before it have started.
type startStep func()

func (s startStep) Start(context.Context) error { s(); return nil }

func (startStep) Close() error { return nil }
