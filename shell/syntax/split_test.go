package syntax

import (
	"errors"
	"slices"
	"testing"
)

func TestCanonicalLine(t *testing.T) {
	// What go-shellwords is given for a line: each word one single-quoted
	// string, a ' written '\'', one space between words.
	tests := []struct{ line, canon string }{
		{"", ""},
		{"# comment", ""},
		{"  echo   hello  ", `'echo' 'hello'`},
		{`greet --shout "hello world" $USER`, `'greet' '--shout' 'hello world' 'ada'`},
		{`greet --shout "it's $USER" $NOPE ""`, `'greet' '--shout' 'it'\''s ada' ''`}, // the package doc
		{`it\'s "it's" 'a'"'"`, `'it'\''s' 'it'\''s' 'a'\'''`},
		{`echo $q`, `'echo' ''\''"\'`},
		{`echo '' "" "$unset" $unset''`, `'echo' '' '' '' ''`},
		{`echo $unset $empty a$unset`, `'echo' 'a'`},
		{"echo 'a\nb' \"\tc\" \\\t", "'echo' 'a\nb' '\tc' '\t'"},
		{`'\' "\a" \\ '$x' \$x "\$x"`, `'\' '\a' '\' '$x' '$x' '$x'`},
		{"'|;&<>()' '`' '#' \"$op\"", "'|;&<>()' '`' '#' 'a;b|c'"},
		{"echo $nl $ctl", "'echo' 'a\nb' '\x1b[31m'"},
	}
	for _, tt := range tests {
		var p parser
		p.reset(tt.line, testLookup, false)
		if err := p.scan(); err != nil {
			t.Fatalf("scan %q: %v", tt.line, err)
		}
		if got := p.canon.String(); got != tt.canon {
			t.Errorf("canonical line of %q = %q, want %q", tt.line, got, tt.canon)
		}
	}
}

func TestSplitDisagreement(t *testing.T) {
	// split refuses words that are not the ones the scanner meant, with an
	// internal error rather than wrong words.
	tests := []struct {
		canon          string
		nwords, nbytes int
	}{
		{`'a' 'b'`, 1, 2},    // too many words
		{`'a' 'b'`, 2, 3},    // wrong length
		{`'a`, 1, 1},         // an open quote
		{`'a' | 'b'`, 2, 2},  // an operator
		{"'\xff'", 1, 1},     // replaced by U+FFFD
		{`'a' \ 'b'`, 2, 2},  // an escaped blank is a word
		{`'a''b' 'c'`, 3, 3}, // joined
	}
	for _, tt := range tests {
		var p parser
		p.canon.WriteString(tt.canon)
		p.nwords, p.nbytes = tt.nwords, tt.nbytes
		words, err := p.split()
		var perr *Error
		if !errors.As(err, &perr) || !isInternal(err) || perr.Line != 1 || perr.Col != 1 || words != nil {
			t.Errorf("split %q = %q, %v; want an internal error at 1:1", tt.canon, words, err)
		}
	}
}

func TestParseValueNotUTF8(t *testing.T) {
	// go-shellwords cannot return bytes that are not UTF-8: Parse takes
	// the scanner's own words for a line with such a value, which it does
	// not check, like any other value.
	vars := map[string]string{"v": "\xff a'b", "ok": "é"}
	lookup := func(name string) (string, bool) {
		v, ok := vars[name]
		return v, ok
	}
	line := `echo $v "$v"x '$v' $ok`
	want := w("echo", "\xff a'b", "\xff a'bx", "$v", "é")
	checkParse(t, line, lookup, want, nil)
	words, intended, err := parse(line, lookup, true)
	if err != nil || !slices.Equal(words, want) || !slices.Equal(intended, want) {
		t.Errorf("parse(%q) = %q, %q, %v; want %q twice", line, words, intended, err, want)
	}
}
