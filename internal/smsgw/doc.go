// Package smsgw is cellgate's modem SMS service: it receives, reassembles
// and sends short messages through the AT engine, in PDU mode (Huawei MU709
// AT guide chapter 9, 3GPP TS 27.005).
//
// Run sets the modem up (AT+CMGF=0, AT+CSCA when Config.SMSC is set,
// AT+CPMS, AT+CNMI), sweeps the messages already stored (AT+CMGL=4) and
// then follows the modem's indications: +CMTI (a message stored: read with
// AT+CMGR, handed on, deleted with AT+CMGD), +CMT (a message shown at once,
// Config.Direct), +CDS and +CDSI (status reports) and ^SMMEMFULL (storage
// full: sweep again). After the modem restarts (at.EventRestarted) or comes
// back (at.EventAvailable) the setup runs again, followed by a sweep.
// Repeats of a +CMTI or +CDSI for the same storage and index, or of
// ^SMMEMFULL, that come while the first still waits to be served are merged
// into it: a burst of indications costs one read (or one sweep), and an
// indication that comes after the read is served again.
//
// Concatenated messages are put together by an sms.Reassembler; a message
// still missing parts after Config.Gap (or Config.Total from its first
// part) is handed on marked Incomplete.
//
// Delivery is at least once: a stored message, and every stored part of a
// concatenated one, is deleted from the modem only after the message was
// handed on, that is after the receiver of Messages took it. If the process
// dies in between, the next Run finds the message again in its startup
// sweep and hands it on a second time (the SMS console keeps a journal of
// the requests it ran and does not run one again). Two exceptions, both
// logged: in
// Direct mode the parts of a concatenated message live only in memory once
// acknowledged (AT+CNMA), and when the storage is full while parts wait for
// their siblings, the waiting parts are deleted from the modem to make room
// and kept in memory only.
//
// A PDU that cannot be decoded is logged at warn level with its raw hex,
// and only then deleted: nothing is lost silently, and a broken message
// cannot fill the storage.
//
// Send splits a text with sms.SubmitParts and sends each part with
// AT+CMGS=<length> and the PDU after the prompt, recording each part's
// TP-MR. With SendOptions.StatusReport, the status reports that come back
// are matched to the sent part by TP-MR and recipient and given on Reports.
//
// Goroutines: Run runs in its caller's goroutine; the URC handlers it
// registers on the engine only queue what they saw, so the engine's
// dispatcher never waits for the service. Everything stops when Run's
// context ends.
package smsgw
