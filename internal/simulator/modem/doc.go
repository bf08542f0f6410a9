// Package modem is cellgate's cellular modem simulator: it speaks AT commands
// on a pseudo-terminal (or any byte stream) so that a program that opens a
// tty — cellgate's AT engine, gammu, minicom, socat — cannot tell it from a
// real Huawei MU709 module or, with Config.Vendor, from a Quectel EC21
// (Quectel), a u-blox SARA-R410M-02B (UBlox) or a Quectel BC95-G NB-IoT
// module (QuectelNB; Config.Model "BC35-G" or "BC28" for those).
//
// The behaviour follows the HUAWEI MU709 AT application guide (the seed
// specification) and, where the guide is silent, 3GPP TS 27.007, TS 27.005
// and ITU-T V.250:
//
//   - command lines start with AT (any case), end with CR, are echoed as
//     received while echo is on (ATE1), and may hold several commands
//     (basic commands back to back, extended ones separated by ';');
//     "A/" repeats the last line;
//   - information responses are "\r\n<line>\r\n", final results "\r\nOK\r\n",
//     "\r\nERROR\r\n", "+CME ERROR: <n|text>" as AT+CMEE selects, and
//     "+CMS ERROR: <n>" for SMS commands; ATV0 makes results numeric
//     ("0\r", "4\r"; "+CME ERROR: <n>\r", V.250 5.7.2) and drops the
//     leading "\r\n" of information text and indications, ATQ1 suppresses
//     result codes (NO CARRIER included), and ATZ and AT&F restore E1 V1
//     Q0; Modem.SetResultCodes sets ATV and ATQ behind the host's back;
//   - commands from every port are processed one at a time (guide 1.2.2);
//     abortive commands (ATD, AT+CLCK, AT+COPS=?, AT+CLCC, AT^NETSCAN)
//     stop at the first character received 125 ms or more after they
//     started, with
//     "+CME ERROR: 52" (command aborted by user, 27.007 9.2.1) or, for ATD,
//     NO CARRIER; the characters received are then processed, so a new
//     command that aborts the running one runs next;
//   - AT+CMGS and AT+CMGW give the prompt "\r\n> " (nothing after it) and
//     take the payload, echoed while echo is on, up to Ctrl-Z (send) or ESC
//     (cancel: just OK); in PDU mode <length> must match the PDU, or
//     "+CMS ERROR: 304";
//   - ATD*99# answers "CONNECT <rate>" (guide 4.2: 21600000 on WCDMA for the
//     MU709, 150000000 on LTE for the EC21, none for the SARA-R4; the BC95
//     has no dial-up), AT+CGDATA and ATO a bare CONNECT, and the line is in data mode (bytes received are dropped)
//     until "+++" framed by the S12 guard time (1 s, ATS12 changes it),
//     which returns OK; ATO resumes, ATH hangs up, and a call the network
//     ends gives NO CARRIER;
//   - unsolicited result codes (^SYSSTART, RDY or the BC95 boot text at
//     power-on, +CREG/+CGREG and, on the LTE modules only, +CEREG, +CMTI,
//     +CMT, ^SMMEMFULL, ^NDISSTAT, ^JDET, +CEDRXP, ...) are sent between
//     commands, never inside a
//     response, and wait while the line is in data mode;
//   - the network can deny registration with a reject cause (+CEREG <n> 3
//     and 5; cause #11 puts the network in EF FPLMN, which automatic
//     selection then avoids), reject PDP activations with a 24.008 SM
//     cause (+CME ERROR 126-137 of 27.007 9.2.2, ^NDISSTAT),
//     grant other PSM timers and eDRX cycles than the module asked for
//     (+CEREG <n> 4 and 5, AT+CEDRXRDP), and be jammed;
//   - input that arrives while the module boots or is frozen is lost, as on
//     a real module.
//
// The parts:
//
//   - Modem with New, Serve (any io.ReadWriter, e.g. one end of net.Pipe),
//     Start and TTY (a pty with an optional symlink) and Close;
//   - the control methods in control.go, safe for concurrent use, with which
//     tests and the demo change the simulated world: signal, registration
//     and its denial, PDP rejection, PSM and eDRX grants, SIM presence and
//     PIN, incoming SMS, jamming, freezes, resets, URC storms, slow scans,
//     line garbage;
//   - the command table: one slice of command entries per concern
//     (commands_basic.go, commands_sim.go, commands_net.go,
//     commands_data.go, commands_sms.go, commands_sms_reports.go for
//     status reports (+CDS, +CDSI) and parts injected out of order,
//     commands_psm.go for PSM and eDRX,
//     commands_diag.go for the Huawei diagnostics of guide chapters 21-24,
//     and per vendor quectel.go, ublox.go, quectelnb.go), each entry naming
//     its handlers for the test (=?), read (?), set (=) and execute forms
//     and the personalities that answer it; vendor.go holds what else
//     differs between the personalities.
//
// Goroutines: Serve runs in its caller's goroutine plus one reader per stream;
// Start runs Serve in a goroutine of the Modem; timers (boot, registration,
// delayed indications) run as owned time.AfterFunc callbacks. Close stops and
// waits for all of them.
package modem
