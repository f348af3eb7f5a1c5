package loader

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
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
// The trial runs once per build: the index remembers that a file passed
// (reportIndex), so later starts load it at once. Its cost is that a new
// build's init runs twice, once in the trial, whose output is shown only
// when the trial fails, and once in gosh; and an init that behaves
// differently later (a missing file, another environment) is not caught.

// TrialArg is the hidden first argument that makes gosh run a trial load,
// TrialMain, instead of the shell.
const TrialArg = "__trial-load"

// trialResultFD is the descriptor on which a trial process reports how the
// open went: a descriptor of its own, apart from the output of the init.
const trialResultFD = 3

// The reports of a trial process, each followed by its detail.
const (
	trialOK    = "ok"
	trialPanic = "panic\n"
	trialError = "error\n"
)

// TrialMain is the whole of a trial process: it opens the plugin file named
// by args[0] and reports on descriptor 3 whether the open returned, and how.
// It returns the process's exit status. If the plugin's init ends the
// process first, nothing is reported: that is the finding.
func TrialMain(args []string) int {
	if len(args) != 1 {
		fmt.Fprintf(os.Stderr, "gosh: %s is gosh's own trial load of a plugin: it takes one file\n", TrialArg)
		return 2
	}
	out := os.NewFile(trialResultFD, "trial result")
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
	if _, err := io.WriteString(out, report); err != nil {
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
		return nil, errNoTrial
	}
	defer res.Close()
	var out boundedBuffer
	cmd := exec.Command(l.trialCmd[0], append(l.trialCmd[1:], copyPath)...)
	cmd.Stdout = &out
	cmd.Stderr = &out
	cmd.ExtraFiles = []*os.File{w} // descriptor 3 = trialResultFD
	// Its own process group, so that what the init starts is stopped with
	// it; and Wait does not wait for them to close the output.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = 100 * time.Millisecond
	err = cmd.Start()
	w.Close()
	if err != nil {
		return nil, errNoTrial
	}
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	timer := time.NewTimer(l.initTimeout)
	defer timer.Stop()
	var waitErr error
	select {
	case waitErr = <-waited:
	case <-timer.C:
		stopTrial(cmd, waited)
		return trialOutput(out.Bytes()), fmt.Errorf("init did not return within %s in a trial in a separate process, which gosh stopped; gosh did not load it (fix: make init return quickly, or raise --init-timeout)", l.initTimeout)
	case <-ctx.Done():
		stopTrial(cmd, waited)
		return trialOutput(out.Bytes()), errors.New("interrupted while its init ran in a trial in a separate process; gosh did not load it")
	}
	// The result pipe's write end may live on in a process the init
	// started: read what is there, without waiting for it to close.
	res.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	report, _ := io.ReadAll(res)
	if err := trialVerdict(string(report), cmd.ProcessState, waitErr, out.Bytes()); err != nil {
		return trialOutput(out.Bytes()), err
	}
	return nil, nil
}

// stopTrial kills a trial process and what it started, and waits for it.
func stopTrial(cmd *exec.Cmd, waited <-chan error) {
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
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
	const tried = "as a trial in a separate process showed; gosh did not load it"
	const fix = "(fix: make the plugin's init return instead, and leave errors to its commands)"
	if state == nil {
		return fmt.Errorf("gosh could not tell how its init ended in a trial in a separate process (%v); gosh did not load it %s", waitErr, fix)
	}
	if _, crash := crashLine(output); crash != "" {
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

// boundedBuffer keeps the first maxCapture bytes written to it, from
// several goroutines.
type boundedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if room := maxCapture - b.buf.Len(); room > 0 {
		b.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// Bytes returns a copy of what was kept.
func (b *boundedBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}
