package repl

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/gosh-shell/gosh/shell/interp"
	"github.com/gosh-shell/gosh/shell/loader"
	"github.com/spf13/pflag"
)

func TestCandidatesInLine(t *testing.T) {
	c, _ := newCompleter(t)
	c.Shell.Registry().Add(&loader.Plugin{Name: "flagged", Commands: map[string]*command.Command{
		"wc": {Run: nop, Flags: func(fs *pflag.FlagSet) {
			fs.BoolP("lines", "l", false, "count lines")
			fs.Bool("words", false, "count words")
		}},
	}})
	tests := []struct {
		words  []string
		prefix string
		want   []string
	}{
		// After an operator, a command name again.
		{[]string{"echo", "hi", "|"}, "e", []string{"echo ", "env ", "exit-status ", "export "}},
		{[]string{"echo", "&&"}, "gi", []string{"git "}},
		{[]string{"git", ";", "git"}, "co", []string{"commit "}},
		// After a redirection, a file.
		{[]string{"echo", ">"}, "no", []string{"notes.txt "}},
		{[]string{"git", "2>>"}, "al", []string{"alpha.so "}},
		{[]string{"wc", "<"}, "pl", []string{"plugins/"}},
		// Flags of the command being typed, from its FlagSet.
		{[]string{"wc"}, "--", []string{"--help ", "--lines ", "--words "}},
		{[]string{"wc"}, "-", []string{"--help ", "--lines ", "--words ", "-h ", "-l "}},
		{[]string{"echo", "x", "|", "wc"}, "--l", []string{"--lines "}},
		{[]string{":inspect"}, "--j", []string{"--json "}},
	}
	for _, tt := range tests {
		got := c.Candidates(tt.words, tt.prefix)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Candidates(%q, %q) = %q, want %q", tt.words, tt.prefix, got, tt.want)
		}
	}
}

func TestCandidatesPrograms(t *testing.T) {
	bin := t.TempDir()
	for name, mode := range map[string]os.FileMode{"zzprog": 0o755, "zzdata": 0o644} {
		if err := os.WriteFile(filepath.Join(bin, name), nil, mode); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		noExec bool
		want   []string
	}{{false, []string{"zzprog "}}, {true, nil}} {
		sh, err := interp.New(interp.Options{Dir: t.TempDir(), Environ: []string{"PATH=" + bin + ":relative"}, NoExec: tt.noExec})
		if err != nil {
			t.Fatal(err)
		}
		c := &Completer{Shell: sh}
		if got := c.Candidates(nil, "zz"); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("--no-exec %v: Candidates(nil, \"zz\") = %q, want %q", tt.noExec, got, tt.want)
		}
		if got := c.Candidates(nil, ""); slices.Contains(got, "zzprog ") {
			t.Errorf("Candidates(nil, \"\") = %q: $PATH offered whole", got)
		}
	}
}
