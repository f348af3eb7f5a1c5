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
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stdout)

	// loadAndMeasure sends n loads and a marker, waits for the marker (so all
	// loads are done) and returns the process's resident set in KiB.
	loadAndMeasure := func(n int, mark string) int {
		t.Helper()
		var b strings.Builder
		for range n {
			fmt.Fprintf(&b, ":load %s\n", plugin)
		}
		fmt.Fprintf(&b, "echo %s\n", mark)
		if _, err := io.WriteString(stdin, b.String()); err != nil {
			t.Fatal(err)
		}
		for lines.Scan() {
			if lines.Text() == mark {
				return rssKiB(t, cmd.Process.Pid)
			}
		}
		t.Fatalf("gosh ended before %s; stderr:\n%s", mark, stderr.String())
		return 0
	}
	loadAndMeasure(1000, "warm") // first load, then the heap and GC settle
	first := loadAndMeasure(5000, "after-6000")
	second := loadAndMeasure(5000, "after-11000")
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("gosh: %v\n%s", err, stderr.String())
	}
	if strings.Contains(stderr.String(), "gosh:") {
		t.Errorf("loads reported errors:\n%s", stderr.String())
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
