package at

// TokenKind tells what the Framer found in the byte stream.
type TokenKind int

const (
	// TokLine is one line, without its CR/LF ending.
	TokLine TokenKind = iota
	// TokPrompt is the "> " data prompt, which arrives without a line end.
	TokPrompt
	// TokOverflow is a line longer than the framer's limit; its bytes were
	// dropped and only their count is kept.
	TokOverflow
)

// Token is one unit of modem output.
type Token struct {
	Kind    TokenKind
	Line    string
	Dropped int // bytes dropped, for TokOverflow
}

// DefaultMaxLine bounds a line: a +COPS=? answer with many operators or a
// PDU line is well below it; garbage beyond it is dropped.
const DefaultMaxLine = 16 << 10

// Framer splits modem output into tokens. CR and LF end a line; empty lines
// and NUL bytes are skipped. A line that grows beyond Max bytes is dropped
// and reported as TokOverflow with its length, so memory stays bounded
// whatever arrives. When Prompt is set, "> " at the start of a line is
// reported as TokPrompt at once. The zero Framer uses DefaultMaxLine.
type Framer struct {
	Max    int
	Prompt bool

	buf     []byte
	dropped int // > 0 while discarding an overlong line
}

// Feed frames p and calls emit for every complete token, in order.
func (f *Framer) Feed(p []byte, emit func(Token)) {
	max := f.Max
	if max <= 0 {
		max = DefaultMaxLine
	}
	for _, b := range p {
		switch {
		case b == '\r' || b == '\n':
			f.endLine(emit)
		case b == 0:
		case f.dropped > 0:
			f.dropped++
		case len(f.buf) >= max:
			f.dropped = len(f.buf) + 1
			f.buf = f.buf[:0]
		default:
			f.buf = append(f.buf, b)
			if f.Prompt && len(f.buf) == 2 && f.buf[0] == '>' && f.buf[1] == ' ' {
				f.buf = f.buf[:0]
				emit(Token{Kind: TokPrompt, Line: "> "})
			}
		}
	}
	// Give back a large buffer once a long line is done with.
	if len(f.buf) == 0 && cap(f.buf) > 4096 {
		f.buf = nil
	}
}

// Pending returns the bytes of the unfinished line.
func (f *Framer) Pending() string { return string(f.buf) }

func (f *Framer) endLine(emit func(Token)) {
	if f.dropped > 0 {
		emit(Token{Kind: TokOverflow, Dropped: f.dropped})
		f.dropped = 0
		return
	}
	if len(f.buf) == 0 {
		return
	}
	line := string(f.buf)
	f.buf = f.buf[:0]
	emit(Token{Kind: TokLine, Line: line})
}
