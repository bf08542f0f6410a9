package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"regexp"
	"strconv"
	"strings"

	"github.com/cellgate/cellgate/internal/gsm"
)

// atDecodeHelp is the text of "cellgate at decode -h".
const atDecodeHelp = `Decodes modem response lines (registration, operator, signal, SIM, PSM and
eDRX timers, SIM file access, Huawei and Quectel reports) and prints one JSON
object per line:

  {"line": "+CSQ: 11,99", "type": "+CSQ", "value": {...}}
  {"line": "+FOO: 1", "error": "..."}

With no LINE it reads a whole modem log from stdin: blank lines, OK and
command echoes are skipped; timestamps are stripped, and cellgate's trace
format (2026-11-24T15:58:07.767624Z < "+CSQ: 11,99") is unquoted, keeping
only what the modem sent. With LINEs the exit status is 1 if any failed.
`

// decoded is one line of "cellgate at decode" output.
type decoded struct {
	Line  string `json:"line"`
	Type  string `json:"type,omitempty"`
	Value any    `json:"value,omitempty"`
	Error string `json:"error,omitempty"`
}

// atDecodeFlags is "cellgate at decode": JSON only.
func atDecodeFlags(fs *flag.FlagSet) func([]string) error {
	var out output
	out.addJSONOnly(fs)
	return runATDecode
}

// runATDecode decodes the lines given, or a log on stdin.
func runATDecode(args []string) error {
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	if len(args) > 0 {
		failed := false
		for _, line := range args {
			ok, err := decodeOne(enc, strings.TrimSpace(line))
			if err != nil {
				return err
			}
			failed = failed || !ok
		}
		if failed {
			return errSilent
		}
		return nil
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line, ok := logLine(sc.Text())
		if !ok {
			continue
		}
		if _, err := decodeOne(enc, line); err != nil {
			return err
		}
	}
	return sc.Err()
}

// decodeOne prints the decoding of one line and reports whether it decoded.
func decodeOne(enc *json.Encoder, line string) (bool, error) {
	d := decoded{Line: line, Type: gsm.LinePrefix(line)}
	v, err := gsm.Decode(line)
	if err != nil {
		d.Error = err.Error()
	} else {
		d.Value = v
	}
	return err == nil, enc.Encode(d)
}

// logTimestamp matches a leading timestamp: an ISO date with an optional
// time, or a clock time, bracketed or not.
var logTimestamp = regexp.MustCompile(`^\[?(\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?|\d{2}:\d{2}:\d{2}(\.\d+)?)\]?\s+`)

// logLine extracts what the modem sent from one line of a log, reporting
// false for lines to skip: blank, OK, echoed or traced commands, trace
// notes and data prompts.
func logLine(raw string) (string, bool) {
	s := strings.TrimSpace(raw)
	for {
		loc := logTimestamp.FindStringIndex(s)
		if loc == nil {
			break
		}
		s = strings.TrimSpace(s[loc[1]:])
	}
	switch {
	case strings.HasPrefix(s, "< "):
		s = strings.TrimSpace(s[2:])
	case strings.HasPrefix(s, "> "), strings.HasPrefix(s, "# "), s == ">", s == "<", s == "#":
		return "", false // written to the modem, or a trace note
	}
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		if u, err := strconv.Unquote(s); err == nil {
			s = u
		} else {
			s = s[1 : len(s)-1]
		}
		s = strings.TrimSpace(s)
	}
	switch {
	case s == "", s == "OK", s == ">":
		return "", false
	case len(s) >= 2 && strings.EqualFold(s[:2], "AT"):
		return "", false // command echo
	case strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]"):
		return "", false // a trace annotation such as [overlong line: ...]
	}
	return s, true
}
