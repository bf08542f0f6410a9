package gsm

import (
	"strings"
)

// NDISConn is one connection of a ^NDISSTAT report.
type NDISConn struct {
	Stat    int    `json:"stat"`     // 0 disconnected, 1 connected, 2 connecting, 3 disconnecting
	Err     int    `json:"err"`      // the cause (24.008 SM cause) of a failure; -1 absent
	WxState int    `json:"wx_state"` // WiMAX sub-state; -1 absent
	PDPType string `json:"pdp_type,omitempty"`
}

// Connected reports whether the connection is up.
func (c NDISConn) Connected() bool { return c.Stat == 1 }

// NDISStat is a Huawei ^NDISSTAT indication or ^NDISSTATQRY answer: the
// state of the NDIS (ECM) data connection, one entry per PDP type.
type NDISStat struct {
	Query bool       `json:"query"` // from ^NDISSTATQRY
	Conns []NDISConn `json:"conns"`
	// Up is true when some connection is up.
	Up bool `json:"up"`
	// Cause is the first non-zero <err>, 0 when none.
	Cause int `json:"cause,omitempty"`
}

// ParseNDISSTAT parses the Huawei data connection state
// "^NDISSTAT: <stat>,[<err>],[<wx_state>],<PDP_type>" (the MU709 guide's
// ^NDISSTAT: 1,,,IPV4 and ^NDISSTAT: 0,33,,IPV4), the same four
// parameters repeated for each PDP type on one line
// (^NDISSTAT: 1,,,"IPV4",0,,,"IPV6"), the ^NDISSTATQRY answer in the same
// forms, and the bare ^NDISSTATQRY: <stat> some firmware sends. The PDP
// type may be quoted or bare: IPV4, IPV6 or IPV4V6.
func ParseNDISSTAT(line string) (NDISStat, error) {
	var st NDISStat
	prefix := "^NDISSTAT"
	if _, ok := cutPrefix(strings.TrimSpace(line), "^NDISSTATQRY"); ok {
		prefix, st.Query = "^NDISSTATQRY", true
	}
	p, fs, err := open(line, prefix)
	if err != nil {
		return st, err
	}
	if len(fs) == 0 {
		return st, p.fail("no parameters")
	}
	if len(fs) != 1 && len(fs)%4 != 0 {
		return st, p.fail("want groups of <stat>,<err>,<wx_state>,<PDP_type>")
	}
	for i := 0; i < len(fs); i += 4 {
		c := NDISConn{Err: -1, WxState: -1}
		if c.Stat, err = p.int(fs[i], "stat", 0, 3); err != nil {
			return NDISStat{}, err
		}
		if i+4 <= len(fs) {
			err = firstErr(
				p.optInto(fs[i+1], "err", 0, 65535, &c.Err),
				p.optInto(fs[i+2], "wx_state", 0, 255, &c.WxState))
			if err != nil {
				return NDISStat{}, err
			}
			c.PDPType = strings.ToUpper(fs[i+3].s)
			switch c.PDPType {
			case "IPV4", "IPV6", "IPV4V6", "":
			default:
				return NDISStat{}, p.bad("PDP_type", fs[i+3], "want IPV4, IPV6 or IPV4V6")
			}
		}
		st.Up = st.Up || c.Connected()
		if st.Cause == 0 && c.Err > 0 {
			st.Cause = c.Err
		}
		st.Conns = append(st.Conns, c)
	}
	return st, nil
}

// NDISEnd is a Huawei ^NDISEND indication: why a dial-up attempt failed.
type NDISEnd struct {
	CID   int    `json:"cid"`
	Cause int    `json:"cause"`
	Text  string `json:"text,omitempty"` // SMCause(Cause), "" when not known
}

// ParseNDISEND parses "^NDISEND: <cid>,<cause>", e.g. ^NDISEND:1,29 (user
// authentication failed) or ^NDISEND:1,33 (requested service option not
// subscribed).
func ParseNDISEND(line string) (NDISEnd, error) {
	var e NDISEnd
	p, fs, err := open(line, "^NDISEND")
	if err != nil {
		return e, err
	}
	if err := p.count(fs, 2, 2); err != nil {
		return e, err
	}
	err = firstErr(
		p.into(fs[0], "cid", 0, 255, &e.CID),
		p.into(fs[1], "cause", 0, 65535, &e.Cause))
	if err != nil {
		return NDISEnd{}, err
	}
	e.Text, _ = SMCause(e.Cause)
	return e, nil
}
