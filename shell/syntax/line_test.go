package syntax

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// render writes a parsed and expanded line compactly: pipelines joined by
// their operators, commands by |, each command as [assigns words redirs]
// with words separated by commas so that blanks inside words show.
func render(l *List, lookup Lookup) (string, error) {
	if l == nil {
		return "", nil
	}
	var b strings.Builder
	for i, pl := range l.Pipelines {
		if i > 0 {
			fmt.Fprintf(&b, " %s ", pl.Op)
		}
		for j, c := range pl.Cmds {
			if j > 0 {
				b.WriteString(" | ")
			}
			s, err := c.Expand(lookup)
			if err != nil {
				return "", err
			}
			var parts []string
			for _, a := range s.Assigns {
				parts = append(parts, a.Name+"="+a.Value)
			}
			parts = append(parts, strings.Join(s.Words, ","))
			for _, r := range s.Redirs {
				parts = append(parts, r.String())
			}
			b.WriteString("[" + strings.TrimSpace(strings.Join(parts, " ")) + "]")
		}
	}
	return b.String(), nil
}

var lineTests = map[string][]struct {
	line string
	want string // rendered; "" for an empty list
	err  *Error
}{
	"simple": {
		{"", "", nil},
		{"  # only a comment", "", nil},
		{"echo hi", "[echo,hi]", nil},
		{`echo "a b" 'c|d' e\;f`, "[echo,a b,c|d,e;f]", nil},
		{"echo $USER ${x} $unset", "[echo,ada,a b]", nil},
	},
	"pipelines": {
		{"echo hi | wc -l", "[echo,hi] | [wc,-l]", nil},
		{"a|b|c", "[a] | [b] | [c]", nil},
		{"a | b # | c", "[a] | [b]", nil},
		{"a |\n b", "[a] | [b]", nil},
		{"a | # comment\n b", "[a] | [b]", nil},
		{"$unset | b", "[] | [b]", nil},
	},
	"lists": {
		{"a; b", "[a] ; [b]", nil},
		{"a;b;", "[a] ; [b]", nil},
		{"a && b || c", "[a] && [b] || [c]", nil},
		{"a&&b||c", "[a] && [b] || [c]", nil},
		{"a | b && c | d ; e", "[a] | [b] && [c] | [d] ; [e]", nil},
		{"a\nb\n\nc", "[a] ; [b] ; [c]", nil},
		{"a &&\n\n b", "[a] && [b]", nil},
		{"echo a#b;#c", "[echo,a#b]", nil},
	},
	"redirections": {
		{"echo hi > f", "[echo,hi >f]", nil},
		{"echo hi >f", "[echo,hi >f]", nil},
		{"echo hi >>f", "[echo,hi >>f]", nil},
		{"cat < in > out", "[cat <in >out]", nil},
		{"cmd 2> err", "[cmd 2>err]", nil},
		{"cmd 2>&1", "[cmd 2>&1]", nil},
		{"cmd >&2", "[cmd 1>&2]", nil},
		{"cmd 1>o 0<i", "[cmd >o <i]", nil},
		{"cmd > f 2>&1 arg", "[cmd,arg >f 2>&1]", nil},
		{"> f", "[>f]", nil},
		{"cmd >\"$x\" <'$x'", "[cmd >a b <$x]", nil},
		{"cmd >''", "[cmd >]", nil},
		{"cmd a2>f 2 >g", "[cmd,a2,2 >f >g]", nil},
		{"cmd 2>f|wc", "[cmd 2>f] | [wc]", nil},
		{`cmd \2>f "2">g`, "[cmd,2,2 >f >g]", nil},
	},
	"assignments": {
		{"A=1", "[A=1]", nil},
		{"A=1 B='x y' C=", "[A=1 B=x y C=]", nil},
		{"A=$USER cmd B=2", "[A=ada cmd,B=2]", nil},
		{"A=\"$x\"", "[A=a b]", nil},
		{"'A'=1 A'=1' \\A=1", "[A=1,A=1,A=1]", nil},
		{"1A=1 A-B=1 =1", "[1A=1,A-B=1,=1]", nil},
		{"A=1 | B=2", "[A=1] | [B=2]", nil},
		{"echo > A=1", "[echo >A=1]", nil},
	},
	"errors": {
		{"| wc", "", e(1, "missing command before '|'")},
		{"echo hi | | wc", "", e(9, "missing command after '|'")},
		{"; a", "", e(1, "missing command before ';'")},
		{"a ; ; b", "", e(5, "missing command before ';'")},
		{"a && ; b", "", e(3, "missing command after '&&'")},
		{"a && || b", "", e(3, "missing command after '&&'")},
		{"echo >", "", e(6, "missing file name after '>'")},
		{"echo > | wc", "", e(6, "missing file name after '>'")},
		{"echo 2>> # c", "", e(7, "missing file name after '>>'")},
		{"echo <\nf", "", e(6, "missing file name after '<'")},
		{"echo > >f", "", e(6, "missing file name after '>'")},
		{"echo 3>f", "", e(6, "file descriptor 3 is not supported (only 0, 1 and 2)")},
		{"echo 10>f", "", e(6, "file descriptor 10 is not supported (only 0, 1 and 2)")},
		{"echo 2>&f", "", e(9, "'>&' must be followed by 0, 1 or 2")},
		{"echo 2>&3", "", e(9, "'>&' must be followed by 0, 1 or 2")},
		{"echo 2>&12", "", e(9, "'>&' must be followed by 0, 1 or 2")},
		{"echo >&", "", e(8, "'>&' must be followed by 0, 1 or 2")},
		{"echo hi |& wc", "", e(9, "pipelines ('|&') are not supported yet")},
		{"sleep 1 &", "", e(9, "background jobs ('&') are not supported yet")},
		{"echo &>f", "", e(6, "redirections ('&>') are not supported yet")},
		{"echo >|f", "", e(6, "redirections ('>|') are not supported yet")},
		{"echo 2>|f", "", e(7, "redirections ('>|') are not supported yet")},
		{"cat <<EOF", "", e(5, "redirections ('<<') are not supported yet")},
		{"cat 0<&2", "", e(6, "redirections ('<&') are not supported yet")},
		{"(echo)", "", e(1, "subshells ('(') are not supported yet")},
		{";;", "", e(1, "command lists (';;') are not supported yet")},
		{"echo \"a | b", "", inc(6, "unterminated double quote")},
		{"echo a | ${", "", e(10, "unterminated ${")},
		{"echo `x` | b", "", e(6, "command substitution (`) is not supported")},
	},
	"incomplete": {
		{"echo hi |", "", inc(9, "missing command after '|'")},
		{"a &&", "", inc(3, "missing command after '&&'")},
		{"a || # comment", "", inc(3, "missing command after '||'")},
		{"a |\n", "", inc(3, "missing command after '|'")},
	},
}

func TestParseLine(t *testing.T) {
	for group, tests := range lineTests {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s/%q", group, tt.line), func(t *testing.T) {
				l, err := ParseLine(tt.line)
				if tt.err != nil {
					var perr *Error
					if !errors.As(err, &perr) || *perr != *tt.err {
						t.Fatalf("ParseLine(%q) error = %#v, want %#v", tt.line, err, tt.err)
					}
					if l != nil {
						t.Fatalf("ParseLine(%q) returned a list with an error", tt.line)
					}
					return
				}
				if err != nil {
					t.Fatalf("ParseLine(%q) = error %v", tt.line, err)
				}
				got, err := render(l, testLookup)
				if err != nil {
					t.Fatalf("ParseLine(%q): Expand: %v", tt.line, err)
				}
				if got != tt.want {
					t.Fatalf("ParseLine(%q) = %s, want %s", tt.line, got, tt.want)
				}
			})
		}
	}
}

func TestParseLineSimpleAgrees(t *testing.T) {
	// On a line that is one simple command without redirections or
	// assignments, ParseLine and Expand give the words Parse gives.
	for group, tests := range parseTests {
		for _, tt := range tests {
			words, err := Parse(tt.line, testLookup)
			if err != nil || strings.Contains(tt.line, "=") {
				continue
			}
			l, err := ParseLine(tt.line)
			if err != nil {
				t.Errorf("%s: ParseLine(%q) = %v, Parse gave %q", group, tt.line, err, words)
				continue
			}
			if len(words) == 0 && (l == nil || len(l.Pipelines) == 0) {
				continue
			}
			if l == nil || len(l.Pipelines) != 1 || len(l.Pipelines[0].Cmds) != 1 {
				t.Errorf("%s: ParseLine(%q) is not one command", group, tt.line)
				continue
			}
			s, err := l.Pipelines[0].Cmds[0].Expand(testLookup)
			if err != nil || strings.Join(s.Words, "\x00") != strings.Join(words, "\x00") || len(s.Words) != len(words) {
				t.Errorf("%s: ParseLine(%q) words %q, %v; Parse %q", group, tt.line, s.Words, err, words)
			}
		}
	}
}

func TestExpandLate(t *testing.T) {
	// Words are expanded when Expand is called, with the values of then:
	// "false; echo $?" sees the status of false.
	l, err := ParseLine("A=1; echo $A $?")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"?": "0"}
	lookup := func(name string) (string, bool) { v, ok := vars[name]; return v, ok }
	s, _ := l.Pipelines[0].Cmds[0].Expand(lookup)
	for _, a := range s.Assigns {
		vars[a.Name] = a.Value
	}
	vars["?"] = "3"
	s, err = l.Pipelines[1].Cmds[0].Expand(lookup)
	if err != nil || strings.Join(s.Words, " ") != "echo 1 3" {
		t.Fatalf("Expand = %q, %v; want echo 1 3", s.Words, err)
	}
	if got := l.Pipelines[1].Cmds[0].Text(); got != "echo $A $?" {
		t.Errorf("Text() = %q", got)
	}
}

func TestExpandErrors(t *testing.T) {
	tests := []struct {
		line string
		err  *Error
	}{
		{"echo > $unset", e(8, "file name after '>' expands to nothing")},
		{"a | echo hi 2>>$empty", e(16, "file name after '>>' expands to nothing")},
		{"echo 'x\ny' < $unset", &Error{Line: 2, Col: 6, Msg: "file name after '<' expands to nothing"}},
	}
	for _, tt := range tests {
		l, err := ParseLine(tt.line)
		if err != nil {
			t.Fatalf("ParseLine(%q): %v", tt.line, err)
		}
		pl := l.Pipelines[len(l.Pipelines)-1]
		_, err = pl.Cmds[len(pl.Cmds)-1].Expand(testLookup)
		var perr *Error
		if !errors.As(err, &perr) || *perr != *tt.err {
			t.Errorf("Expand(%q) error = %v, want %v", tt.line, err, tt.err)
		}
	}
}

func TestExpandValueNotUTF8(t *testing.T) {
	vars := map[string]string{"v": "\xff a'b"}
	lookup := func(name string) (string, bool) { v, ok := vars[name]; return v, ok }
	l, err := ParseLine(`echo $v > $v | x`)
	if err != nil {
		t.Fatal(err)
	}
	s, err := l.Pipelines[0].Cmds[0].Expand(lookup)
	if err != nil || len(s.Words) != 2 || s.Words[1] != "\xff a'b" || s.Redirs[0].File != "\xff a'b" {
		t.Fatalf("Expand = %#v, %v", s, err)
	}
}

// TestExpandFixed: a command without expansions is scanned once, by
// ParseLine; Expand splits the words it kept, which are what scanning the
// command again would give.
func TestExpandFixed(t *testing.T) {
	for _, line := range []string{
		`echo -n "hello world"`,
		`A=1 B='x y' cmd a\ b "c'd" '' >out 2>&1 <in; next`,
		"a | b c\\\nd && e 'f\\ng' || >>x g # comment",
		`echo a$ '$x' "\$y" "q\"r"`,
		`X= Y="" cmd`,
		`>f`,
	} {
		l, err := ParseLine(line)
		if err != nil {
			t.Fatalf("ParseLine(%q): %v", line, err)
		}
		for _, pl := range l.Pipelines {
			for _, c := range pl.Cmds {
				if !c.fixed {
					t.Errorf("ParseLine(%q): %q has no expansion but its words were not kept", line, c.Text())
					continue
				}
				checkFixed(t, c)
			}
		}
	}
	l, err := ParseLine(`echo x; echo $x; echo "${x}"; echo $?`)
	if err != nil {
		t.Fatal(err)
	}
	for i, pl := range l.Pipelines {
		if kept := pl.Cmds[0].fixed; kept != (i == 0) {
			t.Errorf("%q: words kept %v", pl.Cmds[0].Text(), kept)
		}
	}
}

// TestPrepare: Prepare does the next Expand's work ahead of time for a
// command without expansions, and that Expand gives what it would have
// given; the one after it works as before. A command with expansions is
// left to expand when it runs, with the variables of that moment.
func TestPrepare(t *testing.T) {
	for _, line := range []string{
		`echo -n "hello world"`,
		`A=1 cmd a\ b "c'd" '' >out 2>&1 <in`,
		`echo $x "${x}"`,
	} {
		l, err := ParseLine(line)
		if err != nil {
			t.Fatalf("ParseLine(%q): %v", line, err)
		}
		c := l.Pipelines[0].Cmds[0]
		want, werr := c.expand(testLookup, false)
		c.Prepare()
		if prepared := c.prepared != nil; prepared != !c.Expands() {
			t.Errorf("Prepare(%q): prepared %v, want %v (the command expands: %v)", line, prepared, !prepared, c.Expands())
		}
		for _, when := range []string{"after Prepare", "again"} {
			got, gerr := c.Expand(testLookup)
			if fmt.Sprint(gerr) != fmt.Sprint(werr) || fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", want) {
				t.Errorf("Expand(%q) %s = %#v, %v; want %#v, %v", line, when, got, gerr, want, werr)
			}
		}
	}
	var c Cmd
	if !ParsePlain(`echo -n 'a b'`, &c) {
		t.Fatal("ParsePlain refused a plain line")
	}
	c.Prepare()
	first, err := c.Expand(nil)
	if err != nil || strings.Join(first.Words, "|") != "echo|-n|a b" {
		t.Fatalf("Expand after Prepare of a plain line = %#v, %v", first, err)
	}
	if again, _ := c.Expand(nil); again == first {
		t.Error("Expand returned the prepared Simple twice: the first caller owns it")
	}
}
