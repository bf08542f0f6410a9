// Package asn1ref is an independent reference codec for the eSIM ES10
// structures, for cross-checking cellgate's hand-written codec in tests.
//
// It compiles the ASN.1 modules published with the specifications, GSMA
// SGP.22 RSPDefinitions and GSMA SGP.32 v1.2 SGP32Definitions (vendored
// verbatim in testdata/, each with a header naming its source), with
// Erlang's ASN.1 compiler (erlc, BER back end with DER encoding) and runs
// the compiled codec in one long-lived erl process per test binary.
//
// The PKIX1Explicit88 and PKIX1Implicit88 modules the two import are
// minimal stubs (testdata/PKIX1*.asn): certificates, CRLs and public keys
// keep their outer SEQUENCE with opaque contents, SubjectKeyIdentifier is
// the OCTET STRING of RFC 5280 and Time its CHOICE.
//
// Before compiling, lines holding only a comment are blanked: X.680 ends a
// comment at the next "--", and the header notes of the SGP.32 source
// quote "-- Section", which would otherwise leave text outside a comment.
// Erlang's compiler always tags a CHOICE explicitly, where X.680 §31.2.7
// tags a CHOICE that has its own tag implicitly ("[81] EuiccPackageResult"
// is one 'BF51' on the wire); the compiled copy therefore refers to untagged
// twins of those CHOICE types, which gives the X.680 bytes (choicetags.go).
// Nothing else of the module text is changed.
//
// Erlang's BER codec checks tags, lengths and structure, not size or value
// constraints: an Iccid of the wrong length still encodes.
//
// Compile skips the test when erlc is not installed (apt-get install
// erlang-asn1 erlang-base), or fails it when CELLGATE_REQUIRE_INTEGRATION
// is set. The tests that use it build with the integration tag.
package asn1ref
