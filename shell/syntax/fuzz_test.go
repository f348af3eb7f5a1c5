package syntax

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParse(f *testing.F) {
	for _, tests := range parseTests {
		for _, tt := range tests {
			f.Add(tt.line)
		}
	}
	for _, tests := range lineTests {
		for _, tt := range tests {
			f.Add(tt.line)
		}
	}
	for _, line := range []string{
		`greet --shout "hello world" $USER`,
		`a'b'"c"\d$x${x}$?$`,
		"\"${\n}\"",
		"'\n' \\\n #\n",
		"\xf0\x9f\x98",
		`echo -n "hello world"`,
		"  a'b c'\"\" '' x=y\t",
	} {
		f.Add(line)
	}
	f.Fuzz(func(t *testing.T, line string) {
		words, err := Parse(line, testLookup)
		if err != nil {
			checkFuzzError(t, line, words, err)
		}
		checkIntended(t, line, words, err)
		if onlyLettersAndSpaces(line) {
			if err != nil || !slices.Equal(words, strings.Fields(line)) && len(words)+len(strings.Fields(line)) > 0 {
				t.Fatalf("Parse(%q) = %q, %v; want strings.Fields", line, words, err)
			}
		}
		checkShellwords(t, line, words, err)
		checkLine(t, line, words, err)
		var plain Cmd
		if ParsePlain(line, &plain) {
			comparePlainLine(t, line, &plain)
		}
	})
}

// checkLine checks ParseLine and Expand on a whole line: errors are
// *Errors inside the line, and a line Parse accepts is one command with
// the same words, or none.
func checkLine(t *testing.T, line string, words []string, perr error) {
	t.Helper()
	l, err := ParseLine(line)
	if err != nil {
		checkFuzzError(t, line, nil, err)
		if perr == nil {
			t.Fatalf("ParseLine(%q) = %v, Parse accepted it", line, err)
		}
		return
	}
	n := 0
	for _, pl := range l.Pipelines {
		if len(pl.Cmds) == 0 {
			t.Fatalf("ParseLine(%q): empty pipeline", line)
		}
		for _, c := range pl.Cmds {
			n++
			checkFixed(t, c)
			s, err := c.Expand(testLookup)
			if err != nil {
				checkFuzzError(t, line, nil, err)
				if isInternal(err) {
					t.Fatalf("ParseLine(%q): %v", line, err)
				}
				continue
			}
			if perr == nil && len(s.Assigns) == 0 && !slices.Equal(s.Words, words) {
				t.Fatalf("ParseLine(%q) words %q, Parse %q", line, s.Words, words)
			}
		}
	}
	if perr == nil && n > 1 {
		t.Fatalf("ParseLine(%q) has %d commands, Parse accepted it as one", line, n)
	}
}

// checkIntended checks that go-shellwords split the canonical line of line
// into exactly the words the scanner meant: that the internal splitting
// error is never returned, and that Parse returns what parse does.
func checkIntended(t *testing.T, line string, words []string, err error) {
	t.Helper()
	got, intended, kerr := parse(line, testLookup, true)
	if isInternal(err) || isInternal(kerr) {
		t.Fatalf("Parse(%q): %v (scanner meant %q)", line, errors.Join(err, kerr), intended)
	}
	if fmt.Sprint(err) != fmt.Sprint(kerr) || !slices.Equal(words, got) {
		t.Fatalf("Parse(%q) = %q, %v; parse = %q, %v", line, words, err, got, kerr)
	}
	if !slices.Equal(got, intended) || (got == nil) != (intended == nil) {
		t.Fatalf("Parse(%q): go-shellwords split %q, the scanner meant %q", line, got, intended)
	}
}

// isInternal reports whether err is the error Parse returns when
// go-shellwords and the scanner disagree.
func isInternal(err error) bool {
	var perr *Error
	return errors.As(err, &perr) && strings.HasPrefix(perr.Msg, internalPrefix)
}

// checkFuzzError checks that err is an *Error whose position is in line.
func checkFuzzError(t *testing.T, line string, words []string, err error) {
	t.Helper()
	var perr *Error
	if !errors.As(err, &perr) {
		t.Fatalf("Parse(%q) error %v is a %T, not an *Error", line, err, err)
	}
	if words != nil {
		t.Fatalf("Parse(%q) = %q with error %v", line, words, err)
	}
	if perr.Msg == "" {
		t.Fatalf("Parse(%q) error without a message: %#v", line, perr)
	}
	lines := strings.Split(line, "\n")
	if perr.Line < 1 || perr.Line > len(lines) {
		t.Fatalf("Parse(%q) error %v: line %d is not in 1..%d", line, err, perr.Line, len(lines))
	}
	n := utf8.RuneCountInString(lines[perr.Line-1])
	if perr.Col < 1 || perr.Col > n+1 {
		t.Fatalf("Parse(%q) error %v: column %d is not in 1..%d", line, err, perr.Col, n+1)
	}
	if perr.Col > utf8.RuneCountInString(line)+1 {
		t.Fatalf("Parse(%q) error %v: column past the input", line, err)
	}
}

// onlyLettersAndSpaces reports whether line holds only ASCII letters, digits
// and spaces: characters that mean nothing to Parse but themselves.
func onlyLettersAndSpaces(line string) bool {
	for i := 0; i < len(line); i++ {
		if c := line[i]; c != ' ' && !isNameChar(c) {
			return false
		}
	}
	return true
}

// checkFixed checks that a command whose words ParseLine kept (it has no
// expansion: no $, no ~ for the home directory) expands to what a scan of it for Expand gives.
func checkFixed(t *testing.T, c *Cmd) {
	t.Helper()
	if !c.fixed {
		if !strings.ContainsAny(c.Text(), "$~") {
			t.Fatalf("ParseLine: %q has no $ or ~ but its words were not kept", c.Text())
		}
		return
	}
	got, gerr := c.Expand(testLookup)
	want, werr := c.expand(testLookup, false)
	if fmt.Sprint(gerr) != fmt.Sprint(werr) || fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", want) {
		t.Fatalf("Expand(%q) with the words of ParseLine = %#v, %v; scanned again %#v, %v", c.Text(), got, gerr, want, werr)
	}
}
