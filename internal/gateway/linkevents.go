package gateway

import (
	"context"
	"time"

	"github.com/cellgate/cellgate/internal/at"
)

// The AT engine's own events (a command timed out and what the module
// showed, the result codes restored, the module answering again) become
// events of source "modem". A module that times out on every command must
// not fill the spool with them: a burst of linkEventBurst is recorded, then
// one per linkEventEvery, the rest counted.
const (
	linkEventBurst = 30
	linkEventEvery = time.Minute
)

// linkKinds names the engine's events recorded; the manager reports the
// others (a restart, the module unavailable) itself.
var linkKinds = map[at.EventKind]string{
	at.EventTimeout:   "command-timeout",
	at.EventRestored:  "result-codes-restored",
	at.EventAvailable: "link-available",
}

// forwardLinkEvents records the engine's events until ctx ends. The
// engine's dispatcher only hands them over: recording waits for the spool.
func (p *parts) forwardLinkEvents(ctx context.Context) {
	ch := make(chan at.Event, 64)
	remove := p.eng.Listen(func(ev at.Event) {
		if _, ok := linkKinds[ev.Kind]; !ok {
			return
		}
		select {
		case ch <- ev:
		default:
			p.g.obs.held.With("modem-link").Inc()
		}
	})
	defer remove()
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-ch:
			p.linkEvent(ev)
		}
	}
}

// linkEvent records one engine event within the rate.
func (p *parts) linkEvent(ev at.Event) {
	note, ok := p.admitEvent(p.g.linkEvents, ev.Time, "modem-link", "link events")
	if !ok {
		return
	}
	p.event("modem", linkKinds[ev.Kind], ev.Detail+note)
}
