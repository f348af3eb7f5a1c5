package repl

import (
	"bufio"
	"context"
	"errors"
	"io"
	"strings"

	"github.com/gosh-shell/gosh/shell/interp"
)

// run runs the lines of a script or of piped input. With interrupts, one
// context serves the whole input: the first Ctrl-C cancels the command
// that runs and ends the input with status 130, a second one abandons that
// command (interp.Shell.Supervise), as for a line at the prompt; a context
// and a goroutine for each line would cost a long script more than its
// commands. The shell's output is buffered when nothing can tell
// (interp.Shell.BufferOutput), and written out whenever the loop is about
// to wait for input and at the end.
func run(ctx context.Context, sh *interp.Shell, in *Interrupts, lines func(ctx, parent context.Context) int) int {
	if sh.BufferOutput() {
		defer sh.FlushOutput()
	}
	if in == nil {
		return lines(ctx, nil)
	}
	runCtx := in.Begin(ctx)
	defer in.End()
	return sh.Supervise(runCtx, func(runCtx context.Context) int {
		return lines(runCtx, ctx)
	})
}

// lineSource numbers the lines of one input, for its error lines
// (interp.Shell.SetSource).
type lineSource struct {
	name string // the script's file; "" for piped input
	n    int    // lines run so far
}

// next tells the shell that the input's next line is about to run.
func (src *lineSource) next(sh *interp.Shell) {
	src.n++
	sh.SetSource(src.name, src.n)
}

// runLines runs the lines read from br until the end of input, :exit, or
// an interrupt: ctx cancelled while parent (nil: none) is not. It reads no
// line before the one before it has run: the commands share the input.
// src numbers the lines.
func runLines(ctx context.Context, sh *interp.Shell, br *bufio.Reader, parent context.Context, src *lineSource) int {
	for {
		if br.Buffered() == 0 {
			// About to wait for input, which may answer the output.
			sh.FlushOutput()
		}
		line, err := br.ReadString('\n')
		if len(line) > 0 {
			line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
			src.next(sh)
			sh.Run(ctx, line)
			if status, end := afterLine(ctx, sh, parent); end {
				return status
			}
		}
		if err != nil {
			return endOfInput(sh, src, err)
		}
	}
}

// afterLine reports whether the input ends after a line that ran, and
// with what status: the line ran :exit, or was interrupted (ctx cancelled
// while parent, if any, is not).
func afterLine(ctx context.Context, sh *interp.Shell, parent context.Context) (status int, end bool) {
	if parent != nil && ctx.Err() != nil && parent.Err() == nil {
		return 130, true
	}
	if sh.Exited() {
		return sh.Status(), true
	}
	return 0, false
}

// endOfInput reports a read error that ended the input, after the lines
// src counted, and returns the exit status: the last command's at the end
// of the input.
func endOfInput(sh *interp.Shell, src *lineSource, err error) int {
	if !errors.Is(err, io.EOF) {
		sh.SetSource("", 0) // the error is no line's
		what := "input"
		if src.name != "" {
			what = src.name
		}
		sh.Errorf("cannot read %s after line %d: %v", what, src.n, err)
		return 1
	}
	return sh.Status()
}

// A script that is a regular file is read ahead, on a goroutine of its own:
// while a line runs, the reader reads the next ones and prepares them
// (interp.PrepareLine splits a plain line into words), so that on a machine
// with more than one core a script of simple commands runs in about the
// time its commands take. Nothing but the script is read ahead, and only up
// to readAheadBatches batches of lines. A regular file's read never waits
// for a writer: a batch is full or ends at the end of the file. (Script
// reads other scripts, pipes and terminals, a line at a time.)
const (
	batchLines       = 256
	readAheadBatches = 4
)

// lineBatch is lines read ahead, and the read error after them (io.EOF at
// the end of the script).
type lineBatch struct {
	lines []interp.PreparedLine
	err   error
}

// runScriptLines runs the lines of a script read from br as runLines does,
// with the reading and preparing done ahead on another goroutine.
func runScriptLines(ctx context.Context, sh *interp.Shell, br *bufio.Reader, parent context.Context, src *lineSource) int {
	full := make(chan *lineBatch, readAheadBatches)
	free := make(chan *lineBatch, readAheadBatches+1)
	for range readAheadBatches + 1 {
		free <- &lineBatch{} // its lines grow as they come: most scripts are short
	}
	stop := make(chan struct{})
	defer close(stop) // the reader may be ahead: it stops at its next batch
	go readAhead(br, full, free, stop)
	for {
		var b *lineBatch
		select {
		case b = <-full:
		default:
			// About to wait for input, which may answer the output.
			sh.FlushOutput()
			select {
			case b = <-full:
			case <-ctx.Done():
				return 130 // Ctrl-C while the script waits for its next line
			}
		}
		for i := range b.lines {
			src.next(sh)
			sh.RunPrepared(ctx, &b.lines[i])
			if status, end := afterLine(ctx, sh, parent); end {
				return status
			}
		}
		if errors.Is(b.err, io.EOF) {
			// The reader has stopped: br is this loop's again. Lines added
			// to the file since the reader met its end (a script that
			// appends to itself, a log still written) are read on, one at
			// a time, as sh reads them.
			return runLines(ctx, sh, br, parent, src)
		}
		if b.err != nil {
			return endOfInput(sh, src, b.err)
		}
		b.lines = b.lines[:0]
		free <- b
	}
}

// readAhead reads and prepares lines from br into batches from free, and
// sends them on full until the end of the input or stop.
func readAhead(br *bufio.Reader, full, free chan *lineBatch, stop <-chan struct{}) {
	for {
		var b *lineBatch
		select {
		case b = <-free:
		case <-stop:
			return
		}
		for len(b.lines) < batchLines && b.err == nil {
			line, err := br.ReadString('\n')
			if len(line) > 0 {
				b.lines = append(b.lines, interp.PreparedLine{})
				line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
				interp.PrepareLine(line, &b.lines[len(b.lines)-1])
			}
			b.err = err
		}
		select {
		case full <- b:
		case <-stop:
			return
		}
		if b.err != nil {
			return
		}
	}
}
