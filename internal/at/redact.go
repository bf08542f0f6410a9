package at

import "github.com/cellgate/cellgate/internal/redact"

// Redact returns an AT command line with its PINs, PUKs and passwords
// replaced by redact.Mask, for traces and logs: AT+CPIN="1234" becomes
// AT+CPIN="***". It is redact.Command, which every log line, event and
// audit record that carries a command goes through.
func Redact(line string) string { return redact.Command(line) }
