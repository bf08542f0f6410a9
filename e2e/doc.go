// Package e2e holds cellgate's end-to-end tests: the daemon built as a
// binary and run as its own process ("cellgate run") against a real
// Mosquitto with client-certificate TLS, the modem and PLC simulators on
// pseudo-terminals, and an MQTT client standing in for the server. The tests
// need installed programs and carry the integration build tag:
//
//	CELLGATE_REQUIRE_INTEGRATION=1 go test -tags integration -count=1 -v ./e2e
//
// With CELLGATE_REQUIRE_INTEGRATION=1 a missing program fails the tests
// instead of skipping them.
package e2e
