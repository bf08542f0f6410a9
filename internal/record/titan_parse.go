package record

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// ParseTitan reads a record in the Titan's unquoted form. Blanks and line
// breaks between and inside tokens are ignored (except inside TS), as
// printed records are often wrapped: "PX:[0,1,4,6,8,1 7,27]" reads as 17.
// TS is read as UTC. Unknown fields are skipped; PX, when present, must
// agree with NX.
func ParseTitan(s string) (Titan, error) {
	s = strings.TrimSpace(s)
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return Titan{}, fmt.Errorf("%w: not enclosed in braces", ErrInvalid)
	}
	body := s[1 : len(s)-1]
	fields := map[string]string{}
	for len(strings.TrimSpace(body)) > 0 {
		key, rest, ok := strings.Cut(body, ":")
		if !ok {
			return Titan{}, fmt.Errorf("%w: %q has no value", ErrInvalid, strings.TrimSpace(body))
		}
		key = stripSpace(key)
		if key == "" || strings.TrimFunc(key, func(r rune) bool { return r >= 'A' && r <= 'Z' }) != "" {
			return Titan{}, fmt.Errorf("%w: bad field name %q", ErrInvalid, key)
		}
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		var val string
		if strings.HasPrefix(rest, "[") {
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return Titan{}, fmt.Errorf("%w: %s: unterminated list", ErrInvalid, key)
			}
			val, rest = rest[:end+1], rest[end+1:]
			if tail := strings.TrimLeftFunc(rest, unicode.IsSpace); tail != "" && tail[0] != ',' {
				return Titan{}, fmt.Errorf("%w: %s: text after the list", ErrInvalid, key)
			}
		} else {
			end := strings.IndexByte(rest, ',')
			if end < 0 {
				end = len(rest)
			}
			val, rest = rest[:end], rest[end:]
		}
		if _, dup := fields[key]; dup {
			return Titan{}, fmt.Errorf("%w: %s twice", ErrInvalid, key)
		}
		fields[key] = strings.TrimSpace(val)
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		body = strings.TrimPrefix(rest, ",")
	}
	return fromFields(fields)
}

// stripSpace removes every blank.
func stripSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// fromFields builds a Titan record from its unquoted fields.
func fromFields(f map[string]string) (Titan, error) {
	var t Titan
	var err error
	num := func(key string) int {
		if err != nil {
			return 0
		}
		var n int
		if n, err = strconv.Atoi(stripSpace(f[key])); err != nil {
			err = fmt.Errorf("%w: %s: %q is not a number", ErrInvalid, key, f[key])
		}
		return n
	}
	list := func(key string) []int {
		v, ok := f[key]
		if err != nil || !ok {
			return nil
		}
		v = stripSpace(v)
		if len(v) < 2 || v[0] != '[' || v[len(v)-1] != ']' {
			err = fmt.Errorf("%w: %s is not a list", ErrInvalid, key)
			return nil
		}
		out := []int{}
		if v = v[1 : len(v)-1]; v == "" {
			return out
		}
		for _, item := range strings.Split(v, ",") {
			n, e := strconv.Atoi(item)
			if e != nil {
				err = fmt.Errorf("%w: %s: %q is not a number", ErrInvalid, key, item)
				return nil
			}
			out = append(out, n)
		}
		return out
	}
	for _, key := range []string{"TYPE", "ID", "TS", "IMEI", "V"} {
		if _, ok := f[key]; !ok {
			return Titan{}, fmt.Errorf("%w: no %s", ErrInvalid, key)
		}
	}
	t.Type, t.IMEI, t.P = stripSpace(f["TYPE"]), stripSpace(f["IMEI"]), f["P"]
	t.ID = num("ID")
	if _, ok := f["A"]; ok {
		t.A = num("A")
	}
	if _, ok := f["SEQ"]; ok && err == nil {
		t.HasSeq = true
		if t.Seq, err = strconv.ParseUint(stripSpace(f["SEQ"]), 10, 64); err != nil {
			err = fmt.Errorf("%w: SEQ: %q is not a number", ErrInvalid, f["SEQ"])
		}
	}
	if err == nil {
		if t.TS, err = time.Parse(TitanTime, strings.Join(strings.Fields(f["TS"]), " ")); err != nil {
			err = fmt.Errorf("%w: TS: %v", ErrInvalid, err)
		}
	}
	t.V = list("V")
	_, hasST := f["ST"]
	_, hasSTX := f["STX"]
	switch {
	case err != nil:
	case hasST && hasSTX:
		err = fmt.Errorf("%w: both ST and STX", ErrInvalid)
	case hasST:
		t.Blocks = []Block{{Start: num("ST"), Count: num("N")}}
	case hasSTX:
		stx, nx := list("STX"), list("NX")
		if err == nil && len(stx) != len(nx) {
			err = fmt.Errorf("%w: %d STX but %d NX", ErrInvalid, len(stx), len(nx))
		}
		for i := range stx {
			if i < len(nx) {
				t.Blocks = append(t.Blocks, Block{Start: stx[i], Count: nx[i]})
			}
		}
	default:
		err = fmt.Errorf("%w: neither ST nor STX", ErrInvalid)
	}
	if err != nil {
		return Titan{}, err
	}
	if err := t.check(); err != nil {
		return Titan{}, err
	}
	if px := list("PX"); f["PX"] != "" && !slices.Equal(px, t.positions()) {
		return Titan{}, fmt.Errorf("%w: PX %v disagrees with NX (want %v)", ErrInvalid, px, t.positions())
	}
	return t, err
}

// ParseTitanJSON reads a record in the strict-JSON form of FormatTitanJSON.
func ParseTitanJSON(s string) (Titan, error) {
	var j titanJSON
	if err := json.Unmarshal([]byte(s), &j); err != nil {
		return Titan{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	f := map[string]string{"TYPE": j.TYPE, "ID": strconv.Itoa(j.ID), "TS": j.TS, "IMEI": j.IMEI, "P": j.P, "A": strconv.Itoa(j.A), "V": listText(j.V)}
	if j.ST != nil || j.N != nil {
		if j.ST == nil || j.N == nil {
			return Titan{}, fmt.Errorf("%w: ST without N", ErrInvalid)
		}
		f["ST"], f["N"] = strconv.Itoa(*j.ST), strconv.Itoa(*j.N)
	}
	if j.STX != nil || j.NX != nil {
		f["STX"], f["NX"] = listText(j.STX), listText(j.NX)
	}
	if j.PX != nil {
		f["PX"] = listText(j.PX)
	}
	if j.SEQ != nil {
		f["SEQ"] = strconv.FormatUint(*j.SEQ, 10)
	}
	return fromFields(f)
}

func listText(xs []int) string { return string(appendList(nil, xs)) }
