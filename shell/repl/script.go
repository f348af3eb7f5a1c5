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
func run(ctx context.Context, sh *interp.Shell, br *bufio.Reader, in *Interrupts) int {
	if sh.BufferOutput() {
		defer sh.FlushOutput()
	}
	if in == nil {
		return runLines(ctx, sh, br, nil)
	}
	runCtx := in.Begin(ctx)
	defer in.End()
	return sh.Supervise(runCtx, func(runCtx context.Context) int {
		return runLines(runCtx, sh, br, ctx)
	})
}

// runLines runs the lines read from br until the end of input, :exit, or
// an interrupt: ctx cancelled while parent (nil: none) is not.
func runLines(ctx context.Context, sh *interp.Shell, br *bufio.Reader, parent context.Context) int {
	for {
		if br.Buffered() == 0 {
			// About to wait for input, which may answer the output.
			sh.FlushOutput()
		}
		line, err := br.ReadString('\n')
		if len(line) > 0 {
			line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
			sh.Run(ctx, line)
			if parent != nil && ctx.Err() != nil && parent.Err() == nil {
				return 130
			}
			if sh.Exited() {
				return sh.Status()
			}
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				sh.Errorf("read input: %v", err)
				return 1
			}
			return sh.Status()
		}
	}
}
