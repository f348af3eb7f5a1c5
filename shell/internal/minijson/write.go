package minijson

import (
	"strconv"
	"unicode/utf8"
)

// Writer builds one JSON document, laid out as encoding/json's Encoder
// writes it after SetIndent("", indent): each member of an object and each
// element of an array on a line of its own, "key": value, and an empty
// object or array as {} or []; with indent "", compact, as the Encoder
// writes without SetIndent. Strings are escaped as the Encoder escapes them
// (see appendString).
//
// The caller writes a well-formed document: a Key before each value in an
// object, Begin and End paired. A Writer does not check that; the tests of
// its callers compare what it writes with encoding/json's output.
type Writer struct {
	buf    []byte
	indent string
	// open has an entry for each object or array begun and not ended:
	// whether it has a member yet.
	open []bool
	// afterKey is set by Key: the value goes on the key's line.
	afterKey bool
}

// NewWriter returns a Writer that indents each level by indent.
func NewWriter(indent string) *Writer {
	return &Writer{indent: indent}
}

// Bytes returns the document followed by a newline, as Encoder.Encode
// writes it.
func (w *Writer) Bytes() []byte {
	return append(w.buf[:len(w.buf):len(w.buf)], '\n')
}

// BeginObject starts an object value.
func (w *Writer) BeginObject() { w.begin('{') }

// EndObject ends the innermost object.
func (w *Writer) EndObject() { w.end('}') }

// BeginArray starts an array value.
func (w *Writer) BeginArray() { w.begin('[') }

// EndArray ends the innermost array.
func (w *Writer) EndArray() { w.end(']') }

// Key starts a member of the innermost object: its value comes next.
func (w *Writer) Key(k string) {
	w.member()
	w.buf = appendString(w.buf, k)
	w.buf = append(w.buf, ':')
	if w.indent != "" {
		w.buf = append(w.buf, ' ')
	}
	w.afterKey = true
}

// String writes a string value.
func (w *Writer) String(s string) {
	w.value()
	w.buf = appendString(w.buf, s)
}

// Bool writes true or false.
func (w *Writer) Bool(b bool) {
	w.value()
	w.buf = strconv.AppendBool(w.buf, b)
}

// Strings writes an array of strings.
func (w *Writer) Strings(ss []string) {
	w.BeginArray()
	for _, s := range ss {
		w.String(s)
	}
	w.EndArray()
}

func (w *Writer) begin(c byte) {
	w.value()
	w.buf = append(w.buf, c)
	w.open = append(w.open, false)
}

func (w *Writer) end(c byte) {
	if n := len(w.open); n > 0 {
		if w.open[n-1] {
			w.newline(n - 1)
		}
		w.open = w.open[:n-1]
	}
	w.buf = append(w.buf, c)
}

// value places a value: after a key, on the key's line; in an array, as a
// member of its own.
func (w *Writer) value() {
	if w.afterKey {
		w.afterKey = false
		return
	}
	w.member()
}

// member starts a member of the innermost object or array: a comma after
// the member before it, then a new line and the indentation.
func (w *Writer) member() {
	n := len(w.open)
	if n == 0 {
		return
	}
	if w.open[n-1] {
		w.buf = append(w.buf, ',')
	}
	w.open[n-1] = true
	w.newline(n)
}

func (w *Writer) newline(depth int) {
	if w.indent == "" {
		return
	}
	w.buf = append(w.buf, '\n')
	for range depth {
		w.buf = append(w.buf, w.indent...)
	}
}

const hex = "0123456789abcdef"

// appendString appends s to dst as a quoted JSON string, escaped as
// encoding/json's Encoder escapes it by default: \" \\ \b \f \n \r \t,
// other control characters and <, >, & as \u00XX, U+2028 and U+2029 as
// \u2028 and \u2029, and each byte of invalid UTF-8 as \ufffd.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= ' ' && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = appendEscape(dst, b)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// appendEscape appends the escape of the ASCII byte b.
func appendEscape(dst []byte, b byte) []byte {
	switch b {
	case '\\', '"':
		return append(dst, '\\', b)
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	}
	return append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
}
