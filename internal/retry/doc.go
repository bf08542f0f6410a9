// Package retry is how cellgate waits before it tries again: a doubling
// backoff with jitter, a sleep that ends with its context, and a clock that
// tests drive instead of sleeping.
//
// Every component that reconnects, reopens or repeats (the AT engine, the
// modem manager, the Modbus buses, the SMS service, the uplinks, the
// watchdog layers) waits through this package, so a fleet that lost its
// broker or its network does not come back in lockstep and a test can say
// "advance ten minutes" rather than wait for them.
package retry
