package interp

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzRun sends whole lines, as typed or read from a script, through one
// Shell with fake plugins (good ones, one whose load fails after printing,
// commands that panic, fail or misbehave): whatever the input, nothing
// panics or hangs, the status is 0-255, every line of stderr is a gosh error
// line (or the fake plugins' own output), on one line without control
// characters, and a bad line costs one error line at most per command (a
// meta command taking several paths reports each).
func FuzzRun(f *testing.F) {
	for _, seed := range []string{
		"echo hello world",
		"greet --loud gopher",
		"greet",
		"fail",
		"boom\nnilmap\nbadflags",
		"status 300",
		"status",
		"setvar",
		"setvar 1x y",
		"nosuch --flag",
		":nosuch",
		":help\n:help greet\n:help nosuch",
		":load /fake/core.so /fake/bad.so /fake/missing.so",
		":load /fake/core.so\n:load /fake/core.so",
		":plugins",
		":inspect --json /fake/core.so",
		":trust /fake/core.so",
		":exit 300",
		"echo \"unterminated",
		"echo 'a\\'b' \\",
		"echo $GREETING ${HOME} $? ${",
		"echo a | upper ; greet x && fail || echo y > out < in 2>&1",
		"# comment\n\n   \t",
		"echo \x1b[2J\x00\xff",
		"greet --loud=maybe -h",
		"core.echo x\nextra.greet y",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, input string) {
		ld := newFakeLoader()
		ld.add("/fake/core.so", coreCommands())
		ld.add("/fake/extra.so", extraCommands())
		ld.errs["/fake/bad.so"] = errors.New("init panicked: bad plugin")
		ld.output["/fake/bad.so"] = "bad: init\x1b[31m\nsecond line"
		var stdout, stderr bytes.Buffer
		sh, err := New(Options{
			Loader: ld, Stdout: &stdout, Stderr: &stderr,
			Environ: []string{"HOME=/home/gopher", "GREETING=hi there"}, Dir: t.TempDir(), Quiet: true,
			// Never run what the fuzzer types as a program from $PATH.
			NoExec: true,
		})
		if err != nil {
			t.Fatal(err)
		}
		sh.LoadPath(context.Background(), "/fake/core.so", false)
		sh.LoadPath(context.Background(), "/fake/extra.so", false)
		stderr.Reset()
		lines := strings.Split(input, "\n")
		if len(lines) > 64 {
			lines = lines[:64]
		}
		for _, line := range lines {
			if strings.Contains(line, ">") && strings.ContainsAny(line, "/$") {
				// A redirection could write outside the shell's temporary
				// directory (the tests may run as root): run only those
				// that stay in it.
				continue
			}
			stdout.Reset()
			stderr.Reset()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			done := make(chan int, 1)
			go func() { done <- sh.Run(ctx, line) }()
			var st int
			select {
			case st = <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("Run(%q) did not return within 10s", line)
			}
			cancel()
			if st < 0 || st > 255 {
				t.Fatalf("Run(%q) = status %d", line, st)
			}
			checkStderr(t, line, stderr.String())
			if sh.Exited() {
				return
			}
		}
	})
}

// checkStderr checks what one line printed to stderr.
func checkStderr(t *testing.T, line, out string) {
	t.Helper()
	if out == "" {
		return
	}
	if !strings.HasSuffix(out, "\n") {
		t.Fatalf("Run(%q): stderr does not end a line: %q", line, out)
	}
	errLines := 0
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		switch {
		case strings.HasPrefix(l, "gosh: "):
			errLines++
		case strings.HasPrefix(l, "  | "), l == "a note": // init output, the stderr command
		default:
			t.Fatalf("Run(%q): stderr line %q is not a gosh error line", line, l)
		}
		for _, r := range l {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				t.Fatalf("Run(%q): stderr line %q holds control character %U", line, l, r)
			}
		}
	}
	if max := errorBudget(line); errLines > max {
		t.Fatalf("Run(%q): %d error lines, want at most %d:\n%s", line, errLines, max, out)
	}
}

// errorBudget is how many error lines a line may cost: one per command in
// it (pipelines and lists have several), and one per path for a meta
// command that takes several.
func errorBudget(line string) int {
	n := 1 + strings.Count(line, "|") + strings.Count(line, ";") + strings.Count(line, "&")
	if fields := strings.Fields(line); len(fields) > 1 && strings.HasPrefix(fields[0], ":") {
		n += len(fields) - 1
	}
	return n
}
