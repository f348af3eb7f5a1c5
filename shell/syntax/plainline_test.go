package syntax

import (
	"fmt"
	"testing"
)

// TestPlainLine: which lines ParsePlain gives go-shellwords as typed, and
// that each gets the command and words the scanner gives it.
func TestPlainLine(t *testing.T) {
	tests := []struct {
		line  string
		plain bool
		words []string
	}{
		{`echo -n "hello world"`, true, []string{"echo", "-n", "hello world"}},
		{"  greet\t--shout  'x y'  ", true, []string{"greet", "--shout", "x y"}},
		{`a'b c'"d"e`, true, []string{"ab cde"}},
		{`x "" '' a""`, true, []string{"x", "", "", "a"}},
		{`echo 'it"s' "it's" '$HOME \n' "a|b;c>d<e&f(g)#~"`, true,
			[]string{"echo", `it"s`, "it's", `$HOME \n`, "a|b;c>d<e&f(g)#~"}},
		{`ls -l /tmp/x,y:z@w%+^!*?[]{}=`, true, []string{"ls", "-l", "/tmp/x,y:z@w%+^!*?[]{}="}},
		{`:load --quiet plugins/x.so`, true, []string{":load", "--quiet", "plugins/x.so"}},
		{"echo \"a\tb\"", true, []string{"echo", "a\tb"}},

		// The scanner's way.
		{"", false, nil},
		{"   \t ", false, nil},
		{"X=1 env", false, nil},
		{`"X=1" env`, false, nil},
		{`echo $HOME`, false, nil},
		{`echo "$HOME"`, false, nil},
		{`echo ~/x`, false, nil},
		{`echo a\ b`, false, nil},
		{`echo "a\"b"`, false, nil},
		{`echo a # comment`, false, nil},
		{`echo a | cat`, false, nil},
		{`echo a; echo b`, false, nil},
		{`echo a > f`, false, nil},
		{`echo (a)`, false, nil},
		{"echo `date`", false, nil},
		{`echo "open`, false, nil},
		{`echo 'open`, false, nil},
		{"echo a\nb", false, nil},
		{"echo \x01", false, nil},
		{"echo 'caf\xc3\xa9'", false, nil},
		{"echo \"a\x7f\"", false, nil},
	}
	for _, tt := range tests {
		var c Cmd
		if ParsePlain(tt.line, &c) != tt.plain {
			t.Errorf("ParsePlain(%q) took it: %v, want %v", tt.line, !tt.plain, tt.plain)
			continue
		}
		if !tt.plain {
			continue
		}
		comparePlainLine(t, tt.line, &c)
		s, err := c.Expand(nil)
		if err != nil || fmt.Sprintf("%q", s.Words) != fmt.Sprintf("%q", tt.words) {
			t.Errorf("ParsePlain(%q) words %q, %v; want %q", tt.line, s.Words, err, tt.words)
		}
	}
}

// comparePlainLine checks that the command ParsePlain made of line, f, is
// the one ParseLine's scanner makes: the line's one command, at the same
// place, with the same name and the same words.
func comparePlainLine(t *testing.T, line string, f *Cmd) {
	t.Helper()
	slow, err := ParseLine(line)
	if err != nil {
		t.Fatalf("ParsePlain took %q, the scanner rejects it: %v", line, err)
	}
	if len(slow.Pipelines) != 1 || len(slow.Pipelines[0].Cmds) != 1 || slow.Pipelines[0].Op != Seq {
		t.Fatalf("%q: ParsePlain made one command, the scanner %d pipelines", line, len(slow.Pipelines))
	}
	s := slow.Pipelines[0].Cmds[0]
	if f.Line != s.Line || f.Col != s.Col || f.Text() != s.Text() || f.Expands() != s.Expands() {
		t.Fatalf("%q: ParsePlain's command at %d:%d %q (expands %v), the scanner's at %d:%d %q (expands %v)",
			line, f.Line, f.Col, f.Text(), f.Expands(), s.Line, s.Col, s.Text(), s.Expands())
	}
	fn, fs, fe, fok := f.Name()
	sn, ss, se, sok := s.Name()
	if fn != sn || fs != ss || fe != se || fok != sok {
		t.Fatalf("%q: ParsePlain's name %q %d-%d %v, the scanner's %q %d-%d %v", line, fn, fs, fe, fok, sn, ss, se, sok)
	}
	fw, ferr := f.Expand(testLookup)
	sw, serr := s.Expand(testLookup)
	if fmt.Sprint(ferr) != fmt.Sprint(serr) || fmt.Sprintf("%#v", fw) != fmt.Sprintf("%#v", sw) {
		t.Fatalf("%q: ParsePlain's words %#v, %v; the scanner's %#v, %v", line, fw, ferr, sw, serr)
	}
}
