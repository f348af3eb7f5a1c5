package main

import (
	"regexp"
	"strings"
	"testing"
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
