package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestPTYInterruptPipeline: Ctrl-C cancels every command of a running
// pipeline, plugin commands and programs alike, and the rest of the line.
func TestPTYInterruptPipeline(t *testing.T) {
	s := startGosh(t, newPTYHome(t), "", "-q")
	s.waitPrompt()
	s.run("export PATH=/usr/bin:/bin") // the harness gives gosh no PATH
	for _, line := range []string{
		"sleep 30 | cat; echo not run",
		`sh -c "sleep 30" | wc -l; echo not run`,
		`cat | sh -c "cat"; echo not run`,
	} {
		s.send(line + "\r")
		s.waitLine(regexp.QuoteMeta("gosh> " + line))
		from := s.next
		s.waitCanonical()
		s.send("\x03")
		s.waitPrompt()
		for _, got := range s.lines(from, s.next) {
			if got != "^C" && got != "" && got != "^C0" { // wc may count nothing
				s.fatalf("interrupting %q printed %q", line, got)
			}
		}
		s.run("echo $?", "130")
	}
	s.run("echo after", "after")
}

// TestPTYProgramTerminal: a program that is the whole line gets the
// terminal itself, as an editor or a pager needs; it reads what is typed.
func TestPTYProgramTerminal(t *testing.T) {
	s := startGosh(t, newPTYHome(t), "", "-q")
	s.waitPrompt()
	s.run("export PATH=/usr/bin:/bin") // the harness gives gosh no PATH
	s.run(`sh -c "test -t 0 && test -t 1 && test -t 2 && echo terminal"`, "terminal")
	s.run(`sh -c "test -t 1 || echo piped" | cat`, "piped")
	s.send("head -1\r")
	s.waitLine("gosh> head -1")
	s.waitCanonical()
	s.send("typed\r")
	s.waitLine("typed")
	s.waitLine("typed") // the echo of the terminal, then head's copy
	s.waitPrompt()
	s.run("echo $?", "0")
}

// TestPTYContinuation: an open quote, a trailing backslash or a final |
// continues the line at the "> " prompt; Ctrl-C there abandons it all.
func TestPTYContinuation(t *testing.T) {
	s := startGosh(t, newPTYHome(t), "", "-q")
	s.waitPrompt()
	s.send(`echo "one` + "\r")
	s.waitLine(regexp.QuoteMeta(`gosh> echo "one`))
	s.waitInput("> ")
	s.send(`two"` + "\r")
	s.waitLine(regexp.QuoteMeta(`> two"`))
	s.waitLine("one")
	s.waitLine("two")
	s.waitPrompt()

	s.send("echo a \\\r")
	s.waitInput("> ")
	s.send("b |\r")
	s.waitInput("> ")
	s.send("upper\r")
	s.waitLine("A B")
	s.waitPrompt()

	s.send("echo 'never\r")
	s.waitInput("> ")
	s.send("\x03")
	s.waitPrompt()
	s.run("echo $?", "130")

	// Ctrl-D there ends the input as it is, which gosh reports; gosh goes
	// on, and says nothing of exiting.
	s.send("echo 'open\r")
	s.waitInput("> ")
	from := s.next
	s.send("\x04")
	s.waitLine("> \\^D")
	s.waitLine("gosh: 1:6: unterminated single quote")
	s.waitPrompt()
	for _, got := range s.lines(from, s.next) {
		if strings.Contains(got, "exit") {
			s.fatalf("Ctrl-D at the continuation prompt printed %q", got)
		}
	}
	s.run("echo still here", "still here")
}

// TestPTYAbandonLine: a command that ignores Ctrl-C is abandoned by a
// second one; the terminal has echoed ^C^C with no newline, and gosh's
// message must start a line of its own, not follow the echo.
func TestPTYAbandonLine(t *testing.T) {
	plugins := filepath.Join(t.TempDir(), "plugins")
	if err := os.Mkdir(plugins, 0o755); err != nil {
		t.Fatal(err)
	}
	build := exec.Command(filepath.Join(binDir, "gosh"), "build", "-o", filepath.Join(plugins, "stubborn.so"), "./testdata/plugins/stubborn")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("gosh build stubborn: %v\n%s", err, out)
	}
	s := startGosh(t, newPTYHome(t), "", "-q", "--plugins", pluginDir, "--plugins", plugins)
	s.waitPrompt()
	s.send("stubborn 30\r")
	s.waitLine("gosh> stubborn 30")
	s.waitLine("sleeping")
	s.send("\x03")
	s.waitInput("^C") // the terminal's echo; sent at once, the second would be flushed
	// Go merges a SIGINT that comes before its signal handling took the
	// one before: press again until gosh abandons the command, as a user
	// would.
	abandoned := regexp.MustCompile(`^gosh: stubborn\.stubborn: abandoned: it did not stop when interrupted `)
	for tries := 0; ; tries++ {
		if tries == 10 {
			s.fatalf("ten Ctrl-C after the first did not abandon the command")
		}
		s.send("\x03")
		if s.appears(abandoned, time.Second) {
			break
		}
	}
	s.waitLine(`(\^C)+ *`) // the echoes, on their own row
	s.waitLine(`gosh: stubborn\.stubborn: abandoned: .*`)
	s.waitPrompt()
	s.run("echo $?", "130")
}

// appears reports whether a row from the next unread one on matches rx
// within d.
func (s *ptySession) appears(rx *regexp.Regexp, d time.Duration) bool {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		s.mu.Lock()
		found := false
		for i := s.next; i <= s.scr.row && !found; i++ {
			found = rx.MatchString(s.scr.line(i))
		}
		s.mu.Unlock()
		if found {
			return true
		}
	}
	return false
}
