package syntax

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

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
	p.cmd.expands = true
	if p.lookup == nil {
		return
	}
	if v, ok := p.lookup(name); ok {
		if !utf8.ValidString(v) {
			p.rawValue = true
		}
		p.add(v)
	}
}

func isNameStart(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isNameChar(c byte) bool {
	return isNameStart(c) || '0' <= c && c <= '9'
}
