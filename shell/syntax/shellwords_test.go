package syntax

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/mattn/go-shellwords"
)

// This file compares Parse with go-shellwords used on its own. Parse calls
// it only on the canonical line its scanner writes (split.go), because used
// on what the user typed it breaks the rules of this package:
// TestShellwordsTraps pins what the version in go.mod does where gosh must do
// otherwise. If one of those cases fails after an upgrade, the reason it
// names may be gone. On plain words and quotes the two agree (checked here
// and by FuzzParse).

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
// quotes, no backslash, $, #, backtick, operator, ~ (home directory),
// newline or control character.
func inCommonSubset(line string) bool {
	for _, r := range line {
		switch {
		case r == utf8.RuneError, r != '\t' && unicode.IsControl(r):
			return false
		case strings.ContainsRune("\\$#`|&;<>()~", r):
			return false
		}
	}
	return true
}

// checkShellwords checks Parse's result for line against go-shellwords, for
// lines in the common subset.
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

// TestShellwordsTraps pins what go-shellwords does where gosh must do
// otherwise; each case names the rule of this package it would break.
func TestShellwordsTraps(t *testing.T) {
	env := map[string]string{"X": "a b", "1": "one", "é": "e"}
	getenv := func(name string) string { return env[name] }
	tests := []struct {
		why     string
		line    string
		env     bool     // ParseEnv
		want    []string // what shellwords returns
		wantPos int      // p.Position
		wantErr bool
	}{
		{"ParseEnv splits an unquoted value into words", `$X`, true, w("a", "b"), -1, false},
		{"ParseEnv splits a value in the middle of a word", `$X$X`, true, w("a", "ba", "b"), -1, false},
		{"ParseEnv does not know $?", `$?`, true, w("$?"), -1, false},
		{"ParseEnv takes a digit or a non-ASCII letter as a name", `$1 $é`, true, w("one", "e"), -1, false},
		{"ParseEnv keeps a bad ${ as it is", `${X Y} ${X`, true, w("${X", "Y}", "${X"), -1, false},
		{"Getenv cannot say unset from empty", `"$unset"`, true, w(""), -1, false},
		{"without ParseEnv, the quoting of a $ is lost", `'$X' $X`, false, w("$X", "$X"), -1, false},
		{`\t and \n outside quotes are tab and newline`, `a\tb\nc`, false, w("a\tb\nc"), -1, false},
		{"a backslash in double quotes escapes anything", `"\a"`, false, w("a"), -1, false},
		{"# is no comment unless ParseComment", "a # b", false, w("a", "#", "b"), -1, false},
		{"control characters are accepted", "a\x1bb", false, w("a\x1bb"), -1, false},
		{"a byte that is not UTF-8 becomes U+FFFD, even quoted", "'a\xff'", false, w("a\uFFFD"), -1, false},
		{"CR and LF are blanks", "a\rb\nc", false, w("a", "b", "c"), -1, false},
		{"an unquoted ( is an error", "(a)", false, nil, 0, true},
		{"$( is kept literally", "$(a b)", false, w("$(a b)"), -1, false},
		{"backticks are kept literally, as a quote", "`a b`", false, w("`a b`"), -1, false},
		{"an open quote is an error without position", `echo 'a`, false, nil, 0, true},
		{"a trailing backslash is the same error", `a\`, false, nil, 0, true},
		{"it stops at an operator, Position in runes", "日本 | x", false, w("日本"), 3, false},
		{"it drops the digits before > and points at them", "echo 12>f", false, w("echo"), 5, false},
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
