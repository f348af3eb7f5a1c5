package minijson

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Kind is the kind of a JSON value.
type Kind uint8

// The kinds of JSON value.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "bool"
	case Number:
		return "number"
	case String:
		return "string"
	case Array:
		return "array"
	case Object:
		return "object"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Value is one parsed JSON value.
type Value struct {
	Kind Kind
	// Bool is the value of a Bool.
	Bool bool
	// Text is a String's content, unescaped as encoding/json unescapes it
	// (see ParseStream), or a Number as it was written.
	Text string
	// Elems are the elements of an Array.
	Elems []Value
	// Members are the members of an Object, in the order written,
	// repeated keys included.
	Members []Member
}

// Member is one key and value of an object.
type Member struct {
	Key   string
	Value Value
}

// MaxDepth is how deeply objects and arrays may nest, as in encoding/json.
const MaxDepth = 10000

// SyntaxError is input that is not JSON.
type SyntaxError struct {
	Offset int // of the byte where the input stopped making sense
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("json: %s at byte %d", e.Msg, e.Offset)
}

// ParseStream parses data as a stream of JSON values, one after another,
// as encoding/json's Decoder reads them: white space (space, tab, newline,
// carriage return) around and between them is skipped, and a value needs
// no separator from the one before it where the two cannot run together.
// The grammar is RFC 8259's, with objects and arrays nested at most
// MaxDepth deep. A string is unescaped as encoding/json does it: \uXXXX
// escapes of a surrogate pair make one rune, and a lone surrogate escape
// and each byte of invalid UTF-8 become U+FFFD. Malformed input is a
// *SyntaxError; empty input is no values.
func ParseStream(data []byte) ([]Value, error) {
	p := &parser{data: data}
	var vs []Value
	for {
		p.skipSpace()
		if p.pos == len(p.data) {
			return vs, nil
		}
		v, err := p.value(0)
		if err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
}

type parser struct {
	data []byte
	pos  int
}

func (p *parser) errorf(format string, args ...any) error {
	return &SyntaxError{Offset: p.pos, Msg: fmt.Sprintf(format, args...)}
}

// unexpected reports the byte at p.pos, or the end of the input.
func (p *parser) unexpected(what string) error {
	if p.pos >= len(p.data) {
		return p.errorf("unexpected end of input %s", what)
	}
	return p.errorf("invalid character %q %s", p.data[p.pos], what)
}

func (p *parser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// value parses the value at p.pos, inside depth objects and arrays.
func (p *parser) value(depth int) (Value, error) {
	if p.pos >= len(p.data) {
		return Value{}, p.unexpected("looking for a value")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		s, err := p.string()
		return Value{Kind: String, Text: s}, err
	case c == '-' || ('0' <= c && c <= '9'):
		s, err := p.number()
		return Value{Kind: Number, Text: s}, err
	case c == 't':
		return Value{Kind: Bool, Bool: true}, p.literal("true")
	case c == 'f':
		return Value{Kind: Bool}, p.literal("false")
	case c == 'n':
		return Value{}, p.literal("null")
	}
	return Value{}, p.unexpected("looking for a value")
}

func (p *parser) literal(word string) error {
	for i := range len(word) {
		if p.pos >= len(p.data) || p.data[p.pos] != word[i] {
			return p.unexpected("in literal " + word)
		}
		p.pos++
	}
	return nil
}

func (p *parser) object(depth int) (Value, error) {
	if depth > MaxDepth {
		return Value{}, p.errorf("objects and arrays nested more than %d deep", MaxDepth)
	}
	p.pos++ // {
	v := Value{Kind: Object}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return v, nil
	}
	for {
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return Value{}, p.unexpected("looking for the beginning of an object key")
		}
		key, err := p.string()
		if err != nil {
			return Value{}, err
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return Value{}, p.unexpected("after an object key")
		}
		p.pos++
		p.skipSpace()
		elem, err := p.value(depth)
		if err != nil {
			return Value{}, err
		}
		v.Members = append(v.Members, Member{Key: key, Value: elem})
		if done, err := p.next('}', "after an object member"); done || err != nil {
			return v, err
		}
	}
}

func (p *parser) array(depth int) (Value, error) {
	if depth > MaxDepth {
		return Value{}, p.errorf("objects and arrays nested more than %d deep", MaxDepth)
	}
	p.pos++ // [
	v := Value{Kind: Array}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return v, nil
	}
	for {
		elem, err := p.value(depth)
		if err != nil {
			return Value{}, err
		}
		v.Elems = append(v.Elems, elem)
		if done, err := p.next(']', "after an array element"); done || err != nil {
			return v, err
		}
	}
}

// next reads what follows a member of an object or array: the closing
// byte (done), or a comma and the white space after it.
func (p *parser) next(closing byte, where string) (done bool, err error) {
	p.skipSpace()
	if p.pos < len(p.data) {
		switch p.data[p.pos] {
		case closing:
			p.pos++
			return true, nil
		case ',':
			p.pos++
			p.skipSpace()
			return false, nil
		}
	}
	return false, p.unexpected(where)
}

// number reads a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *parser) number() (string, error) {
	start := p.pos
	if p.data[p.pos] == '-' {
		p.pos++
	}
	switch {
	case p.pos < len(p.data) && p.data[p.pos] == '0':
		p.pos++
	case !p.digits():
		return "", p.unexpected("in numeric literal")
	}
	if p.pos < len(p.data) && p.data[p.pos] == '.' {
		p.pos++
		if !p.digits() {
			return "", p.unexpected("after decimal point in numeric literal")
		}
	}
	if p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
			p.pos++
		}
		if !p.digits() {
			return "", p.unexpected("in exponent of numeric literal")
		}
	}
	return string(p.data[start:p.pos]), nil
}

// digits reads [0-9]* and reports whether there was at least one.
func (p *parser) digits() bool {
	start := p.pos
	for p.pos < len(p.data) && '0' <= p.data[p.pos] && p.data[p.pos] <= '9' {
		p.pos++
	}
	return p.pos > start
}

// string reads a quoted string and returns its content.
func (p *parser) string() (string, error) {
	p.pos++ // "
	var b strings.Builder
	start := p.pos
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		switch {
		case c == '"':
			b.Write(p.data[start:p.pos])
			p.pos++
			return b.String(), nil
		case c < ' ':
			return "", p.unexpected("in string literal")
		case c == '\\':
			b.Write(p.data[start:p.pos])
			if err := p.escape(&b); err != nil {
				return "", err
			}
			start = p.pos
		case c < utf8.RuneSelf:
			p.pos++
		default:
			r, size := utf8.DecodeRune(p.data[p.pos:])
			if r == utf8.RuneError && size == 1 {
				b.Write(p.data[start:p.pos])
				b.WriteRune(utf8.RuneError)
				start = p.pos + 1
			}
			p.pos += size
		}
	}
	return "", p.unexpected("in string literal")
}

// escape reads the escape sequence at p.pos into b.
func (p *parser) escape(b *strings.Builder) error {
	if p.pos+1 < len(p.data) {
		if c, ok := unescape(p.data[p.pos+1]); ok {
			b.WriteByte(c)
			p.pos += 2
			return nil
		}
	}
	r, ok := p.u4()
	if !ok {
		p.pos++
		if p.pos < len(p.data) && p.data[p.pos] == 'u' {
			return p.errorf(`malformed \u escape`)
		}
		return p.unexpected("in string escape code")
	}
	if 0xD800 <= r && r < 0xE000 {
		// A surrogate: with the escape of a low surrogate after a high
		// one, the two make one rune; else it is U+FFFD, and an escape
		// after it is read as one of its own.
		save := p.pos
		if lo, ok := p.u4(); ok && r < 0xDC00 && 0xDC00 <= lo && lo < 0xE000 {
			r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
		} else {
			r, p.pos = utf8.RuneError, save
		}
	}
	b.WriteRune(r)
	return nil
}

// unescape returns the byte that a backslash and c stand for, other than
// \u escapes.
func unescape(c byte) (byte, bool) {
	switch c {
	case '"', '\\', '/':
		return c, true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	}
	return 0, false
}

// u4 reads \uXXXX at p.pos, if it is there.
func (p *parser) u4() (rune, bool) {
	d := p.data[p.pos:]
	if len(d) < 6 || d[0] != '\\' || d[1] != 'u' {
		return 0, false
	}
	var r rune
	for _, c := range d[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	p.pos += 6
	return r, true
}
