package interp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/gosh-shell/gosh/shell/syntax"
	"github.com/spf13/pflag"
)

// Exit statuses that the shell itself sets.
const (
	StatusUsage    = 2   // bad flags or arguments
	StatusPanic    = 70  // the command panicked (EX_SOFTWARE)
	StatusNotFound = 127 // no such command
	StatusSyntax   = 2   // the line could not be parsed
	// StatusCannotRun is a program found but not executable.
	StatusCannotRun = 126
	// StatusBrokenPipe is a command that stopped writing because the
	// reader of its pipe left: 128+SIGPIPE, as in sh.
	StatusBrokenPipe = 141
)

// Run runs one line and returns its exit status, which Status also returns
// afterwards. Blank lines and comments change nothing and return the
// previous status. The line is checked whole before anything runs; then
// its pipelines run one after the other, && and || deciding by the status
// so far, as in sh. A Ctrl-C stops the list with status 130: ctx is
// cancelled, or (the signal reaching a program before gosh) a command of
// the pipeline ended with 130.
func (s *Shell) Run(ctx context.Context, line string) int {
	// The most common line, one plain command (syntax.ParsePlain), runs
	// without a list of pipelines: nothing to allocate for it.
	var plain syntax.Cmd
	if syntax.ParsePlain(line, &plain) && !s.isAlias(&plain) {
		return s.runLine(ctx, line, &plain)
	}
	return s.runLine(ctx, line, nil)
}

// isAlias reports whether c's command name is an alias, which may make
// the line another: then it is parsed again as typed (runList). An alias
// stands only for a command's name, so a plain line whose name is none
// runs as it is, aliases or not.
func (s *Shell) isAlias(c *syntax.Cmd) bool {
	if len(s.aliases) == 0 {
		return false
	}
	name, _, _, ok := c.Name()
	_, alias := s.aliases[name]
	return ok && alias
}

// runLine runs line; plain, when not nil, is its one plain command.
func (s *Shell) runLine(ctx context.Context, line string, plain *syntax.Cmd) int {
	// A watch-mode reload waits for the line to end (watch.go): a plugin's
	// init runs with the process's output captured.
	s.running <- struct{}{}
	defer func() { <-s.running }()
	if plain != nil {
		s.runNext(ctx, syntax.Seq, nil, plain)
		return s.status
	}
	return s.runList(ctx, line)
}

// A PreparedLine is a line read ahead of its turn, with the work done that
// does not depend on the shell's state: see PrepareLine.
type PreparedLine struct {
	line  string
	plain syntax.Cmd // the line's command, when isPlain
	// isPlain: the line is one plain command (syntax.ParsePlain), whose
	// words are split already.
	isPlain bool
}

// PrepareLine prepares line to be run by RunPrepared, and can run on
// another goroutine than the shell's (a script's lines are prepared while
// the lines before them run). A plain line (syntax.ParsePlain), the common
// line of a script, is parsed and split into words: its words are the same
// whatever runs before it. Any other line is only kept: its words may
// depend on variables and aliases, and RunPrepared runs it as Run does.
func PrepareLine(line string, p *PreparedLine) {
	*p = PreparedLine{line: line}
	if syntax.ParsePlain(line, &p.plain) {
		p.isPlain = true
		p.plain.Prepare()
	}
}

// RunPrepared runs a line that PrepareLine prepared, as Run would run the
// line. The shell uses p only while it runs.
func (s *Shell) RunPrepared(ctx context.Context, p *PreparedLine) int {
	// Aliases are the shell's state, defined by the lines before this one.
	if p.isPlain && !s.isAlias(&p.plain) {
		return s.runLine(ctx, p.line, &p.plain)
	}
	return s.runLine(ctx, p.line, nil)
}

// runList parses and runs a line that is not one plain command.
func (s *Shell) runList(ctx context.Context, line string) int {
	list, err := syntax.ParseLine(line)
	if err != nil {
		s.syntaxError(err)
		s.status = StatusSyntax
		return s.status
	}
	if len(s.aliases) > 0 {
		// The line as typed is checked first, so that its errors have
		// the columns the user sees; then aliases are expanded and the
		// result parsed again.
		expanded, err := ExpandAliases(line, s.aliases)
		if err == nil && expanded != line {
			list, err = syntax.ParseLine(expanded)
			if err != nil {
				err = fmt.Errorf("after alias expansion, %q: %w", expanded, err)
			}
		}
		if err != nil {
			s.Errorf("%v", err)
			s.status = StatusSyntax
			return s.status
		}
	}
	for _, pl := range list.Pipelines {
		if !s.runNext(ctx, pl.Op, pl, nil) {
			break
		}
	}
	return s.status
}

// runNext runs the next pipeline of a line, pl, which follows op, or the
// line's lone command c when pl is nil. It sets the status, and reports
// whether the line goes on.
func (s *Shell) runNext(ctx context.Context, op syntax.Op, pl *syntax.Pipeline, c *syntax.Cmd) bool {
	switch {
	case ctx.Err() != nil:
		// Ctrl-C before this pipeline started (even before the line's
		// first): the line was interrupted.
		s.status = 130
		return false
	case s.exited:
		return false
	case op == syntax.And && s.status != 0, op == syntax.Or && s.status == 0:
		return true
	}
	var interrupted bool
	if pl != nil {
		s.status, interrupted = s.runPipeline(ctx, pl)
	} else {
		s.status, interrupted = s.runLone(ctx, c)
	}
	if interrupted || ctx.Err() != nil {
		s.status = 130
		return false
	}
	return true
}

// ContextReader is a standard input that can stop a read when a command is
// cancelled (a terminal): each command gets the reader ReaderFor returns.
type ContextReader interface {
	ReaderFor(ctx context.Context) io.Reader
}

// NewFlagSet returns the flag set of a command, with its flags declared and
// --help added. Output goes nowhere: the shell prints usage itself.
func NewFlagSet(name string, c *command.Command) (fs *pflag.FlagSet, err error) {
	fs = pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = true
	if c.Flags != nil {
		defer func() {
			if v := recover(); v != nil {
				err = fmt.Errorf("declaring its flags panicked: %v", v)
			}
		}()
		c.Flags(fs)
	}
	if fs.Lookup("help") == nil {
		short := "h"
		if fs.ShorthandLookup("h") != nil {
			short = ""
		}
		fs.BoolP("help", short, false, "show this help")
	}
	return fs, nil
}

type panicError struct {
	value any
	stack []byte
}

func (p *panicError) Error() string { return fmt.Sprintf("panic: %v", p.value) }

// report prints to stderr what a command's error needs and returns its
// status.
func (s *Shell) report(stderr io.Writer, name string, t *target, err error) int {
	if err == nil {
		return 0 // before the variables below, which errors.As moves to the heap
	}
	return s.reportErr(stderr, name, t, err)
}

// reportErr is report for an error that is not nil.
func (s *Shell) reportErr(stderr io.Writer, name string, t *target, err error) int {
	var pe *panicError
	var ue *command.UsageError
	var st command.ExitStatus
	switch {
	case errors.As(err, &pe):
		s.errorTo(stderr, "%s panicked: %v (a bug in the plugin; the shell goes on)", t.qualified(), pe.value)
		return StatusPanic
	case errors.As(err, &st):
		if st < 0 || st > 255 {
			s.errorTo(stderr, "%s: exit status %d is out of range 0-255; using 255", t.qualified(), int(st))
			return 255
		}
		return int(st)
	case errors.As(err, &ue):
		s.errorTo(stderr, "%s: %v (usage: %s)", name, err, UsageLine(name, t.cmd))
		return StatusUsage
	case errors.Is(err, context.Canceled):
		return 130 // the user pressed Ctrl-C and knows
	case isBrokenPipe(err):
		return StatusBrokenPipe // the reader of a pipeline left: stop quietly
	default:
		s.errorTo(stderr, "%s: %v", name, err)
		return command.StatusOf(err)
	}
}

// UsageLine returns "NAME USAGE", or "NAME [flags]" without a usage.
func UsageLine(name string, c *command.Command) string {
	if c.Usage == "" {
		return name + " [flags]"
	}
	return name + " " + c.Usage
}

// WriteHelp prints a command's usage, description and flags.
func WriteHelp(w io.Writer, name string, c *command.Command, fs *pflag.FlagSet) {
	fmt.Fprintf(w, "usage: %s\n", UsageLine(name, c))
	if c.Summary != "" {
		fmt.Fprintf(w, "\n%s\n", c.Summary)
	}
	if c.Help != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimRight(c.Help, "\n"))
	}
	if fs != nil && fs.HasFlags() {
		fmt.Fprintf(w, "\nflags:\n%s", fs.FlagUsages())
	}
}
