package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/gsm"
)

// timerValue is a timer in the JSON output of "cellgate psm" and "cellgate
// edrx".
type timerValue struct {
	Bits      string   `json:"bits"`
	Value     string   `json:"value"`
	Seconds   *float64 `json:"seconds,omitempty"`
	Requested string   `json:"requested,omitempty"`
}

// psmEncodeFlags is "psm encode".
func psmEncodeFlags(fs *flag.FlagSet) func([]string) error {
	var out output
	out.add(fs)
	tau := fs.String("tau", "", "periodic TAU (T3412 extended), e.g. 140h, or off")
	active := fs.String("active", "", "active time (T3324), e.g. 10s, or off")
	return func(rest []string) error { return psmEncode(*tau, *active, out.json, rest) }
}

func psmEncode(tau, active string, asJSON bool, rest []string) error {
	var err error
	if len(rest) > 0 {
		return fmt.Errorf("psm encode: unexpected argument %q", rest[0])
	}
	if tau == "" && active == "" {
		return errors.New("psm encode: give --tau, --active or both")
	}
	var out struct {
		T3412   *timerValue `json:"t3412,omitempty"`
		T3324   *timerValue `json:"t3324,omitempty"`
		Command string      `json:"command"`
	}
	enc := func(name, text string, encode func(time.Duration) (string, error), decode func(string) (time.Duration, error)) (*timerValue, error) {
		if text == "" {
			return nil, nil
		}
		d, err := parseTimerDuration(text)
		if err != nil {
			return nil, fmt.Errorf("psm encode: --%s: %w", name, err)
		}
		bits, err := encode(d)
		if err != nil {
			return nil, err
		}
		v := gprsTimerValue(bits, decode)
		v.Requested = timerText(d)
		return v, nil
	}
	if out.T3412, err = enc("tau", tau, gsm.EncodeT3412, gsm.DecodeT3412); err != nil {
		return err
	}
	if out.T3324, err = enc("active", active, gsm.EncodeT3324, gsm.DecodeT3324); err != nil {
		return err
	}
	out.Command = "AT+CPSMS=1,,"
	for _, v := range []*timerValue{out.T3412, out.T3324} {
		out.Command += ","
		if v != nil {
			out.Command += `"` + v.Bits + `"`
		}
	}
	out.Command = strings.TrimRight(out.Command, ",")
	if asJSON {
		return json.NewEncoder(stdout).Encode(out)
	}
	printTimer("T3412 (periodic TAU)", out.T3412)
	printTimer("T3324 (active time)", out.T3324)
	fmt.Fprintln(stdout, out.Command)
	return nil
}

// psmDecodeFlags is "psm decode T3412 [T3324]".
func psmDecodeFlags(fs *flag.FlagSet) func([]string) error {
	var out output
	out.add(fs)
	return func(rest []string) error { return psmDecode(out.json, rest) }
}

func psmDecode(asJSON bool, rest []string) error {
	if len(rest) < 1 || len(rest) > 2 {
		return errors.New("psm decode: give the T3412 bits and optionally the T3324 bits, e.g. 01001110 00000101")
	}
	var out struct {
		T3412 *timerValue `json:"t3412"`
		T3324 *timerValue `json:"t3324,omitempty"`
	}
	if _, err := gsm.DecodeT3412(rest[0]); err != nil && !errors.Is(err, gsm.ErrTimerDeactivated) {
		return err
	}
	out.T3412 = gprsTimerValue(rest[0], gsm.DecodeT3412)
	if len(rest) == 2 {
		if _, err := gsm.DecodeT3324(rest[1]); err != nil && !errors.Is(err, gsm.ErrTimerDeactivated) {
			return err
		}
		out.T3324 = gprsTimerValue(rest[1], gsm.DecodeT3324)
	}
	if asJSON {
		return json.NewEncoder(stdout).Encode(out)
	}
	printTimer("T3412 (periodic TAU)", out.T3412)
	printTimer("T3324 (active time)", out.T3324)
	return nil
}

// gprsTimerValue describes bits already known to decode (or to be
// deactivated).
func gprsTimerValue(bits string, decode func(string) (time.Duration, error)) *timerValue {
	d, _ := decode(bits)
	v := &timerValue{Bits: bits, Value: timerText(d)}
	if d >= 0 {
		s := d.Seconds()
		v.Seconds = &s
	}
	return v
}

// parseTimerDuration reads a Go duration, or "off" for a deactivated timer.
func parseTimerDuration(s string) (time.Duration, error) {
	switch strings.ToLower(s) {
	case "off", "deactivated":
		return gsm.TimerDeactivated, nil
	}
	d, err := time.ParseDuration(s)
	if err == nil && d < 0 {
		err = fmt.Errorf("negative duration %s", s)
	}
	return d, err
}

func timerText(d time.Duration) string {
	if d == gsm.TimerDeactivated {
		return "deactivated"
	}
	return d.String()
}

// printTimer prints one timer line; the requested value only when the
// encoding had to round it up.
func printTimer(name string, v *timerValue) {
	if v == nil {
		return
	}
	note := ""
	if v.Requested != "" && v.Requested != v.Value {
		note = fmt.Sprintf("  (nearest not shorter than %s)", v.Requested)
	}
	fmt.Fprintf(stdout, "%-22s %-8s  %s%s\n", name, v.Bits, v.Value, note)
}
