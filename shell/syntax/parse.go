package syntax

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lookup returns the value of a shell variable and whether it is set.
type Lookup func(name string) (string, bool)

// Parse splits line into words, expanding variables with lookup.
// An empty or blank line, or a comment line, returns no words and no error.
// A nil lookup treats every variable as unset. Every error is an [*Error].
//
// The words of one call share one backing string, so keeping any of them
// keeps the bytes of all of them.
func Parse(line string, lookup Lookup) ([]string, error) {
	// One pass over the line, in time linear in its length. go-shellwords,
	// which the design names for this, is not on this path: its ParseEnv
	// expands inside single quotes and re-splits values, without it the
	// quoting of a $ is lost before gosh could expand it, and it builds each
	// word with string += (quadratic: seconds for a 128 KiB word). The
	// differences are pinned in shellwords_test.go.
	p := parser{src: line, lookup: lookup, line: 1, col: 1}
	p.buf = make([]byte, 0, len(line))
	p.ends = p.endsArray[:0]
	if err := p.parse(); err != nil {
		return nil, err
	}
	return p.words(), nil
}

// parser holds the state of one Parse.
type parser struct {
	src    string
	lookup Lookup
	i      int // byte offset of the next rune
	line   int // line of the next rune, 1-based
	col    int // column of the next rune, 1-based, in runes

	buf  []byte // the bytes of all words, one after the other
	ends []int  // the end offset in buf of each word

	endsArray [16]int // ends of a typical line, without allocating
}

// pos is a position in the input, for an error found after moving past it.
type pos struct{ line, col int }

func (p *parser) pos() pos { return pos{p.line, p.col} }

func (p *parser) errAt(at pos, msg string) *Error {
	return &Error{Line: at.line, Col: at.col, Msg: msg}
}

func (p *parser) incomplete(at pos, msg string) *Error {
	return &Error{Line: at.line, Col: at.col, Msg: msg, Incomplete: true}
}

func (p *parser) eof() bool { return p.i >= len(p.src) }

// skip moves past n bytes that are ASCII and not newlines.
func (p *parser) skip(n int) {
	p.i += n
	p.col += n
}

// next returns the next rune and its size, or an error for an invalid byte or
// a control character other than tab and newline. It does not move.
func (p *parser) next() (rune, int, error) {
	r, size := rune(p.src[p.i]), 1
	if r >= utf8.RuneSelf {
		r, size = utf8.DecodeRuneInString(p.src[p.i:])
		if r == utf8.RuneError && size == 1 {
			return 0, 0, p.errAt(p.pos(), "invalid UTF-8 in input")
		}
	}
	if r != '\t' && r != '\n' && unicode.IsControl(r) {
		return 0, 0, p.errAt(p.pos(), controlMsg(r))
	}
	return r, size, nil
}

func controlMsg(r rune) string {
	return fmt.Sprintf("control character %U is not allowed", r)
}

// move moves past the rune r of the given size.
func (p *parser) move(r rune, size int) {
	p.i += size
	if r == '\n' {
		p.line++
		p.col = 1
	} else {
		p.col++
	}
}

// Runs of bytes that need no more than copying, in each context: printable
// ASCII but the characters that context gives a meaning to.
var (
	plainWord   = plainBytes(" \t\n'\"\\$`|&;<>()")
	plainSingle = plainBytes("'")
	plainDouble = plainBytes("\"\\$`")
)

func plainBytes(special string) *[256]bool {
	var t [256]bool
	for c := ' '; c < 0x7f; c++ {
		t[c] = true
	}
	t['\t'] = true
	for i := 0; i < len(special); i++ {
		t[special[i]] = false
	}
	return &t
}

// plain adds to the current word the bytes up to the first one that is not
// plain in the table. It is only faster than literal: the caller still
// handles the byte it stops at.
func (p *parser) plain(table *[256]bool) {
	n := p.i
	for n < len(p.src) && table[p.src[n]] {
		n++
	}
	p.buf = append(p.buf, p.src[p.i:n]...)
	p.skip(n - p.i)
}

// literal moves past the next rune and adds it to the current word.
func (p *parser) literal() error {
	r, size, err := p.next()
	if err != nil {
		return err
	}
	p.buf = append(p.buf, p.src[p.i:p.i+size]...)
	p.move(r, size)
	return nil
}

func (p *parser) words() []string {
	if len(p.ends) == 0 {
		return nil
	}
	all := string(p.buf)
	words := make([]string, len(p.ends))
	start := 0
	for k, end := range p.ends {
		words[k] = all[start:end]
		start = end
	}
	return words
}

// parse reads the whole input: blanks, comments and words.
func (p *parser) parse() error {
	var newline *pos // the first unquoted newline after a word
	sawWord := false
	for !p.eof() {
		switch c := p.src[p.i]; {
		case c == ' ' || c == '\t':
			p.skip(1)
		case c == '\n':
			if sawWord && newline == nil {
				at := p.pos()
				newline = &at
			}
			p.move('\n', 1)
		case c == '\\' && p.i+1 < len(p.src) && p.src[p.i+1] == '\n':
			// A line continuation between words is nothing at all, so a
			// '#' after it still starts a comment.
			p.skip(1)
			p.move('\n', 1)
		case c == '#':
			if err := p.comment(); err != nil {
				return err
			}
		default:
			if newline != nil {
				return p.errAt(*newline, "command lists (newline) are not supported yet")
			}
			sawWord = true
			if err := p.word(); err != nil {
				return err
			}
		}
	}
	return nil
}

// comment moves to the end of the line, checking what it passes.
func (p *parser) comment() error {
	for !p.eof() && p.src[p.i] != '\n' {
		r, size, err := p.next()
		if err != nil {
			return err
		}
		p.move(r, size)
	}
	return nil
}

// word reads one word, up to an unquoted blank or newline or the end. It adds
// a word unless the word was only unquoted expansions that were empty.
func (p *parser) word() error {
	start := len(p.buf)
	quoted := false
	for !p.eof() {
		var err error
		switch c := p.src[p.i]; {
		case c == ' ' || c == '\t' || c == '\n':
			return p.endWord(start, quoted)
		case c == '\'':
			quoted = true
			err = p.singleQuoted()
		case c == '"':
			quoted = true
			err = p.doubleQuoted()
		case c == '\\':
			err = p.escape()
		case c == '$':
			err = p.dollar()
		case c == '`':
			err = p.errAt(p.pos(), "command substitution (`) is not supported")
		case isOperator(c):
			err = p.errAt(p.pos(), operatorMsg(p.src[p.i:]))
		case plainWord[c]:
			p.plain(plainWord)
		default:
			err = p.literal()
		}
		if err != nil {
			return err
		}
	}
	return p.endWord(start, quoted)
}

func (p *parser) endWord(start int, quoted bool) error {
	if quoted || len(p.buf) > start {
		p.ends = append(p.ends, len(p.buf))
	}
	return nil
}

// escape reads a backslash outside quotes and what it escapes.
func (p *parser) escape() error {
	at := p.pos()
	p.skip(1)
	switch {
	case p.eof():
		return p.incomplete(at, "trailing backslash")
	case p.src[p.i] == '\n':
		p.move('\n', 1) // line continuation: both go
		return nil
	}
	return p.literal()
}

// singleQuoted reads a single-quoted string: everything up to the next
// single quote is literal.
func (p *parser) singleQuoted() error {
	at := p.pos()
	p.skip(1)
	for {
		if p.eof() {
			return p.incomplete(at, "unterminated single quote")
		}
		if p.src[p.i] == '\'' {
			p.skip(1)
			return nil
		}
		p.plain(plainSingle)
		if p.eof() || p.src[p.i] == '\'' {
			continue
		}
		if err := p.literal(); err != nil {
			return err
		}
	}
}

// doubleQuoted reads a double-quoted string, with $ expansions and backslash
// escapes of " \ $ ` and newline.
func (p *parser) doubleQuoted() error {
	at := p.pos()
	p.skip(1)
	for {
		if p.eof() {
			return p.incomplete(at, "unterminated double quote")
		}
		var err error
		switch p.src[p.i] {
		case '"':
			p.skip(1)
			return nil
		case '\\':
			if p.i+1 < len(p.src) {
				switch p.src[p.i+1] {
				case '"', '\\', '$', '`':
					p.buf = append(p.buf, p.src[p.i+1])
					p.skip(2)
					continue
				case '\n':
					p.skip(1)
					p.move('\n', 1)
					continue
				}
			}
			err = p.literal() // the backslash stays
		case '$':
			err = p.dollar()
		case '`':
			err = p.errAt(p.pos(), "command substitution (`) is not supported")
		default:
			if plainDouble[p.src[p.i]] {
				p.plain(plainDouble)
				continue
			}
			err = p.literal()
		}
		if err != nil {
			return err
		}
	}
}

// dollar reads $NAME, ${NAME} or $? and adds the value, or adds a literal $
// when what follows is none of these.
func (p *parser) dollar() error {
	at := p.pos()
	rest := p.src[p.i+1:]
	if rest == "" {
		return p.literal()
	}
	switch c := rest[0]; {
	case c == '{':
		return p.braced(at)
	case c == '?':
		p.skip(2)
		p.expand("?")
	case isNameStart(c):
		n := 1
		for n < len(rest) && isNameChar(rest[n]) {
			n++
		}
		p.skip(1 + n)
		p.expand(rest[:n])
	case c == '(':
		return p.errAt(at, "command substitution ('$(') is not supported")
	default:
		return p.literal()
	}
	return nil
}

// braced reads ${NAME} or ${?}; p.i is at the $.
func (p *parser) braced(at pos) error {
	body := p.src[p.i+2:]
	end := strings.IndexByte(body, '}')
	if end < 0 {
		return p.errAt(at, "unterminated ${")
	}
	name := body[:end]
	if name == "" {
		return p.errAt(at, "empty variable name in ${}")
	}
	if name != "?" {
		for k := 0; k < len(name); k++ {
			if isNameChar(name[k]) {
				continue
			}
			bad := pos{at.line, at.col + 2 + utf8.RuneCountInString(name[:k])}
			r, size := utf8.DecodeRuneInString(name[k:])
			switch {
			case r == utf8.RuneError && size == 1:
				return p.errAt(bad, "invalid UTF-8 in input")
			case r != '\t' && r != '\n' && unicode.IsControl(r):
				return p.errAt(bad, controlMsg(r))
			}
			return p.errAt(bad, fmt.Sprintf("invalid character %q in variable name", r))
		}
		if !isNameStart(name[0]) {
			return p.errAt(pos{at.line, at.col + 2}, "variable name starts with a digit")
		}
	}
	p.skip(len(name) + 3) // ${ NAME }: all ASCII
	p.expand(name)
	return nil
}

// expand adds the value of a variable to the current word, as it is: an
// expansion is never split into words.
func (p *parser) expand(name string) {
	if p.lookup == nil {
		return
	}
	if v, ok := p.lookup(name); ok {
		p.buf = append(p.buf, v...)
	}
}

func isNameStart(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isNameChar(c byte) bool {
	return isNameStart(c) || '0' <= c && c <= '9'
}
