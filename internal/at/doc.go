// Package at is cellgate's AT command engine: the one owner of the modem's
// serial port.
//
// Every command from any part of cellgate goes through an Engine's queue and is
// written to the modem one at a time, in order, the way the modem itself
// processes them (Huawei MU709 AT guide 1.2.2). The parts:
//
//   - Framer turns the byte stream into lines and the "> " data prompt, with a
//     bound on line length so garbage cannot exhaust memory.
//   - ParseFinal recognises final result codes (OK, ERROR, +CME ERROR,
//     +CMS ERROR, NO CARRIER, BUSY, NO ANSWER, NO DIALTONE, CONNECT, ...).
//   - CMEError and CMSError carry the numeric code and its 27.007/27.005
//     meaning; ResultError carries other failing final results. These are
//     package atresult's, which the codecs of package gsm share without the
//     engine; ErrTimeout, ErrClosed, ErrUnavailable and ErrAborted are the
//     engine's own sentinels.
//   - Engine runs the queue, per-command timeouts (seed table 1-2), abortive
//     commands, unsolicited result codes (URCs) by prefix, including two-line
//     URCs such as +CMT, and the health procedure of guide 1.2.3: after a
//     timeout it probes with the restoring commands, ATE0V1Q0 and, should
//     that be answered (or echoed) but not with OK, AT&F followed by
//     Config.Init, so that a module left in numeric (ATV0) or quiet (ATQ1)
//     result code mode is restored, not taken for dead, and EventRestored
//     says so; a module that answers nothing at all may be busy and never
//     gets AT&F; three probe timeouts in a row make the
//     modem unavailable, the port is closed and reopened with backoff until
//     the modem answers again. Reopen forces that cycle at once (a watchdog's
//     first recovery step); Recover, for a watchdog's reset step only, sends
//     one command past the availability gate on a fresh port. A port closed
//     while a message's prompt may still come is reopened with ESC first, so
//     that the probes are not typed into the text of a message.
//   - Tracer writes a timestamped raw traffic trace with PINs, PUKs and
//     passwords redacted, and the text of short messages replaced by its
//     length, so that a trace can be shared.
//   - OpenSerial opens a real serial device (baud, 8N1, optional RTS/CTS).
//
// Goroutines: an Engine owns a command loop (which alone writes to the port and
// holds the command state), one reader per open port, and one dispatcher that
// calls URC and event handlers in order. Handlers may issue commands.
package at
