package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestSoakInteractive types a long, mixed session into gosh on a terminal
// (-soak.lines of it; make soak: 10,000): good and bad commands, usage and
// syntax errors, pipelines, loads of good and bad plugin files, and lines
// that begin with a space. Typed ahead as fast as the terminal takes them,
// the lines must all run (gosh exits with :exit's status) and the history
// file must hold every line, in order, except the space-prefixed ones and
// immediate repeats.
func TestSoakInteractive(t *testing.T) {
	n := *soakLines
	h := newPTYHome(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "text.txt"), []byte("not a plugin\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	core := filepath.Join(pluginDir, "core.so")
	kinds := []func(i int) string{
		func(i int) string { return fmt.Sprintf("echo line %d", i) },
		func(i int) string { return fmt.Sprintf("nosuch%d arg", i) },
		func(i int) string { return fmt.Sprintf("echo --bogus-%d", i) },
		func(i int) string { return fmt.Sprintf("echo %d | upper", i) },
		func(i int) string { return fmt.Sprintf("v %d", i) },
		func(i int) string { return ":load " + core },
		func(i int) string { return ":load text.txt" },
		func(i int) string { return fmt.Sprintf(" echo hidden %d", i) },
		func(i int) string { return fmt.Sprintf("false || echo recovered %d", i) },
		func(i int) string { return ":help echo" },
	}
	rng := rand.New(rand.NewPCG(7, uint64(n)))
	lines := make([]string, 0, n+1)
	for i := range n {
		lines = append(lines, kinds[rng.IntN(len(kinds))](i))
	}
	lines = append(lines, ":exit 0")

	s := startGosh(t, h, dir, "-q")
	s.waitPrompt()
	typed := make(chan error, 1)
	go func() {
		var b strings.Builder
		for _, l := range lines {
			b.WriteString(l + "\r")
		}
		_, err := s.f.Write([]byte(b.String()))
		typed <- err
	}()
	deadline := time.Duration(n)*10*time.Millisecond + ptyDeadline
	select {
	case <-s.exited:
	case <-time.After(deadline):
		s.fatalf("gosh did not finish %d typed lines within %v", len(lines), deadline)
	}
	if err := <-typed; err != nil {
		t.Fatalf("typing: %v", err)
	}
	if s.waitErr != nil {
		s.fatalf("gosh ended with %v, want :exit 0", s.waitErr)
	}

	data, err := os.ReadFile(h.historyFile())
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	// Every line but those starting with a space; a line that repeats the
	// one before it is kept once (readline's rule, bash's ignoredups).
	var want []string
	for _, l := range lines {
		if !strings.HasPrefix(l, " ") && (len(want) == 0 || want[len(want)-1] != l) {
			want = append(want, l)
		}
	}
	if !slices.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Fatalf("history has %d lines, want %d; first difference at line %d: %q, want %q",
			len(got), len(want), i+1, at(got, i), at(want, i))
	}
	t.Logf("%d typed lines ran; history holds the %d not starting with a space", len(lines), len(want))
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return "<none>"
}
