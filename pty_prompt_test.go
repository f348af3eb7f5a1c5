//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The start-up file, aliases, the prompt (PS1) and coloured errors, as a
// user sees them on a terminal.

// writeRC writes the start-up file of h: ~/.config/gosh/rc.
func writeRC(t *testing.T, h ptyHome, content string) {
	t.Helper()
	dir := filepath.Join(h.home, ".config", "gosh")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "rc"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestPTYRCFile: the start-up file runs before the first prompt, line by
// line; an error names its line and the rest still runs; what it defines
// (aliases, variables) is there at the prompt.
func TestPTYRCFile(t *testing.T) {
	h := newPTYHome(t)
	writeRC(t, h, "# my gosh settings\n:alias hi='echo hello from rc'\nnosuch\nGREETING=set\necho rc done\n")
	s := startGosh(t, h, "", "-q")
	s.waitPrompt()
	got := s.lines(0, s.next)
	want := []string{"gosh: rc:3: nosuch: command not found (:help lists the commands)", "rc done"}
	if !slices.Equal(got, want) {
		s.fatalf("before the first prompt: %q, want %q", got, want)
	}
	s.run("hi", "hello from rc")
	s.run("echo $GREETING", "set")
	// Errors at the prompt have no rc: prefix.
	s.run("nosuch", "gosh: nosuch: command not found (:help lists the commands)")
}

// TestPTYNoRC: --norc skips the start-up file.
func TestPTYNoRC(t *testing.T) {
	h := newPTYHome(t)
	writeRC(t, h, "echo rc ran\n:alias hi='echo hi'\n")
	s := startGosh(t, h, "", "-q", "--norc")
	s.waitPrompt()
	if s.next != 0 {
		s.fatalf("gosh --norc printed something before its first prompt")
	}
	s.run("hi", "gosh: hi: command not found (:help lists the commands)")
}

// TestPTYRCExit: :exit in the start-up file ends gosh before the prompt,
// with its code.
func TestPTYRCExit(t *testing.T) {
	h := newPTYHome(t)
	writeRC(t, h, "echo leaving\n:exit 3\necho not run\n")
	s := startGosh(t, h, "", "-q")
	if st := s.waitExit(); st != 3 {
		s.fatalf("gosh exited with %d, want 3", st)
	}
	s.waitLine("leaving")
}

// TestPTYRCUnsafe: a start-up file that others can write is not run.
func TestPTYRCUnsafe(t *testing.T) {
	h := newPTYHome(t)
	writeRC(t, h, "echo rc ran\n")
	rc := filepath.Join(h.home, ".config", "gosh", "rc")
	if err := os.Chmod(rc, 0o666); err != nil {
		t.Fatal(err)
	}
	s := startGosh(t, h, "", "-q")
	s.waitPrompt()
	// The line is longer than the terminal is wide: join its rows.
	re := regexp.MustCompile(`^gosh: rc: .*/rc not run: unsafe permissions: .*\(fix: chmod go-w .*/rc\)$`)
	if got := s.wrapped(0, s.next); !re.MatchString(got) {
		s.fatalf("before the first prompt: %q, want one error matching %s", got, re)
	}
}

// runAt types a line at a prompt that is not the default one, presses
// Enter, and waits for the next prompt, next.
func (s *ptySession) runAt(prompt, line, next string) {
	s.t.Helper()
	s.send(line + "\r")
	s.waitLine(regexp.QuoteMeta(prompt + line))
	s.waitInput(next)
}

// TestPTYPrompt: PS1 sets the prompt, with the working directory ($HOME
// as ~) and the last status, which change with each line; unset, the
// prompt is gosh's own again. The start-up file can set it.
func TestPTYPrompt(t *testing.T) {
	h := newPTYHome(t)
	proj := filepath.Join(h.home, "proj")
	if err := os.Mkdir(proj, 0o700); err != nil {
		t.Fatal(err)
	}
	d := "$" // \$: # for root
	if os.Geteuid() == 0 {
		d = "#"
	}
	s := startGosh(t, h, proj, "-q")
	s.waitPrompt()
	s.runAt("gosh> ", `PS1='\w [\?]\$ '`, "~/proj [0]"+d+" ")
	s.runAt("~/proj [0]"+d+" ", "false", "~/proj [1]"+d+" ")
	s.runAt("~/proj [1]"+d+" ", "cd /", "/ [0]"+d+" ")
	s.runAt("/ [0]"+d+" ", "nosuch", "/ [127]"+d+" ")
	s.runAt("/ [127]"+d+" ", "cd $HOME", "~ [0]"+d+" ")
	s.runAt("~ [0]"+d+" ", `PS1='\W> '`, "~> ")
	s.runAt("~> ", "cd proj", "proj> ")
	// The continuation prompt stays "> ", and the prompt comes back.
	s.send("echo 'a\r")
	s.waitLine(regexp.QuoteMeta("proj> echo 'a"))
	s.waitInput("> ")
	s.runAt("> ", "b'", "proj> ")
	s.runAt("proj> ", "unset PS1", "gosh> ")

	writeRC(t, h, "PS1='rc \\W\\$ '\n")
	r := startGosh(t, h, proj, "-q")
	r.waitInput("rc proj" + d + " ")
}

// TestPTYColorErrors: on a terminal, gosh's error lines are red; not
// with NO_COLOR set, and never when sent to a file.
func TestPTYColorErrors(t *testing.T) {
	const red = "\x1b[31mgosh: nosuch: command not found"
	s := startGosh(t, newPTYHome(t), "", "-q")
	s.waitPrompt()
	s.run("nosuch", "gosh: nosuch: command not found (:help lists the commands)")
	s.run("nosuch 2> f; cat f", "gosh: nosuch: command not found (:help lists the commands)")
	s.mu.Lock()
	raw := string(s.raw)
	s.mu.Unlock()
	if n := strings.Count(raw, red); n != 1 {
		t.Errorf("%d red error lines, want 1 (the one on the terminal): %q", n, raw)
	}
	if !strings.Contains(raw, "\x1b[31mgosh: nosuch: command not found (:help lists the commands)\x1b[0m\r\n") {
		t.Errorf("the error line is not red up to its end: %q", raw)
	}

	for _, env := range []string{"NO_COLOR=1", "NO_COLOR=yes please"} {
		n := startGoshEnv(t, newPTYHome(t), "", []string{env}, "-q")
		n.waitPrompt()
		n.run("nosuch", "gosh: nosuch: command not found (:help lists the commands)")
		n.mu.Lock()
		raw := string(n.raw)
		n.mu.Unlock()
		if strings.Contains(raw, "\x1b[31m") {
			t.Errorf("with %s, an error line is coloured: %q", env, raw)
		}
	}
	// Set but empty is unset, as no-color.org says.
	e := startGoshEnv(t, newPTYHome(t), "", []string{"NO_COLOR="}, "-q")
	e.waitPrompt()
	e.run("nosuch", "gosh: nosuch: command not found (:help lists the commands)")
	e.mu.Lock()
	defer e.mu.Unlock()
	if !strings.Contains(string(e.raw), red) {
		t.Errorf("with NO_COLOR empty, the error line is not red: %q", e.raw)
	}
}

// TestPTYAliasComplete: Tab completes an alias name as a command name,
// and after it the flags of the command it runs.
func TestPTYAliasComplete(t *testing.T) {
	s := startGosh(t, newPTYHome(t), "", "-q")
	s.waitPrompt()
	s.run(":alias gzq_count='wc -l'")
	s.send("echo a | gzq_c\t")
	s.waitInput("gosh> echo a | gzq_count ")
	s.send("--lin\t")
	s.waitInput("gosh> echo a | gzq_count --lines ")
	s.enter("gosh> echo a | gzq_count --lines", "1")
}
