package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestPTYWatchRedraw: a watch-mode reload that happens while the user is
// typing prints its report above the line being typed, and draws that line
// again, cursor at its end, so that typing goes on where it was.
func TestPTYWatchRedraw(t *testing.T) {
	h := newPTYHome(t)
	dir := t.TempDir()
	plugins := filepath.Join(dir, "plugins")
	if err := os.Mkdir(plugins, 0o755); err != nil {
		t.Fatal(err)
	}
	// Two builds of "tools": copies of two bundled plugins, so that the
	// reload visibly changes the commands.
	copyFile(t, filepath.Join(pluginDir, "text.so"), filepath.Join(plugins, "tools.so"))
	s := startGosh(t, h, dir, "--watch", "--plugins", plugins)
	s.waitPrompt()
	s.send("wc --hel") // wc is not there yet: the new build brings it
	s.waitInput("gosh> wc --hel")

	next := filepath.Join(plugins, ".tools.so.new")
	copyFile(t, filepath.Join(pluginDir, "count.so"), next)
	if err := os.Rename(next, filepath.Join(plugins, "tools.so")); err != nil {
		t.Fatal(err)
	}
	s.waitLine(`plugin tools reloaded: [0-9a-f]{8} -> [0-9a-f]{8}`)
	s.waitLine(`  commands: added uniq wc; removed lower rev upper`)
	s.waitInput("gosh> wc --hel")
	s.send("p\r")
	s.waitLine(`gosh> wc --help`)
	s.waitLine(`usage: wc .*`)
	s.waitPrompt()
}

// copyFile copies src to dst, mode 0755.
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o755); err != nil {
		t.Fatal(err)
	}
}
