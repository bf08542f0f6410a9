package gateway

import (
	"fmt"
	"time"

	"github.com/cellgate/cellgate/internal/console"
	"github.com/cellgate/cellgate/internal/record"
	"github.com/cellgate/cellgate/internal/redact"
)

// auditConsole records a request to the SMS console as an "sms"/"console"
// event: a one-line detail, and the entry's fields as values (from,
// command, accepted, result, and its time in RFC 3339, UTC). The console
// has masked the secrets already; they are masked again here, as every
// record that carries a command is.
func (p *parts) auditConsole(a console.AuditEntry) {
	cmd, result := redact.Command(a.Command), redact.Command(a.Result)
	verdict := "refused"
	if a.Accepted {
		verdict = "accepted"
	}
	p.event("sms", "console", fmt.Sprintf("%q from %s %s: %s", cmd, a.From, verdict, result),
		record.Value{Name: "from", Value: a.From},
		record.Value{Name: "command", Value: cmd},
		record.Value{Name: "accepted", Value: a.Accepted},
		record.Value{Name: "result", Value: result},
		record.Value{Name: "time", Value: a.Time.UTC().Format(time.RFC3339)},
	)
}
