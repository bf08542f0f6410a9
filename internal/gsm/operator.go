package gsm

import (
	"strings"
)

// Operator is the +COPS? read response: the selection mode and, when the
// module is registered, the operator in the requested format and the access
// technology.
type Operator struct {
	Mode   int `json:"mode"`   // 0 automatic, 1 manual, 2 deregister, 3 set format only, 4 manual/automatic
	Format int `json:"format"` // 0 long alphanumeric, 1 short alphanumeric, 2 numeric; -1 when absent
	// Name is <oper> as sent (quotes removed); it may contain commas. When
	// the character set is UCS2 (AT+CSCS="UCS2") alphanumeric names arrive
	// as hex: the caller, who knows the character set, decodes them with
	// DecodeUCS2Hex.
	Name string `json:"name,omitempty"`
	AcT  AcT    `json:"act"`
}

// ParseCOPS parses the +COPS? read response
// "+COPS: <mode>[,<format>,<oper>[,<AcT>]]", e.g.
// +COPS: 1,0,"China Mobile Com",0.
func ParseCOPS(line string) (Operator, error) {
	o := Operator{Format: -1, AcT: NoAcT}
	if body, ok := cutPrefix(strings.TrimSpace(line), "+COPS"); ok && (strings.HasPrefix(body, "(") || strings.HasPrefix(body, ",")) {
		return o, &ParseError{Prefix: "+COPS", Reason: "a network list, not the +COPS? answer", Line: strings.TrimSpace(line)}
	}
	p, fs, err := open(line, "+COPS")
	if err != nil {
		return o, err
	}
	if err := p.count(fs, 1, 4); err != nil {
		return o, err
	}
	if o.Mode, err = p.int(fs[0], "mode", 0, 4); err != nil {
		return o, err
	}
	if len(fs) == 1 {
		return o, nil
	}
	if o.Format, err = p.optInt(fs[1], "format", 0, 2); err != nil {
		return o, err
	}
	if len(fs) > 2 {
		o.Name = fs[2].s
		if o.Format == 2 && o.Name != "" && !digits(o.Name, 5, 6) {
			return o, p.bad("oper", fs[2], "want 5 or 6 digits")
		}
	}
	if len(fs) > 3 {
		a, err := p.optInt(fs[3], "AcT", 0, maxAcT)
		if err != nil {
			return o, err
		}
		o.AcT = AcT(a)
	}
	return o, nil
}

// Network is one operator of the +COPS=? network list.
type Network struct {
	Stat    int    `json:"stat"` // 0 unknown, 1 available, 2 current, 3 forbidden
	Long    string `json:"long,omitempty"`
	Short   string `json:"short,omitempty"`
	Numeric string `json:"numeric,omitempty"`
	AcT     AcT    `json:"act"`
}

// ParseCOPSList parses the +COPS=? answer: a list of
// (<stat>,"<long>","<short>","<numeric>"[,<AcT>]) groups, then, after an
// empty parameter, the supported modes and formats, which are ignored:
//
//	+COPS: (2,"T-Mobile D","TMO D","26201",7),(1,"Vodafone.de","voda DE","26202",2),,(0,1,2,3,4),(0,1,2)
//
// Names may contain commas and parentheses. Modems that leave out the empty
// parameter are handled too: the list ends at the first group that is not a
// network (the supported-values lists hold ranges such as (0-4)). A list
// with no networks ("+COPS: ,,(0-4),(0-2)") is an empty, non-nil slice.
func ParseCOPSList(line string) ([]Network, error) {
	p := &parser{prefix: "+COPS", line: strings.TrimSpace(line)}
	body, ok := cutPrefix(p.line, "+COPS")
	if !ok {
		return nil, p.fail("not a +COPS line")
	}
	groups, err := p.groups(body)
	if err != nil {
		return nil, err
	}
	nets := []Network{}
	sawGroup := false
	for _, g := range groups {
		if g == "" {
			break // the empty parameter that ends the list
		}
		sawGroup = true
		fs, err := p.split(g)
		if err != nil {
			return nil, err
		}
		if len(fs) < 2 || !fs[1].quoted {
			break // (0,1,2,3,4) or (0-4): the supported modes
		}
		n, err := p.network(fs)
		if err != nil {
			return nil, err
		}
		nets = append(nets, n)
	}
	if !sawGroup && !strings.HasPrefix(body, ",") {
		return nil, p.fail("not a network list")
	}
	return nets, nil
}

// network reads the parameters of one group.
func (p *parser) network(fs []field) (Network, error) {
	n := Network{AcT: NoAcT}
	if err := p.count(fs, 4, 5); err != nil {
		return n, err
	}
	var err error
	if n.Stat, err = p.int(fs[0], "stat", 0, 3); err != nil {
		return n, err
	}
	n.Long, n.Short, n.Numeric = fs[1].s, fs[2].s, fs[3].s
	if n.Numeric != "" && !digits(n.Numeric, 5, 6) {
		return n, p.bad("numeric", fs[3], "want 5 or 6 digits")
	}
	if len(fs) == 5 {
		a, err := p.optInt(fs[4], "AcT", 0, maxAcT)
		if err != nil {
			return n, err
		}
		n.AcT = AcT(a)
	}
	return n, nil
}

// groups splits "(...),(...),,(...)" into the texts inside the parentheses,
// with "" for an empty parameter; parentheses and commas inside quotes do
// not count.
func (p *parser) groups(body string) ([]string, error) {
	var out []string
	i := 0
	for i < len(body) {
		for i < len(body) && isBlank(body[i]) {
			i++
		}
		if i == len(body) {
			break
		}
		switch body[i] {
		case ',':
			out = append(out, "")
			i++
			continue
		case '(':
		default:
			return nil, p.fail("want a parenthesised group")
		}
		start := i + 1
		inQuote := false
		j := start
		for ; j < len(body); j++ {
			c := body[j]
			if c == '"' {
				inQuote = !inQuote
			} else if c == ')' && !inQuote {
				break
			} else if c == '(' && !inQuote {
				return nil, p.fail("nested parenthesis")
			}
		}
		if j == len(body) {
			return nil, p.fail("unterminated group")
		}
		out = append(out, body[start:j])
		i = j + 1
		for i < len(body) && isBlank(body[i]) {
			i++
		}
		if i < len(body) {
			if body[i] != ',' {
				return nil, p.fail("want a comma after a group")
			}
			i++
			if i == len(body) {
				out = append(out, "")
			}
		}
	}
	return out, nil
}
