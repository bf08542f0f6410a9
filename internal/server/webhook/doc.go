// Package webhook delivers cellgate events to the URLs of API callbacks
// (what emnify calls its webhooks: a service profile names an api_callback
// {id, url, purpose}), at least once, from a durable outbox.
//
// # Delivery
//
// The SQL store writes each event for each callback as a row of an outbox
// in the same transaction as the change that caused it, then signals the
// Dispatcher's Wake channel. The Dispatcher claims due rows (Outbox.Due,
// with a lease, so replicas sharing one database never send the same row at
// once and a crashed replica's rows come back when the lease runs out),
// POSTs each one and records the outcome:
//
//   - 2xx: delivered.
//   - 410 Gone: the receiver says the callback no longer exists; given up.
//   - anything else (429, 5xx, other 4xx, a refused redirect, a network
//     error or timeout): retried after a jittered, doubling backoff, or after
//     the receiver's Retry-After when that is longer, until MaxAttempts.
//
// Because delivery is at least once, a receiver may see an event twice
// (after a timeout its handler did in fact complete, or after a replica
// crashed between sending and recording). X-Cellgate-Event-Id is the same
// on every attempt of one delivery, so receivers can drop repeats.
//
// # Request
//
//	POST <callback url>
//	Content-Type: application/json
//	User-Agent: cellgate-webhook/1
//	X-Cellgate-Event-Id: <stable id of this delivery>
//	X-Cellgate-Timestamp: <unix seconds of this attempt>
//	X-Cellgate-Signature: t=<same seconds>,v1=<hex HMAC-SHA256>
//
//	<the event JSON>
//
// # Signature
//
// The signature follows the scheme Stripe made familiar. The HMAC-SHA256
// key is the callback's secret; the message is the timestamp in decimal,
// a full stop, and the raw request body, byte for byte:
//
//	v1 = hex(HMAC-SHA256(secret, "<t>.<body>"))
//
// A receiver recomputes v1 over the body it received, compares it in
// constant time, and rejects a timestamp too far from its own clock (five
// minutes is usual) so that a captured request cannot be replayed later.
// Verify does all of that. The header may carry several v1 values (during a
// secret rotation); one match is enough. Each attempt is signed afresh with
// its own timestamp. A callback without a secret gets no signature header.
//
// # Callback URLs
//
// CheckURL vets a URL when a callback is configured: http or https, a host,
// no user:password, and no loopback, private, link-local or other
// non-public address (so a callback cannot be aimed at the server's own
// network: SSRF). A host name may still resolve to such an address, today
// or after the check (DNS rebinding), so NewClient's dialer checks the
// address actually connected to as well, and the client never follows a
// redirect.
package webhook
