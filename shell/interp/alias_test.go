package interp

import (
	"strings"
	"testing"

	"github.com/gosh-shell/gosh/shell/syntax"
)

func TestExpandAliases(t *testing.T) {
	aliases := map[string]string{
		"ll":    "ls -l",
		"ls":    "ls --color",
		"up":    "upper",
		"two":   "echo a; echo b",
		"pipe":  "echo x | up",
		"loop":  "loop2 arg",
		"loop2": "loop",
		"num":   "echo 2",
		"env":   "X=1 echo",
	}
	for _, tc := range []struct{ line, want string }{
		{"", ""},
		{"# ll", "# ll"},
		{"ll", "ls --color -l"}, // ll, then ls in ll's value
		{"ls", "ls --color"},    // not again inside its own value
		{"ll /tmp", "ls --color -l /tmp"},
		{"echo ll", "echo ll"}, // only in command position
		{"ll | up; ll && ll || ll", "ls --color -l | upper; ls --color -l && ls --color -l || ls --color -l"},
		{"'ll'", "'ll'"}, {`\ll`, `\ll`}, {`"ll"`, `"ll"`}, // quoted: not an alias
		{"X=1 ll", "X=1 ls --color -l"},   // after assignments
		{">out ll", ">out ls --color -l"}, // after a redirection
		{"echo >ll", "echo >ll"},          // a file name is no command
		{"two x", "echo a; echo b x"},
		{"pipe|pipe", "echo x | upper|echo x | upper"},
		{"loop", "loop arg"}, // loop -> loop2 arg -> loop arg: stops at loop
		{"num>f", "echo 2 >f"},
		{"env", "X=1 echo"},
		{"ll 'unterminated", "ll 'unterminated"}, // errors are the caller's
		{"ll\nll", "ls --color -l\nls --color -l"},
	} {
		got, err := ExpandAliases(tc.line, aliases)
		if err != nil || got != tc.want {
			t.Errorf("ExpandAliases(%q) = %q, %v; want %q", tc.line, got, err, tc.want)
		}
	}
	if got, _ := ExpandAliases("ll", nil); got != "ll" {
		t.Errorf("no aliases: %q", got)
	}
}

func TestExpandAliasesTooLong(t *testing.T) {
	// a0 is a1 twice, a1 is a2 twice...: 2^30 echoes, refused.
	aliases := map[string]string{}
	for i := range 30 {
		next := "echo"
		if i < 29 {
			next = "a" + string(rune('A'+i+1))
		}
		aliases["a"+string(rune('A'+i))] = next + "; " + next
	}
	if _, err := ExpandAliases("aA", aliases); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("err = %v, want too long", err)
	}
}

func TestCheckAlias(t *testing.T) {
	for _, tc := range []struct{ name, value, err string }{
		{"ll", "ls -l", ""},
		{"x", "", ""},
		{"x", "a | b && c", ""},
		{":x", "ls", "reserved"},
		{"a/b", "ls", "cannot be typed"},
		{"", "ls", "empty"},
		{"x", "ls |", "missing command after '|'"},
		{"x", "echo 'open", "unterminated single quote"},
		{"x", "echo >", "missing file name"},
	} {
		err := CheckAlias(tc.name, tc.value)
		if (err == nil) != (tc.err == "") || err != nil && !strings.Contains(err.Error(), tc.err) {
			t.Errorf("CheckAlias(%q, %q) = %v, want %q", tc.name, tc.value, err, tc.err)
		}
	}
}

func TestQuoteAliasValue(t *testing.T) {
	for v, want := range map[string]string{"ls -l": "'ls -l'", "it's": `'it'\''s'`, "": "''"} {
		if got := QuoteAliasValue(v); got != want {
			t.Errorf("QuoteAliasValue(%q) = %s, want %s", v, got, want)
		}
	}
}

func TestAliasCommands(t *testing.T) {
	s := withStreams(t)
	s.run([]step{
		{line: ":alias"},
		{line: ":alias hi='echo hello' shout='greet --loud'"},
		{line: "hi world", stdout: "hello world\n"},
		{line: "shout bob | up", stdout: "HELLO, BOB!\n"},
		{line: "echo x && hi", stdout: "x\nhello\n"},
		{line: ":alias", stdout: ":alias hi='echo hello'\n:alias shout='greet --loud'\n"},
		{line: ":alias hi", stdout: ":alias hi='echo hello'\n"},
		{line: ":alias echo='echo [e]'"},
		{line: "echo x; hi", stdout: "[e] x\n[e] hello\n"}, // echo once, not for ever
		{line: `\echo x; 'echo' y`, stdout: "x\ny\n"},
		{line: ":which hi echo", stdout: "hi: alias for 'echo hello'\necho: alias for 'echo [e]'\n"},
		{line: `:alias q='echo "it'\''s"'`},
		{line: ":alias q", stdout: `:alias q='echo "it'\''s"'` + "\n"},
		{line: "q", stdout: "[e] it's\n"},
		{line: ":alias nosuch", stderr: "gosh: :alias: nosuch: not an alias\n", status: 1},
		{line: ":alias :x=y", stderr: "gosh: :alias: alias name: command name \":x\" starts with ':', which is reserved for gosh's own commands\n", status: 1},
		{line: ":alias bad='echo |'", stderr: "gosh: :alias: alias bad: value 'echo |': 1:6: missing command after '|'\n", status: 1},
		{line: ":unalias echo q nosuch", stderr: "gosh: :unalias: nosuch: not an alias\n", status: 1},
		{line: "echo x", stdout: "x\n"},
		{line: ":unalias", stderr: "gosh: :unalias: name at least one alias, or -a for all (usage: :unalias [-a] NAME...)\n", status: StatusUsage},
		{line: ":unalias -a"},
		{line: ":alias"},
		{line: "hi", stderr: "gosh: hi: command not found (:help lists the commands)\n", status: StatusNotFound},
	})
}

func TestAliasDefinedOnSameLine(t *testing.T) {
	// As in sh, a line is expanded before it runs: an alias defined on
	// it takes effect from the next line.
	s := withStreams(t)
	s.run([]step{
		{line: ":alias e2='echo 2'; e2", stderr: "gosh: e2: command not found (:help lists the commands)\n", status: StatusNotFound},
		{line: "e2", stdout: "2\n"},
	})
}

// FuzzExpandAliases: whatever the aliases (valid ones: CheckAlias) and the
// line, expansion does not panic or grow without bound, a line that does
// not parse comes back as it is, and a line without any alias name
// unchanged.
func FuzzExpandAliases(f *testing.F) {
	for _, seed := range [][3]string{
		{"ls -l", "echo 2", "a | b; a && b || c x>f"},
		{"b; b", "a | a", "a"},
		{"echo 'x'", "a # c", "b 'open\nc'"},
		{"X=1 b", "> out", "a\nb arg"},
		{"", "", "'a' \\b \"a\""},
	} {
		f.Add(seed[0], seed[1], seed[2])
	}
	f.Fuzz(func(t *testing.T, va, vb, line string) {
		aliases := map[string]string{}
		if CheckAlias("a", va) == nil {
			aliases["a"] = va
		}
		if CheckAlias("b", vb) == nil {
			aliases["b"] = vb
		}
		out, err := ExpandAliases(line, aliases)
		if err != nil {
			if out != line {
				t.Fatalf("error %v, and the line changed", err)
			}
			return
		}
		if len(out) > maxAliasExpansion+len(line) {
			t.Fatalf("expanded to %d bytes", len(out))
		}
		if _, perr := syntax.ParseLine(line); perr != nil && out != line {
			t.Fatalf("a line that does not parse (%v) changed: %q", perr, out)
		}
		if !strings.Contains(line, "a") && !strings.Contains(line, "b") && out != line {
			t.Fatalf("no alias in %q, but it became %q", line, out)
		}
	})
}
