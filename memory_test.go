package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestRepeatedLoadsDoNotGrowMemory loads the same plugin 11,000 times into
// one gosh process and compares its resident memory after 6,000 and 11,000
// loads: an already-loaded plugin must cost nothing, so the difference stays
// within the noise of garbage collection.
func TestRepeatedLoadsDoNotGrowMemory(t *testing.T) {
	if buildError != nil {
		t.Fatal(buildError)
	}
	plugin := filepath.Join(pluginDir, "core.so")
	cmd := exec.Command(filepath.Join(binDir, "gosh"), "-q")
	cmd.Env = append(os.Environ(), "GOSH_PLUGIN_PATH=", "XDG_CACHE_HOME="+t.TempDir())
	g := startPiped(t, cmd)
	defer cmd.Process.Kill()
	// loadAndMeasure sends n loads and returns the resident set once they
	// are done.
	loadAndMeasure := func(n int, mark string) int {
		t.Helper()
		return g.measure(strings.Repeat(":load "+plugin+"\n", n), mark)
	}
	loadAndMeasure(1000, "warm") // first load, then the heap and GC settle
	first := loadAndMeasure(5000, "after-6000")
	second := loadAndMeasure(5000, "after-11000")
	if err := g.close(); err != nil {
		t.Fatalf("gosh: %v\n%s", err, g.stderr.String())
	}
	if strings.Contains(g.stderr.String(), "gosh:") {
		t.Errorf("loads reported errors:\n%s", g.stderr.String())
	}
	t.Logf("resident memory: %d KiB after 6,000 loads, %d KiB after 11,000", first, second)
	// Garbage not yet collected can add a few MiB between two samples (the
	// heap may double before the GC runs); a leak of even 2 KiB a load
	// would add 10 MiB over 5,000 loads, a leak of the file 30 GB.
	const slackKiB = 8 << 10
	if second > first+slackKiB {
		t.Errorf("memory grew from %d KiB to %d KiB over 5,000 loads of an already-loaded plugin", first, second)
	}
}

// pipedGosh is a gosh that reads its commands from a pipe, for the tests
// that send it lines and measure the process in between.
type pipedGosh struct {
	tb     testing.TB
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  *bufio.Scanner
	stderr strings.Builder
}

// startPiped starts cmd, a gosh, with its stdin and stdout on pipes and its
// stderr kept.
func startPiped(tb testing.TB, cmd *exec.Cmd) *pipedGosh {
	tb.Helper()
	g := &pipedGosh{tb: tb, cmd: cmd}
	var err error
	if g.stdin, err = cmd.StdinPipe(); err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	cmd.Stderr = &g.stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	g.lines = bufio.NewScanner(stdout)
	return g
}

// measure sends text (whole lines) and then "echo MARK", waits for MARK on
// stdout, so that everything sent is done, and returns gosh's resident
// set in KiB.
func (g *pipedGosh) measure(text, mark string) int {
	g.tb.Helper()
	if _, err := io.WriteString(g.stdin, text+"echo "+mark+"\n"); err != nil {
		g.tb.Fatal(err)
	}
	for g.lines.Scan() {
		if g.lines.Text() == mark {
			return rssKiB(g.tb, g.cmd.Process.Pid)
		}
	}
	g.tb.Fatalf("gosh ended before %s; stderr:\n%s", mark, g.stderr.String())
	return 0
}

// close ends gosh's input and waits for it to exit.
func (g *pipedGosh) close() error {
	g.stdin.Close()
	return g.cmd.Wait()
}

// rssKiB reads a process's resident set, in KiB, from /proc/PID/status.
func rssKiB(t testing.TB, pid int) int {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("no VmRSS in /proc/PID/status")
	return 0
}
