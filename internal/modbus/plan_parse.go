package modbus

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// TitanList is a Titan router's ";"-separated list of register numbers,
// as its "Start" and "Number Words" fields hold them: "1;10;55".
type TitanList []uint16

// ParseTitanList reads "1;10;55"; blanks around items are ignored, an
// empty string is the empty list. what names an item in errors ("start").
func ParseTitanList(s, what string) (TitanList, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	parts := strings.Split(s, ";")
	out := make(TitanList, len(parts))
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			return nil, fmt.Errorf("%s %d is empty", what, i+1)
		}
		n, err := strconv.ParseUint(p, 10, 32)
		if err != nil || n > 65535 {
			return nil, fmt.Errorf("%s %d: %q is not a number from 0 to 65535", what, i+1, p)
		}
		out[i] = uint16(n)
	}
	return out, nil
}

// UnmarshalText reads a list as ParseTitanList does.
func (l *TitanList) UnmarshalText(text []byte) error {
	x, err := ParseTitanList(string(text), "item")
	if err != nil {
		return fmt.Errorf("%v; expected a \";\"-separated list of numbers from 0 to 65535, such as \"1;10;55\"", err)
	}
	*l = x
	return nil
}

// String writes l as a Titan router shows it: "1;10;55".
func (l TitanList) String() string {
	s := make([]string, len(l))
	for i, n := range l {
		s[i] = strconv.Itoa(int(n))
	}
	return strings.Join(s, ";")
}

// TitanBlocks pairs a Titan router's "Start" and "Number Words" lists into
// register blocks. Mismatched lengths, zero counts, blocks past 65535 and
// overlapping blocks are errors.
func TitanBlocks(starts, counts TitanList) ([]Range, error) {
	if len(starts) == 0 {
		return nil, errors.New("no start given")
	}
	if len(counts) == 0 {
		return nil, errors.New("no count given")
	}
	if len(starts) != len(counts) {
		return nil, fmt.Errorf("%d starts but %d counts", len(starts), len(counts))
	}
	blocks := make([]Range, len(starts))
	for i := range starts {
		s, c := int(starts[i]), int(counts[i])
		if c == 0 {
			return nil, fmt.Errorf("block %d (start %d): count is 0", i+1, s)
		}
		if s+c > 65536 {
			return nil, fmt.Errorf("block %d: %d registers from %d run past 65535", i+1, c, s)
		}
		blocks[i] = Range{Start: uint16(s), Count: uint16(c)}
		for j := range i {
			if int(blocks[j].Start) < blocks[i].End() && int(blocks[i].Start) < blocks[j].End() {
				return nil, fmt.Errorf("block %d (%v) overlaps block %d (%v)", i+1, blocks[i], j+1, blocks[j])
			}
		}
	}
	return blocks, nil
}

// ParseTitanBlocks reads a Titan router's "Start" and "Number Words" fields,
// semicolon-separated lists of equal length such as "1;10;55" and "1;3;2",
// into register blocks (ParseTitanList, TitanBlocks). Empty items are
// errors too.
func ParseTitanBlocks(starts, counts string) ([]Range, error) {
	ss, err := ParseTitanList(starts, "start")
	if err != nil {
		return nil, err
	}
	cs, err := ParseTitanList(counts, "count")
	if err != nil {
		return nil, err
	}
	return TitanBlocks(ss, cs)
}

// ParseRegisters reads a list of register addresses separated by ';' or ','
// (blanks ignored), each an address or an inclusive range "100-109", such as
// the seed's "1;10;11;12;55;56". It returns the runs of consecutive
// addresses, sorted, which is how a Titan router would be configured to
// read them; duplicates are merged.
func ParseRegisters(s string) ([]Range, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("no registers given")
	}
	var rs []Range
	for i, item := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' }) {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		r, err := parseSpan(item)
		if err != nil {
			return nil, fmt.Errorf("register %d: %w", i+1, err)
		}
		rs = append(rs, r)
	}
	if len(rs) == 0 {
		return nil, fmt.Errorf("no registers given")
	}
	return mergeRanges(rs, "register")
}

// ParseRanges reads a comma-separated list of addresses or inclusive
// ranges, such as "30-40,200".
func ParseRanges(s string) ([]Range, error) {
	var rs []Range
	for i, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			return nil, fmt.Errorf("range %d is empty", i+1)
		}
		r, err := parseSpan(item)
		if err != nil {
			return nil, fmt.Errorf("range %d: %w", i+1, err)
		}
		rs = append(rs, r)
	}
	return rs, nil
}

// parseSpan reads "A" or "A-B" (inclusive).
func parseSpan(s string) (Range, error) {
	lo, hi, isRange := strings.Cut(s, "-")
	a, err := parseAddr(lo)
	if err != nil {
		return Range{}, err
	}
	b := a
	if isRange {
		if b, err = parseAddr(hi); err != nil {
			return Range{}, err
		}
		if b < a {
			return Range{}, fmt.Errorf("%q ends before it starts", s)
		}
	}
	if b-a+1 > 65535 {
		return Range{}, fmt.Errorf("%q is too long", s)
	}
	return Range{Start: uint16(a), Count: uint16(b - a + 1)}, nil
}

func parseAddr(s string) (int, error) {
	s = strings.TrimSpace(s)
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil || n > 65535 {
		return 0, fmt.Errorf("%q is not an address from 0 to 65535", s)
	}
	return int(n), nil
}

// ParseCharFormat reads a serial character format such as "8N1" or "8E1"
// and returns its length in bits (CharBits).
func ParseCharFormat(s string) (int, error) {
	if len(s) != 3 || s[0] < '5' || s[0] > '8' || !strings.ContainsRune("NEOMSneoms", rune(s[1])) || (s[2] != '1' && s[2] != '2') {
		return 0, fmt.Errorf("character format %q: want data bits, parity and stop bits, such as 8N1 or 8E1", s)
	}
	return CharBits(int(s[0]-'0'), s[1], int(s[2]-'0')), nil
}
