// Package atparam holds the rules for the values cellgate writes into AT
// command parameters, and Quote, the one way such a value becomes a quoted
// string parameter.
//
// The configuration file (internal/config), the SMS console's set command
// (internal/console) and the modem manager all use these rules, so that a
// value refused in one place is refused in every other. Each rule returns ""
// for a good value and otherwise a short phrase saying what is wrong, fit
// for a configuration error or an SMS reply; a phrase never repeats the
// value, which may be a secret.
//
// V.250 and 3GPP TS 27.007 string parameters have no escape for the double
// quote, and a carriage return ends the command line wherever it appears, so
// Quote refuses rather than alters: a value with a quote, a control
// character or a non-ASCII character never reaches the line, even if a
// caller forgot to validate it.
package atparam
