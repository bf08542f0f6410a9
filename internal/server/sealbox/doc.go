// Package sealbox encrypts the SIM secrets cellgate-server keeps (PIN1,
// PIN2, PUK1, PUK2) before they reach the database, with AES-256-GCM and
// a key read from a file.
//
// A sealed value is text that fits any column:
//
//	v1:<keyid>:<base64url(nonce | ciphertext | tag)>
//
// where keyid is the first 8 hex digits of the SHA-256 of the key, so
// values sealed under a rotated-out key can be found and told apart, and
// the nonce is 12 random bytes drawn for every Seal. The caller passes
// associated data (the SIM's ICCID) that is authenticated but not stored:
// a value sealed for one SIM fails to open for another, so a ciphertext
// copied to another row is refused. The version and key id are
// authenticated too.
//
// Errors never carry the plaintext.
package sealbox
