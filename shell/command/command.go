package command

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/spf13/pflag"
)

// Command is one command of a plugin. Only Run is required.
type Command struct {
	// Summary is the one-line description shown by :help, without a final period.
	Summary string
	// Usage is the argument synopsis after the command name, for example
	// "[-n] [STRING...]". Flags are listed separately from Flags.
	Usage string
	// Help is an optional longer description, shown by ":help NAME" and
	// "NAME --help".
	Help string
	// Flags, if set, declares the command's flags on fs, a fresh flag set,
	// so it must only declare flags and set parsing options
	// (fs.SetInterspersed(false) makes flags count only before the first
	// argument, as echo does), the same ones every time.
	// Read the parsed values in Run with Call.Flags (fs.GetBool and friends).
	//
	// gosh may keep the flag set for the next run of the command rather than
	// call Flags again: each run still sees every flag at its default and
	// unchanged, with only its own arguments parsed. So Run must not keep
	// Call.Flags once it returns, nor declare flags on it.
	Flags func(fs *pflag.FlagSet)
	// Run runs the command. ctx is cancelled when the user interrupts the
	// command; a long-running command must watch ctx.Done().
	Run func(ctx context.Context, call *Call) error
	// Complete, if set, proposes completions for the word being typed. env
	// is the shell's state (resolve relative paths against env.Dir()); args
	// holds the words after the command name and before the current word
	// (flags included); prefix is the part of the current word before the
	// cursor. It returns whole words that start with prefix. Without
	// Complete, gosh completes file names.
	Complete func(env Env, args []string, prefix string) []string
}

// Call is what one run of a command receives.
type Call struct {
	// Name is the name the command was invoked as.
	Name string
	// Args are the arguments left after flag parsing.
	Args []string
	// Flags holds the parsed flags declared by Command.Flags.
	Flags *pflag.FlagSet
	// Stdin, Stdout and Stderr are the command's standard streams. They are
	// never nil.
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Env is the shell's state that commands may read and change: its
	// variables and its working directory.
	Env Env
}

// Path resolves name against the shell's working directory: relative paths
// are relative to Env.Dir, not to the process's directory.
func (c *Call) Path(name string) string {
	if filepath.IsAbs(name) || c.Env == nil {
		return name
	}
	return filepath.Join(c.Env.Dir(), name)
}

// Env is the shell's state as a command sees it. Implementations are safe for
// use by one command at a time.
type Env interface {
	// Get returns the value of the shell variable name and whether it is set.
	Get(name string) (string, bool)
	// Set sets a shell variable. It fails for a name that is not a valid
	// variable name.
	Set(name, value string) error
	// Unset removes a shell variable; unsetting an unset variable is no error.
	Unset(name string)
	// Names returns the names of all set variables, sorted.
	Names() []string
	// Dir returns the shell's working directory, an absolute path.
	Dir() string
	// Chdir changes the shell's working directory; a relative dir is relative
	// to Dir.
	Chdir(dir string) error
}

// ExitStatus is an error that carries only an exit status: gosh records the
// status and prints nothing. ExitStatus(0) is success.
type ExitStatus int

func (e ExitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// UsageError reports bad arguments to a command. gosh prints it followed by
// the command's usage line and sets exit status 2.
type UsageError struct {
	Err error
}

func (e *UsageError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *UsageError) Unwrap() error { return e.Err }

// Usagef returns a *UsageError with a formatted message.
func Usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// StatusOf returns the exit status that err stands for: 0 for nil, the status
// of an ExitStatus, 2 for a UsageError or pflag's ErrHelp-free parse error, and
// 1 for any other error. Context cancellation is 130, as for SIGINT in a Unix
// shell.
func StatusOf(err error) int {
	var st ExitStatus
	var ue *UsageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &st):
		return int(st)
	case errors.As(err, &ue):
		return 2
	case errors.Is(err, context.Canceled):
		return 130
	default:
		return 1
	}
}

// ValidName reports whether name can be a command name: not empty, no white
// space or control characters, no shell operators or quotes, not starting with
// ':' (reserved for gosh's meta commands) or '-'.
func ValidName(name string) error {
	if name == "" {
		return errors.New("empty command name")
	}
	if strings.HasPrefix(name, ":") {
		return fmt.Errorf("command name %q starts with ':', which is reserved for gosh's own commands", name)
	}
	if strings.HasPrefix(name, "-") {
		return fmt.Errorf("command name %q starts with '-'", name)
	}
	for _, r := range name {
		if unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune("'\"`$;&|<>()\\#=*?[]{}~/", r) || r == unicode.ReplacementChar {
			return fmt.Errorf("command name %q contains %q, which cannot be typed as part of a word", name, r)
		}
	}
	return nil
}
