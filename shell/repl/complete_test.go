package repl

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/gosh-shell/gosh/shell/interp"
	"github.com/gosh-shell/gosh/shell/loader"
)

func nop(context.Context, *command.Call) error { return nil }

func newCompleter(t *testing.T) (*Completer, string) {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"alpha.so", "beta.so.1.2", "notes.txt", ".hidden.so"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "plugins"), 0o755); err != nil {
		t.Fatal(err)
	}
	sh, err := interp.New(interp.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	sh.Registry().Add(&loader.Plugin{Name: "core", Commands: map[string]*command.Command{
		"echo": {Run: nop}, "env": {Run: nop}, "exit-status": {Run: nop},
		"git": {Run: nop, Complete: func(env command.Env, args []string, prefix string) []string {
			if len(args) == 0 {
				return []string{"commit", "checkout", "status"}
			}
			return nil
		}},
		"boom": {Run: nop, Complete: func(command.Env, []string, string) []string { panic("bad completer") }},
	}})
	sh.Registry().Add(&loader.Plugin{Name: "other", Commands: map[string]*command.Command{"echo": {Run: nop}}})
	return &Completer{Shell: sh}, dir
}

func TestCandidates(t *testing.T) {
	c, _ := newCompleter(t)
	tests := []struct {
		words  []string
		prefix string
		want   []string
	}{
		{nil, "e", []string{"echo ", "env ", "exit-status ", "export "}},
		{nil, ":p", []string{":plugins "}},
		{nil, ":", []string{":alias ", ":exit ", ":help ", ":inspect ", ":load ", ":plugins ", ":reload ", ":trust ", ":unalias ", ":unload ", ":untrust ", ":watch ", ":which "}},
		{nil, "oth", []string{"other.echo "}},
		{nil, "zzz", nil},
		{[]string{":load"}, "", []string{"alpha.so ", "beta.so.1.2 ", "plugins/"}},
		{[]string{":trust"}, "", []string{"alpha.so ", "beta.so.1.2 ", "plugins/"}},
		{[]string{":load"}, "a", []string{"alpha.so "}},
		{[]string{":load"}, ".h", []string{".hidden.so "}},
		{[]string{":inspect"}, "b", []string{"beta.so.1.2 "}},
		{[]string{":help"}, "ec", []string{"echo "}},
		{[]string{"git"}, "c", []string{"checkout ", "commit "}},
		{[]string{"boom"}, "", nil},
		{[]string{"echo"}, "no", []string{"notes.txt "}},
		{[]string{"echo"}, "plug", []string{"plugins/"}},
	}
	for _, tt := range tests {
		got := c.Candidates(tt.words, tt.prefix)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Candidates(%q, %q) = %q, want %q", tt.words, tt.prefix, got, tt.want)
		}
	}
}

func TestCandidatesAliases(t *testing.T) {
	c, _ := newCompleter(t)
	c.Shell.Run(t.Context(), ":alias ee='echo -n' eg=git gg='eg' self=self quoted='\\git'")
	tests := []struct {
		words  []string
		prefix string
		want   []string
	}{
		{nil, "e", []string{"echo ", "ee ", "eg ", "env ", "exit-status ", "export "}},
		{[]string{"a", "|"}, "g", []string{"gg ", "git "}},
		{[]string{":unalias"}, "e", []string{"ee ", "eg "}},
		{[]string{":alias"}, "g", []string{"gg "}},
		// An alias's arguments complete as its command's.
		{[]string{"eg"}, "c", []string{"checkout ", "commit "}},
		{[]string{"gg"}, "c", []string{"checkout ", "commit "}},
		{[]string{"ee"}, "--he", []string{"--help "}},
		{[]string{"self"}, "no", []string{"notes.txt "}},
		{[]string{"quoted"}, "c", nil},
	}
	for _, tt := range tests {
		got := c.Candidates(tt.words, tt.prefix)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Candidates(%q, %q) = %q, want %q", tt.words, tt.prefix, got, tt.want)
		}
	}
}

func TestDo(t *testing.T) {
	c, _ := newCompleter(t)
	tests := []struct {
		line    string
		pos     int
		want    []string
		wantLen int
	}{
		{"ec", 2, []string{"ho "}, 2},
		{":load al", 8, []string{"pha.so "}, 2},
		{"echo hi ", 8, []string{"alpha.so ", "beta.so.1.2 ", "notes.txt ", "plugins/"}, 0},
		{"ec and more", 2, []string{"ho "}, 2},
	}
	for _, tt := range tests {
		got, n := c.Do([]rune(tt.line), tt.pos)
		var gotS []string
		for _, r := range got {
			gotS = append(gotS, string(r))
		}
		if !reflect.DeepEqual(gotS, tt.want) || n != tt.wantLen {
			t.Errorf("Do(%q, %d) = %q, %d; want %q, %d", tt.line, tt.pos, gotS, n, tt.want, tt.wantLen)
		}
	}
}

func TestCompletionWords(t *testing.T) {
	tests := []struct {
		before string
		words  []string
		prefix string
	}{
		{"", nil, ""},
		{"ec", nil, "ec"},
		{"echo a ", []string{"echo", "a"}, ""},
		{"echo a|up", []string{"echo", "a", "|"}, "up"},
		{"echo a||", []string{"echo", "a", "||"}, ""},
		{"true&&ec", []string{"true", "&&"}, "ec"},
		{"a;b", []string{"a", ";"}, "b"},
		{"echo x >fi", []string{"echo", "x", ">"}, "fi"},
		{"echo x 2>er", []string{"echo", "x", "2>"}, "er"},
		{"echo x>>lo", []string{"echo", "x", ">>"}, "lo"},
		{"cat <in", []string{"cat", "<"}, "in"},
		{`echo "a|b" c`, []string{"echo", `"a|b"`}, "c"},
		{`echo 'x y`, []string{"echo"}, `'x y`},
		{`echo a\|b`, []string{"echo"}, `a\|b`},
		{"echo x 2>&1|wc", []string{"echo", "x", "2>&", "1", "|"}, "wc"},
	}
	for _, tt := range tests {
		words, prefix := completionWords(tt.before)
		if !slices.Equal(words, tt.words) || prefix != tt.prefix {
			t.Errorf("completionWords(%q) = %q, %q; want %q, %q", tt.before, words, prefix, tt.words, tt.prefix)
		}
	}
}

// Do completes after an operator glued to the word being typed: a command
// after | && ;, a file after > <.
func TestDoGluedOperators(t *testing.T) {
	c, _ := newCompleter(t)
	tests := []struct {
		line string
		want []string
	}{
		{"echo a|ec", []string{"ho "}},
		{"echo a&&gi", []string{"t "}},
		{"echo a;en", []string{"v "}},
		{"echo a >no", []string{"tes.txt "}},
		{"echo a 2>al", []string{"pha.so "}},
		{"cat <be", []string{"ta.so.1.2 "}},
		{"echo a|git ch", []string{"eckout "}},
	}
	for _, tt := range tests {
		got, _ := c.Do([]rune(tt.line), len([]rune(tt.line)))
		var s []string
		for _, g := range got {
			s = append(s, string(g))
		}
		if !slices.Equal(s, tt.want) {
			t.Errorf("Do(%q) = %q, want %q", tt.line, s, tt.want)
		}
	}
}
