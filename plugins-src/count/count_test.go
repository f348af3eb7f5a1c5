package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gosh-shell/gosh/plugins-src/internal/plugintest"
	"github.com/gosh-shell/gosh/shell/command"
)

type step struct {
	stdin  string
	args   []string // command name first
	stdout string
	stderr string
	status int
}

func TestCommandsAreValid(t *testing.T) {
	if err := plugintest.Check(Commands); err != nil {
		t.Error(err)
	}
}

func TestCount(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"poem":  "the cat\nsat on\nthe mat\n",
		"short": "hi",
		"utf8":  "héllo wörld\n",
		"dups":  "a\na\nb\na\nc\nc\nc\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := &command.MapEnv{WorkDir: dir}
	for _, s := range []step{
		// wc: lines, words, characters, bytes
		{args: []string{"wc", "poem"}, stdout: " 3  6 23 poem\n"},
		{args: []string{"wc", "-l", "poem"}, stdout: "3 poem\n"},
		{args: []string{"wc", "-w", "-l", "poem"}, stdout: " 3  6 poem\n"},
		{args: []string{"wc", "-c", "utf8"}, stdout: "14 utf8\n"},
		{args: []string{"wc", "-m", "utf8"}, stdout: "12 utf8\n"},
		{args: []string{"wc", "-lwmc", "utf8"}, stdout: " 1  2 12 14 utf8\n"},
		{args: []string{"wc", "poem", "short"}, stdout: " 3  6 23 poem\n 0  1  2 short\n 3  7 25 total\n"},
		{stdin: "one two\nthree\n", args: []string{"wc"}, stdout: "      2       3      14\n"},
		{stdin: "one two\nthree\n", args: []string{"wc", "-l"}, stdout: "2\n"},
		{stdin: "x\n", args: []string{"wc", "-l", "-", "poem"}, stdout: "      1 -\n      3 poem\n      4 total\n"},
		{args: []string{"wc", "-l", "nope", "poem"}, stdout: " 3 poem\n 3 total\n",
			stderr: "wc: nope: no such file or directory\n", status: 1},
		{args: []string{"wc", "-q"}, status: 2},

		{args: []string{"uniq", "dups"}, stdout: "a\nb\na\nc\n"},
		{args: []string{"uniq", "-c", "dups"}, stdout: "      2 a\n      1 b\n      1 a\n      3 c\n"},
		{args: []string{"uniq", "-d", "dups"}, stdout: "a\nc\n"},
		{args: []string{"uniq", "-u", "dups"}, stdout: "b\na\n"},
		{stdin: "x\nx\ny", args: []string{"uniq"}, stdout: "x\ny\n"},
		{stdin: "", args: []string{"uniq"}, stdout: ""},
		{stdin: "\n\n", args: []string{"uniq", "-c", "-"}, stdout: "      2 \n"},
		{args: []string{"uniq", "nope"}, stderr: "uniq: nope: no such file or directory\n", status: 1},
		{args: []string{"uniq", "a", "b"}, status: 2},
	} {
		r := plugintest.Run(t.Context(), Commands, env, s.stdin, s.args[0], s.args[1:]...)
		if r.Stdout != s.stdout || r.Stderr != s.stderr || r.Status() != s.status {
			t.Errorf("%q:\n got stdout %q stderr %q status %d (err %v)\nwant stdout %q stderr %q status %d",
				s.args, r.Stdout, r.Stderr, r.Status(), r.Err, s.stdout, s.stderr, s.status)
		}
	}
}
