//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// The pseudo-terminal tests run the real gosh binary on a real terminal, as
// a user does, and check what the user sees: the screen is replayed from the
// output (see screen), so a test reads lines, not escape sequences. Every
// wait has a generous deadline and fails with the screen so far; none
// asserts how long anything took.

const ptyDeadline = 20 * time.Second

// ptyHome is the per-user state a session sees: HOME and the XDG
// directories. Two sessions given the same ptyHome share history.
type ptyHome struct{ home, state, cache string }

func newPTYHome(t testing.TB) ptyHome {
	d := t.TempDir()
	h := ptyHome{filepath.Join(d, "home"), filepath.Join(d, "state"), filepath.Join(d, "cache")}
	for _, dir := range []string{h.home, h.state, h.cache} {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

func (h ptyHome) historyFile() string { return filepath.Join(h.state, "gosh", "history") }

// ptySession is one gosh running on a pseudo-terminal of 80x24.
type ptySession struct {
	t   testing.TB
	f   *os.File // the master side
	cmd *exec.Cmd

	mu     sync.Mutex
	scr    *screen
	raw    []byte        // everything read, for failure messages
	notify chan struct{} // a token whenever output arrives
	next   int           // the first row that waits look at

	readDone chan struct{} // the output is drained: the terminal closed
	exited   chan struct{} // the process ended; waitErr is set
	waitErr  error
}

// startGosh starts gosh in dir (the test's temporary directory when empty)
// with the bundled plugins and the given arguments.
func startGosh(t testing.TB, h ptyHome, dir string, args ...string) *ptySession {
	t.Helper()
	return startGoshEnv(t, h, dir, nil, args...)
}

// startGoshEnv is startGosh with more environment variables, KEY=VALUE.
func startGoshEnv(t testing.TB, h ptyHome, dir string, env []string, args ...string) *ptySession {
	t.Helper()
	if buildError != nil {
		t.Fatal(buildError)
	}
	if dir == "" {
		dir = t.TempDir()
	}
	cmd := exec.Command(filepath.Join(binDir, "gosh"), args...)
	cmd.Dir = dir
	cmd.Env = []string{
		"HOME=" + h.home,
		"XDG_STATE_HOME=" + h.state,
		"XDG_CACHE_HOME=" + h.cache,
		"GOSH_PLUGIN_PATH=" + pluginDir,
		"TERM=xterm",
	}
	cmd.Env = append(cmd.Env, env...)
	return startOnPTY(t, cmd)
}

// startOnPTY starts cmd (gosh, or a wrapper that starts it) on a new
// pseudo-terminal and returns the session.
func startOnPTY(t testing.TB, cmd *exec.Cmd) *ptySession {
	t.Helper()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 80, Rows: 24})
	if err != nil {
		t.Fatalf("start gosh on a pty: %v", err)
	}
	s := &ptySession{
		t: t, f: f, cmd: cmd, scr: newScreen(80, 24),
		notify: make(chan struct{}, 1), readDone: make(chan struct{}), exited: make(chan struct{}),
	}
	go s.read()
	go func() {
		s.waitErr = cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-s.exited:
		default:
			cmd.Process.Kill()
			<-s.exited
		}
		f.Close()
		if t.Failed() {
			s.mu.Lock()
			t.Logf("raw terminal output (last 2000 bytes): %q", tail(s.raw, 2000))
			s.mu.Unlock()
		}
	})
	return s
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// read copies the terminal's output into the screen until the terminal is
// closed (EIO on Linux once gosh has exited).
func (s *ptySession) read() {
	defer close(s.readDone)
	buf := make([]byte, 4096)
	for {
		n, err := s.f.Read(buf)
		if n > 0 {
			s.mu.Lock()
			s.raw = append(s.raw, buf[:n]...)
			s.scr.Write(buf[:n])
			s.mu.Unlock()
			select {
			case s.notify <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

// send types keys.
func (s *ptySession) send(keys string) {
	s.t.Helper()
	if _, err := s.f.Write([]byte(keys)); err != nil {
		s.t.Fatalf("type %q: %v", keys, err)
	}
}

// waitFor waits until cond holds for the screen, checking whenever output
// arrives, and fails with the screen so far when the deadline passes or the
// terminal closes first.
func (s *ptySession) waitFor(what string, cond func(sc *screen) bool) {
	s.t.Helper()
	deadline := time.NewTimer(ptyDeadline)
	defer deadline.Stop()
	closed := false
	for {
		s.mu.Lock()
		ok := cond(s.scr)
		s.mu.Unlock()
		if ok {
			return
		}
		if closed {
			s.fatalf("gosh's terminal closed before %s", what)
		}
		select {
		case <-s.notify:
		case <-s.readDone:
			closed = true // check once more: the last output may be in
		case <-deadline.C:
			s.fatalf("no %s within %v", what, ptyDeadline)
		}
	}
}

func (s *ptySession) fatalf(format string, args ...any) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.t.Fatalf("%s; the screen so far (> marks the cursor's row):\n%s", fmt.Sprintf(format, args...), s.scr)
}

// waitPrompt waits for an empty prompt on a row at or below the next
// unread one, with the cursor after it. The row stays unread: what is typed
// next appears on it.
func (s *ptySession) waitPrompt() {
	s.t.Helper()
	s.waitFor(`prompt "gosh> "`, func(sc *screen) bool {
		if sc.row >= s.next && sc.col == len("gosh> ") && sc.line(sc.row) == "gosh>" {
			s.next = sc.row
			return true
		}
		return false
	})
}

// waitLine waits for a finished row (one the cursor has left) at or below
// the next unread one that matches re in full; the rows up to it are read.
func (s *ptySession) waitLine(re string) {
	s.t.Helper()
	rx := regexp.MustCompile("^(?:" + re + ")$")
	s.waitFor(fmt.Sprintf("line matching %q", re), func(sc *screen) bool {
		for i := s.next; i < sc.row; i++ {
			if rx.MatchString(sc.line(i)) {
				s.next = i + 1
				return true
			}
		}
		return false
	})
}

// waitInput waits until the cursor's row reads want, prompt included, with
// the cursor at its end: the line being edited.
func (s *ptySession) waitInput(want string) {
	s.t.Helper()
	s.waitFor(fmt.Sprintf("input line %q with the cursor at its end", want), func(sc *screen) bool {
		return sc.row >= s.next && sc.col == len([]rune(want)) &&
			sc.line(sc.row) == strings.TrimRight(want, " ")
	})
}

// lines returns rows [from, to) as the user sees them.
func (s *ptySession) lines(from, to int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for i := from; i < to; i++ {
		out = append(out, s.scr.line(i))
	}
	return out
}

// wrapped returns rows from to to-1 as the one long line that wrapped over
// them: each row but the last is as wide as the screen, its trailing
// blanks included (lines trims them, and a space may be the last column).
func (s *ptySession) wrapped(from, to int) string {
	rows := s.lines(from, to)
	for i := range len(rows) - 1 {
		rows[i] += strings.Repeat(" ", max(0, s.scr.width-len([]rune(rows[i]))))
	}
	return strings.Join(rows, "")
}

// waitCanonical waits until gosh has given the terminal back to a running
// command: canonical mode with signals on, so that a typed Ctrl-C is SIGINT
// and typed lines go to the command. gosh prints nothing to show it.
func (s *ptySession) waitCanonical() {
	s.t.Helper()
	deadline := time.Now().Add(ptyDeadline)
	for {
		ok, err := canonicalMode(s.f)
		if err != nil {
			s.fatalf("read the terminal's mode: %v", err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			s.fatalf("the terminal was still in raw mode after %v: gosh did not start the command", ptyDeadline)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitExit waits for gosh to exit and its output to be drained, and
// returns its exit status.
func (s *ptySession) waitExit() int {
	s.t.Helper()
	select {
	case <-s.exited:
	case <-time.After(ptyDeadline):
		s.fatalf("gosh did not exit within %v", ptyDeadline)
	}
	select {
	case <-s.readDone:
	case <-time.After(ptyDeadline):
		s.fatalf("gosh's terminal output did not end within %v after it exited", ptyDeadline)
	}
	var ee *exec.ExitError
	switch {
	case s.waitErr == nil:
		return 0
	case errors.As(s.waitErr, &ee) && ee.Exited():
		return ee.ExitCode()
	default:
		s.fatalf("gosh ended abnormally: %v", s.waitErr)
		return -1
	}
}

// run types a line and Enter, then waits for each expected output line
// and the next prompt.
func (s *ptySession) run(line string, want ...string) {
	s.t.Helper()
	s.send(line)
	s.enter("gosh> "+line, want...)
}

// enter presses Enter on the line being edited, which reads shown, and
// waits for the next prompt; the rows between must be exactly want.
func (s *ptySession) enter(shown string, want ...string) {
	s.t.Helper()
	s.send("\r")
	s.waitLine(regexp.QuoteMeta(shown))
	from := s.next
	s.waitPrompt()
	if got := s.lines(from, s.next); !slices.Equal(got, want) && len(got)+len(want) > 0 {
		s.fatalf("%q printed %q, want %q", shown, got, want)
	}
}

// TestPTYEcho: a prompt, a command typed and run, its output, the next
// prompt.
func TestPTYEcho(t *testing.T) {
	s := startGosh(t, newPTYHome(t), "", "-q")
	s.waitPrompt()
	s.run("echo hello", "hello")
	s.run("echo again", "again")
}

// TestPTYCompleteCommand: Tab completes a command name and a meta command.
func TestPTYCompleteCommand(t *testing.T) {
	s := startGosh(t, newPTYHome(t), "", "-q")
	s.waitPrompt()
	s.send("ech\t")
	s.waitInput("gosh> echo ")
	s.send("hi") // typed after the completion
	s.enter("gosh> echo hi", "hi")

	s.send(":pl\t")
	s.waitInput("gosh> :plugins ")
	s.send("\r")
	s.waitLine("gosh> :plugins")
	s.waitLine(`core [0-9a-f]{8}: cat cd echo env false ls pwd set sleep true unset`)
	s.waitLine(`  \S+/core\.so`)
	s.waitPrompt()
}

// TestPTYOutputWithoutNewline: output that does not end a line stays on
// the screen; the prompt goes to the next line rather than over it.
func TestPTYOutputWithoutNewline(t *testing.T) {
	s := startGosh(t, newPTYHome(t), "", "-q")
	s.waitPrompt()
	s.run("echo -n hello", "hello")
	s.run("echo -n x", "x") // one column: the case a blank line of width-1 misses
	s.run("echo after", "after")
}

// TestPTYCompleteLoadPath: after :load, Tab completes a file name in the
// shell's directory, offering plugin files only.
func TestPTYCompleteLoadPath(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "my plugins")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"x.so", "x.txt"} {
		if err := os.WriteFile(filepath.Join(sub, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := startGosh(t, newPTYHome(t), dir, "-q")
	s.waitPrompt()
	// The completion follows the shell's directory, not the one gosh
	// started in; x.txt is not a plugin, so x.so is the only candidate.
	s.run(`cd "my plugins"`)
	s.send(":load x\t")
	s.waitInput("gosh> :load x.so ")
}

// TestPTYInterruptCommand: Ctrl-C cancels a running command, the prompt
// comes back, $? is 130 and the shell goes on.
func TestPTYInterruptCommand(t *testing.T) {
	s := startGosh(t, newPTYHome(t), "", "-q")
	s.waitPrompt()
	s.send("sleep 30\r")
	s.waitLine("gosh> sleep 30")
	from := s.next
	s.waitCanonical()
	s.send("\x03")
	s.waitPrompt()
	// The terminal echoes ^C; gosh adds nothing: a cancelled command is
	// not an error.
	for _, line := range s.lines(from, s.next) {
		if line != "^C" && line != "" {
			s.fatalf("interrupting sleep printed %q", line)
		}
	}
	s.run("echo $?", "130")
	s.run("echo after", "after")
}

// TestPTYInterruptLine: Ctrl-C on a half-typed line abandons it: it never
// runs, and the next line does.
func TestPTYInterruptLine(t *testing.T) {
	s := startGosh(t, newPTYHome(t), "", "-q")
	s.waitPrompt()
	s.send("echo partial")
	s.waitInput("gosh> echo partial")
	s.send("\x03")
	s.waitPrompt()
	s.run("echo next", "next")
	for _, line := range s.lines(0, s.next) {
		if line == "partial" {
			s.fatalf("the abandoned line ran: \"partial\" was printed")
		}
	}
}

// TestPTYEOFExits: Ctrl-D on an empty line ends gosh with the last
// command's status.
func TestPTYEOFExits(t *testing.T) {
	s := startGosh(t, newPTYHome(t), "", "-q")
	s.waitPrompt()
	s.run("false")
	s.send("\x04")
	if st := s.waitExit(); st != 1 {
		s.fatalf("gosh exited with status %d after false and Ctrl-D, want 1", st)
	}
}

// TestPTYHistory: a line run in one session is saved, privately, and the
// next session recalls it with Up.
func TestPTYHistory(t *testing.T) {
	h := newPTYHome(t)
	s := startGosh(t, h, "", "-q")
	s.waitPrompt()
	s.run("echo one", "one")
	s.send("\x04")
	if st := s.waitExit(); st != 0 {
		s.fatalf("gosh exited with status %d, want 0", st)
	}

	fi, err := os.Stat(h.historyFile())
	if err != nil {
		t.Fatalf("no history file after a session: %v", err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("history file mode %v, want 0600", perm)
	}
	data, err := os.ReadFile(h.historyFile())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains("\n"+string(data), "\necho one\n") {
		t.Errorf("history file holds %q, want the line \"echo one\"", data)
	}

	s = startGosh(t, h, "", "-q")
	s.waitPrompt()
	s.send("\x1b[A")
	s.waitInput("gosh> echo one")
	s.enter("gosh> echo one", "one")
}

// TestPTYHistoryLong: a long history, which readline trims when a session
// starts by rewriting the file, stays private and keeps working.
func TestPTYHistoryLong(t *testing.T) {
	h := newPTYHome(t)
	if err := os.MkdirAll(filepath.Dir(h.historyFile()), 0o700); err != nil {
		t.Fatal(err)
	}
	var old strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&old, "echo old %d\n", i)
	}
	if err := os.WriteFile(h.historyFile(), []byte(old.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	sessions := []struct{ recall, line, out string }{
		{"echo old 999", "echo one", "one"},
		{"echo one", "echo two", "two"},
	}
	for _, sess := range sessions {
		s := startGosh(t, h, "", "-q")
		s.waitPrompt()
		if s.next != 0 {
			s.fatalf("gosh printed something before its first prompt")
		}
		s.send("\x1b[A")
		s.waitInput("gosh> " + sess.recall)
		s.send("\x15") // Ctrl-U: clear the line
		s.waitInput("gosh> ")
		s.run(sess.line, sess.out)
		s.send("\x04")
		if st := s.waitExit(); st != 0 {
			s.fatalf("gosh exited with status %d, want 0", st)
		}
		fi, err := os.Stat(h.historyFile())
		if err != nil {
			t.Fatal(err)
		}
		if perm := fi.Mode().Perm(); perm != 0o600 {
			t.Fatalf("after a session, the history file's mode is %v, want 0600", perm)
		}
	}
}

// TestPTYCatReadsTerminal: a command that reads stdin reads what is typed
// on the terminal, until Ctrl-D, and the prompt comes back.
func TestPTYCatReadsTerminal(t *testing.T) {
	s := startGosh(t, newPTYHome(t), "", "-q")
	s.waitPrompt()
	s.catTypedLine()
	s.run("echo $?", "0")
}

// catTypedLine runs cat, types a line and Ctrl-D, and checks that the
// line shows twice, as typed and as cat copied it, before the prompt.
func (s *ptySession) catTypedLine() {
	s.t.Helper()
	s.send("cat\r")
	s.waitLine("gosh> cat")
	from := s.next
	s.waitCanonical()
	s.send("typed line\r")
	s.waitLine("typed line")
	s.send("\x04")
	s.waitPrompt()
	if got, want := s.lines(from, s.next), []string{"typed line", "typed line"}; !slices.Equal(got, want) {
		s.fatalf("cat, a typed line and Ctrl-D showed %q, want %q", got, want)
	}
}

// TestPTYInterruptCat: Ctrl-C stops a command blocked reading the
// terminal, and the next line typed goes to the shell.
func TestPTYInterruptCat(t *testing.T) {
	s := startGosh(t, newPTYHome(t), "", "-q")
	s.waitPrompt()
	s.send("cat\r")
	s.waitLine("gosh> cat")
	s.waitCanonical()
	s.send("\x03")
	s.waitPrompt()
	s.run("echo $?", "130")
	s.run("echo next", "next")
}

// TestPTYCtrlZ: with no job control, Ctrl-Z at the prompt does nothing;
// afterwards a command still reads the terminal and Ctrl-D still exits.
func TestPTYCtrlZ(t *testing.T) {
	s := startGosh(t, newPTYHome(t), "", "-q")
	s.waitPrompt()
	s.send("echo z\x1a")
	s.waitInput("gosh> echo z")
	s.enter("gosh> echo z", "z")

	s.catTypedLine()

	s.send("\x04")
	if st := s.waitExit(); st != 0 {
		s.fatalf("gosh exited with status %d, want 0", st)
	}
}

// TestPTYStartupReport: on a terminal gosh reports each plugin it loads
// before the first prompt; -q silences that.
func TestPTYStartupReport(t *testing.T) {
	s := startGosh(t, newPTYHome(t), "")
	s.waitPrompt()
	report := regexp.MustCompile(`^plugin core: \d+ commands: .*\becho\b`)
	if !slices.ContainsFunc(s.lines(0, s.next), report.MatchString) {
		s.fatalf("no load report for the core plugin before the first prompt")
	}

	q := startGosh(t, newPTYHome(t), "", "-q")
	q.waitPrompt()
	if q.next != 0 {
		q.fatalf("gosh -q printed something before its first prompt")
	}
}
