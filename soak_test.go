package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// soakLines is the size of TestSoak: small in make test, 10,000 in
// make soak.
var soakLines = flag.Int("soak.lines", 300, "lines TestSoak sends through one gosh (make soak: 10000)")

// TestSoak sends a long, mixed session through one gosh process: good and
// bad commands, syntax errors, loads of good plugins (again and again, by
// other paths and links), reloads and unloads, and of bad files (empty,
// text, truncated, group-writable, missing), meta commands and pipelines. gosh must finish
// with the status of its last line, print exactly one error line per bad
// line and nothing else on stderr, and its resident memory must stay
// bounded: after the first 2,000 lines it may not grow by more than 32 MiB.
func TestSoak(t *testing.T) {
	if buildError != nil {
		t.Fatal(buildError)
	}
	work := t.TempDir()
	good := filepath.Join(work, "good")
	bad := filepath.Join(work, "bad")
	for _, d := range []string{good, bad} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	core, err := os.ReadFile(filepath.Join(pluginDir, "core.so"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(path string, data []byte, mode os.FileMode) {
		t.Helper()
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(good, "copy.so"), core, 0o644)
	if err := os.Symlink(filepath.Join(pluginDir, "text.so"), filepath.Join(good, "link.so")); err != nil {
		t.Fatal(err)
	}
	write(filepath.Join(bad, "empty.so"), nil, 0o644)
	write(filepath.Join(bad, "text.so"), []byte("not a plugin\n"), 0o644)
	write(filepath.Join(bad, "truncated.so"), core[:len(core)/2], 0o644)
	write(filepath.Join(bad, "groupw.so"), core, 0o664)

	// Each kind of line, and how many error lines it prints: -1 for lines
	// whose outcome depends on features still being built (pipelines).
	type kind struct {
		line   string
		errors int
	}
	kinds := []kind{
		{"echo hello world", 0},
		{"echo \"$HOME\" '$HOME' ${PWD} $?", 0},
		{"upper some text", 0},
		{"greet soak", 0},
		{"v 7", 0},
		{"f", 0},
		{"set SOAK=1", 0},
		{"true", 0},
		{"# a comment", 0},
		{"", 0},
		{":load " + filepath.Join(pluginDir, "core.so"), 0},
		{":load " + filepath.Join(good, "copy.so"), 0},
		{":load " + filepath.Join(good, "link.so"), 0},
		{":load " + pluginDir, 0},
		{":plugins", 0},
		{":reload core", 0},
		{":reload", 0},
		{":unload demo; :reload demo", 0},
		{":watch on; :watch off", 0},
		{":help", 0},
		{":help wc", 0},
		{"false", 0},
		{"nosuchcommand arg", 1},
		{":nosuchmeta", 1},
		{"echo \"unterminated", 1},
		{"greet --no-such-flag", 1},
		{"cat /no/such/file", 1},
		{"cd /no/such/dir", 1},
		{":load " + filepath.Join(bad, "empty.so"), 1},
		{":load " + filepath.Join(bad, "text.so"), 1},
		{":load " + filepath.Join(bad, "truncated.so"), 1},
		{":load " + filepath.Join(bad, "groupw.so"), 1},
		{":load " + filepath.Join(bad, "missing.so"), 1},
		{":reload nosuchplugin", 1},
		{":unload nosuchplugin", 1},
		{"echo pipe | upper", -1},
		{"echo a b c | wc -w", -1},
	}
	rng := rand.New(rand.NewSource(1))
	cmd := exec.Command(filepath.Join(binDir, "gosh"), "-q")
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "GOSH_PLUGIN_PATH="+pluginDir, "XDG_CACHE_HOME="+filepath.Join(work, "cache"),
		"XDG_CONFIG_HOME="+filepath.Join(work, "config"), "HOME="+work)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderrR, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	errLines := make(chan []string, 1)
	go func() {
		var lines []string
		sc := bufio.NewScanner(stderrR)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			lines = append(lines, sc.Text())
		}
		errLines <- lines
	}()
	out := bufio.NewScanner(stdout)
	out.Buffer(nil, 1<<20)
	waitMark := func(mark string) {
		t.Helper()
		for out.Scan() {
			if out.Text() == mark {
				return
			}
		}
		t.Fatalf("gosh ended before printing %s", mark)
	}

	start := time.Now()
	minErrors, maxErrors := 0, 0
	var rss []int // KiB, every 1,000 lines
	var batch strings.Builder
	for i := 1; i <= *soakLines; i++ {
		k := kinds[rng.Intn(len(kinds))]
		batch.WriteString(k.line + "\n")
		switch k.errors {
		case -1:
			maxErrors++
		default:
			minErrors += k.errors
			maxErrors += k.errors
		}
		if i%1000 == 0 || i == *soakLines {
			mark := fmt.Sprintf("soak-mark-%d", i)
			batch.WriteString("echo " + mark + "\n")
			if _, err := io.WriteString(stdin, batch.String()); err != nil {
				t.Fatalf("after %d lines: %v", i, err)
			}
			batch.Reset()
			waitMark(mark)
			rss = append(rss, rssKiB(t, cmd.Process.Pid))
		}
	}
	io.WriteString(stdin, ":exit 3\n")
	stdin.Close()
	err = cmd.Wait()
	elapsed := time.Since(start)
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
		t.Fatalf("gosh ended with %v, want exit status 3 (from :exit 3)", err)
	}
	lines := <-errLines
	n := 0
	for _, l := range lines {
		// gosh's own error lines, and cat's, which reports each file
		// itself and goes on.
		if !strings.HasPrefix(l, "gosh: ") && !strings.HasPrefix(l, "cat: ") {
			t.Errorf("stderr line that is no gosh error line: %q", l)
			continue
		}
		if strings.Contains(l, "panicked") {
			t.Errorf("a panic: %s", l)
		}
		n++
	}
	if n < minErrors || n > maxErrors {
		t.Errorf("%d error lines, want %d to %d (one per bad line)", n, minErrors, maxErrors)
	}
	t.Logf("%d lines in %v (%.0f lines/s); %d error lines; VmRSS KiB every 1,000 lines: %v",
		*soakLines, elapsed.Round(time.Millisecond), float64(*soakLines)/elapsed.Seconds(), n, rss)
	if len(rss) > 2 {
		base, peak := rss[1], 0
		for _, r := range rss[2:] {
			peak = max(peak, r)
		}
		if peak > base+32<<10 {
			t.Errorf("resident memory grew from %d KiB (2,000 lines) to %d KiB", base, peak)
		}
	}
}
