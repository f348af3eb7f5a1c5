//go:build shellwords

// The shellwords build tag keeps this file out of the build until go.mod
// requires github.com/mattn/go-shellwords: remove the constraint then.

package syntax

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/mattn/go-shellwords"
)

// This file compares Parse with go-shellwords v1.0.13, the library the
// design names for word splitting. Parse agrees with it on plain words and
// quotes, but does not call it: TestShellwordsTraps pins the behaviour that
// rules it out. If one of those tests fails after an upgrade, the reason it
// names may be gone.

// shellwordsParse splits line with go-shellwords, as safely as it allows:
// no environment, no backticks.
func shellwordsParse(line string) ([]string, int, error) {
	p := shellwords.NewParser()
	p.ParseEnv = false
	p.ParseBacktick = false
	words, err := p.Parse(line)
	return words, p.Position, err
}

// inCommonSubset reports whether line uses only syntax on which Parse and
// go-shellwords (without ParseEnv) mean the same: plain words, blanks and
// quotes, no backslash, $, #, backtick, operator, newline or control
// character.
func inCommonSubset(line string) bool {
	for _, r := range line {
		switch {
		case r == utf8.RuneError, r != '\t' && unicode.IsControl(r):
			return false
		case strings.ContainsRune("\\$#`|&;<>()", r):
			return false
		}
	}
	return true
}

// checkShellwords is the oracle of FuzzParse in this build.
func checkShellwords(t *testing.T, line string, words []string, err error) {
	if !inCommonSubset(line) {
		return
	}
	sw, _, swErr := shellwordsParse(line)
	if (err != nil) != (swErr != nil) {
		t.Fatalf("Parse(%q) error %v, shellwords error %v", line, err, swErr)
	}
	if err == nil && !slices.Equal(words, sw) && !(len(words) == 0 && len(sw) == 0) {
		t.Fatalf("Parse(%q) = %q, shellwords %q", line, words, sw)
	}
}

func init() { fuzzOracle = checkShellwords }

func TestShellwordsAgree(t *testing.T) {
	lines := []string{
		"",
		"echo hello world",
		"  a\t b  ",
		`'a b' "c d" e'f'"g"`,
		`'' ""`,
		`"it's" 'say "hi"'`,
		"héllo 日本",
		`'open`,
		`"open`,
		`"a'b`,
	}
	for _, line := range lines {
		if !inCommonSubset(line) {
			t.Fatalf("%q is not in the common subset", line)
		}
		words, err := Parse(line, nil)
		checkShellwords(t, line, words, err)
	}
}

// TestShellwordsTraps pins what go-shellwords v1.0.13 does where gosh must do
// otherwise; each case names the rule of this package it would break.
func TestShellwordsTraps(t *testing.T) {
	env := map[string]string{"X": "a b", "Q": "'", "OP": "a;b c", "BS": `a\tb`}
	getenv := func(name string) string { return env[name] }
	tests := []struct {
		why     string
		line    string
		env     bool     // ParseEnv
		want    []string // what shellwords returns
		wantPos int      // p.Position
		wantErr bool
	}{
		{"ParseEnv expands inside single quotes", `'$X'`, true, w("a b"), -1, false},
		{"ParseEnv re-splits an unquoted value", `$X`, true, w("a", "b"), -1, false},
		{"ParseEnv re-parses a value as shell syntax", `$Q`, true, nil, 0, true},
		{"ParseEnv drops what follows an operator in a value, silently", `x $OP y`, true, w("x", "a", "y"), -1, false},
		{"ParseEnv reads backslashes of a value", `$BS`, true, w("a\tb"), -1, false},
		{"ParseEnv unescapes single quotes twice", `'a\b'`, true, w("ab"), -1, false},
		{"ParseEnv eats the $ of $?", `$?`, true, w("?"), -1, false},
		{"${bad name} is no error", `${X Y}`, true, w("${X", "Y}"), -1, false},
		{"without ParseEnv, quoting of $ is lost", `'$X' $X`, false, w("$X", "$X"), -1, false},
		{`\t and \n outside quotes are tab and newline`, `a\tb\nc`, false, w("a\tb\nc"), -1, false},
		{`a backslash in double quotes escapes anything`, `"\a"`, false, w("a"), -1, false},
		{"# is no comment", "a # b", false, w("a", "#", "b"), -1, false},
		{"control characters are accepted", "a\x1bb", false, w("a\x1bb"), -1, false},
		{"CR and LF are blanks", "a\rb\nc", false, w("a", "b", "c"), -1, false},
		{"an unquoted ( is an error without position", "(a)", false, nil, 0, true},
		{"$( is kept literally", "$(a b)", false, w("$(a b)"), -1, false},
		{"backticks are kept literally", "`a b`", false, w("`a b`"), -1, false},
		{"an open quote is an error without position", `echo 'a`, false, nil, 0, true},
		{"a trailing backslash is the same error", `a\`, false, nil, 0, true},
		{"Position is in runes", "日本 | x", false, w("日本"), 3, false},
		{"a digit word before > is dropped", "echo 12>f", false, w("echo"), 6, false},
	}
	for _, tt := range tests {
		t.Run(tt.why, func(t *testing.T) {
			p := shellwords.NewParser()
			p.ParseEnv = tt.env
			p.Getenv = getenv
			got, err := p.Parse(tt.line)
			if (err != nil) != tt.wantErr || !slices.Equal(got, tt.want) && len(got)+len(tt.want) > 0 || p.Position != tt.wantPos {
				t.Errorf("shellwords %q (ParseEnv %v) = %q, %v, Position %d; want %q, error %v, Position %d",
					tt.line, tt.env, got, err, p.Position, tt.want, tt.wantErr, tt.wantPos)
			}
			if err != nil && err.Error() != "invalid command line string" {
				t.Errorf("shellwords error = %q, want the one message it has", err)
			}
		})
	}
}

// BenchmarkShellwordsLongWord shows why Parse does not hand long lines to
// go-shellwords: it builds each word with string +=, so its time grows with
// the square of a word's length (BenchmarkParse/long_word is linear).
func BenchmarkShellwordsLongWord(b *testing.B) {
	line := "echo " + strings.Repeat("x", 64<<10)
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		shellwordsParse(line)
	}
}
