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
// gosh scans and expands the line, then go-shellwords splits the result
// into the words returned (see the package doc).
func Parse(line string, lookup Lookup) ([]string, error) {
	words, _, err := parse(line, lookup, false)
	return words, err
}

// parse is Parse. With keep set it also returns intended: the words the
// scanner meant, built by the scanner itself and not by go-shellwords, for
// tests to check that the two agree.
func parse(line string, lookup Lookup, keep bool) (words, intended []string, err error) {
	var p parser
	p.reset(line, lookup, keep)
	if err := p.scan(); err != nil {
		return nil, nil, err
	}
	if p.rawValue && !keep {
		// go-shellwords cannot return these bytes (see split): scan again,
		// keeping the scanner's own words this time. Rare enough not to
		// keep them on every line.
		p.reset(line, lookup, true)
		if err := p.scan(); err != nil {
			return nil, nil, err // only if lookup changed its answers
		}
	}
	if p.keep {
		intended = p.words()
	}
	switch {
	case p.nwords == 0:
		return nil, intended, nil
	case p.rawValue:
		return intended, intended, nil
	}
	words, err = p.split()
	if err != nil {
		return nil, intended, err
	}
	return words, intended, nil
}

// parser holds the state of one Parse.
type parser struct {
	src    string
	lookup Lookup
	i      int // byte offset of the next rune
	line   int // line of the next rune, 1-based
	col    int // column of the next rune, 1-based, in runes

	// canon is the canonical line for go-shellwords: each word one
	// single-quoted string, a ' in it written '\'', words separated by one
	// space. nwords and nbytes are the number of words and of their bytes
	// it stands for; open, that the current word's quote is open in it.
	canon  strings.Builder
	nwords int
	nbytes int
	open   bool
	// rawValue reports that an expanded value is not valid UTF-8.
	rawValue bool

	// With keep, the scanner also builds the words itself: buf holds the
	// bytes of all of them, one after the other, and ends the end offset in
	// buf of each.
	keep bool
	buf  []byte
	ends []int

	// What the input is read for, and outside modeSimple the command being
	// read and the byte offset after its last token.
	mode int
	cmd  cmdState
	end  int
	// A binary operator (|, && or ||) waiting for the command after it.
	pendingOp string
	pendingAt pos
	// modeLine: the list so far, the pipeline being built and how the next
	// one follows. modeExpand: the command.
	list   *List
	pipe   *Pipeline
	nextOp Op
	simple *Simple
}

func (p *parser) reset(line string, lookup Lookup, keep bool) {
	*p = parser{src: line, lookup: lookup, line: 1, col: 1, keep: keep}
	p.canon.Grow(len(line) + len(line)/8 + 8) // about what the words take
	if keep {
		p.buf = make([]byte, 0, len(line))
	}
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
	p.add(p.src[p.i:n])
	p.skip(n - p.i)
}

// literal moves past the next rune and adds it to the current word.
func (p *parser) literal() error {
	r, size, err := p.next()
	if err != nil {
		return err
	}
	p.add(p.src[p.i : p.i+size])
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
	nbytes := p.nbytes
	quoted := false
	if p.atTilde() {
		p.tilde()
	}
	for !p.eof() {
		var err error
		switch c := p.src[p.i]; {
		case c == ' ' || c == '\t' || c == '\n':
			p.endWord(nbytes, quoted)
			return nil
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
			p.endWord(nbytes, quoted) // an operator ends the word: a|b is three tokens
			return nil
		case plainWord[c]:
			p.plain(plainWord)
		default:
			err = p.literal()
		}
		if err != nil {
			return err
		}
	}
	p.endWord(nbytes, quoted)
	return nil
}

// atTilde reports whether the word starting here begins with a ~ that
// stands for the home directory: alone, or before a /. (~user is not
// expanded.)
func (p *parser) atTilde() bool {
	if p.eof() || p.src[p.i] != '~' {
		return false
	}
	if p.i+1 == len(p.src) {
		return true
	}
	c := p.src[p.i+1]
	return c == '/' || c == ' ' || c == '\t' || c == '\n' || isOperator(c)
}

// tilde replaces the ~ at the start of a word with $HOME, as sh does; with
// no HOME the ~ stays. The value is never split, as any expansion.
func (p *parser) tilde() {
	p.cmd.expands = true
	if p.lookup == nil {
		return
	}
	if home, ok := p.lookup("HOME"); ok && home != "" {
		p.skip(1)
		if !utf8.ValidString(home) {
			p.rawValue = true
		}
		p.add(home)
	}
}

// endWord ends the word that started after nbytes bytes of words, unless it
// was only unquoted expansions that were empty.
func (p *parser) endWord(nbytes int, quoted bool) {
	if !quoted && p.nbytes == nbytes {
		return
	}
	if !p.open {
		p.openWord() // an empty word: ''
	}
	p.canon.WriteByte('\'')
	p.open = false
	p.nwords++
	if p.keep {
		p.ends = append(p.ends, len(p.buf))
	}
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
					p.add(p.src[p.i+1 : p.i+2])
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
