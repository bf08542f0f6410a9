package simimport

import (
	"errors"
	"io"
	"strings"
	"testing"
)

const (
	okICCID  = "8988303000000012346"
	okICCID2 = "89014103211118510720"
	okEID    = "89049032123451234512345678901235" // GSMA SGP.29 example EID
)

func TestParseErrors(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", MaxLineLen+1)
	tests := []struct {
		name  string
		input string
		want  []string // a substring of each error, in order
	}{
		{"empty file", "", []string{"t.csv: no header row"}},
		{"only blank lines", "\n  \r\n", []string{"t.csv: no header row"}},
		{"header only", "iccid\n", []string{"t.csv: no SIM rows after the header row"}},
		{"unknown columns", "iccid,imsi,ki,opc\n", []string{
			`t.csv:1: unknown column "ki" (known: iccid, imsi`, `t.csv:1: unknown column "opc"`}},
		{"data without header", okICCID + ",1234\n", []string{
			`unknown column "8988303000000012346" (known: iccid, imsi, msisdn, eid, pin1 (or pin), pin2, puk1 (or puk), puk2, bic, form_factor); the first line must be a header row`,
			`unknown column "1234"`}},
		{"duplicate column", "ICCID;PIN;pin1\n", []string{`t.csv:1: columns 2 ("PIN") and 3 ("pin1") both name pin1`}},
		{"no iccid column", "imsi,pin1\n", []string{"t.csv:1: no iccid column"}},
		{"value in unnamed column", "iccid,,imsi\n" + okICCID + ",x,\n", []string{"t.csv:2: a value in column 2, which has no name"}},
		{"too many fields", "iccid,imsi\n" + okICCID + ",262011234567890,extra\n", []string{"t.csv:2: 3 fields, but the header names 2 columns"}},
		{"missing iccid", "iccid,imsi\n,262011234567890\n", []string{"t.csv:2: iccid: is empty"}},
		{"iccid luhn", "iccid\n8988303000000012345\n", []string{`t.csv:2: iccid: "8988303000000012345" fails the Luhn check (expected last digit 6)`}},
		{"iccid F padding", "iccid\n898830300000001234F\n", []string{`t.csv:2: iccid: "898830300000001234F" has 'F' at position 19`}},
		{"iccid short", "iccid\n89883030000000123\n", []string{"has 17 digits; an ICCID has 18 to 22"}},
		{"iccid scientific", "iccid\n\"8,98830E+18\"\n", []string{"looks like a number a spreadsheet reformatted"}},
		{"imsi letters", "iccid,imsi\n" + okICCID + ",26201abc\n", []string{`t.csv:2: imsi: "26201abc" must be 6 to 15 digits; it has 'a' at position 6`}},
		{"imsi long", "iccid,imsi\n" + okICCID + ",2620112345678901\n", []string{"must be 6 to 15 digits, not 16"}},
		{"msisdn national", "iccid,msisdn\n" + okICCID + ",01701234567\n", []string{`t.csv:2: msisdn: "01701234567" starts with 0; write it in international format`}},
		{"msisdn short", "iccid,msisdn\n" + okICCID + ",+4912\n", []string{"must be 6 to 15 digits, not 4"}},
		{"msisdn spaces", "iccid,msisdn\n" + okICCID + ",+49 170 1234567\n", []string{"has ' ' at position 4"}},
		{"eid length", "iccid,eid\n" + okICCID + ",8904903212345123451234567890123\n", []string{`t.csv:2: eid: "8904903212345123451234567890123" must be 32 digits, not 31`}},
		{"eid check", "iccid,eid\n" + okICCID + ",89049032123451234512345678901253\n", []string{"fails the EID check digits"}},
		{"pin2 long", "iccid,pin2\n" + okICCID + ",123456789\n", []string{"t.csv:2: pin2: the value must be 4 to 8 digits, not 9"}},
		{"puk2 letters", "iccid,puk2\n" + okICCID + ",1234567x\n", []string{"t.csv:2: puk2: must be 8 digits; the value has a character that is not a digit"}},
		{"bic too long", "iccid,bic\n" + okICCID + "," + strings.Repeat("B", 65) + "\n", []string{`t.csv:2: bic: "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB..." is longer than 64 bytes`}},
		{"form factor control char", "iccid,form_factor\n" + okICCID + ",\"4FF\x01\"\n", []string{`t.csv:2: form_factor: "4FF\x01" has a control character`}},
		{"duplicate iccid", "iccid\n" + okICCID + "\n" + okICCID2 + "\n" + okICCID + "\n", []string{`t.csv:4: iccid: "8988303000000012346" appears on lines 2 and 4`}},
		{"duplicate imsi", "iccid;imsi\n" + okICCID + ";262011234567890\n" + okICCID2 + ";262011234567890\n", []string{`t.csv:3: imsi: "262011234567890" appears on lines 2 and 3`}},
		{"bare quote", "iccid,bic\n" + okICCID + ",a\"b\n" + okICCID2 + ",ok\n", []string{`t.csv:2: bare " in non-quoted-field`}},
		{"line too long", "iccid,bic\n" + okICCID + ",x\n" + long + "\n", []string{"t.csv:3: line is longer than 4096 bytes"}},
		{"header too long", long, []string{"t.csv:1: line is longer than 4096 bytes"}},
		{"rows and header errors stop at header", "iccid,zz\n8988303000000012345\n", []string{`unknown column "zz"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rows, err := Parse("t.csv", strings.NewReader(tt.input), 0)
			if rows != nil {
				t.Errorf("got rows %+v with errors", rows)
			}
			var list *ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %v is not an *ErrorList", err)
			}
			if len(list.Errors) != len(tt.want) {
				t.Errorf("got %d errors, want %d:\n%v", len(list.Errors), len(tt.want), err)
			}
			for i, w := range tt.want {
				if i < len(list.Errors) && !strings.Contains(list.Errors[i].Error(), w) {
					t.Errorf("error %d is %q, want it to contain %q", i, list.Errors[i], w)
				}
			}
		})
	}
}

func TestParseRowLimit(t *testing.T) {
	t.Parallel()
	input := "iccid\n" + okICCID + "\n" + okICCID2 + "\n"
	if rows, err := Parse("t.csv", strings.NewReader(input), 2); err != nil || len(rows) != 2 {
		t.Fatalf("limit 2: %d rows, %v", len(rows), err)
	}
	_, err := Parse("t.csv", strings.NewReader(input), 1)
	if err == nil || err.Error() != "t.csv:3: more than 1 SIMs; split the batch into files of at most 1 rows" {
		t.Errorf("limit 1: %v", err)
	}
}

func TestParseStopsAtMaxErrors(t *testing.T) {
	t.Parallel()
	input := "iccid\n" + strings.Repeat("8988303000000012345\n", 2*MaxErrors)
	_, err := Parse("t.csv", strings.NewReader(input), 0)
	var list *ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %v is not an *ErrorList", err)
	}
	if len(list.Errors) != MaxErrors || !list.Truncated {
		t.Errorf("got %d errors, truncated %v; want %d, true", len(list.Errors), list.Truncated, MaxErrors)
	}
	if !strings.HasSuffix(err.Error(), "(stopped after 100 errors; fix these and import again)") {
		t.Errorf("error does not say it stopped: ...%s", err.Error()[len(err.Error())-80:])
	}
	if last := list.Errors[MaxErrors-1]; last.Line != MaxErrors+1 {
		t.Errorf("last error on line %d, want %d", last.Line, MaxErrors+1)
	}
}

type failingReader struct{ data io.Reader }

func (f *failingReader) Read(p []byte) (int, error) {
	n, err := f.data.Read(p)
	if err == io.EOF {
		return n, errors.New("connection reset")
	}
	return n, err
}

func TestParseReadError(t *testing.T) {
	t.Parallel()
	_, err := Parse("t.csv", &failingReader{strings.NewReader("iccid\n" + okICCID + "\n")}, 0)
	if err == nil || !strings.Contains(err.Error(), "t.csv: read: connection reset") {
		t.Errorf("error = %v", err)
	}
}

// PIN and PUK values never appear in errors, whatever is wrong with them.
func TestParseErrorsHideSecrets(t *testing.T) {
	t.Parallel()
	secrets := []string{"98x7", "123", "987654321", "8.1E+7", "55x55x55", "7654321"}
	var b strings.Builder
	b.WriteString("iccid,pin1,pin2,puk1,puk2\n")
	for _, s := range secrets {
		b.WriteString(okICCID + "," + s + "," + s + "," + s + "," + s + "\n")
	}
	_, err := Parse("t.csv", strings.NewReader(b.String()), 0)
	if err == nil {
		t.Fatal("no error")
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		if strings.Contains(line, "iccid:") {
			continue // the repeated ICCID
		}
		for _, s := range secrets {
			if strings.Contains(line, s) {
				t.Errorf("error %q shows secret %q", line, s)
			}
		}
	}
}

func TestParseAccepts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		input string
		want  Row
	}{
		{"single column, no final newline", "iccid\n" + okICCID, Row{ICCID: okICCID, Line: 2}},
		{"aliases and case", "ICCID;Pin;PUK;Form-Factor\n" + okICCID + ";0000;00000000;2FF\n",
			Row{ICCID: okICCID, PIN1: "0000", PUK1: "00000000", FormFactor: "2FF", Line: 2}},
		{"spaces around cells", " iccid , msisdn \n " + okICCID + " , 491701234567 \n",
			Row{ICCID: okICCID, MSISDN: "+491701234567", Line: 2}},
		{"leading blank lines", "\n\niccid;eid\n\n" + okICCID + ";" + okEID + "\n",
			Row{ICCID: okICCID, EID: okEID, Line: 5}},
		{"short row", "iccid,imsi,pin1\n" + okICCID + "\n", Row{ICCID: okICCID, Line: 2}},
		{"quoted header with comma in a ; file", "\"iccid\";\"bic\"\n" + okICCID + ";\"a,b,c\"\n", Row{ICCID: okICCID, BIC: "a,b,c", Line: 2}},
		{"bom and crlf", "\xEF\xBB\xBFiccid,pin2\r\n" + okICCID + ",12345678\r\n", Row{ICCID: okICCID, PIN2: "12345678", Line: 2}},
		{"22-digit iccid", "iccid\n8988303000000012345671\n", Row{ICCID: "8988303000000012345671", Line: 2}},
	}
	for _, tt := range tests {
		rows, err := Parse("t.csv", strings.NewReader(tt.input), 0)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if len(rows) != 1 || rows[0] != tt.want {
			t.Errorf("%s: rows = %+v, want [%+v]", tt.name, rows, tt.want)
		}
	}
}

func TestDetectDelimiter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want rune
	}{
		{"iccid,imsi", ','},
		{"iccid;imsi", ';'},
		{"iccid", ','},
		{"\"a,b\";c", ';'},
		{"\n\r\n  iccid;imsi\nx,y,z,w", ';'},
		{"iccid;imsi\na,b,c,d", ';'},
		{"a;b,c,d", ','},
	}
	for _, tt := range tests {
		if got := detectDelimiter([]byte(tt.in)); got != tt.want {
			t.Errorf("detectDelimiter(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("iccid;imsi;pin;puk\n" + okICCID + ";262011234567890;1234;12345678\n")
	f.Add("\xEF\xBB\xBFICCID,EID\r\n" + okICCID + "," + okEID + "\r\n")
	f.Add("iccid,msisdn,bic\n\"" + okICCID + "\",+491701234567,\"x\"\"y\"\n")
	f.Add("iccid\n8988303000000012345\n" + okICCID + "\n" + okICCID + "\n")
	f.Add("iccid,,\n" + okICCID + ",a\"b,\n")
	f.Fuzz(func(t *testing.T, input string) {
		const limit = 50
		rows, err := Parse("f.csv", strings.NewReader(input), limit)
		if err != nil {
			var list *ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %v is not an *ErrorList", err)
			}
			if rows != nil || len(list.Errors) == 0 || len(list.Errors) > MaxErrors {
				t.Fatalf("%d rows, %d errors", len(rows), len(list.Errors))
			}
			for _, e := range list.Errors {
				if e.File != "f.csv" || !strings.HasPrefix(e.Error(), "f.csv") {
					t.Fatalf("error %q does not name the file", e)
				}
			}
			return
		}
		if len(rows) == 0 || len(rows) > limit {
			t.Fatalf("%d rows without error", len(rows))
		}
		seen := map[string]bool{}
		prevLine := 1
		for _, r := range rows {
			if checkICCID(r.ICCID) != nil || seen[r.ICCID] {
				t.Fatalf("row %+v: bad or repeated ICCID", r)
			}
			seen[r.ICCID] = true
			if r.Line <= prevLine {
				t.Fatalf("row %+v: line not after %d", r, prevLine)
			}
			prevLine = r.Line
			for _, check := range []struct {
				v   string
				err func(string) error
			}{{r.IMSI, CheckIMSI}, {r.EID, CheckEID}, {r.PIN1, CheckPIN}, {r.PIN2, CheckPIN}, {r.PUK1, CheckPUK}, {r.PUK2, CheckPUK}} {
				if check.v != "" && check.err(check.v) != nil {
					t.Fatalf("row %+v holds an invalid value %q", r, check.v)
				}
			}
		}
	})
}
