package simimport

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limits of Parse.
const (
	// DefaultLimit is the row limit when Parse is given none.
	DefaultLimit = 100_000
	// MaxLineLen is the longest line, in bytes, Parse accepts.
	MaxLineLen = 4096
	// maxTextLen is the longest bic or form_factor value.
	maxTextLen = 64
)

// Row is one SIM of a batch file. Empty fields were empty in the file.
type Row struct {
	ICCID      string
	IMSI       string
	MSISDN     string // E.164 with a leading '+'
	EID        string
	PIN1       string
	PIN2       string
	PUK1       string
	PUK2       string
	BIC        string
	FormFactor string
	Line       int // line of the file the row starts on
}

var bom = []byte("\xEF\xBB\xBF")

// Parse reads the batch file named name (used in errors only) from r. It
// accepts at most limit rows (DefaultLimit if limit <= 0). It returns all
// rows, or nil and an *ErrorList naming every problem found.
func Parse(name string, r io.Reader, limit int) ([]Row, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	p := &parser{name: name, limit: limit}
	rows := p.parse(r)
	if len(p.errs.Errors) > 0 {
		return nil, &p.errs
	}
	return rows, nil
}

type parser struct {
	name  string
	limit int
	errs  ErrorList
}

// add records a problem; it reports false once MaxErrors were recorded.
func (p *parser) add(line int, col column, err error) bool {
	if len(p.errs.Errors) >= MaxErrors {
		p.errs.Truncated = true
		return false
	}
	p.errs.Errors = append(p.errs.Errors, &Error{File: p.name, Line: line, Column: col.String(), Err: err})
	return true
}

func (p *parser) parse(r io.Reader) []Row {
	ll := &lineLimit{r: r, max: MaxLineLen, line: 1}
	br := bufio.NewReaderSize(ll, MaxLineLen+len(bom)+1)
	if head, _ := br.Peek(len(bom)); bytes.Equal(head, bom) {
		_, _ = br.Discard(len(bom))
	}
	first, _ := br.Peek(MaxLineLen + 1)
	cr := csv.NewReader(br)
	cr.Comma = detectDelimiter(first)
	cr.FieldsPerRecord = -1

	var cols []column
	for cols == nil {
		rec, err := cr.Read()
		if err != nil {
			if err == io.EOF {
				p.add(0, colNone, errors.New("no header row; the first line must name the columns, such as iccid,imsi,pin1,puk1"))
			} else {
				p.readError(cr, err)
			}
			return nil
		}
		if blank(rec) {
			continue
		}
		line, _ := cr.FieldPos(0)
		var errs []error
		cols, errs = parseHeader(rec)
		for _, err := range errs {
			p.add(line, colNone, err)
		}
		if len(errs) > 0 {
			return nil
		}
	}

	var rows []Row
	seenICCID := map[string]int{}
	seenIMSI := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			if !p.readError(cr, err) {
				break
			}
			continue
		}
		if blank(rec) {
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(rows) >= p.limit {
			p.add(line, colNone, fmt.Errorf("more than %d SIMs; split the batch into files of at most %d rows", p.limit, p.limit))
			break
		}
		row, ok := p.row(line, cols, rec)
		if !p.errs.Truncated && row.ICCID != "" {
			if prev, dup := seenICCID[row.ICCID]; dup {
				ok = false
				p.add(line, colICCID, fmt.Errorf("%q appears on lines %d and %d", row.ICCID, prev, line))
			} else {
				seenICCID[row.ICCID] = line
			}
		}
		if !p.errs.Truncated && row.IMSI != "" {
			if prev, dup := seenIMSI[row.IMSI]; dup {
				ok = false
				p.add(line, colIMSI, fmt.Errorf("%q appears on lines %d and %d", row.IMSI, prev, line))
			} else {
				seenIMSI[row.IMSI] = line
			}
		}
		if p.errs.Truncated {
			break
		}
		if ok && len(p.errs.Errors) == 0 {
			rows = append(rows, row)
		}
	}
	if len(rows) == 0 && len(p.errs.Errors) == 0 {
		p.add(0, colNone, errors.New("no SIM rows after the header row"))
	}
	return rows
}

// readError records an error of the CSV reader; it reports whether
// reading may go on.
func (p *parser) readError(cr *csv.Reader, err error) bool {
	var tooLong *lineTooLongError
	if errors.As(err, &tooLong) {
		p.add(tooLong.line, colNone, tooLong)
		return false
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return p.add(pe.Line, colNone, fmt.Errorf("%v (at byte %d of the line); check the quoting", pe.Err, pe.Column))
	}
	p.add(0, colNone, fmt.Errorf("read: %w", err))
	return false
}

// row checks one record. The Row holds the valid fields; ok is false if
// any problem was found (and recorded) or MaxErrors was reached.
func (p *parser) row(line int, cols []column, rec []string) (row Row, ok bool) {
	row.Line = line
	ok = true
	fail := func(col column, err error) {
		ok = false
		p.add(line, col, err)
	}
	if len(rec) > len(cols) {
		extra := 0
		for _, cell := range rec[len(cols):] {
			if strings.TrimSpace(cell) != "" {
				extra++
			}
		}
		if extra > 0 {
			fail(colNone, fmt.Errorf("%d fields, but the header names %d columns", len(rec), len(cols)))
		}
	}
	for i, c := range cols {
		v := ""
		if i < len(rec) {
			v = strings.TrimSpace(rec[i])
		}
		if v == "" {
			if c == colICCID {
				fail(c, errors.New("is empty; every row needs an ICCID"))
			}
			continue
		}
		var err error
		switch c {
		case colNone:
			err = fmt.Errorf("a value in column %d, which has no name in the header row", i+1)
		case colICCID:
			if err = checkICCID(v); err == nil {
				row.ICCID = v
			}
		case colIMSI:
			if err = CheckIMSI(v); err == nil {
				row.IMSI = v
			}
		case colMSISDN:
			row.MSISDN, err = NormalizeMSISDN(v)
		case colEID:
			if err = CheckEID(v); err == nil {
				row.EID = v
			}
		case colPIN1, colPIN2:
			if err = CheckPIN(v); err == nil {
				*field(&row, c) = v
			}
		case colPUK1, colPUK2:
			if err = CheckPUK(v); err == nil {
				*field(&row, c) = v
			}
		case colBIC, colFormFactor:
			if err = checkText(v); err == nil {
				*field(&row, c) = v
			}
		}
		if err != nil {
			fail(c, err)
		}
	}
	return row, ok && !p.errs.Truncated
}

// field returns the Row field of a PIN, PUK or text column.
func field(row *Row, c column) *string {
	switch c {
	case colPIN1:
		return &row.PIN1
	case colPIN2:
		return &row.PIN2
	case colPUK1:
		return &row.PUK1
	case colPUK2:
		return &row.PUK2
	case colBIC:
		return &row.BIC
	default:
		return &row.FormFactor
	}
}

func checkText(s string) error {
	if len(s) > maxTextLen {
		return fmt.Errorf("%q is longer than %d bytes", shorten(s), maxTextLen)
	}
	for _, r := range s {
		if r < ' ' || r == 0x7f || r == '\uFFFD' {
			return fmt.Errorf("%q has a control character or invalid UTF-8", shorten(s))
		}
	}
	return nil
}

// blank reports whether every cell of rec is empty or spaces.
func blank(rec []string) bool {
	for _, cell := range rec {
		if strings.TrimSpace(cell) != "" {
			return false
		}
	}
	return true
}

// detectDelimiter returns ';' if the first non-blank line of data holds
// more semicolons than commas outside quotes, else ','.
func detectDelimiter(data []byte) rune {
	commas, semis := 0, 0
	quoted, content := false, false
	for _, c := range data {
		switch {
		case c == '"':
			quoted = !quoted
			content = true
		case quoted:
		case c == '\n':
			if content {
				return pick(commas, semis)
			}
		case c == ' ' || c == '\t' || c == '\r':
		case c == ',':
			content = true
			commas++
		case c == ';':
			content = true
			semis++
		default:
			content = true
		}
	}
	return pick(commas, semis)
}

func pick(commas, semis int) rune {
	if semis > commas {
		return ';'
	}
	return ','
}
