// Package repl reads lines, from a terminal with line editing, history and
// completion, or plainly from a script or a pipe, and hands each line to an
// interp.Shell.
package repl

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/chzyer/readline"
	"github.com/gosh-shell/gosh/shell/interp"
	"golang.org/x/sys/unix"
)

// Interrupts turns SIGINT into cancellation of the command that is running:
// the first Ctrl-C cancels its context, a second one abandons it.
//
// gosh and the programs it runs share the terminal's process group, so a
// Ctrl-C reaches them together; but gosh learns of it through Go's signal
// handling, on other goroutines, and can see a program killed by it, and
// the line over, first. Its own SIGINT then comes late: it must count for
// the line that ended (endWith), and never cancel the next one, which
// takes interrupts only once the terminal can send them again (armed).
type Interrupts struct {
	mu     sync.Mutex
	cancel context.CancelFunc
	// armed: SIGINT counts for the run begun; at the prompt, only once
	// the line is read and the terminal out of raw mode, where a Ctrl-C is
	// a key and no signal (a SIGINT before is a stray, dropped).
	armed   bool
	count   int
	seen    chan struct{} // a token when an interrupt counted, for endWith
	abandon chan struct{}
	stop    func()
	// ready is closed once SIGINT is caught (nil: it never is).
	ready chan struct{}
}

// NewInterrupts starts catching SIGINT; Stop ends it. The catching is set
// up on a goroutine of its own, while gosh loads its plugins (it takes a
// process start's pidfd check, see probeProcessStart): a line's run
// (Begin) waits for it, so SIGINT is caught before any command runs.
func NewInterrupts() *Interrupts {
	in := newInterrupts()
	in.ready = make(chan struct{})
	ch := make(chan os.Signal, 4)
	done := make(chan struct{})
	in.stop = func() { signal.Stop(ch); close(done) }
	go func() {
		probeProcessStart()
		// SIGTSTP (Ctrl-Z while a command runs) is caught and dropped:
		// gosh has no job control, so stopping it would leave the user at
		// a frozen shell. A program stopped by the same Ctrl-Z is
		// continued by interp.
		signal.Notify(ch, os.Interrupt, syscall.SIGTSTP)
		close(in.ready)
		for {
			select {
			case sig := <-ch:
				if sig == os.Interrupt {
					in.interrupt()
				}
			case <-done:
				return
			}
		}
	}()
	return in
}

// waitReady waits until SIGINT is caught, if it is to be.
func (in *Interrupts) waitReady() {
	if in.ready != nil {
		<-in.ready
	}
}

// newInterrupts returns Interrupts that catch no signal: interrupt is
// what a SIGINT calls.
func newInterrupts() *Interrupts {
	return &Interrupts{abandon: make(chan struct{}, 1), seen: make(chan struct{}, 1)}
}

func (in *Interrupts) interrupt() {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.cancel == nil || !in.armed {
		return // nothing runs: a stray, of a line already over
	}
	in.count++
	select {
	case in.seen <- struct{}{}:
	default:
	}
	if in.count == 1 {
		in.cancel()
		return
	}
	select {
	case in.abandon <- struct{}{}:
	default:
	}
}

// Abandon is signalled by a second Ctrl-C while one command runs.
func (in *Interrupts) Abandon() <-chan struct{} { return in.abandon }

// Begin returns the context for one line's run; End must follow.
func (in *Interrupts) Begin(parent context.Context) context.Context {
	return in.begin(parent, true)
}

// begin is Begin, with interrupts taken at once (armed) or from arm on.
func (in *Interrupts) begin(parent context.Context, armed bool) context.Context {
	in.waitReady()
	ctx, cancel := context.WithCancel(parent)
	in.mu.Lock()
	in.cancel, in.count, in.armed = cancel, 0, armed
	select { // drop a stale abandon
	case <-in.abandon:
	default:
	}
	select {
	case <-in.seen:
	default:
	}
	in.mu.Unlock()
	return ctx
}

// arm makes SIGINT count for the run begun, if any.
func (in *Interrupts) arm() {
	in.mu.Lock()
	in.armed = in.cancel != nil
	in.mu.Unlock()
}

// strayWait bounds how long endWith waits for gosh's own SIGINT.
const strayWait = 500 * time.Millisecond

// endWith is End for a run that ended with status. Status 130 with no
// interrupt counted is, as a rule, a program killed by a Ctrl-C that gosh
// has not seen yet, though the terminal sent it to gosh first: it is
// waited for (a moment, in case the program was killed by someone else),
// so that it counts for this run, not for the next.
func (in *Interrupts) endWith(status int) bool {
	in.mu.Lock()
	wait := status == 130 && in.cancel != nil && in.armed && in.count == 0
	in.mu.Unlock()
	if wait {
		t := time.NewTimer(strayWait)
		select {
		case <-in.seen:
		case <-t.C:
		}
		t.Stop()
	}
	return in.End()
}

// End finishes the run started by Begin and reports whether it was
// interrupted.
func (in *Interrupts) End() bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.cancel != nil {
		in.cancel()
	}
	in.cancel, in.armed = nil, false
	return in.count > 0
}

// Stop stops catching SIGINT.
func (in *Interrupts) Stop() {
	in.waitReady()
	in.stop()
}

// Script runs the lines read from r until the end of input or :exit, and
// returns the exit status: the last command's, or :exit's code. Its error
// lines name the script (r's file name) and the line. When
// interrupts is not nil, Ctrl-C cancels the running command and ends the
// script with status 130, as in sh.
func Script(ctx context.Context, sh *interp.Shell, r io.Reader, in *Interrupts) int {
	br := bufio.NewReaderSize(r, 64<<10)
	lines := runLines
	f, isFile := r.(*os.File)
	if isFile && isRegularFile(f) {
		// Read ahead (script.go): only a file's lines, which nothing
		// else reads and which are all there, can be. A script that is a
		// pipe or a terminal (gosh <(cmd), gosh /dev/stdin) is read a
		// line at a time: what its commands read from the same terminal
		// must not go to the script.
		lines = runScriptLines
	}
	src := &lineSource{name: "script"}
	if isFile {
		src.name = f.Name()
	}
	defer sh.SetSource("", 0)
	return run(ctx, sh, in, func(ctx, parent context.Context) int {
		return lines(ctx, sh, br, parent, src)
	})
}

// isRegularFile reports whether f is a regular file.
func isRegularFile(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode().IsRegular()
}

// Input is Script for the shell's own standard input: the commands share
// it with the shell, so a command that reads stdin gets the lines after its
// own, as in sh (printf 'cat\nhello\n' | gosh prints hello).
func Input(ctx context.Context, sh *interp.Shell, r io.Reader, in *Interrupts) int {
	br := bufio.NewReaderSize(r, 64<<10)
	sh.SetStdin(br)
	src := &lineSource{} // unnamed: only syntax errors give the line
	defer sh.SetSource("", 0)
	return run(ctx, sh, in, func(ctx, parent context.Context) int {
		return runLines(ctx, sh, br, parent, src)
	})
}

// HistoryLimit is how many lines the history file keeps (readline's default,
// 500, loses a day's work).
const HistoryLimit = 100_000

// Config configures an interactive session.
type Config struct {
	Shell *interp.Shell
	// HistoryFile is where history is kept; empty disables history.
	HistoryFile string
	Stdin       io.ReadCloser
	Stdout      io.Writer
	Stderr      io.Writer
	Interrupts  *Interrupts
}

// Interactive runs the shell on a terminal until Ctrl-D or :exit and returns
// the exit status.
func Interactive(ctx context.Context, cfg Config) int {
	sh := cfg.Shell
	if cfg.HistoryFile != "" {
		if err := prepareHistory(cfg.HistoryFile); err != nil {
			sh.Errorf("history: %v (history is not saved this session)", err)
			cfg.HistoryFile = ""
		}
	}
	// readline draws on its own copy of the terminal's descriptor: while a
	// watch-mode reload runs a plugin's init, gosh captures descriptor 1,
	// and the prompt and the keys being typed must still reach the screen.
	termOut := cfg.Stdout
	if f, ok := cfg.Stdout.(*os.File); ok {
		if d, err := dupCloexec(f); err == nil {
			defer d.Close()
			termOut = d
		}
	}
	// The terminal sends SIGINT again once readline leaves raw mode: the
	// line's interrupts count from then on, not before (Interrupts).
	raw := new(readline.RawMode)
	rl, err := readline.NewEx(&readline.Config{
		FuncMakeRaw: raw.Enter,
		FuncExitRaw: func() error {
			cfg.Interrupts.arm()
			return raw.Exit()
		},
		Prompt:            DefaultPrompt,
		HistoryFile:       cfg.HistoryFile,
		HistoryLimit:      HistoryLimit,
		HistorySearchFold: true,
		// Lines are saved by hand, below, so that one starting with a
		// space is not (bash's HISTCONTROL=ignorespace).
		DisableAutoSaveHistory: true,
		AutoComplete:           &Completer{Shell: sh},
		InterruptPrompt:        "^C",
		EOFPrompt:              "exit",
		Stdin:                  cfg.Stdin,
		Stdout:                 termOut,
		Stderr:                 cfg.Stderr,
		FuncFilterInputRune: func(r rune) (rune, bool) {
			// No job control: Ctrl-Z must not stop gosh. It becomes
			// Ctrl-G, which only leaves search or completion. Refusing
			// the rune instead (false) makes readline v1.5.1 queue a
			// spurious read request, after which it reads the terminal
			// while commands run, taking their input, and Close hangs.
			if r == readline.CharCtrlZ {
				return readline.CharBell, true
			}
			return r, true
		},
	})
	if err != nil {
		sh.Errorf("terminal: %v; reading commands without line editing", err)
		return Input(ctx, sh, cfg.Stdin, cfg.Interrupts)
	}
	defer rl.Close()
	// Watch-mode reloads report through readline, which prints above the
	// line being typed and draws it again.
	sh.SetNotify(rl.Stderr())
	defer sh.SetNotify(nil)
	if cfg.HistoryFile != "" {
		// Loading a history longer than its limit, readline rewrites the
		// file through a new one created 0666: make it private again, or
		// the next session refuses it.
		if err := os.Chmod(cfg.HistoryFile, 0o600); err != nil {
			sh.Errorf("history: %v", err)
		}
	}
	if f, ok := cfg.Stdin.(*os.File); ok {
		sh.SetStdin(&TerminalInput{File: f})
	}
	prompts := newPrompter()
	for {
		rl.SetPrompt(prompts.prompt(sh)) // prompt.go: PS1
		// readline draws its prompt by clearing the cursor's row, which
		// would erase a last line that did not end in a newline.
		interp.FreshLine(termOut, rl.Config.FuncGetWidth())
		// The run's context exists before the line is read, so that a
		// Ctrl-C right after Enter already cancels the command; it takes
		// interrupts from the moment readline leaves raw mode (arm).
		runCtx := cfg.Interrupts.begin(ctx, false)
		line, err := readLine(rl) // continue.go: open quotes, trailing \ or |
		switch {
		case errors.Is(err, readline.ErrInterrupt):
			cfg.Interrupts.End()
			sh.SetStatus(130) // as bash: Ctrl-C at the prompt is status 130
			continue          // Ctrl-C abandons the line being typed, never runs it
		case errors.Is(err, io.EOF):
			cfg.Interrupts.End()
			return sh.Status()
		case err != nil:
			cfg.Interrupts.End()
			sh.Errorf("read line: %v", err)
			return 1
		}
		if Remember(line) {
			if err := rl.SaveHistory(line); err != nil && cfg.HistoryFile != "" {
				sh.Errorf("history: %v", err)
			}
		}
		cfg.Interrupts.endWith(sh.Run(runCtx, line))
		if sh.Exited() {
			return sh.Status()
		}
	}
}

// Remember reports whether a line goes into history: not a blank one, and
// not one that begins with a space, which is how the user keeps a line
// (one with a secret in it) out of history, as with bash's
// HISTCONTROL=ignorespace.
func Remember(line string) bool {
	return strings.TrimSpace(line) != "" && !strings.HasPrefix(line, " ")
}

// prepareHistory creates the history file's directory (0700) and the file
// itself (0600), so that readline, which creates it 0666, never does.
func prepareHistory(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("%s is readable by others (mode %v): chmod 600 %s", path, fi.Mode().Perm(), path)
	}
	return nil
}

// dupCloexec returns a new file on a copy of f's descriptor, closed on exec.
func dupCloexec(f *os.File) (*os.File, error) {
	fd, err := unix.FcntlInt(f.Fd(), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("duplicate %s: %w", f.Name(), err)
	}
	return os.NewFile(uintptr(fd), f.Name()), nil
}
