package gsm

import (
	"strconv"
	"strings"
)

// DMPConfig is one line of the Quectel AT+DMPCONFIG answers (China Mobile
// device management platform, BC35-G/BC28/BC95 CMDMP note): which fields
// are set depends on Type.
type DMPConfig struct {
	// Type is the configuration type: 0 access state, 1 server and update
	// period, 2 keys and IMEI, 3 PLMNs, 6 access state machine.
	Type int `json:"type"`
	// Enabled is type 0 <dmMode>: access to CMDMP enabled.
	Enabled bool `json:"enabled,omitempty"`
	// ServerIP, ServerPort and UpdatePeriod are type 1; the address and
	// port may be omitted ("" and -1 then).
	ServerIP     string `json:"server_ip,omitempty"`
	ServerPort   int    `json:"server_port,omitempty"`
	UpdatePeriod int    `json:"update_period_s,omitempty"` // seconds
	// AppKey, Password (the first four characters, the rest masked with
	// '*'), IfType (0 interface, 1 Linux, 2 Android) and IMEI are type 2.
	AppKey   string `json:"app_key,omitempty"`
	Password string `json:"password,omitempty"`
	IfType   int    `json:"if_type,omitempty"`
	IMEI     string `json:"imei,omitempty"`
	// PLMNs are type 3.
	PLMNs []string `json:"plmns,omitempty"`
	// State and StateText are type 6 <dmstate>, e.g. 6 DMP_REG_SUCCESS.
	State     int    `json:"state,omitempty"`
	StateText string `json:"state_text,omitempty"`
}

// dmpStates are the <dmstate> values of the CMDMP note.
var dmpStates = map[int]string{
	0: "DMP_INITIAL_STATE", 4: "DMP_CONNECT_SUCCESS", 5: "DMP_CONNECT_FAILED",
	6: "DMP_REG_SUCCESS", 7: "DMP_REG_FAILED", 8: "DMP_REG_TIMEOUT",
	9: "DMP_LIFETIME_TIMEOUT", 11: "DMP_UPDATE_SUCCESS", 12: "DMP_UPDATE_FAILED",
	13: "DMP_UPDATE_TIMEOUT",
}

// ParseDMPCONFIG parses a line of the AT+DMPCONFIG read response and of the
// query answers (AT+DMPCONFIG=4,<opt> and =6), with or without the
// "+DMPCONFIG:" prefix, as the note shows them:
//
//	+DMPCONFIG: 0,1
//	+DMPCONFIG: 1,117.161.2.7,5683,420
//	1, , ,300
//	+DMPCONFIG: 2,M100000089,95Go****,1,863703030822519
//	3,46005,46008,46009
//	6,11
func ParseDMPCONFIG(line string) (DMPConfig, error) {
	var c DMPConfig
	t := strings.TrimSpace(line)
	var p *parser
	var fs []field
	var err error
	if _, ok := cutPrefix(t, "+DMPCONFIG"); ok {
		p, fs, err = open(t, "+DMPCONFIG")
	} else {
		p = &parser{prefix: "+DMPCONFIG", line: t}
		fs, err = p.split(t)
	}
	if err != nil {
		return c, err
	}
	if len(fs) < 2 {
		return c, p.fail("too few parameters")
	}
	if c.Type, err = p.int(fs[0], "type", 0, 6); err != nil {
		return c, err
	}
	a := fs[1:]
	switch c.Type {
	case 0:
		if err = p.count(a, 1, 1); err == nil {
			var mode int
			err = p.into(a[0], "dmMode", 0, 1, &mode)
			c.Enabled = mode == 1
		}
	case 1:
		if err = p.count(a, 3, 3); err == nil {
			c.ServerIP = a[0].s
			if strings.ContainsAny(c.ServerIP, " \t") {
				return DMPConfig{}, p.bad("serverIp", a[0], "")
			}
			c.ServerPort = -1
			err = firstErr(
				p.optInto(a[1], "serverPort", 0, 65535, &c.ServerPort),
				p.into(a[2], "updatePeriod", 0, 4294966, &c.UpdatePeriod))
		}
	case 2:
		if err = p.count(a, 4, 4); err == nil {
			c.AppKey, c.Password, c.IMEI = a[0].s, a[1].s, a[3].s
			err = p.into(a[2], "ifType", 0, 2, &c.IfType)
			// An unconfigured module answers with empty fields.
			if err == nil && c.IMEI != "" && !digits(c.IMEI, 15, 17) {
				err = p.bad("tmIMEI", a[3], "want 15 to 17 digits")
			}
		}
	case 3:
		if err = p.count(a, 1, 3); err == nil {
			for _, f := range a {
				if !digits(f.s, 5, 6) {
					return DMPConfig{}, p.bad("plmn", f, "want 5 or 6 digits")
				}
				c.PLMNs = append(c.PLMNs, f.s)
			}
		}
	case 6:
		if err = p.count(a, 1, 1); err == nil {
			if err = p.into(a[0], "dmstate", 0, 255, &c.State); err == nil {
				c.StateText = dmpStates[c.State]
				if c.StateText == "" {
					c.StateText = "state " + strconv.Itoa(c.State)
				}
			}
		}
	default: // 4 and 5 are commands, not answers
		return DMPConfig{}, p.bad("type", fs[0], "not an answer type")
	}
	if err != nil {
		return DMPConfig{}, err
	}
	return c, nil
}
