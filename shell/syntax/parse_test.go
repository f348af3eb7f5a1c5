package syntax

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// testVars are the variables the tests expand.
var testVars = map[string]string{
	"USER":  "ada",
	"x":     "a b",
	"empty": "",
	"q":     `'"\`,
	"star":  "*",
	"ref":   "$USER",
	"op":    "a;b|c",
	"nl":    "a\nb",
	"ctl":   "\x1b[31m",
	"?":     "1",
	"_a1":   "underscore",
	"a":     "A",
	"HOME":  "/home/ada",
}

func testLookup(name string) (string, bool) {
	v, ok := testVars[name]
	return v, ok
}

// w is shorthand for the expected words.
func w(words ...string) []string { return words }

// e is shorthand for an expected error on line 1.
func e(col int, msg string) *Error { return &Error{Line: 1, Col: col, Msg: msg} }

// inc is shorthand for an expected Incomplete error on line 1.
func inc(col int, msg string) *Error {
	return &Error{Line: 1, Col: col, Msg: msg, Incomplete: true}
}

type parseTest struct {
	line string
	want []string // nil: no words
	err  *Error
}

// parseTests are grouped by the rule of the package doc they check.
var parseTests = map[string][]parseTest{
	"blank lines": {
		{"", nil, nil},
		{" ", nil, nil},
		{"\t \t", nil, nil},
		{"\n", nil, nil},
		{" \n \n", nil, nil},
	},
	"splitting on blanks": {
		{"echo", w("echo"), nil},
		{"echo hello world", w("echo", "hello", "world"), nil},
		{"  echo   hello  ", w("echo", "hello"), nil},
		{"echo\thello\t\tworld", w("echo", "hello", "world"), nil},
		{"héllo wörld 日本", w("héllo", "wörld", "日本"), nil},
		{"a\u00a0b", w("a\u00a0b"), nil}, // no-break space is not a blank
		{"a~ *.go [x] {a,b}", w("a~", "*.go", "[x]", "{a,b}"), nil},
	},
	"backslash outside quotes": {
		{`a\ b`, w("a b"), nil},
		{`\"`, w(`"`), nil},
		{`\'`, w(`'`), nil},
		{`\\`, w(`\`), nil},
		{`\$USER`, w("$USER"), nil},
		{`\t\n\a`, w("tna"), nil},
		{`\#`, w("#"), nil},
		{`\|\;\&\<\>\(\)`, w("|;&<>()"), nil},
		{"\\\t", w("\t"), nil},
		{`\é`, w("é"), nil},
		{"a\\", nil, inc(2, "trailing backslash")},
		{"echo \\", nil, inc(6, "trailing backslash")},
		{`\\\`, nil, inc(3, "trailing backslash")},
	},
	"single quotes": {
		{`'hello world'`, w("hello world"), nil},
		{`''`, w(""), nil},
		{`echo '' ''`, w("echo", "", ""), nil},
		{`'$USER' '${USER}' '$?'`, w("$USER", "${USER}", "$?"), nil},
		{`'a\b' '\'`, w(`a\b`, `\`), nil},
		{`'"' '#' '|;&<>()' '` + "`" + `'`, w(`"`, "#", "|;&<>()", "`"), nil},
		{"'a\tb'", w("a\tb"), nil},
		{`'abc`, nil, inc(1, "unterminated single quote")},
		{`echo 'it\'s'`, nil, inc(12, "unterminated single quote")},
		{`日本 'abc`, nil, inc(4, "unterminated single quote")},
	},
	"double quotes": {
		{`"hello world"`, w("hello world"), nil},
		{`""`, w(""), nil},
		{`"$USER" "${USER}" "$?"`, w("ada", "ada", "1"), nil},
		{`"\"" "\\" "\$USER" "\` + "`" + `"`, w(`"`, `\`, "$USER", "`"), nil},
		{`"a\tb" "\'" "\a" "\#"`, w(`a\tb`, `\'`, `\a`, `\#`), nil},
		{`"'" "#" "|;&<>()"`, w("'", "#", "|;&<>()"), nil},
		{`"a\"`, nil, inc(1, "unterminated double quote")},
		{`echo "abc`, nil, inc(6, "unterminated double quote")},
		{`echo "a'b`, nil, inc(6, "unterminated double quote")},
		{`echo 'a"b`, nil, inc(6, "unterminated single quote")},
		{`"a\`, nil, inc(1, "unterminated double quote")},
	},
	"joined parts": {
		{`a'b c'"d e"f`, w("ab cd ef"), nil},
		{`"$USER"'$USER'$USER\$USER`, w("ada$USERada$USER"), nil},
		{`--name="$x"`, w("--name=a b"), nil},
	},
	"expansion": {
		{"$USER", w("ada"), nil},
		{"${USER}", w("ada"), nil},
		{"$USERx ${USER}x", w("adax"), nil}, // $USERx is unset
		{"x${USER}x x$USER.x", w("xadax", "xada.x"), nil},
		{"$_a1 ${_a1}", w("underscore", "underscore"), nil},
		{"$a-$a", w("A-A"), nil},
		{"$?", w("1"), nil},
		{"${?}", w("1"), nil},
		{"$?x", w("1x"), nil},
		{"$unset", nil, nil},
		{"echo $unset $empty", w("echo"), nil},
		{"echo a$unset", w("echo", "a"), nil},
		{`echo "$unset" "$empty" "${empty}"`, w("echo", "", "", ""), nil},
		{`echo $unset""`, w("echo", ""), nil},
		{`echo ''$unset`, w("echo", ""), nil},
	},
	"expansion is not re-split or re-read": {
		{"echo $x", w("echo", "a b"), nil},
		{`echo "$x"`, w("echo", "a b"), nil},
		{"echo $q $star $ref $op", w("echo", `'"\`, "*", "$USER", "a;b|c"), nil},
		{"echo $nl $ctl", w("echo", "a\nb", "\x1b[31m"), nil},
	},
	"tilde": {
		{line: "cd ~", want: w("cd", "/home/ada")},
		{line: "ls ~/src ~/", want: w("ls", "/home/ada/src", "/home/ada/")},
		{line: "echo '~' \"~\" \\~ a~ ~user ~~", want: w("echo", "~", "~", "~", "a~", "~user", "~~")},
		{line: "echo ~/'a b'", want: w("echo", "/home/ada/a b")},
	},
	"literal dollar": {
		{"$", w("$"), nil},
		{"echo $ a$", w("echo", "$", "a$"), nil},
		{"$1 $$ $- $# $@ $* $!", w("$1", "$$", "$-", "$#", "$@", "$*", "$!"), nil},
		{"$é $.", w("$é", "$."), nil},
		{`"$" "a$" "$ "`, w("$", "a$", "$ "), nil},
		{`$'a b'`, w("$a b"), nil},
		{`$"USER"`, w("$USER"), nil},
		{"$}", w("$}"), nil},
	},
	"bad ${": {
		{"${", nil, e(1, "unterminated ${")},
		{"echo ${USER", nil, e(6, "unterminated ${")},
		{`echo "${USER"`, nil, e(7, "unterminated ${")},
		{"${}", nil, e(1, "empty variable name in ${}")},
		{"echo ${a b}", nil, e(9, "invalid character ' ' in variable name")},
		{"echo ${a-b}", nil, e(9, "invalid character '-' in variable name")},
		{"${é}", nil, e(3, "invalid character 'é' in variable name")},
		{"é${aé}", nil, e(5, "invalid character 'é' in variable name")},
		{"${1}", nil, e(3, "variable name starts with a digit")},
		{"${??}", nil, e(3, "invalid character '?' in variable name")},
		{"${a\x1bb}", nil, e(4, "control character U+001B is not allowed")},
		{"${a\xffb}", nil, e(4, "invalid UTF-8 in input")},
	},
	"comments": {
		{"# comment", nil, nil},
		{"#", nil, nil},
		{"   # comment", nil, nil},
		{"echo hi # comment", w("echo", "hi"), nil},
		{"echo hi\t# comment 'open", w("echo", "hi"), nil},
		{"echo hi #comment | with ; operators $(x) `y` \\", w("echo", "hi"), nil},
		{"echo a#b #c", w("echo", "a#b"), nil},
		{"echo '#' \"#\" \\# $#", w("echo", "#", "#", "#", "$#"), nil},
		{"echo $unset#x", w("echo", "#x"), nil},
		{"echo \\\n# comment", w("echo"), nil},
		{"# comment\necho hi\n# comment", w("echo", "hi"), nil},
	},
	"operators": {
		{"echo hi | wc", nil, e(9, "operator '|' in a simple command")},
		{"echo hi|wc", nil, e(8, "operator '|' in a simple command")},
		{"echo hi |& wc", nil, e(9, "pipelines ('|&') are not supported yet")},
		{"a || b", nil, e(3, "operator '||' in a simple command")},
		{"a && b", nil, e(3, "operator '&&' in a simple command")},
		{"a; b", nil, e(2, "operator ';' in a simple command")},
		{";;", nil, e(1, "command lists (';;') are not supported yet")},
		{"sleep 1 &", nil, e(9, "background jobs ('&') are not supported yet")},
		{"echo >f", nil, e(6, "operator '>' in a simple command")},
		{"echo 2>f", nil, e(7, "operator '>' in a simple command")},
		{"echo >>f", nil, e(6, "operator '>>' in a simple command")},
		{"echo >|f", nil, e(6, "redirections ('>|') are not supported yet")},
		{"echo >&2", nil, e(6, "operator '>&' in a simple command")},
		{"echo &>f", nil, e(6, "redirections ('&>') are not supported yet")},
		{"cat <f", nil, e(5, "operator '<' in a simple command")},
		{"cat <<EOF", nil, e(5, "redirections ('<<') are not supported yet")},
		{"cat <<<x", nil, e(5, "redirections ('<<<') are not supported yet")},
		{"cat <&3", nil, e(5, "redirections ('<&') are not supported yet")},
		{"cat <>f", nil, e(5, "redirections ('<>') are not supported yet")},
		{"(echo)", nil, e(1, "subshells ('(') are not supported yet")},
		{"echo a)", nil, e(7, "subshells (')') are not supported yet")},
		{"日本語 | x", nil, e(5, "operator '|' in a simple command")},
		{"echo 'a|b' \"c;d\" e\\&f", w("echo", "a|b", "c;d", "e&f"), nil},
		{"echo a\nb", nil, e(7, "command list (newline) in a simple command")},
		{"echo 'x' |", nil, e(10, "operator '|' in a simple command")},
	},
	"command substitution": {
		{"echo `date`", nil, e(6, "command substitution (`) is not supported")},
		{"echo \"a`date`\"", nil, e(8, "command substitution (`) is not supported")},
		{"echo $(date)", nil, e(6, "command substitution ('$(') is not supported")},
		{"echo \"$(date)\"", nil, e(7, "command substitution ('$(') is not supported")},
		{"echo $((1+2))", nil, e(6, "command substitution ('$(') is not supported")},
		{"echo '`date` $(date)' \\`", w("echo", "`date` $(date)", "`"), nil},
	},
	"invalid input": {
		{"\xff", nil, e(1, "invalid UTF-8 in input")},
		{"echo h\xc3llo", nil, e(7, "invalid UTF-8 in input")},
		{"日本 \xe6\x97", nil, e(4, "invalid UTF-8 in input")},
		{"echo '\xff'", nil, e(7, "invalid UTF-8 in input")},
		{"echo \"\xff\"", nil, e(7, "invalid UTF-8 in input")},
		{"echo \\\xff", nil, e(7, "invalid UTF-8 in input")},
		{"echo # \xff", nil, e(8, "invalid UTF-8 in input")},
		{"echo $\xff", nil, e(7, "invalid UTF-8 in input")},
		{"\xed\xa0\x80", nil, e(1, "invalid UTF-8 in input")}, // surrogate
		{"\uFFFD", w("\uFFFD"), nil},                          // the real rune is fine
		{"a\x00b", nil, e(2, "control character U+0000 is not allowed")},
		{"echo \x1b[31m", nil, e(6, "control character U+001B is not allowed")},
		{"echo hi\r", nil, e(8, "control character U+000D is not allowed")},
		{"echo 'a\x1b'", nil, e(8, "control character U+001B is not allowed")},
		{"echo \"a\x07\"", nil, e(8, "control character U+0007 is not allowed")},
		{"echo \\\x00", nil, e(7, "control character U+0000 is not allowed")},
		{"# \x1b", nil, e(3, "control character U+001B is not allowed")},
		{"a\x7f", nil, e(2, "control character U+007F is not allowed")},
		{"a\u0085", nil, e(2, "control character U+0085 is not allowed")},
		{"'abc\x00", nil, e(5, "control character U+0000 is not allowed")}, // before "unterminated"
		{"echo | \xff", nil, e(6, "operator '|' in a simple command")},     // first problem wins
	},
	"newlines and continuation": {
		{"echo 'a\nb'", w("echo", "a\nb"), nil},
		{"echo \"a\nb\"", w("echo", "a\nb"), nil},
		{"echo a\\\nb", w("echo", "ab"), nil},
		{"echo a \\\nb", w("echo", "a", "b"), nil},
		{"echo \"a\\\nb\"", w("echo", "ab"), nil},
		{"echo 'a\\\nb'", w("echo", "a\\\nb"), nil},
		{"\necho\n\n", w("echo"), nil},
		{"echo hi\n# done\n", w("echo", "hi"), nil},
		{"echo 'a\nb", nil, inc(6, "unterminated single quote")},
	},
}

func TestParse(t *testing.T) {
	for group, tests := range parseTests {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s/%q", group, tt.line), func(t *testing.T) {
				checkParse(t, tt.line, testLookup, tt.want, tt.err)
			})
		}
	}
}

func checkParse(t *testing.T, line string, lookup Lookup, want []string, wantErr *Error) {
	t.Helper()
	got, err := Parse(line, lookup)
	if wantErr == nil {
		if err != nil {
			t.Fatalf("Parse(%q) = error %v, want %q", line, err, want)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("Parse(%q) = %q, want %q", line, got, want)
		}
		return
	}
	var perr *Error
	if !errors.As(err, &perr) {
		t.Fatalf("Parse(%q) = %q, %v; want error %v", line, got, err, wantErr)
	}
	if *perr != *wantErr {
		t.Fatalf("Parse(%q) error = %#v, want %#v", line, *perr, *wantErr)
	}
	if got != nil {
		t.Errorf("Parse(%q) = %q with an error, want no words", line, got)
	}
}

func TestParseLines(t *testing.T) {
	// Positions on the second and later lines of a continued input.
	tests := []struct {
		line string
		err  *Error
	}{
		{"echo 'a\nb' |", &Error{Line: 2, Col: 4, Msg: "operator '|' in a simple command"}},
		{"echo \"a\n\nb", &Error{Line: 1, Col: 6, Msg: "unterminated double quote", Incomplete: true}},
		{"echo 'a\n' \"b", &Error{Line: 2, Col: 3, Msg: "unterminated double quote", Incomplete: true}},
		{"echo a\\\n\\", &Error{Line: 2, Col: 1, Msg: "trailing backslash", Incomplete: true}},
		{"echo 'a\n\n  日本 \x1b'", &Error{Line: 3, Col: 6, Msg: "control character U+001B is not allowed"}},
		{"echo '\n${'", nil},
		{"echo \"\n${\"", &Error{Line: 2, Col: 1, Msg: "unterminated ${"}},
		{"echo \"\n${a\n}\"", &Error{Line: 2, Col: 4, Msg: "invalid character '\\n' in variable name"}},
		{"echo\n\nls", &Error{Line: 1, Col: 5, Msg: "command list (newline) in a simple command"}},
	}
	for _, tt := range tests {
		_, err := Parse(tt.line, testLookup)
		if tt.err == nil {
			if err != nil {
				t.Errorf("Parse(%q) = %v, want no error", tt.line, err)
			}
			continue
		}
		var perr *Error
		if !errors.As(err, &perr) || *perr != *tt.err {
			t.Errorf("Parse(%q) error = %#v, want %#v", tt.line, err, tt.err)
		}
	}
}

// TestContinuation follows what the REPL does with an Incomplete error:
// append a newline and the next line, and parse again.
func TestContinuation(t *testing.T) {
	tests := []struct {
		lines []string
		want  []string
	}{
		{[]string{`echo "hello`, `world"`}, w("echo", "hello\nworld")},
		{[]string{`echo 'a`, ``, `b' c`}, w("echo", "a\n\nb", "c")},
		{[]string{`echo a \`, `b`}, w("echo", "a", "b")},
		{[]string{`echo a\`, `b\`, `c`}, w("echo", "abc")},
		{[]string{`echo "a\`, `b"`}, w("echo", "ab")},
	}
	for _, tt := range tests {
		input := tt.lines[0]
		for _, next := range tt.lines[1:] {
			_, err := Parse(input, testLookup)
			if !IsIncomplete(err) {
				t.Fatalf("Parse(%q) = %v, want an incomplete error", input, err)
			}
			input += "\n" + next
		}
		checkParse(t, input, testLookup, tt.want, nil)
	}
}

func TestParseNilLookup(t *testing.T) {
	checkParse(t, `echo $USER "$USER" ${USER}x $?`, nil, w("echo", "", "x"), nil)
}

func TestParseLookupCalls(t *testing.T) {
	// Only names that are expanded are looked up: none in single quotes,
	// escaped, or in comments.
	var asked []string
	lookup := func(name string) (string, bool) {
		asked = append(asked, name)
		return "v", true
	}
	_, err := Parse(`$a "${b}" '$c' \$d $? # $e`, lookup)
	if err != nil {
		t.Fatal(err)
	}
	if want := w("a", "b", "?"); !slices.Equal(asked, want) {
		t.Errorf("looked up %q, want %q", asked, want)
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{Line: 1, Col: 7, Msg: "operator '|' in a simple command"}, "1:7: operator '|' in a simple command"},
		{&Error{Col: 3, Msg: "unterminated single quote", Incomplete: true}, "1:3: unterminated single quote"},
		{&Error{Line: 2, Col: 1, Msg: "trailing backslash"}, "2:1: trailing backslash"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	_, err := Parse("echo hi | wc", nil)
	if got, want := fmt.Sprint(err), "1:9: operator '|' in a simple command"; got != want {
		t.Errorf("Parse error prints %q, want %q", got, want)
	}
}

func TestIsIncomplete(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{nil, false},
		{errors.New("unterminated single quote"), false},
		{&Error{Col: 1, Msg: "unterminated ${"}, false},
		{&Error{Col: 1, Msg: "unterminated single quote", Incomplete: true}, true},
		{fmt.Errorf("line 3: %w", &Error{Col: 1, Incomplete: true}), true},
	}
	for _, tt := range tests {
		if got := IsIncomplete(tt.err); got != tt.want {
			t.Errorf("IsIncomplete(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

func TestParseLongLine(t *testing.T) {
	const size = 1 << 20
	long := strings.Repeat("x", size)
	tests := []struct {
		name string
		line string
		want func(t *testing.T, words []string, err error)
	}{
		{"one word", "echo " + long, wantWords(2, size)},
		{"single-quoted", "echo '" + long + " '", wantWords(2, size+1)},
		{"double-quoted", `echo "` + strings.Repeat("$USER ", size/6) + `"`, wantWords(2, size/6*4)},
		{"many words", strings.Repeat("ab ", size/3), wantWords(size/3, 2)},
		{"many expansions", strings.Repeat("$x", size/2), wantWords(1, size/2*3)},
		{"comment", "echo # " + long, wantWords(1, 4)},
		{"many dollars", strings.Repeat("$", size), wantWords(1, size)},
		{"many escapes", strings.Repeat(`\\`, size/2), wantWords(1, size/2)},
		{"many empty quotes", strings.Repeat(`''""`, size/4), wantWords(1, 0)},
		{"many newlines in quotes", "'" + strings.Repeat("\n", size) + "'", wantWords(1, size)},
		{"many ${ then }", strings.Repeat("${a", size/3) + "}", wantErr(e(4, "invalid character '$' in variable name"))},
		{"open quote", `echo "` + long, wantErr(inc(6, "unterminated double quote"))},
		{"late operator", "echo " + long + "|", wantErr(e(size+6, "operator '|' in a simple command"))},
		{"many unterminated ${", strings.Repeat("${", size/2), wantErr(e(1, "unterminated ${"))},
		{"late bad byte", strings.Repeat("é", size/2) + "\xff", wantErr(e(size/2+1, "invalid UTF-8 in input"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			words, err := Parse(tt.line, testLookup)
			tt.want(t, words, err)
		})
	}
}

func wantWords(n, lastLen int) func(*testing.T, []string, error) {
	return func(t *testing.T, words []string, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if len(words) != n || len(words[n-1]) != lastLen {
			t.Fatalf("got %d words, the last of %d bytes; want %d, %d", len(words), len(words[len(words)-1]), n, lastLen)
		}
	}
}

func wantErr(want *Error) func(*testing.T, []string, error) {
	return func(t *testing.T, _ []string, err error) {
		t.Helper()
		var perr *Error
		if !errors.As(err, &perr) || *perr != *want {
			t.Fatalf("error = %v, want %v", err, want)
		}
	}
}
