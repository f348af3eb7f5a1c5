package interp

import (
	"os"
	"path/filepath"
	"testing"
)

// TestColorErrors: with ColorErrors (stderr is a terminal: here a file
// stands for it), gosh's error lines on its own stderr are red, unless
// NO_COLOR is set and not empty; error lines sent elsewhere never are.
func TestColorErrors(t *testing.T) {
	dir := t.TempDir()
	stderr, err := os.Create(filepath.Join(dir, "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer stderr.Close()
	for _, tc := range []struct {
		color   bool
		environ []string
		line    string
		want    string // on stderr
		file    string // in dir/f
	}{
		{true, nil, "nosuch", "\x1b[31mgosh: nosuch: command not found (no plugins are loaded: :load PATH, or start gosh with --plugins DIR)\x1b[0m\n", ""},
		{true, []string{"NO_COLOR="}, ":exit x", "\x1b[31mgosh: :exit: exit code \"x\" is not a number from 0 to 255 (usage: :exit [CODE])\x1b[0m\n", ""},
		{true, []string{"NO_COLOR=1"}, "nosuch", "gosh: nosuch: command not found (no plugins are loaded: :load PATH, or start gosh with --plugins DIR)\n", ""},
		{true, nil, "NO_COLOR=yes; nosuch", "gosh: nosuch: command not found (no plugins are loaded: :load PATH, or start gosh with --plugins DIR)\n", ""},
		{false, nil, "nosuch", "gosh: nosuch: command not found (no plugins are loaded: :load PATH, or start gosh with --plugins DIR)\n", ""},
		{true, nil, ":exit x 2> f", "", "gosh: :exit: exit code \"x\" is not a number from 0 to 255 (usage: :exit [CODE])\n"},
		{true, nil, "'bad", "\x1b[31mgosh: 1:1: unterminated single quote\x1b[0m\n", ""},
	} {
		if err := stderr.Truncate(0); err != nil {
			t.Fatal(err)
		}
		stderr.Seek(0, 0)
		os.Remove(filepath.Join(dir, "f"))
		sh, err := New(Options{Stderr: stderr, Dir: dir, Environ: tc.environ, ColorErrors: tc.color})
		if err != nil {
			t.Fatal(err)
		}
		sh.Run(t.Context(), tc.line)
		got, _ := os.ReadFile(stderr.Name())
		file, _ := os.ReadFile(filepath.Join(dir, "f"))
		if string(got) != tc.want || string(file) != tc.file {
			t.Errorf("color %v, %q, %q:\n stderr %q\n f      %q\nwant    %q\n        %q", tc.color, tc.environ, tc.line, got, file, tc.want, tc.file)
		}
	}
}
