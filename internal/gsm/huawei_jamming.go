package gsm

import "strings"

// Jamming is the Huawei ^JDET indication of jamming detection.
type Jamming struct {
	State  string `json:"state"` // "JAMMED" or "DETECTING" (the jammer is gone)
	Jammed bool   `json:"jammed"`
}

// ParseJDET parses ^JDET: "JAMMED" (a jammer is detected) and
// ^JDET: "DETECTING" (it is gone; only sent after JAMMED), quoted or bare.
func ParseJDET(line string) (Jamming, error) {
	var j Jamming
	p, fs, err := open(line, "^JDET")
	if err != nil {
		return j, err
	}
	if err := p.count(fs, 1, 1); err != nil {
		return j, err
	}
	j.State = strings.ToUpper(fs[0].s)
	switch j.State {
	case "JAMMED":
		j.Jammed = true
	case "DETECTING":
	default:
		return Jamming{}, p.bad("status", fs[0], "want JAMMED or DETECTING")
	}
	return j, nil
}

// JammingConfig is the Huawei ^JDETEX read response: the jamming detection
// setting.
type JammingConfig struct {
	Enabled bool `json:"enabled"`
	// Method is the detection method (2 on the MU709); -1 absent.
	Method int `json:"method"`
	// NoisePower is the noise power threshold (0..70) and Channels the
	// threshold of useless channels (0..255); -1 absent.
	NoisePower int `json:"noise_power"`
	Channels   int `json:"channels"`
}

// ParseJDETEX parses "^JDETEX: <enable>[,<method>,<noise_power>,<channels>]",
// e.g. the MU709 guide's ^JDETEX: 1,2,10,30.
func ParseJDETEX(line string) (JammingConfig, error) {
	c := JammingConfig{Method: -1, NoisePower: -1, Channels: -1}
	p, fs, err := open(line, "^JDETEX")
	if err != nil {
		return c, err
	}
	if len(fs) != 1 && len(fs) != 4 {
		return c, p.fail("want 1 or 4 parameters")
	}
	on, err := p.int(fs[0], "enable", 0, 1)
	if err != nil {
		return c, err
	}
	c.Enabled = on == 1
	if len(fs) == 4 {
		err = firstErr(
			p.into(fs[1], "method", 0, 255, &c.Method),
			p.into(fs[2], "noise_power", 0, 255, &c.NoisePower),
			p.into(fs[3], "channels", 0, 255, &c.Channels))
		if err != nil {
			return JammingConfig{Method: -1, NoisePower: -1, Channels: -1}, err
		}
	}
	return c, nil
}
