package loader

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"
)

// A trial load runs a new build of a plugin's init in a short-lived process
// of its own before the plugin is loaded into gosh (Options.Trial). Some
// inits end the process they run in, and no Go code can stop that: one that
// calls os.Exit or log.Fatal, one that hits a fatal runtime error (a stack
// overflow, concurrent map writes), one that dies of a signal. In the
// trial, that ends only the trial process, and gosh refuses the plugin with
// what happened. An init that panics or never returns is caught there too,
// so that it never leaves a half-initialized package or a goroutine stuck
// in gosh.
//
// The trial process is gosh itself, started with TrialArg, which its main
// answers with TrialMain once every package of gosh is initialized, as in
// gosh. The init under trial sees gosh's own arguments in os.Args and
// GOSH_TRIAL=1 in its environment, so that one that must not run twice can
// tell.
//
// The trial runs once per build: the index remembers that a file passed
// (reportIndex), so later starts load it at once. Its cost is that a new
// build's init runs twice, once in the trial, whose output is shown only
// when the trial fails, and once in gosh. Not caught: an init that behaves
// differently later (a missing file, another environment), and what the
// goroutines an init starts do after it returned.

// TrialArg is the hidden first argument that makes gosh run a trial load
// (TrialMain) instead of the shell.
const TrialArg = "__trial-load"

// TrialEnv is set to "1" in a trial process's environment.
const TrialEnv = "GOSH_TRIAL"

// trialResultFD is the descriptor on which a trial process reports how the
// open went: a descriptor of its own, apart from the output of the init.
const trialResultFD = 3

// trialBrokenPrefix starts the line a trial process prints when it cannot
// report, which is no fault of the plugin's.
const trialBrokenPrefix = "gosh: trial"

// maxTrialReport bounds a trial's report: a panic's value is cut there.
const maxTrialReport = 8 << 10

// The reports of a trial process, each followed by its detail.
const (
	trialOK    = "ok"
	trialPanic = "panic\n"
	trialError = "error\n"
)

// TrialMain is the whole of a trial process. args are the plugin file to
// open, then the arguments the init should see after os.Args[0] (gosh's
// own). It opens the file and reports on descriptor 3 whether the open
// returned, and how; it returns the process's exit status. If the
// plugin's init ends the process first, nothing is reported: that is the
// finding.
func TrialMain(args []string) int {
	if len(args) < 1 {
		fmt.Fprintf(os.Stderr, "gosh: %s is gosh's own trial load of a plugin: it takes a file\n", TrialArg)
		return 2
	}
	// The report goes to a descriptor that the init cannot stumble on,
	// and that programs it starts do not inherit.
	fd := trialResultFD
	if moved, err := syscall.Dup(trialResultFD); err == nil {
		syscall.CloseOnExec(moved)
		syscall.Close(trialResultFD)
		fd = moved
	}
	out := os.NewFile(uintptr(fd), "trial result")
	os.Args = append(os.Args[:1:1], args[1:]...)
	var report string
	r := openRecovering(args[0])
	var ip *InitPanicError
	switch {
	case r.err == nil:
		report = trialOK
	case errors.As(r.err, &ip):
		report = trialPanic + ip.Value
	default:
		report = trialError + r.err.Error()
	}
	if len(report) > maxTrialReport {
		report = report[:maxTrialReport] + "..."
	}
	if _, err := io.WriteString(out, report); err != nil {
		// Not the plugin's doing: say so, for the error gosh shows.
		fmt.Fprintf(os.Stderr, "%s: the trial could not report: %v\n", trialBrokenPrefix, err)
		return 2
	}
	return 0
}

// errNoTrial: the trial process could not start; the plugin is loaded as
// it would be without trials.
var errNoTrial = errors.New("no trial process")

// trial runs the plugin at copyPath in a trial process and returns what its
// init printed and the reason to refuse the plugin, if any: nil when the
// init returned, or when the open failed in a way that the load in gosh
// reports as well (plugin.Open's own errors are safe); errNoTrial when no
// trial process could run. l.mu is held.
func (l *Loader) trial(ctx context.Context, copyPath string) ([]byte, error) {
	res, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errNoTrial, err)
	}
	defer res.Close()
	var out tailBuffer
	cmd := exec.Command(l.trialCmd[0], append(l.trialCmd[1:], copyPath)...)
	// The init sees gosh's own arguments, as it will in gosh.
	cmd.Args = append(append([]string{os.Args[0]}, cmd.Args[1:]...), os.Args[1:]...)
	cmd.Env = append(os.Environ(), TrialEnv+"=1")
	cmd.Stdout = &out
	cmd.Stderr = &out
	cmd.ExtraFiles = []*os.File{w} // descriptor 3 = trialResultFD
	// Its own process group, so that what the init starts is stopped with
	// it; killed if gosh dies first (Pdeathsig follows the thread that
	// starts it, hence the lock); and Wait does not wait for the init's
	// children to close the output.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.WaitDelay = 100 * time.Millisecond
	runtime.LockOSThread()
	err = cmd.Start()
	runtime.UnlockOSThread()
	w.Close()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errNoTrial, err)
	}
	// The report is read as it comes: one larger than a pipe holds must
	// not leave the trial waiting for a reader.
	reported := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(io.LimitReader(res, maxTrialReport+16))
		reported <- b
	}()
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	timer := time.NewTimer(l.initTimeout)
	defer timer.Stop()
	var waitErr error
	select {
	case waitErr = <-waited:
		// Whatever the init started goes with it.
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	case <-timer.C:
		stopTrial(cmd, waited)
		return trialOutput(out.Bytes()), fmt.Errorf("init did not return within %s in a trial in a separate process, which gosh stopped; gosh did not load it (fix: make init return quickly, or raise --init-timeout)", l.initTimeout)
	case <-ctx.Done():
		stopTrial(cmd, waited)
		return trialOutput(out.Bytes()), errors.New("interrupted while its init ran in a trial in a separate process; gosh did not load it")
	}
	var report []byte
	select {
	case report = <-reported:
	case <-time.After(100 * time.Millisecond):
		// Not reached once the group is gone: nothing else holds the
		// pipe (the trial keeps it from the programs it starts).
	}
	output := out.Bytes()
	if err := trialVerdict(string(report), cmd.ProcessState, waitErr, output); err != nil {
		return trialOutput(output), err
	}
	return nil, nil
}

// stopTrial kills a trial process and what it started, and waits for it.
// The process itself is killed too, in case it left its group.
func stopTrial(cmd *exec.Cmd, waited <-chan error) {
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	cmd.Process.Kill()
	<-waited
}

// trialVerdict turns how a trial process ended into the reason to refuse
// the plugin, or nil: report is what it wrote on its result descriptor,
// state and waitErr how it ended, output what it printed.
func trialVerdict(report string, state *os.ProcessState, waitErr error, output []byte) error {
	switch {
	case report == trialOK:
		return nil
	case strings.HasPrefix(report, trialPanic):
		return &InitPanicError{Value: strings.TrimPrefix(report, trialPanic), Trial: true}
	case strings.HasPrefix(report, trialError):
		// plugin.Open refused the file without running code: the load
		// in gosh gets the same error, explained (translate).
		return nil
	}
	if line := lineWithPrefix(output, trialBrokenPrefix); line != "" {
		return fmt.Errorf("%w: %s", errNoTrial, line)
	}
	const tried = "as a trial in a separate process showed; gosh did not load it"
	const fix = "(fix: make the plugin's init return instead, and leave errors to its commands)"
	if state == nil {
		return fmt.Errorf("gosh could not tell how its init ended in a trial in a separate process (%v); gosh did not load it %s", waitErr, fix)
	}
	if _, crash := crashLine(output); crash != "" && state.ExitCode() == 2 {
		// The runtime's exit status after a fatal error or a panic no
		// one recovered.
		return fmt.Errorf("its init kills the process that loads it (%s), %s %s", crash, tried, fix)
	}
	if ws, ok := state.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return fmt.Errorf("its init kills the process that loads it (signal: %s), %s %s", ws.Signal(), tried, fix)
	}
	return fmt.Errorf("its init ends the process that loads it (exit status %d: os.Exit or log.Fatal), %s %s", state.ExitCode(), tried, fix)
}

// crashLine finds, in the output of a process that died, the line in which
// the Go runtime says why (a fatal error, a panic no one recovered, a
// signal in C code), and the offset in output where the runtime's report
// begins ("runtime: ..." lines may come before it). It returns ("", -1)
// for none.
func crashLine(output []byte) (at int, line string) {
	report := -1 // where the runtime's lines began
	for off := 0; off < len(output); {
		end := bytes.IndexByte(output[off:], '\n')
		if end < 0 {
			end = len(output) - off
		}
		l := string(output[off : off+end])
		switch {
		case strings.HasPrefix(l, "runtime: "):
			if report < 0 {
				report = off
			}
		case strings.HasPrefix(l, "fatal error: "), strings.HasPrefix(l, "panic: "),
			strings.HasPrefix(l, "SIGSEGV: "), strings.HasPrefix(l, "SIGBUS: "),
			strings.HasPrefix(l, "unexpected signal"), strings.HasPrefix(l, "fatal: morestack"):
			if report < 0 {
				report = off
			}
			return report, strings.TrimSpace(l)
		default:
			report = -1
		}
		off += end + 1
	}
	return -1, ""
}

// lineWithPrefix returns the first line of output that starts with
// prefix, or "".
func lineWithPrefix(output []byte, prefix string) string {
	for line := range strings.Lines(string(output)) {
		if strings.HasPrefix(line, prefix) {
			return strings.TrimSpace(line)
		}
	}
	return ""
}

// maxTrialLines bounds the lines of a failed trial's output that gosh
// shows.
const maxTrialLines = 20

// trialOutput is what gosh shows of a failed trial's output: what the init
// printed, up to the runtime's report of a crash (whose cause the error
// names), and at most its last maxTrialLines lines.
func trialOutput(output []byte) []byte {
	if at, _ := crashLine(output); at >= 0 {
		output = output[:at]
	}
	lines := bytes.SplitAfter(output, []byte("\n"))
	if len(lines) > 0 && len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1] // after the final newline
	}
	if len(lines) <= maxTrialLines {
		return output
	}
	kept := bytes.Join(lines[len(lines)-maxTrialLines:], nil)
	return append([]byte(fmt.Sprintf("(%d lines before)\n", len(lines)-maxTrialLines)), kept...)
}

// tailBuffer keeps the last maxCapture bytes written to it, from several
// goroutines: the end of a dying process's output says why it died.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
	cut bool // bytes before buf were dropped
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if len(b.buf) > 2*maxCapture {
		b.buf = append(b.buf[:0], b.buf[len(b.buf)-maxCapture:]...)
		b.cut = true
	}
	return len(p), nil
}

// Bytes returns a copy of the last maxCapture bytes, from a line's start
// when earlier ones were dropped.
func (b *tailBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	kept, cut := b.buf, b.cut
	if len(kept) > maxCapture {
		kept, cut = kept[len(kept)-maxCapture:], true
	}
	if cut {
		if i := bytes.IndexByte(kept, '\n'); i >= 0 {
			kept = kept[i+1:]
		}
	}
	return bytes.Clone(kept)
}
