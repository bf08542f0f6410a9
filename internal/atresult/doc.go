// Package atresult knows the final result codes of AT commands (V.250 6.2.1
// and 3GPP TS 27.007/27.005): which lines end a command, whether they mean
// success, and what a +CME ERROR or +CMS ERROR number means.
//
// ParseFinal is a pure function of one line; CMEError, CMSError and
// ResultError are the errors a failing final result carries, comparable with
// errors.Is by code (or result text). The AT engine (package at) ends its
// commands with it, and the response codecs (package gsm) decode final
// results with it, without depending on the engine.
package atresult
