package interp

import (
	"context"
	"strings"
	"testing"

	"github.com/gosh-shell/gosh/shell/command"
)

func TestDispatch(t *testing.T) {
	s := withPlugins(t)
	s.run([]step{
		{line: "echo hello   'big  world'", stdout: "hello big  world\n"},
		{line: "echo -n no newline", stdout: "no newline"},
		{line: "echo a -n", stdout: "a -n\n"},
		{line: "greet gopher", stdout: "hello, gopher\n"},
		{line: "greet --loud gopher", stdout: "HELLO, GOPHER!\n"},
		{line: "upper abc", stdout: "ABC\n"},
		{line: "stderr", stderr: "a note\n"},
		// PLUGIN.NAME reaches a command whatever its bare name runs.
		{line: "core.echo via core", stdout: "via core\n"},
		{line: "extra.upper x", stdout: "X\n"},
		{line: "nosuch.echo x", stderr: "gosh: nosuch.echo: command not found (:help lists the commands)\n", status: 127},
		// Variables, from the environment and set by commands; $? is the
		// last status.
		{line: "echo $GREETING [$NOEQUALS]", stdout: "hi there []\n"},
		{line: "setvar X 'a b'", status: 0},
		{line: "echo \"$X\" ${X}!", stdout: "a b a b!\n"},
		{line: "setvar 9x y", stderr: "gosh: setvar: \"9x\" is not a valid variable name (letters, digits and _, not starting with a digit)\n", status: 1},
		{line: "status 0"},
		{line: "status 3", status: 3},
		{line: "echo $?", stdout: "3\n"},
		{line: "echo $?", stdout: "0\n"},
	})
}

func TestDispatchErrors(t *testing.T) {
	s := withPlugins(t)
	s.run([]step{
		// Unknown commands: 127 and the closest name, if any.
		{line: "ecoh hi", stderr: "gosh: ecoh: command not found (did you mean echo?)\n", status: 127},
		{line: "ECHO", stderr: "gosh: ECHO: command not found (did you mean echo?)\n", status: 127},
		{line: "zzzzzz", stderr: "gosh: zzzzzz: command not found (:help lists the commands)\n", status: 127},
		{line: ":hlep", stderr: "gosh: :hlep: no such meta command (did you mean :help?)\n", status: 127},
		{line: `"" x`, stderr: "gosh: : command not found (:help lists the commands)\n", status: 127},
		{line: ":zzzzzz", stderr: "gosh: :zzzzzz: no such meta command (:help lists them)\n", status: 127},
		// Blank lines and comments change nothing, not even the status.
		{line: "", status: 127},
		{line: "   \t ", status: 127},
		{line: "# echo not run", status: 127},
		{line: "echo ok # a comment", stdout: "ok\n"},
		// Syntax errors: the column, status 2, and nothing runs.
		{line: `echo "abc`, stderr: "gosh: 1:6: unterminated double quote\n", status: 2},
		{line: `echo 'abc`, stderr: "gosh: 1:6: unterminated single quote\n", status: 2},
		{line: "echo a\x01b", stderr: "gosh: 1:7: control character U+0001 is not allowed\n", status: 2},
		{line: "echo \xff", stderr: "gosh: 1:6: invalid UTF-8 in input\n", status: 2},
		{line: "echo ok", stdout: "ok\n"},
		// Control characters that come from a variable reach the command,
		// but never the terminal through an error line.
		{line: "$ESC", stderr: "gosh: \\x1b[2J x: command not found (:help lists the commands)\n", status: 127},
		{line: "echo \"$ESC\"", stdout: "\x1b[2J\nx\n"},
		// Flags: an unknown one is a usage error with the usage line.
		{line: "echo --bogus", stderr: "gosh: echo: unknown flag: --bogus (usage: echo [-n] [STRING...])\n", status: 2},
		{line: "greet -x a", stderr: "gosh: greet: unknown shorthand flag: 'x' in -x (usage: greet [--loud] NAME)\n", status: 2},
		{line: "upper --bogus", stderr: "gosh: upper: unknown flag: --bogus (usage: upper [flags])\n", status: 2},
		{line: "extra.upper --bogus", stderr: "gosh: extra.upper: unknown flag: --bogus (usage: extra.upper [flags])\n", status: 2},
		// A usage error from Run gets the usage line too.
		{line: "greet", stderr: "gosh: greet: want one NAME, got 0 (usage: greet [--loud] NAME)\n", status: 2},
		// Any other error is one line, status 1.
		{line: "fail", stderr: "gosh: fail: it went wrong on two lines\n", status: 1},
		// Cancellation is the user's doing: 130, nothing printed.
		{line: "cancelled", status: 130},
		{line: "echo next", stdout: "next\n"},
	})
}

func TestPanics(t *testing.T) {
	s := withPlugins(t)
	s.run([]step{
		{line: "boom", stderr: "gosh: core.boom panicked: kaboom (a bug in the plugin; the shell goes on)\n", status: StatusPanic},
		{line: "echo still here", stdout: "still here\n"},
		{line: "core.nilmap", stderr: "gosh: core.nilmap panicked: assignment to entry in nil map (a bug in the plugin; the shell goes on)\n", status: StatusPanic},
		{line: "badflags", stderr: "gosh: core.badflags: declaring its flags panicked: badflags flag redefined: x\n", status: StatusPanic},
		{line: "badflags --help", stderr: "gosh: core.badflags: declaring its flags panicked: badflags flag redefined: x\n", status: StatusPanic},
		{line: "echo $?", stdout: "70\n"},
	})
}

func TestHelpFlag(t *testing.T) {
	s := withPlugins(t)
	greetHelp := "usage: greet [--loud] NAME\n\ngreet NAME\n\nGreet says hello.\nIt is polite.\n\nflags:\n" +
		"  -h, --help   show this help\n      --loud   shout\n"
	s.run([]step{
		{line: "greet --help", stdout: greetHelp},
		{line: "greet -h", stdout: greetHelp},
		{line: "greet --help=false gopher", stdout: "hello, gopher\n"},
		{line: "greet x --help", stdout: greetHelp},
		// echo stops reading flags at its first argument, so --help after
		// one is text.
		{line: "echo a --help", stdout: "a --help\n"},
		{line: "upper --help", stdout: "usage: upper [flags]\n\nupper-case the arguments\n\nflags:\n  -h, --help   show this help\n"},
		// A command that declares its own -h keeps it; --help still works.
		{line: "hflag -h", stdout: "human: true\n"},
		{line: "hflag --help", stdout: "usage: hflag [flags]\n\na command whose -h is its own\n\nflags:\n      --help    show this help\n  -h, --human   human sizes\n"},
		{line: ":exit --help", stdout: "usage: :exit [CODE]\n\nleave gosh with status CODE (default: the last command's)\n\nflags:\n  -h, --help   show this help\n"},
	})
}

func TestHelp(t *testing.T) {
	s := withPlugins(t)
	s.stdout.Reset()
	if st := s.sh.Run(t.Context(), ":help"); st != 0 {
		t.Fatalf(":help: status %d, stderr %q", st, s.stderr.String())
	}
	got := s.stdout.String()
	// Meta commands first, sorted, then each plugin in load order with its
	// commands sorted; a command whose bare name another plugin took is
	// listed as PLUGIN.NAME.
	const plugins = `
plugin core:
  badflags   panic while declaring flags
  boom       panic
  cancelled  return context.Canceled
  echo       print the arguments
  fail       fail with a message
  greet      greet NAME
  hflag      a command whose -h is its own
  nilmap     panic with a runtime error
  setvar     set NAME VALUE
  status     exit with status N
  stderr     write to stderr and succeed
  where      print the shell's directory and a path resolved in it

plugin extra:
  extra.greet  greet, the other way
  upper        upper-case the arguments

:help NAME or NAME --help shows a command's usage and flags.
`
	if !strings.HasSuffix(got, plugins) {
		t.Errorf(":help does not end with the plugins' commands:\n%s\nwant the end to be:%s", got, plugins)
	}
	at := 0
	for _, w := range []string{"gosh commands:\n", "  :exit ", "  :help ", "  :load ", "  :plugins ", "\nplugin core:"} {
		i := strings.Index(got[at:], w)
		if i < 0 {
			t.Fatalf(":help: %q missing or out of order after offset %d in\n%s", w, at, got)
		}
		at += i + len(w)
	}
	if strings.Contains(got, "no plugins loaded") {
		t.Errorf(":help with plugins says none are loaded:\n%s", got)
	}

	s.run([]step{
		{line: ":help greet", stdout: "usage: greet [--loud] NAME\n\ngreet NAME\n\nGreet says hello.\nIt is polite.\n\nflags:\n" +
			"  -h, --help   show this help\n      --loud   shout\n\nfrom plugin core\n"},
		{line: ":help extra.greet", stdout: "usage: extra.greet [flags]\n\ngreet, the other way\n\nflags:\n  -h, --help   show this help\n\nfrom plugin extra\n"},
		{line: ":help :load", stdout: "usage: :load PATH...\n\nload plugin files (PATH.so) or every plugin in a directory; a changed file is reloaded\n\nflags:\n  -h, --help   show this help\n"},
		{line: ":help grete", stderr: "gosh: :help: no command grete (did you mean greet?)\n", status: 1},
		{line: ":help zzzzzzz", stderr: "gosh: :help: no command zzzzzzz\n", status: 1},
		{line: ":help a b", stderr: "gosh: :help: too many arguments (usage: :help [NAME])\n", status: 2},
	})
}

func TestNoPlugins(t *testing.T) {
	s := newSession(t, false, newFakeLoader(), "")
	s.run([]step{
		{line: "echo hi", stderr: "gosh: echo: command not found (no plugins are loaded: :load PATH, or start gosh with --plugins DIR)\n", status: 127},
		{line: ":plugins", stdout: "no plugins loaded\n"},
		{line: ":plugins x", stderr: "gosh: :plugins: no arguments expected (usage: :plugins [flags])\n", status: 2},
	})
	s.stdout.Reset()
	s.sh.Run(t.Context(), ":help")
	if !strings.Contains(s.stdout.String(), "\nno plugins loaded: :load PATH, or start gosh with --plugins DIR\n") {
		t.Errorf(":help without plugins does not say how to get some:\n%s", s.stdout.String())
	}
}

func TestNoLoader(t *testing.T) {
	s := newSession(t, false, nil, "")
	s.run([]step{
		{line: ":load /fake/core.so", stderr: "gosh: load /fake/core.so: this shell has no plugin loader\n", status: 1},
	})
}

func TestExit(t *testing.T) {
	for _, tt := range []struct {
		lines  []string
		stderr string
		status int
		exited bool
	}{
		{lines: []string{":exit"}, status: 0, exited: true},
		{lines: []string{"status 4", ":exit"}, status: 4, exited: true},
		{lines: []string{":exit 7"}, status: 7, exited: true},
		{lines: []string{":exit 0"}, status: 0, exited: true},
		{lines: []string{":exit 255"}, status: 255, exited: true},
		{lines: []string{"status 4", ":exit 0"}, status: 0, exited: true},
		{lines: []string{":exit 256"}, stderr: "gosh: :exit: exit code \"256\" is not a number from 0 to 255 (usage: :exit [CODE])\n", status: 2},
		{lines: []string{":exit -- -1"}, stderr: "gosh: :exit: exit code \"-1\" is not a number from 0 to 255 (usage: :exit [CODE])\n", status: 2},
		{lines: []string{":exit x"}, stderr: "gosh: :exit: exit code \"x\" is not a number from 0 to 255 (usage: :exit [CODE])\n", status: 2},
		{lines: []string{":exit 1 2"}, stderr: "gosh: :exit: too many arguments (usage: :exit [CODE])\n", status: 2},
		{lines: []string{":exit --now"}, stderr: "gosh: :exit: unknown flag: --now (usage: :exit [CODE])\n", status: 2},
	} {
		s := withPlugins(t)
		for _, l := range tt.lines {
			s.sh.Run(t.Context(), l)
		}
		if s.sh.Status() != tt.status || s.sh.Exited() != tt.exited || s.stderr.String() != tt.stderr {
			t.Errorf("%q: status %d, exited %v, stderr %q; want %d, %v, %q",
				tt.lines, s.sh.Status(), s.sh.Exited(), s.stderr.String(), tt.status, tt.exited, tt.stderr)
		}
	}
}

func TestMetaCannotBeShadowed(t *testing.T) {
	// The real loader refuses a plugin command named ":help"; even if one
	// got through, the meta command runs.
	ld := newFakeLoader()
	ld.add("/fake/evil.so", map[string]*command.Command{
		":help": runCommand("not the real help", func(_ context.Context, call *command.Call) error {
			call.Stdout.Write([]byte("evil\n"))
			return nil
		}),
		"exit": runCommand("a plain exit", func(_ context.Context, call *command.Call) error {
			call.Stdout.Write([]byte("plain exit\n"))
			return nil
		}),
	})
	s := newSession(t, true, ld, "")
	s.sh.LoadPath(t.Context(), "/fake/evil.so", false)
	s.run([]step{
		{line: ":help :exit", stdout: "usage: :exit [CODE]\n\nleave gosh with status CODE (default: the last command's)\n\nflags:\n  -h, --help   show this help\n"},
		{line: "exit", stdout: "plain exit\n"},
	})
	if s.sh.Exited() {
		t.Error("the plugin command exit ended the shell")
	}
}

func TestWorkingDirectory(t *testing.T) {
	s := withPlugins(t)
	dir := s.sh.Dir()
	s.run([]step{
		{line: "where", stdout: dir + " " + dir + "/x\n"},
		{line: "echo $PWD", stdout: dir + "\n"},
	})
}

// A megabyte typed by mistake comes back as one short error line, and the
// next line runs.
func TestLongInput(t *testing.T) {
	s := withPlugins(t)
	mb := strings.Repeat("x", 1<<20)
	clipped := strings.Repeat("x", 40) + "..." + strings.Repeat("x", 20)
	s.run([]step{
		{line: "echo " + mb, stdout: mb + "\n"},
		// The tail of a clipped word keeps its punctuation.
		{line: mb, stderr: "gosh: " + strings.Repeat("x", 40) + "..." + strings.Repeat("x", 19) + ": command not found (:help lists the commands)\n", status: 127},
		{line: "echo --" + mb, stderr: "gosh: echo: unknown flag: --" + clipped[2:] + " (usage: echo [-n] [STRING...])\n", status: 2},
		{line: ":help " + mb, stderr: "gosh: :help: no command " + clipped + "\n", status: 1},
		{line: ":" + mb, stderr: "gosh: :" + strings.Repeat("x", 39) + "..." + strings.Repeat("x", 19) + ": no such meta command (:help lists them)\n", status: 127},
		{line: "echo 'é" + mb + "é' ok", stdout: "é" + mb + "é ok\n"},
		{line: "é" + mb + "é", stderr: "gosh: é" + strings.Repeat("x", 38) + "..." + strings.Repeat("x", 17) + "é: command not found (:help lists the commands)\n", status: 127},
		{line: "echo next", stdout: "next\n"},
	})
}

func TestClipWords(t *testing.T) {
	long := strings.Repeat("a", 300)
	for _, tt := range []struct{ in, want string }{
		{"short words stay", "short words stay"},
		{strings.Repeat("b", 256), strings.Repeat("b", 256)},
		{"load " + long + ": failed", "load " + strings.Repeat("a", 40) + "..." + strings.Repeat("a", 19) + ": failed"},
		{"two " + long + " " + long, "two " + strings.Repeat("a", 40) + "..." + strings.Repeat("a", 20) + " " + strings.Repeat("a", 40) + "..." + strings.Repeat("a", 20)},
		// Runes are not cut in half.
		{strings.Repeat("é", 200), strings.Repeat("é", 20) + "..." + strings.Repeat("é", 10)},
	} {
		if got := clipWords(tt.in); got != tt.want {
			t.Errorf("clipWords(%.50q...) = %q\nwant %q", tt.in, got, tt.want)
		}
	}
}
