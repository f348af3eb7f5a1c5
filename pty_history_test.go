//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPTYHistoryIgnoreSpace: a line that begins with a space runs but is
// not recorded, in the file or for Up in this session (bash's
// HISTCONTROL=ignorespace); the other lines are, and the file and its
// directory stay private.
func TestPTYHistoryIgnoreSpace(t *testing.T) {
	h := newPTYHome(t)
	s := startGosh(t, h, "", "-q")
	s.waitPrompt()
	s.run("echo kept", "kept")
	s.run(" echo secret", "secret")
	s.send("   ") // blank: nothing to record
	s.enter("gosh>")
	// Up recalls the last recorded line, not the one with a space.
	s.send("\x1b[A")
	s.waitInput("gosh> echo kept")
	s.send("\x15") // Ctrl-U
	s.waitInput("gosh> ")
	s.run("echo also kept", "also kept")
	s.send("\x04")
	if st := s.waitExit(); st != 0 {
		s.fatalf("gosh exited with status %d, want 0", st)
	}

	data, err := os.ReadFile(h.historyFile())
	if err != nil {
		t.Fatalf("no history file: %v", err)
	}
	if got, want := string(data), "echo kept\necho also kept\n"; got != want {
		t.Errorf("history file holds %q, want %q", got, want)
	}
	for path, want := range map[string]os.FileMode{h.historyFile(): 0o600, filepath.Dir(h.historyFile()): 0o700} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s has mode %v, want %v", path, fi.Mode().Perm(), want)
		}
	}

	// The next session recalls the recorded lines only.
	s = startGosh(t, h, "", "-q")
	s.waitPrompt()
	s.send("\x1b[A")
	s.waitInput("gosh> echo also kept")
	s.send("\x1b[A")
	s.waitInput("gosh> echo kept")
	s.send("\x1b[A") // no older line: stays
	s.waitInput("gosh> echo kept")
	if strings.Contains(string(s.raw), "secret") {
		s.fatalf("the line starting with a space came back from history")
	}
}

// TestPTYHistorySearch: Ctrl-R searches history backwards as the user
// types, shows the match on the line, and Enter runs it.
func TestPTYHistorySearch(t *testing.T) {
	s := startGosh(t, newPTYHome(t), "", "-q")
	s.waitPrompt()
	s.run("echo unique-marker", "unique-marker")
	s.run("echo other", "other")
	s.send("\x12uniq")
	// The match is on the input line, the search below it.
	s.waitFor("the search and its match", func(sc *screen) bool {
		for i := s.next; i+1 < len(sc.rows); i++ {
			if sc.line(i) == "gosh> echo unique-marker" && sc.line(i+1) == "bck-i-search: uniq" {
				return true
			}
		}
		return false
	})
	s.send("\r")
	s.waitLine(`unique-marker`)
	s.waitPrompt()
}
