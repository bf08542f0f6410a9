// Package rig holds the test rigs cellgate's tests share across packages:
// certificates on disk, a real mosquitto, the embedded broker, the modem
// simulator with the AT engine on it, and the PLC simulator.
//
// It is for _test.go files only, by convention: nothing in the binaries
// imports it. Unlike internal/testkit, which stays a leaf, it imports the
// simulators, the AT engine, the broker and the certificate authority, so
// the in-package tests of those packages (and of what they import) cannot
// use it; an external test package (package x_test) can.
package rig
