package gsm

import (
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// PSM is a power saving mode setting: the +CPSMS? read response, or the
// AT+CPSMS= command that requested it.
type PSM struct {
	Mode int // 0 disabled, 1 enabled, 2 disabled and parameters reset
	// PeriodicRAU and GPRSReadyTimer are the 2G/3G timers (T3312 extended,
	// T3314) as sent, "" when absent; cellgate does not decode them.
	PeriodicRAU    string
	GPRSReadyTimer string
	T3412          string        // Requested_Periodic-TAU, 8 bits; "" when absent
	T3324          string        // Requested_Active-Time, 8 bits; "" when absent
	TAU            time.Duration // T3412 decoded; 0 when absent, TimerDeactivated
	Active         time.Duration // T3324 decoded; 0 when absent, TimerDeactivated
}

// ParseCPSMS parses
// "+CPSMS: <mode>,[<Requested_Periodic-RAU>],[<Requested_GPRS-READY-timer>],
// [<Requested_Periodic-TAU>],[<Requested_Active-Time>]" (27.007 7.38), e.g.
// +CPSMS: 1,,,"01001110","00000101" (T3412 140 h, T3324 10 s). It also
// reads the set command AT+CPSMS=1,,,"01001110","00000101", quoted or not,
// as guides print it.
func ParseCPSMS(line string) (PSM, error) {
	var s PSM
	p, fs, _, err := openResponse(line, "+CPSMS")
	if err != nil {
		return s, err
	}
	if err := p.count(fs, 1, 5); err != nil {
		return s, err
	}
	if s.Mode, err = p.int(fs[0], "mode", 0, 2); err != nil {
		return s, err
	}
	get := func(i int, name string, dst *string) error {
		if i >= len(fs) {
			return nil
		}
		v, err := p.bits(fs[i], name, 8)
		*dst = v
		return err
	}
	err = firstErr(
		get(1, "Requested_Periodic-RAU", &s.PeriodicRAU),
		get(2, "Requested_GPRS-READY-timer", &s.GPRSReadyTimer),
		get(3, "Requested_Periodic-TAU", &s.T3412),
		get(4, "Requested_Active-Time", &s.T3324))
	if err != nil {
		return s, err
	}
	if s.T3412 != "" {
		s.TAU, _ = decodeOrDeactivated(DecodeT3412, s.T3412)
	}
	if s.T3324 != "" {
		s.Active, _ = decodeOrDeactivated(DecodeT3324, s.T3324)
	}
	return s, nil
}

// decodeOrDeactivated runs a timer decoder on bits already checked, turning
// the deactivated unit into TimerDeactivated without an error.
func decodeOrDeactivated(dec func(string) (time.Duration, error), bits string) (time.Duration, error) {
	d, err := dec(bits)
	if errors.Is(err, ErrTimerDeactivated) {
		return TimerDeactivated, nil
	}
	return d, err
}

// MarshalJSON writes the timers both as bit strings and decoded, in Go
// duration syntax and in seconds.
func (s PSM) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Mode           int      `json:"mode"`
		PeriodicRAU    string   `json:"periodic_rau,omitempty"`
		GPRSReadyTimer string   `json:"gprs_ready_timer,omitempty"`
		T3412          string   `json:"t3412,omitempty"`
		TAU            string   `json:"tau,omitempty"`
		TAUSeconds     *float64 `json:"tau_s,omitempty"`
		T3324          string   `json:"t3324,omitempty"`
		Active         string   `json:"active,omitempty"`
		ActiveSeconds  *float64 `json:"active_s,omitempty"`
	}{
		s.Mode, s.PeriodicRAU, s.GPRSReadyTimer,
		s.T3412, durText(s.T3412, s.TAU), durSeconds(s.T3412, s.TAU),
		s.T3324, durText(s.T3324, s.Active), durSeconds(s.T3324, s.Active),
	})
}

// durText renders a decoded timer for JSON: "" when the bits are absent.
func durText(bits string, d time.Duration) string {
	switch {
	case bits == "":
		return ""
	case d == TimerDeactivated:
		return "deactivated"
	}
	return d.String()
}

func durSeconds(bits string, d time.Duration) *float64 {
	if bits == "" || d < 0 {
		return nil
	}
	return fl(d.Seconds())
}

// EDRX is an eDRX setting: a line of the +CEDRXS? read response (or the
// AT+CEDRXS= command), or the +CEDRXRDP answer and +CEDRXP indication with
// what the network provided.
type EDRX struct {
	AcT  EDRXRAT
	Mode int // <mode> of an AT+CEDRXS= command; -1 otherwise
	// Requested, Provided and PTW are the 4-bit strings as sent; "" when
	// absent.
	Requested string
	Provided  string
	PTW       string
	// Cycle, ProvidedCycle and PagingWindow are decoded for LTE-M and
	// NB-IoT (AcT 4 and 5) and 0 otherwise or when absent.
	Cycle         time.Duration
	ProvidedCycle time.Duration
	PagingWindow  time.Duration
}

// MarshalJSON writes the values both as bit strings and decoded.
func (e EDRX) MarshalJSON() ([]byte, error) {
	type val struct {
		Bits    string  `json:"bits"`
		Value   string  `json:"value,omitempty"`
		Seconds float64 `json:"s,omitempty"`
	}
	mk := func(bits string, d time.Duration) *val {
		if bits == "" {
			return nil
		}
		v := &val{Bits: bits}
		if d > 0 {
			v.Value, v.Seconds = d.String(), d.Seconds()
		}
		return v
	}
	var mode *int
	if e.Mode >= 0 {
		mode = &e.Mode
	}
	return json.Marshal(struct {
		AcT       EDRXRAT `json:"act"`
		RAT       string  `json:"rat"`
		Mode      *int    `json:"mode,omitempty"`
		Requested *val    `json:"requested,omitempty"`
		Provided  *val    `json:"provided,omitempty"`
		PTW       *val    `json:"ptw,omitempty"`
	}{e.AcT, e.AcT.String(), mode, mk(e.Requested, e.Cycle), mk(e.Provided, e.ProvidedCycle), mk(e.PTW, e.PagingWindow)})
}

// fill reads <AcT-type>[,<Requested>[,<Provided>[,<PTW>]]] from fs.
func (e *EDRX) fill(p *parser, fs []field) error {
	act, err := p.int(fs[0], "AcT-type", 0, 5)
	if err != nil {
		return err
	}
	e.AcT = EDRXRAT(act)
	names := []string{"Requested_eDRX_value", "NW-provided_eDRX_value", "Paging_time_window"}
	dst := []*string{&e.Requested, &e.Provided, &e.PTW}
	for i, f := range fs[1:] {
		if *dst[i], err = p.bits(f, names[i], 4); err != nil {
			return err
		}
	}
	if e.AcT != EDRXLTEM && e.AcT != EDRXNBIoT {
		return nil
	}
	if e.Requested != "" {
		e.Cycle, _ = DecodeEDRX(e.AcT, e.Requested)
	}
	if e.Provided != "" {
		e.ProvidedCycle, _ = DecodeEDRX(e.AcT, e.Provided)
	}
	if e.PTW != "" {
		e.PagingWindow, _ = DecodePTW(e.AcT, e.PTW)
	}
	return nil
}

// ParseCEDRXRDP parses the eDRX read dynamic parameters
// "+CEDRXRDP: <AcT-type>[,<Requested_eDRX_value>[,<NW-provided_eDRX_value>
// [,<Paging_time_window>]]]" (27.007 7.41), e.g.
// +CEDRXRDP: 5,"0101","0101","0011". The +CEDRXP indication has the same
// parameters and is accepted too. +CEDRXRDP: 0 means eDRX is not in use.
func ParseCEDRXRDP(line string) (EDRX, error) {
	e := EDRX{Mode: -1}
	prefix := "+CEDRXRDP"
	if _, ok := cutPrefix(strings.TrimSpace(line), "+CEDRXP"); ok {
		prefix = "+CEDRXP"
	}
	p, fs, err := open(line, prefix)
	if err != nil {
		return e, err
	}
	if err := p.count(fs, 1, 4); err != nil {
		return e, err
	}
	return e, e.fill(p, fs)
}

// ParseCEDRXS parses the +CEDRXS? read response, one line per access
// technology "+CEDRXS: <AcT-type>,<Requested_eDRX_value>" (27.007 7.40);
// text may hold several lines. It also reads the set command
// AT+CEDRXS=<mode>,<AcT-type>,<Requested_eDRX_value>, and the four-value
// form guides show, +CEDRXS: [4,"1000","1000","0111"] (requested, provided,
// paging time window, brackets optional). "+CEDRXS: " with no parameters is
// no setting.
func ParseCEDRXS(text string) ([]EDRX, error) {
	out := []EDRX{}
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		e, ok, err := parseCEDRXSLine(line)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, e)
		}
	}
	return out, nil
}

func parseCEDRXSLine(line string) (EDRX, bool, error) {
	e := EDRX{Mode: -1}
	t := strings.TrimSpace(line)
	if body, ok := cutPrefix(t, "+CEDRXS"); ok && strings.HasPrefix(body, "[") && strings.HasSuffix(body, "]") {
		t = "+CEDRXS: " + body[1:len(body)-1]
	}
	p, fs, set, err := openResponse(t, "+CEDRXS")
	p.line = strings.TrimSpace(line)
	if err != nil {
		return e, false, err
	}
	if set {
		if err := p.count(fs, 1, 3); err != nil {
			return e, false, err
		}
		if e.Mode, err = p.int(fs[0], "mode", 0, 3); err != nil {
			return e, false, err
		}
		if len(fs) == 1 {
			return e, true, nil
		}
		return e, true, e.fill(p, fs[1:])
	}
	if len(fs) == 0 {
		return e, false, nil
	}
	if err := p.count(fs, 1, 4); err != nil {
		return e, false, err
	}
	return e, true, e.fill(p, fs)
}
