package modem

import "time"

// signalEventGap is the least time between two signal events for a change
// of one bar.
const signalEventGap = 5 * time.Minute

// signalGate decides which changes of the signal bars become events, so that
// a signal hovering at a bar's edge does not send one every poll for years:
// a change to or from 0 bars, or of two bars or more, is reported at once; a
// change of one bar only once two polls in a row agree on it, and no sooner
// than signalEventGap after the last signal event.
type signalGate struct {
	reported int       // the bars last reported (0 before the first poll)
	pending  int       // a one-bar change seen once (0 none: 0 bars is never pending)
	at       time.Time // when bars were last reported
}

// observe takes a poll's bars and reports whether they make an event.
func (g *signalGate) observe(bars int, now time.Time) bool {
	if bars == g.reported {
		g.pending = 0
		return false
	}
	d := bars - g.reported
	report := bars == 0 || g.reported == 0 || d >= 2 || d <= -2 ||
		(g.pending == bars && now.Sub(g.at) >= signalEventGap)
	if !report {
		g.pending = bars
		return false
	}
	g.reported, g.pending, g.at = bars, 0, now
	return true
}
