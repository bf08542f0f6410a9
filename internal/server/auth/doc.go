// Package auth holds the building blocks cellgate-server authenticates and
// authorises with: argon2id password hashes in PHC form, random
// application and refresh tokens kept only as SHA-256 hashes, short-lived
// HS256 access tokens, roles and the actions they allow, TOTP second
// factors with replay protection, a login lockout and a per-key rate
// limiter.
//
// Nothing here touches the network or a database: the HTTP layer and the
// store call these functions and keep what they return. Every time-based
// piece takes a retry.Clock so tests advance time instead of sleeping.
package auth
