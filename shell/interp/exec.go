package interp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/gosh-shell/gosh/shell/syntax"
)

// Programs from $PATH, what a name resolves to (:which), and the exported
// variables programs get (export).

// target is what a command name resolves to: a command (meta, builtin or
// plugin) or a program file.
type target struct {
	kind   string // "meta", "builtin", "plugin" or "program"
	name   string // the command's name, in its plugin for a plugin command
	plugin string
	cmd    *command.Command
	path   string // a program's file
}

// qualified returns PLUGIN.NAME for a plugin command, else the name: what
// errors call the command. It is put together only when needed, not for
// every line.
func (t *target) qualified() string {
	return Entry{Plugin: t.plugin, Name: t.name}.Qualified()
}

// resolve finds what name runs: a meta command or builtin, a plugin's
// command, else (without --no-exec) a program from $PATH, or a file when
// name holds a /.
func (s *Shell) resolve(name string) (target, bool) {
	if c, ok := s.meta[name]; ok {
		kind := "meta"
		if !strings.HasPrefix(name, ":") {
			kind = "builtin"
		}
		return target{kind: kind, name: name, cmd: c}, true
	}
	if strings.HasPrefix(name, ":") {
		return target{}, false
	}
	if e, ok := s.reg.Lookup(name); ok {
		return target{kind: "plugin", name: e.Name, plugin: e.Plugin, cmd: e.Cmd}, true
	}
	if s.noExec {
		return target{}, false
	}
	if path, ok := s.lookPath(name); ok {
		return target{kind: "program", name: name, path: path}, true
	}
	return target{}, false
}

// lookPath finds a program: name itself, relative to the shell's directory,
// when it holds a /, else the first executable regular file NAME in the
// absolute directories of the shell's PATH variable. Empty and relative
// entries, which sh reads as the working directory, are skipped: gosh never
// runs a program from the current directory unless asked with ./NAME (a
// hostile checkout could plant one), as Go's exec.LookPath refuses it too.
func (s *Shell) lookPath(name string) (string, bool) {
	if name == "" || name == "." || name == ".." {
		return "", false
	}
	if strings.Contains(name, "/") {
		path := name
		if !filepath.IsAbs(path) {
			path = filepath.Join(s.Dir(), path)
		}
		fi, err := os.Stat(path)
		return path, err == nil && !fi.IsDir()
	}
	pathVar, _ := s.Get("PATH")
	for _, dir := range filepath.SplitList(pathVar) {
		if !filepath.IsAbs(dir) {
			continue
		}
		path := filepath.Join(dir, name)
		if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0 {
			return path, true
		}
	}
	return "", false
}

// terminal is a standard input that is a terminal (repl.TerminalInput):
// a program gets the terminal itself, so that an editor or a pager works.
type terminal interface {
	Terminal() *os.File
}

// startingKey is the context key of a test's func(*exec.Cmd), called just
// before a program is started.
type startingKey struct{}

// programWaitDelay is how long a program that was interrupted, or that
// exited leaving its output open to a process of its own, is waited for.
const programWaitDelay = time.Second

// startProgram starts a program with the stage's streams, the shell's
// directory and exported variables (and the line's NAME=value words).
func (s *Shell) startProgram(ctx context.Context, st *stage, path, name string, args []string) (string, func() int) {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Args[0] = name
	cmd.Dir = s.Dir()
	if e, ok := st.env.(*subEnv); ok {
		cmd.Dir = e.Dir()
	}
	cmd.Env = st.environ
	cmd.Stdin = s.programStdin(st.stdin)
	cmd.Stdout, cmd.Stderr = unbuffered(st.stdout), unbuffered(st.stderr)
	// Ctrl-C reaches a program on the terminal directly; one that is
	// not (or that ignored it) gets SIGINT again, with what it started,
	// then after a second SIGKILL. Its children are found first (once it
	// has gone, they are no longer its) and signalled after it, as the
	// terminal's SIGINT reaches them all before any runs again: had the
	// sleep of sh -c "sleep 30; echo late" died first, sh would go on.
	cmd.Cancel = func() error {
		children := groupDescendants(cmd.Process.Pid)
		err := cmd.Process.Signal(os.Interrupt)
		for _, p := range children {
			syscall.Kill(p, syscall.SIGINT)
		}
		return err
	}
	cmd.WaitDelay = programWaitDelay
	// Watch for Ctrl-Z from before the program starts, so that no stop
	// can slip between its start and the wait.
	watch := continueIfStopped(func() {
		s.errorTo(st.stderr, "%s: stopped by Ctrl-Z; gosh has no job control, so it was continued", name)
	})
	if starting, ok := ctx.Value(startingKey{}).(func(*exec.Cmd)); ok {
		starting(cmd)
	}
	if err := cmd.Start(); err != nil {
		watch(0)()
		if ctx.Err() != nil {
			st.failed = 130 // Ctrl-C came first
			return "", nil
		}
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		s.errorTo(st.stderr, "%s: %v", name, err)
		st.failed = StatusCannotRun
		return "", nil
	}
	st.closeOwned() // the program has its own copies
	stopWatch := watch(cmd.Process.Pid)
	return name, func() int {
		err := cmd.Wait()
		stopWatch()
		var ee *exec.ExitError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &ee):
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				return 128 + int(ws.Signal())
			}
			return ee.ExitCode()
		case errors.Is(err, context.Canceled):
			return 130 // exited after Ctrl-C: the user knows
		case errors.Is(err, exec.ErrWaitDelay) && cmd.ProcessState != nil:
			return cmd.ProcessState.ExitCode()
		}
		s.errorTo(st.stderr, "%s: %v", name, err)
		return 1
	}
}

// programStdin is what a program reads: a file or the terminal as it is.
// gosh's own standard input when it is neither (commands piped into gosh,
// read through a buffer) would be copied, buffer and all, into the
// program, taking the lines after its own: a program gets no input
// (/dev/null) instead, while gosh's own commands share it (cat gets the
// next lines, as in sh).
func (s *Shell) programStdin(r io.Reader) io.Reader {
	switch v := r.(type) {
	case *os.File:
		return v
	case terminal:
		return v.Terminal()
	}
	if r == s.stdin {
		return nil
	}
	return r
}

// environ returns the environment of a program: the exported variables
// that are set, PWD, and assigns.
func (s *Shell) environ(assigns []syntax.Assign) []string {
	vars := map[string]string{}
	for name := range s.exported {
		if v, ok := s.vars[name]; ok {
			vars[name] = v
		}
	}
	vars["PWD"] = s.Dir()
	for _, a := range assigns {
		vars[a.Name] = a.Value
	}
	env := make([]string, 0, len(vars))
	for k, v := range vars {
		env = append(env, k+"="+v)
	}
	sort.Strings(env)
	return env
}

// builtinCommands are gosh's own commands without a ':', which plugins
// cannot shadow either.
func (s *Shell) builtinCommands() map[string]*command.Command {
	return map[string]*command.Command{
		"export": {
			Summary: "pass variables to the programs gosh runs, or list those passed",
			Usage:   "[NAME[=VALUE]...]",
			Help:    "The environment gosh starts with is exported; NAME=VALUE on its own sets a variable\nwithout exporting it, unset removes both.",
			Run:     s.metaExport,
		},
		":which": {
			Summary: "say what a name runs: an alias, a meta command, a plugin's command or a program",
			Usage:   "NAME...",
			Run:     s.metaWhich,
		},
	}
}

func (s *Shell) metaExport(_ context.Context, call *command.Call) error {
	if len(call.Args) == 0 {
		for _, kv := range s.environ(nil) {
			if _, err := fmt.Fprintln(call.Stdout, kv); err != nil {
				return err
			}
		}
		return nil
	}
	for _, arg := range call.Args {
		name, value, set := strings.Cut(arg, "=")
		if !command.ValidVarName(name) {
			return command.Usagef("%q is not a valid variable name", name)
		}
		if set {
			if err := s.Set(name, value); err != nil {
				return err
			}
		}
		s.exported[name] = true
	}
	return nil
}

func (s *Shell) metaWhich(_ context.Context, call *command.Call) error {
	if len(call.Args) == 0 {
		return command.Usagef("name at least one command")
	}
	missing := 0
	for _, name := range call.Args {
		if v, ok := s.aliases[name]; ok {
			fmt.Fprintf(call.Stdout, "%s: alias for %s\n", name, QuoteAliasValue(v))
			continue
		}
		t, ok := s.resolve(name)
		switch {
		case !ok:
			missing++
			msg := fmt.Sprintf("%s: not found", name)
			if _, inPath := s.lookPath(name); inPath && s.noExec && !strings.HasPrefix(name, ":") {
				msg += " (a program in $PATH, but gosh runs with --no-exec)"
			}
			s.errorTo(call.Stderr, ":which: %s", msg)
		case t.kind == "meta":
			fmt.Fprintf(call.Stdout, "%s: gosh meta command\n", name)
		case t.kind == "builtin":
			fmt.Fprintf(call.Stdout, "%s: gosh builtin\n", name)
		case t.kind == "plugin":
			path := ""
			for _, p := range s.reg.Plugins() {
				if p.Name == t.plugin {
					path = p.Path
				}
			}
			fmt.Fprintf(call.Stdout, "%s: command %s of plugin %s (%s)\n", name, t.qualified(), t.plugin, path)
		default:
			fmt.Fprintf(call.Stdout, "%s: program %s\n", name, t.path)
		}
	}
	if missing > 0 {
		return command.ExitStatus(1)
	}
	return nil
}

// ProgramNames returns the names of the programs in $PATH that start with
// prefix, for completion; none with --no-exec or an empty prefix (the
// whole of $PATH is no useful list).
func (s *Shell) ProgramNames(prefix string) []string {
	if s.noExec || prefix == "" || strings.Contains(prefix, "/") {
		return nil
	}
	pathVar, _ := s.Get("PATH")
	var names []string
	for _, dir := range filepath.SplitList(pathVar) {
		if dir == "" || !filepath.IsAbs(dir) {
			continue // relative entries depend on where one is: not offered
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if !strings.HasPrefix(e.Name(), prefix) || e.IsDir() {
				continue
			}
			if fi, err := e.Info(); err == nil && (fi.Mode()&os.ModeSymlink != 0 || fi.Mode().Perm()&0o111 != 0) {
				names = append(names, e.Name())
			}
		}
	}
	return names
}
