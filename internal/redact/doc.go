// Package redact masks the secrets in what cellgate writes down: the PINs,
// PUKs and passwords in AT commands, the secret values of SMS console
// commands, and the text of short messages. Every log line, event, audit
// record, spool record and AT trace line that carries a command goes
// through Command; every short message body that a trace or log shows goes
// through Message (Line tells the two apart for a modem line of unknown
// kind). Logs and traces can then be shared with support.
//
// Command recognises:
//
//   - AT commands whose parameters hold secrets, wherever they stand in
//     the line, in any letter case, with or without quotes, chained with
//     ';' (AT+CPIN, AT+CPIN2, AT^CPIN, AT+CLCK, AT+CPWD, AT+CGAUTH,
//     AT+QICSGP, AT^NDISDUP, AT^AUTHDATA, AT+UAUTH, AT+UPSD=<profile>,3,
//     AT+CSTT, the PIN APDUs of AT+CSIM, the passwords of the modules'
//     MQTT, FTP and bearer clients (AT+QMTCONN, AT+QFTPCFG="account",
//     AT+UMQTT=4, AT+SAPBR=3,<cid>,"PWD"), the CMDMP keys of
//     AT+DMPCONFIG=2, and the read responses that echo them);
//   - "<key>=<value>" where the key ends in pwd, pass, password, pin, puk,
//     secret, key or token (the SMS console's pwd=, modem.pin=,
//     modem.password=, ...): the value, up to ';', is masked;
//   - the Webdyn form "Ftp=server:user:password:port;": the password;
//   - the password of a URL's user information (mqtt://user:pass@host).
//
// Values masks secrets known by value that a text may quote with nothing
// to recognise them by: the console password, an HTTPS header's token that
// a server repeats in its error.
//
// Redaction errs on the side of masking: an unterminated quote masks the
// rest of the parameter list, and a value runs to the end of the line when
// no ';' ends it.
package redact
