package interp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
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
)

// Run runs one line and returns its exit status, which Status also returns
// afterwards. Blank lines and comments change nothing and return the
// previous status.
func (s *Shell) Run(ctx context.Context, line string) int {
	words, err := syntax.Parse(line, s.Get)
	if err != nil {
		s.Errorf("%v", err)
		s.status = StatusSyntax
		return s.status
	}
	if len(words) == 0 {
		return s.status
	}
	s.status = s.runWords(ctx, words)
	return s.status
}

func (s *Shell) runWords(ctx context.Context, words []string) int {
	name, args := words[0], words[1:]
	if c, ok := s.meta[name]; ok {
		return s.call(ctx, name, name, c, args)
	}
	if strings.HasPrefix(name, ":") {
		msg := fmt.Sprintf("%s: no such meta command", name)
		if sug := Suggest(name, s.MetaNames()); sug != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", sug)
		} else {
			msg += " (:help lists them)"
		}
		s.Errorf("%s", msg)
		return StatusNotFound
	}
	e, ok := s.reg.Lookup(name)
	if !ok {
		msg := fmt.Sprintf("%s: command not found", name)
		if sug := Suggest(name, s.reg.Names()); sug != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", sug)
		} else if len(s.reg.Plugins()) == 0 {
			msg += " (no plugins are loaded: :load PATH, or start gosh with --plugins DIR)"
		} else {
			msg += " (:help lists the commands)"
		}
		s.Errorf("%s", msg)
		return StatusNotFound
	}
	return s.call(ctx, name, e.Qualified(), e.Cmd, args)
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

// call parses flags and runs one command, turning panics and errors into an
// exit status and one error line.
func (s *Shell) call(ctx context.Context, name, qualified string, c *command.Command, args []string) int {
	fs, err := NewFlagSet(name, c)
	if err != nil {
		s.Errorf("%s: %v", qualified, err)
		return StatusPanic
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			WriteHelp(s.stdout, name, c, fs)
			return 0
		}
		s.Errorf("%s: %v (usage: %s)", name, err, UsageLine(name, c))
		return StatusUsage
	}
	if h, _ := fs.GetBool("help"); h {
		WriteHelp(s.stdout, name, c, fs)
		return 0
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stdin := s.stdin
	if cr, ok := stdin.(ContextReader); ok {
		stdin = cr.ReaderFor(ctx)
	}
	call := &command.Call{
		Name: name, Args: fs.Args(), Flags: fs,
		Stdin: stdin, Stdout: s.stdout, Stderr: s.stderr, Env: s,
	}
	done := make(chan error, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				done <- &panicError{value: v, stack: debug.Stack()}
			}
		}()
		done <- c.Run(ctx, call)
	}()
	var runErr error
	select {
	case runErr = <-done:
	case <-s.abandon:
		s.Errorf("%s: abandoned: it did not stop when interrupted and keeps running in the background", qualified)
		return 130
	}
	return s.report(name, qualified, c, runErr)
}

type panicError struct {
	value any
	stack []byte
}

func (p *panicError) Error() string { return fmt.Sprintf("panic: %v", p.value) }

// report prints what a command's error needs and returns its status.
func (s *Shell) report(name, qualified string, c *command.Command, err error) int {
	var pe *panicError
	var ue *command.UsageError
	var st command.ExitStatus
	switch {
	case err == nil:
		return 0
	case errors.As(err, &pe):
		s.Errorf("%s panicked: %v (a bug in the plugin; the shell goes on)", qualified, pe.value)
		return StatusPanic
	case errors.As(err, &st):
		if st < 0 || st > 255 {
			s.Errorf("%s: exit status %d is out of range 0-255; using 255", qualified, int(st))
			return 255
		}
		return int(st)
	case errors.As(err, &ue):
		s.Errorf("%s: %v (usage: %s)", name, err, UsageLine(name, c))
		return StatusUsage
	case errors.Is(err, context.Canceled):
		return 130 // the user pressed Ctrl-C and knows
	default:
		s.Errorf("%s: %v", name, err)
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
