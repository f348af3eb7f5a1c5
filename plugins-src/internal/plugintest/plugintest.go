// Package plugintest runs the commands of a gosh plugin in tests the way gosh
// does: flags parsed from the command's own flag set, then Run with the
// standard streams in memory. Only tests import it, so it never ends up in a
// plugin file.
package plugintest

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/spf13/pflag"
)

// Result is what one run of a command left behind.
type Result struct {
	Stdout, Stderr string
	// Err is what Run returned, or a *command.UsageError for flags that did
	// not parse.
	Err error
}

// Status is the exit status gosh would record for the run.
func (r Result) Status() int { return command.StatusOf(r.Err) }

// Run runs the command name of cmds with args, stdin as its standard input
// and env as the shell's state; a nil env is an empty command.MapEnv in the
// process's directory.
func Run(ctx context.Context, cmds map[string]*command.Command, env command.Env, stdin, name string, args ...string) Result {
	cmd, ok := cmds[name]
	if !ok {
		return Result{Err: fmt.Errorf("no command %q", name)}
	}
	if env == nil {
		env = &command.MapEnv{}
	}
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(new(bytes.Buffer))
	if cmd.Flags != nil {
		cmd.Flags(fs)
	}
	if err := fs.Parse(args); err != nil {
		return Result{Err: &command.UsageError{Err: err}}
	}
	var stdout, stderr bytes.Buffer
	call := &command.Call{
		Name:   name,
		Args:   fs.Args(),
		Flags:  fs,
		Stdin:  strings.NewReader(stdin),
		Stdout: &stdout,
		Stderr: &stderr,
		Env:    env,
	}
	err := cmd.Run(ctx, call)
	return Result{Stdout: stdout.String(), Stderr: stderr.String(), Err: err}
}

// Check reports the first entry of cmds that gosh would refuse or show
// badly: a malformed name, a nil command, no Run, or no Summary.
func Check(cmds map[string]*command.Command) error {
	if len(cmds) == 0 {
		return fmt.Errorf("no commands")
	}
	for name, cmd := range cmds {
		if err := command.ValidName(name); err != nil {
			return err
		}
		switch {
		case cmd == nil:
			return fmt.Errorf("%s: nil command", name)
		case cmd.Run == nil:
			return fmt.Errorf("%s: no Run", name)
		case cmd.Summary == "":
			return fmt.Errorf("%s: no Summary", name)
		}
	}
	return nil
}
