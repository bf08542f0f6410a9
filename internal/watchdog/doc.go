// Package watchdog is cellgate's layered watchdog: it checks the modem, the
// network and the application, each on its own schedule, and escalates
// through recovery actions when a layer stays unhealthy.
//
// The layers follow the SGP.32 guide's watchdog design (section 12): the
// modem layer pings the module with AT (ATPing; a ping still queued behind
// a command the module is working on passes), the network layer checks
// registration and the data bearer (Registered) and reaches a known endpoint
// (Reachable, TCP or ICMP echo), the application layer watches the uplink
// (Uplink, Backlog). "Each layer has an independent recovery action, from
// software restart to modem power cycle to full device reboot": a Layer has
// a ladder of Actions, mildest first (Reopen, ResetModem, which reaches the
// module past the AT engine's availability gate, Hook for a GPIO
// power cycle or a reboot command, a re-dial, an uplink restart).
//
// The ladder: a layer is checked every Interval. After Failures consecutive
// failed checks it runs its first action; checks go on, and after another
// Failures failed checks, and no sooner than Backoff after the last action,
// it runs the next one. When the ladder is exhausted the last action repeats
// on the same terms, except that the wait doubles with every repeat up to
// MaxBackoff (from Interval when Backoff is zero): a layer that stays down
// is tried, and reported, for ever, but not hammered. A passing check resets the ladder. Each layer runs in
// its own goroutine; its checks and actions run one at a time, each bounded
// by a timeout, so a check or action that hangs cannot hang the layer.
//
// Every event (failed, action, action-failed, exhausted, recovered) is logged
// as one line and handed to Config.OnEvent; Stats gives counters per layer.
package watchdog
