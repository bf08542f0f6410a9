// Package gsm holds cellgate's codecs for what cellular modems print: the
// 3GPP TS 27.007 information responses and unsolicited result codes
// (+CREG/+CGREG/+CEREG/+C5GREG, +COPS, +CSQ, +CESQ, +CPIN, +CPSMS, +CEDRXS,
// +CEDRXRDP, +CRSM), the vendor lines cellgate meets on Huawei modules
// (^HCSQ, ^SYSINFOEX, ^CPIN, ^NDISSTAT, ^NDISEND, ^MONSC, ^MONNC, ^NETSCAN,
// ^JDET, ^CELLLOCK) and Quectel modules (+QCSQ, +QPINC, +DMPCONFIG), and the
// binary encodings behind them: GPRS timer 2 and 3 (T3324, T3412 extended,
// TS 24.008 10.5.7.3/10.5.7.4a), the extended DRX parameters (24.008
// 10.5.5.32) and PLMN BCD (24.008 10.5.1.13, 31.102 EF FPLMN).
//
// Every function is pure: a string in, a value out, no I/O and no state. A
// parser takes one response line as the modem sent it (surrounding white
// space, a trailing CR and stray spaces around parameters are tolerated) and
// either returns the decoded value or a *ParseError that names the prefix,
// the parameter and the line:
//
//	gsm: +CREG: bad <stat> "x" in "+CREG: 2,x"
//
// Parsers never panic, whatever the input; the fuzz targets in the tests
// hold them to that. Decode dispatches a line to the right parser by its
// prefix; `cellgate at decode` is built on it.
//
// Conventions. Optional integers that are absent decode as -1; optional hex
// strings (LAC, TAC, cell identity) as "" and otherwise upper case without
// quotes. Signal levels are in dBm (powers) and dB (ratios); an index the
// standard maps to a 1 dB (or 0.5 dB, 0.2 dB) range is reported as the lower
// edge of that range, and index 0 ("below the lowest edge") one step below
// it, as ModemManager reports them: 27.007 +CESQ <rsrp> 1 ("-140 <= rsrp <
// -139 dBm") and Huawei ^HCSQ <lte_rsrp> 1 are both -140 dBm, <rsrp> 0
// ("rsrp < -140 dBm") is -141 dBm. Levels a module prints in dBm (+CSQ's
// 27.007 points, +QCSQ, ^MONSC) are taken as they stand. Durations are
// time.Duration; a GPRS timer whose unit says "deactivated" decodes to
// TimerDeactivated together with ErrTimerDeactivated.
package gsm
