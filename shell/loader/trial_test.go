package loader

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// processState runs sh -c script and returns how it ended.
func processState(t *testing.T, script string) *os.ProcessState {
	t.Helper()
	cmd := exec.Command("sh", "-c", script)
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return cmd.ProcessState
}

// TestTrialVerdict: how a trial process ended becomes the reason gosh
// gives for refusing the plugin, or none.
func TestTrialVerdict(t *testing.T) {
	exited0 := processState(t, "exit 0")
	exited3 := processState(t, "exit 3")
	exited2 := processState(t, "exit 2")
	killed := processState(t, "kill -9 $$")
	overflow := "runtime: goroutine stack exceeds 1048576-byte limit\nruntime: sp=0x1 stack=[0x1, 0x2]\nfatal error: stack overflow\n\nruntime stack:\nruntime.throw(...)\n"
	for _, tc := range []struct {
		name   string
		report string
		state  *os.ProcessState
		output string
		want   string // "" for no error
	}{
		{"passed", "ok", exited0, "hello\n", ""},
		{"panicked", "panic\nbroken: cannot start", exited0, "", "init panicked: broken: cannot start, in a trial in a separate process; gosh did not load it (fix: make the plugin's init succeed)"},
		{"refused by plugin.Open", "error\nplugin.Open(x): plugin was built with a different version of package y", exited0, "", ""},
		{"os.Exit", "", exited3, "", "its init ends the process that loads it (exit status 3: os.Exit or log.Fatal), as a trial in a separate process showed; gosh did not load it (fix: make the plugin's init return instead, and leave errors to its commands)"},
		{"log.Fatal", "", processState(t, "exit 1"), "2026/11/26 00:00:00 no config\n", "its init ends the process that loads it (exit status 1: os.Exit or log.Fatal), as a trial"},
		{"fatal error", "", exited2, "init says hi\n" + overflow, "its init kills the process that loads it (fatal error: stack overflow), as a trial"},
		{"a goroutine's panic", "", exited2, "panic: gave up\n\ngoroutine 7 [running]:\nmain.init.func1()\n", "its init kills the process that loads it (panic: gave up), as a trial"},
		{"a signal", "", killed, "", "its init kills the process that loads it (signal: killed), as a trial"},
		// Only the runtime's exit status makes such a line the runtime's.
		{"an init that prints panic:", "", processState(t, "exit 1"), "panic: not really\n", "its init ends the process that loads it (exit status 1: os.Exit or log.Fatal)"},
		{"a report cut short", "pan", exited3, "", "its init ends the process that loads it (exit status 3"},
		{"no state", "", nil, "", "gosh could not tell how its init ended in a trial in a separate process (wait failed); gosh did not load it"},
		{"the trial could not report", "", exited2, "gosh: trial: the trial could not report: broken pipe\n", "no trial process: gosh: trial: the trial could not report: broken pipe"},
	} {
		err := trialVerdict(tc.report, tc.state, errors.New("wait failed"), []byte(tc.output))
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v, want no error", tc.name, err)
		case tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.want)):
			t.Errorf("%s: %v, want an error starting %q", tc.name, err, tc.want)
		}
	}
}

// TestTrialOutput: gosh shows what the init printed, without the runtime's
// report of a crash, and only its last lines.
func TestTrialOutput(t *testing.T) {
	many := strings.Repeat("line\n", 30)
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "a\nb\n", "a\nb\n"},
		{"a crash after output", "reading config\nruntime: goroutine stack exceeds\nruntime: sp=1\nfatal error: stack overflow\n\ngoroutine 1 [running]:\n", "reading config\n"},
		{"a panic", "started\npanic: gave up\n\ngoroutine 7 [running]:\n", "started\n"},
		{"a runtime: line of the init's own", "runtime: is what I print\nok\n", "runtime: is what I print\nok\n"},
		{"many lines", many, "(10 lines before)\n" + strings.Repeat("line\n", 20)},
		{"nothing", "", ""},
	} {
		if got := string(trialOutput([]byte(tc.in))); got != tc.want {
			t.Errorf("%s: trialOutput = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestTailBuffer: a trial's output keeps its end, where a dying process
// says why, from the start of a line.
func TestTailBuffer(t *testing.T) {
	var b tailBuffer
	b.Write([]byte("first\n"))
	if got := string(b.Bytes()); got != "first\n" {
		t.Errorf("short output: %q", got)
	}
	line := strings.Repeat("x", 99) + "\n"
	for range 3 * maxCapture / len(line) {
		b.Write([]byte(line))
	}
	b.Write([]byte("fatal error: stack overflow\n"))
	got := b.Bytes()
	if len(got) > maxCapture || !strings.HasPrefix(string(got), line) || !strings.HasSuffix(string(got), "fatal error: stack overflow\n") {
		t.Errorf("long output: %d bytes, from %q to %q; want at most %d, whole lines, ending with the last", len(got), got[:20], got[len(got)-20:], maxCapture)
	}
	if _, crash := crashLine(got); crash != "fatal error: stack overflow" {
		t.Errorf("crash line of the kept output = %q", crash)
	}
}
