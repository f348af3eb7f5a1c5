package syntax

import (
	"fmt"
	"strings"

	"github.com/mattn/go-shellwords"
)

// add adds s to the current word: to the canonical line, single-quoted, and
// with keep to the scanner's own words.
func (p *parser) add(s string) {
	if s == "" {
		return // an empty value: the word may still be dropped
	}
	p.nbytes += len(s)
	if p.keep {
		p.buf = append(p.buf, s...)
	}
	if !p.open {
		p.openWord()
	}
	for {
		k := strings.IndexByte(s, '\'')
		if k < 0 {
			p.canon.WriteString(s)
			return
		}
		// Close the quote, an escaped quote, open again: go-shellwords
		// reads '\'' as one ', as sh does.
		p.canon.WriteString(s[:k])
		p.canon.WriteString(`'\''`)
		s = s[k+1:]
	}
}

// openWord starts a word in the canonical line: a blank after the word
// before, and the opening quote. A word is opened at its first byte, or at
// its end if it is empty and quoted, so that a word that is dropped leaves
// nothing.
func (p *parser) openWord() {
	if p.nwords > 0 {
		p.canon.WriteByte(' ')
	}
	p.canon.WriteByte('\'')
	p.open = true
}

// split has go-shellwords split the canonical line into words, and checks
// that it found the words the scanner meant: as many, with as many bytes.
//
// Inside single quotes go-shellwords keeps every rune as it is (blanks,
// newlines, backslashes, quotes, $, #, backticks and operators included),
// and outside them the canonical line has only blanks and \'. What it
// cannot keep is a byte that is not UTF-8, which it replaces with U+FFFD:
// Parse does not call split for a line with such a value (rawValue).
func (p *parser) split() ([]string, error) {
	return splitCanon(p.canon.String(), p.nwords, p.nbytes)
}

// splitCanon has go-shellwords split a canonical line that stands for
// nwords words of nbytes bytes in all, and checks that it found them.
func splitCanon(canon string, nwords, nbytes int) ([]string, error) {
	sw := shellwords.NewParser()
	sw.ParseEnv = false      // gosh expands, by its own rules
	sw.ParseBacktick = false // never run a command found in a line
	sw.ParseComment = false  // gosh reads comments
	words, err := sw.Parse(canon)
	if err != nil {
		return nil, internalError(fmt.Sprintf("go-shellwords rejected the canonical line: %v", err))
	}
	n := 0
	for _, w := range words {
		n += len(w)
	}
	if len(words) != nwords || n != nbytes || sw.Position != -1 {
		return nil, internalError(fmt.Sprintf("go-shellwords split the line into %d words of %d bytes, not %d of %d",
			len(words), n, nwords, nbytes))
	}
	return words, nil
}

// internalPrefix begins the message of an error that is a bug of gosh, not a
// problem of the line.
const internalPrefix = "internal error: "

// internalError returns an error for a bug in word splitting. It is at the
// start of the input: no column of the line is to blame.
func internalError(msg string) *Error {
	return &Error{Line: 1, Col: 1, Msg: internalPrefix + msg}
}
