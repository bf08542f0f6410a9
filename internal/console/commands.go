package console

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cellgate/cellgate/internal/redact"
)

// Limits on what a command may carry.
const (
	maxCommand = 480 // three single-part SMS
	maxValue   = 100 // an APN is at most 100 octets (3GPP TS 23.003 9.1)
	maxKey     = 64
	maxAT      = 128
)

// helpText lists the commands; it fits one SMS.
const helpText = "<password> then: status|connect|factory|reboot|get <key>|set <key>=<value>;...|at <cmd>|apn=<apn>;usr=<user>;pwd=<pass>;"

// apnKeys maps the keys of the apn= command to configuration keys.
var apnKeys = map[string]string{"apn": "modem.apn", "usr": "modem.user", "pwd": "modem.password"}

// outcome is what running one authenticated command produced.
type outcome struct {
	reply    string
	accepted bool
	after    func(ctx context.Context) error
}

func refused(format string, args ...any) outcome {
	return outcome{reply: "refused: " + fmt.Sprintf(format, args...)}
}

func done(reply string) outcome { return outcome{reply: reply, accepted: true} }

// run parses and runs one command (the message without its password).
func (c *Console) run(ctx context.Context, cmd string) outcome {
	if err := checkText(cmd); err != "" {
		return refused("%s", err)
	}
	if cmd == "" {
		return done(helpText)
	}
	word, rest := cmd, ""
	if i := strings.IndexByte(cmd, ' '); i >= 0 {
		word, rest = cmd[:i], strings.TrimSpace(cmd[i+1:])
	}
	kw := strings.ToLower(word)
	switch kw {
	case "status", "connect", "factory", "reboot", "help":
		if rest != "" {
			return refused("%s takes no arguments", kw)
		}
	}
	switch kw {
	case "help":
		return done(helpText)
	case "status":
		return c.status(ctx)
	case "connect":
		if err := c.b.Connect(ctx); err != nil {
			return outcome{reply: "connect failed: " + errText(err), accepted: true}
		}
		return done("connected")
	case "factory":
		if err := c.b.Factory(ctx); err != nil {
			return outcome{reply: "factory failed: " + errText(err), accepted: true}
		}
		return done("factory settings restored")
	case "reboot":
		return outcome{reply: "rebooting", accepted: true, after: c.b.Reboot}
	case "get":
		return c.get(rest)
	case "set":
		return c.set(ctx, rest)
	case "at":
		return c.at(ctx, rest)
	}
	if isAPNForm(strings.ToLower(cmd)) {
		return c.apn(ctx, cmd)
	}
	return outcome{reply: fmt.Sprintf("unknown command %q; send \"<password> help\"", redact.Command(printable(word, 16)))}
}

// checkText refuses what no command may contain, naming the problem.
func checkText(s string) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8 in command"
	}
	if n := utf8.RuneCountInString(s); n > maxCommand {
		return fmt.Sprintf("command too long (%d > %d characters)", n, maxCommand)
	}
	for _, r := range s {
		if p := badRune(r); p != "" {
			return p + " in command"
		}
	}
	return ""
}

// badRune names a character no command may contain.
func badRune(r rune) string {
	switch {
	case r == 0:
		return "NUL character"
	case r == '\r' || r == '\n':
		return "line break"
	case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
		return fmt.Sprintf("control character 0x%02X", r)
	}
	return ""
}

// checkValue refuses a configuration value that could break out of the AT
// parameter it ends up in, naming the problem.
func checkValue(v string) string {
	if n := utf8.RuneCountInString(v); n > maxValue {
		return fmt.Sprintf("value too long (%d > %d characters)", n, maxValue)
	}
	for _, r := range v {
		if p := badRune(r); p != "" {
			return p + " in value"
		}
		switch {
		case r == '"' || r == '\'' || r == '`':
			return "quote in value"
		case r == '\\':
			return "backslash in value"
		case r >= 0x80:
			return "non-ASCII character in value"
		}
	}
	return ""
}

// checkKey refuses a malformed configuration key.
func checkKey(k string) string {
	if k == "" {
		return "missing key"
	}
	if len(k) > maxKey {
		return "key too long"
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return fmt.Sprintf("bad character %q in key", printable(string(c), 1))
		}
	}
	return ""
}

// isAPNForm reports whether a lower-cased command is the apn=...;usr=...;
// pwd=...; form: its first key is apn, usr or pwd.
func isAPNForm(lower string) bool {
	i := strings.IndexByte(lower, '=')
	if i < 0 {
		return false
	}
	_, ok := apnKeys[strings.TrimSpace(lower[:i])]
	return ok
}

// parseAssignments parses "<key>=<value>[;<key>=<value>...][;]". key maps
// each (lower-cased) key to the configuration key or returns a problem.
func parseAssignments(s string, key func(string) (string, string)) (map[string]string, string) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, ";")
	if strings.TrimSpace(s) == "" {
		return nil, "nothing to set"
	}
	changes := map[string]string{}
	for n, part := range strings.Split(s, ";") {
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Sprintf("field %d: missing '='", n+1)
		}
		k, p := key(strings.ToLower(strings.TrimSpace(k)))
		if p != "" {
			return nil, fmt.Sprintf("field %d: %s", n+1, p)
		}
		if _, dup := changes[k]; dup {
			return nil, k + ": given twice"
		}
		v = strings.TrimSpace(v)
		if p := checkValue(v); p != "" {
			return nil, k + ": " + p
		}
		changes[k] = v
	}
	// Each value by its key's rules (the AT parameter rules for what goes
	// to the modem), before anything reaches the backend.
	for _, k := range slices.Sorted(maps.Keys(changes)) {
		if err := ValidateSetting(k, changes[k]); err != nil {
			return nil, err.Error()
		}
	}
	return changes, ""
}

// apn runs "apn=<apn>;usr=<user>;pwd=<pass>;": set, then re-dial.
func (c *Console) apn(ctx context.Context, cmd string) outcome {
	changes, p := parseAssignments(cmd, func(k string) (string, string) {
		if full, ok := apnKeys[k]; ok {
			return full, ""
		}
		return "", fmt.Sprintf("unknown key %q (apn, usr, pwd)", printable(k, 16))
	})
	if p != "" {
		return refused("%s", p)
	}
	if _, err := c.b.Set(ctx, changes); err != nil {
		return refused("%s", errText(err))
	}
	if err := c.b.Connect(ctx); err != nil {
		return outcome{reply: "apn set; connect failed: " + errText(err), accepted: true}
	}
	return done("apn set; connected")
}

// set runs "set <key>=<value>[;...]".
func (c *Console) set(ctx context.Context, args string) outcome {
	changes, p := parseAssignments(args, func(k string) (string, string) { return k, checkKey(k) })
	if p != "" {
		return refused("%s", p)
	}
	note, err := c.b.Set(ctx, changes)
	if err != nil {
		return refused("%s", errText(err))
	}
	keys := make([]string, 0, len(changes))
	for k := range changes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if note != "" {
		note = " (" + errText(errors.New(note)) + ")"
	}
	return done("set " + strings.Join(keys, ",") + note)
}

// get runs "get <key>".
func (c *Console) get(key string) outcome {
	key = strings.ToLower(key)
	if p := checkKey(key); p != "" {
		return refused("%s", p)
	}
	v, err := c.b.Get(key)
	if err != nil {
		return outcome{reply: "error: " + errText(err), accepted: true}
	}
	if isSecretKey(key) && v != "" {
		v = Masked
	}
	return done(key + "=" + printable(v, maxValue))
}

// at runs "at <command>" after checking it is one well-formed AT command.
func (c *Console) at(ctx context.Context, cmd string) outcome {
	if p := checkAT(cmd); p != "" {
		return refused("%s", p)
	}
	resp, err := c.b.AT(ctx, cmd)
	if err != nil {
		return outcome{reply: "at failed: " + errText(err), accepted: true}
	}
	// The passwords a read command shows (AT+QICSGP=1, AT^AUTHDATA?) are
	// masked line by line before the lines are joined.
	resp = strings.Join(strings.Fields(printableLines(redact.Command(resp))), " ")
	if resp == "" {
		resp = "OK"
	}
	return done(resp)
}

// checkAT refuses anything but one AT command of printable ASCII: no ';'
// chaining, no unbalanced quote, no line break.
func checkAT(cmd string) string {
	if cmd == "" {
		return "missing AT command"
	}
	if len(cmd) > maxAT {
		return fmt.Sprintf("AT command too long (%d > %d)", len(cmd), maxAT)
	}
	if len(cmd) < 2 || !strings.EqualFold(cmd[:2], "AT") {
		return "AT command must start with AT"
	}
	quotes := 0
	for i := 0; i < len(cmd); i++ {
		switch c := cmd[i]; {
		case c == ';':
			return "';' in AT command (one command only)"
		case c == '"':
			quotes++
		case c == '\\':
			return "backslash in AT command"
		case c < 0x20 || c > 0x7e:
			return "non-printable character in AT command"
		}
	}
	if quotes%2 != 0 {
		return "unbalanced quote in AT command"
	}
	return ""
}

// status runs "status": one compact line.
func (c *Console) status(ctx context.Context) outcome {
	s, err := c.b.Status(ctx)
	if err != nil {
		return outcome{reply: "status failed: " + errText(err), accepted: true}
	}
	return done(FormatStatus(s))
}

// FormatStatus renders s compactly, for example
// "op:Telekom.de reg:home sig:4/5 -71dBm ip:10.1.2.3 up:3d4h spool:12".
// Unknown fields show as "-".
func FormatStatus(s Status) string {
	field := func(v string) string {
		v = strings.Join(strings.Fields(printable(v, 40)), "_")
		if v == "" {
			return "-"
		}
		return v
	}
	sig := strconv.Itoa(min(max(s.SignalBars, 0), 5)) + "/5"
	if s.SignalDBm != nil && !math.IsNaN(*s.SignalDBm) && !math.IsInf(*s.SignalDBm, 0) {
		sig += " " + strconv.FormatFloat(math.Round(*s.SignalDBm), 'f', 0, 64) + "dBm"
	}
	return fmt.Sprintf("op:%s reg:%s sig:%s ip:%s up:%s spool:%d",
		field(s.Operator), field(s.Registration), sig, field(s.IP), formatUptime(s.Uptime), s.Backlog)
}

// formatUptime keeps the two largest units: "3d4h", "4h12m", "12m30s".
func formatUptime(d time.Duration) string {
	if d < 0 {
		return "-"
	}
	d = d.Truncate(time.Second)
	days, h, m, sec := int64(d/(24*time.Hour)), int64(d/time.Hour)%24, int64(d/time.Minute)%60, int64(d/time.Second)%60
	switch {
	case days > 0:
		return fmt.Sprintf("%dd%dh", days, h)
	case h > 0:
		return fmt.Sprintf("%dh%dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm%ds", m, sec)
	}
	return fmt.Sprintf("%ds", sec)
}

// errText is an error message fit for a reply, its secrets masked
// (redact.Command).
func errText(err error) string {
	return printable(redact.Command(printableLines(err.Error())), 120)
}

// printableLines turns line breaks into spaces.
func printableLines(s string) string {
	return strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
}
