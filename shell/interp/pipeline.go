package interp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/gosh-shell/gosh/shell/syntax"
	"github.com/spf13/pflag"
)

// This file is the one path every command takes: a pipeline of one or
// more commands, each a meta command, a plugin command or a program, with
// its streams connected by pipes and redirections.

// stage is one command of a pipeline, ready to start.
type stage struct {
	simple *syntax.Simple
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	env    command.Env
	// owned are the files the stage closes when it is done (pipe ends
	// and redirected files), so that its neighbours see end of input or a
	// broken pipe.
	owned []*os.File
	// failed is the status of a stage that did not start.
	failed int
	// What the command name resolved to, or why not, and a program's
	// environment: found before any command of the pipeline starts, as a
	// meta command running in it (:load, export) changes them.
	target   target
	found    bool
	notFound string
	environ  []string
}

// resolveStage finds what the stage's command name runs.
func (s *Shell) resolveStage(st *stage) {
	if len(st.simple.Words) == 0 {
		return
	}
	name := st.simple.Words[0]
	st.target, st.found = s.resolve(name)
	switch {
	case !st.found:
		st.notFound = s.notFoundMsg(name)
	case st.target.path != "":
		st.environ = s.environ(st.simple.Assigns)
	}
}

func (st *stage) closeOwned() {
	for _, f := range st.owned {
		f.Close()
	}
	st.owned = nil
}

// result is the status of stage i.
type result struct {
	i, status int
}

// runPipeline runs the commands of one pipeline concurrently, stdout to
// stdin through pipes, and returns the status of the last one, and whether
// one of them was interrupted (status 130). A pipeline of one command takes
// the shorter way of runLone (lone.go).
func (s *Shell) runPipeline(ctx context.Context, pl *syntax.Pipeline) (int, bool) {
	n := len(pl.Cmds)
	if n == 1 {
		return s.runLone(ctx, pl.Cmds[0])
	}
	stdout, stderr := shareWriters(unbuffered(s.stdout), unbuffered(s.stderr))
	stages := make([]*stage, n)
	for i, c := range pl.Cmds {
		simple, err := c.Expand(s.Get)
		if err != nil {
			s.syntaxError(err)
			return 1, false
		}
		// Each command of a pipeline runs in a copy of the shell's
		// variables and directory, as in a subshell of sh: cd or set
		// in it does not change the shell, and the commands, which run
		// at the same time, share nothing.
		stages[i] = &stage{simple: simple, stdin: s.stdin, stdout: stdout, stderr: stderr, env: s.subEnv()}
	}
	var pipes []*os.File
	for i := 0; i < n-1; i++ {
		r, w, err := os.Pipe()
		if err != nil {
			s.Errorf("pipe: %v", err)
			for _, st := range stages {
				st.closeOwned()
			}
			return 1, false
		}
		stages[i].stdout, stages[i+1].stdin = w, r
		stages[i].owned = append(stages[i].owned, w)
		stages[i+1].owned = append(stages[i+1].owned, r)
		pipes = append(pipes, r, w)
	}
	for _, st := range stages {
		s.resolveStage(st)
	}
	return s.runStages(ctx, stages, pipes)
}

// runStages starts the stages, each resolved, and waits for them, or for
// the user to abandon them (a second Ctrl-C), each on a goroutine of its
// own; it returns the status of the last one, and whether one was
// interrupted. On Ctrl-C it closes pipes, gosh's ends of the pipeline's
// pipes (none for a lone command), once every stage has started. A plugin command reading
// a pipe must not wait for a writer that outlives the interrupt: in
// sh -c 'trap "" INT; sleep 30' | up, neither sh nor its sleep dies of
// SIGINT, and sleep goes on holding the pipe after gosh has killed sh. (A
// Ctrl-C that reaches gosh just before sh is started reaches neither of
// them from the terminal; gosh's own SIGINT then goes to the program and
// to what it started, groupDescendants, where the system tells.)
// Closing gosh's ends ends the plugin's read (and write) at once; a program
// has its own copies.
//
// Never before every stage has started: a program is started with the
// descriptor numbers of its pipe ends, and one closed meanwhile (a Ctrl-C
// while the program forks) is a number the next file opened takes, such as
// the pipe through which Go learns that the program's exec succeeded. The
// program then gets that pipe as its stdout, and gosh waits in cmd.Start
// for it, and for whatever the program starts, to exit.
func (s *Shell) runStages(ctx context.Context, stages []*stage, pipes []*os.File) (int, bool) {
	n := len(stages)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Under Supervise, the supervisor reports abandoned commands: it
	// must know them, and be the only one to read the Abandon channel.
	abandon := s.abandon
	sup := supervisorOf(ctx, s)
	if sup != nil {
		abandon = nil
		defer sup.clear()
	}
	results := make(chan result, n)
	running := map[int]string{}
	for i, st := range stages {
		name, wait := s.start(ctx, st)
		if wait == nil {
			st.closeOwned()
			continue
		}
		running[i] = name
		go func() { results <- result{i, wait()} }()
	}
	if len(pipes) > 0 {
		stop := context.AfterFunc(ctx, func() {
			for _, f := range pipes {
				f.Close()
			}
		})
		defer stop()
	}
	sup.track(n, running)
	// A stage that could not start has its status already; the others
	// report theirs.
	statuses := make([]int, n)
	for i, st := range stages {
		if _, ok := running[i]; !ok {
			statuses[i] = st.status()
		}
	}
	for len(running) > 0 {
		select {
		case r := <-results:
			statuses[r.i] = r.status
			delete(running, r.i)
			sup.finished(r.i)
		case <-abandon:
			names := make([]int, 0, len(running))
			for i := range running {
				names = append(names, i)
			}
			sort.Ints(names)
			for _, i := range names {
				s.reportAbandoned(running[i])
			}
			return 130, true
		}
	}
	return statuses[n-1], slices.Contains(statuses, 130)
}

// reportAbandoned says that a command was left running after a second
// Ctrl-C.
func (s *Shell) reportAbandoned(name string) {
	freshTerminalLine(s.stderr)
	s.Errorf("%s: abandoned: it did not stop when interrupted and keeps running in the background", name)
}

// isProgram reports whether name is a program in $PATH.
func (s *Shell) isProgram(name string) bool {
	_, ok := s.lookPath(name)
	return ok
}

// status is the status of a stage that did not start.
func (st *stage) status() int { return st.failed }

// runAssignments runs a line that is only assignments and redirections: the
// files are created (or opened, and checked), the variables set.
func (s *Shell) runAssignments(st *stage) int {
	defer st.closeOwned()
	if !s.redirect(st) {
		return 1
	}
	for _, a := range st.simple.Assigns {
		if err := s.Set(a.Name, a.Value); err != nil {
			s.errorTo(st.stderr, "%v", err)
			return 1
		}
	}
	return 0
}

// start starts one stage. It returns the name to report it by and a
// function that waits for it and returns its status, or a nil wait when it
// did not start (st.failed holds the status).
func (s *Shell) start(ctx context.Context, st *stage) (string, func() int) {
	if !s.redirect(st) {
		st.failed = 1
		return "", nil
	}
	if len(st.simple.Words) == 0 {
		return "", nil // assignments in a pipeline: a subshell's, lost
	}
	name, args := st.simple.Words[0], st.simple.Words[1:]
	t := st.target
	if !st.found {
		s.errorTo(st.stderr, "%s", st.notFound)
		st.failed = StatusNotFound
		return "", nil
	}
	if len(st.simple.Assigns) > 0 && t.path == "" {
		st.env = overlay(st.env, st.simple.Assigns)
	}
	if t.path != "" {
		return s.startProgram(ctx, st, t.path, name, args)
	}
	return s.startCommand(ctx, st, name, &t, args)
}

// startCommand parses the flags of a meta or plugin command and starts it
// on a goroutine of its own, with a flag set of its own: the commands of a
// pipeline run at the same time.
func (s *Shell) startCommand(ctx context.Context, st *stage, name string, t *target, args []string) (string, func() int) {
	fs, err := NewFlagSet(name, t.cmd)
	call, status, ok := s.prepareCall(ctx, st, name, t, args, fs, err)
	if !ok {
		st.failed = status
		return "", nil
	}
	done := make(chan error, 1)
	go func() { done <- callRun(ctx, t.cmd, call) }()
	return t.qualified(), func() int {
		defer st.closeOwned() // after the report, which may go to a file
		err := <-done
		if ctx.Err() != nil && errors.Is(err, os.ErrClosed) {
			err = ctx.Err() // Ctrl-C closed its pipe (runPipeline)
		}
		return s.report(st.stderr, name, t, err)
	}
}

// prepareCall parses a command's arguments with fs, the command's flag set
// (or fsErr, why it could not be built), and returns its Call. When the
// command is not to run (bad flags, --help) it returns ok false and the
// status, having said why or printed the help.
func (s *Shell) prepareCall(ctx context.Context, st *stage, name string, t *target, args []string, fs *pflag.FlagSet, fsErr error) (call *command.Call, status int, ok bool) {
	c := t.cmd
	if fsErr != nil {
		s.errorTo(st.stderr, "%s: %v", t.qualified(), fsErr)
		return nil, StatusPanic, false
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			WriteHelp(st.stdout, name, c, fs)
			return nil, 0, false
		}
		s.errorTo(st.stderr, "%s: %v (usage: %s)", name, err, UsageLine(name, c))
		return nil, StatusUsage, false
	}
	if wantsHelp(fs) {
		WriteHelp(st.stdout, name, c, fs)
		return nil, 0, false
	}
	stdin := s.commandStdin(st.stdin)
	if cr, ok := stdin.(ContextReader); ok {
		stdin = cr.ReaderFor(ctx)
	}
	return &command.Call{
		Name: name, Args: fs.Args(), Flags: fs,
		Stdin: stdin, Stdout: st.stdout, Stderr: st.stderr, Env: st.env,
	}, 0, true
}

// wantsHelp reports whether the help flag is true, as fs.GetBool("help")
// does, without its conversions for a flag that reads "false".
func wantsHelp(fs *pflag.FlagSet) bool {
	h := fs.Lookup("help")
	if h == nil || h.Value.String() == "false" {
		return false
	}
	v, _ := fs.GetBool("help")
	return v
}

// callRun runs a command, turning a panic into a *panicError.
func callRun(ctx context.Context, c *command.Command, call *command.Call) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &panicError{value: v, stack: debug.Stack()}
		}
	}()
	return c.Run(ctx, call)
}

// redirect applies the stage's redirections, left to right: 2>&1 > f
// sends stderr where stdout went before. Files are relative to the
// shell's working directory. It reports a failure on the stage's stderr.
func (s *Shell) redirect(st *stage) bool {
	for _, r := range st.simple.Redirs {
		if r.Op == syntax.RedirDup {
			var w io.Writer
			switch r.ToFd {
			case 1:
				w = st.stdout
			case 2:
				w = st.stderr
			default:
				s.errorTo(st.stderr, "%s: standard input cannot be written to", r)
				return false
			}
			if r.Fd == 0 {
				s.errorTo(st.stderr, "%s: standard input cannot be written to", r)
				return false
			}
			st.setFd(r.Fd, w)
			continue
		}
		path := r.File
		if !filepath.IsAbs(path) {
			path = filepath.Join(s.Dir(), path)
		}
		var f *os.File
		var err error
		switch r.Op {
		case syntax.RedirIn:
			f, err = os.Open(path)
		case syntax.RedirOut:
			f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o666)
		case syntax.RedirAppend:
			f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o666)
		}
		if err == nil && r.Op == syntax.RedirIn {
			if fi, serr := f.Stat(); serr == nil && fi.IsDir() {
				f.Close()
				err = syscall.EISDIR
			}
		}
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			s.errorTo(st.stderr, "%s: %v", r.File, err)
			return false
		}
		st.owned = append(st.owned, f)
		if r.Fd == 0 && r.Op != syntax.RedirIn || r.Fd != 0 && r.Op == syntax.RedirIn {
			// 0> f and 2< f: sh allows them; a Reader or Writer cannot
			// be both, so say so rather than misbehave.
			s.errorTo(st.stderr, "%s: only 0 can be redirected from a file, only 1 and 2 to one", r)
			return false
		}
		if r.Op == syntax.RedirIn {
			st.stdin = f
		} else {
			st.setFd(r.Fd, f)
		}
	}
	return true
}

func (st *stage) setFd(fd int, w io.Writer) {
	if fd == 1 {
		st.stdout = w
	} else {
		st.stderr = w
	}
}

// shareWriters returns the shell's stdout and stderr for commands that
// write at the same time: files as they are (a program gets the terminal
// itself), anything else behind one lock.
func shareWriters(stdout, stderr io.Writer) (io.Writer, io.Writer) {
	mu := &sync.Mutex{}
	if _, ok := stdout.(*os.File); !ok {
		stdout = &lockedWriter{mu: mu, w: stdout}
	}
	if _, ok := stderr.(*os.File); !ok {
		stderr = &lockedWriter{mu: mu, w: stderr}
	}
	return stdout, stderr
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// errorTo prints one error line, "gosh: ...", to w: in red when w is the
// shell's own stderr and colours are on (color.go).
func (s *Shell) errorTo(w io.Writer, format string, args ...any) {
	s.errorLine(w, s.errorPrefix(), fmt.Sprintf(format, args...))
}

// errorLine prints "gosh: ", prefix and msg, as one line, to w.
func (s *Shell) errorLine(w io.Writer, prefix, msg string) {
	line := "gosh: " + prefix + oneLine(clipWords(msg))
	if s.colorFor(w) {
		line = colorRed + line + colorReset
	}
	fmt.Fprintln(w, line)
}

// isBrokenPipe reports whether err is a write to a pipe whose reader left.
func isBrokenPipe(err error) bool {
	return errors.Is(err, syscall.EPIPE) || errors.Is(err, io.ErrClosedPipe)
}

// subEnv is a copy of the shell's variables and directory, for a command
// of a pipeline.
type subEnv struct {
	command.MapEnv
	status int
}

func (s *Shell) subEnv() *subEnv {
	vars := make(map[string]string, len(s.vars))
	for k, v := range s.vars {
		vars[k] = v
	}
	return &subEnv{MapEnv: command.MapEnv{Vars: vars, WorkDir: s.dir}, status: s.status}
}

// Get implements command.Env, with $?.
func (e *subEnv) Get(name string) (string, bool) {
	if name == "?" {
		return strconv.Itoa(e.status), true
	}
	return e.MapEnv.Get(name)
}

// overlayEnv is the Env of a command typed after NAME=value words: it sees
// those values, for this command only, as in sh.
type overlayEnv struct {
	command.Env
	vars map[string]string
}

func overlay(env command.Env, assigns []syntax.Assign) *overlayEnv {
	o := &overlayEnv{Env: env, vars: map[string]string{}}
	for _, a := range assigns {
		o.vars[a.Name] = a.Value
	}
	return o
}

// Get implements command.Env.
func (o *overlayEnv) Get(name string) (string, bool) {
	if v, ok := o.vars[name]; ok {
		return v, true
	}
	return o.Env.Get(name)
}

// Set implements command.Env: the shell's variable changes, and the
// command sees it.
func (o *overlayEnv) Set(name, value string) error {
	delete(o.vars, name)
	return o.Env.Set(name, value)
}

// Unset implements command.Env.
func (o *overlayEnv) Unset(name string) {
	delete(o.vars, name)
	o.Env.Unset(name)
}

// Names implements command.Env.
func (o *overlayEnv) Names() []string {
	names := o.Env.Names()
	for n := range o.vars {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// notFoundMsg says that a name is no command, and what might be meant.
func (s *Shell) notFoundMsg(name string) string {
	if strings.HasPrefix(name, ":") {
		msg := fmt.Sprintf("%s: no such meta command", name)
		if sug := Suggest(name, s.MetaNames()); sug != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", sug)
		} else {
			msg += " (:help lists them)"
		}
		return msg
	}
	msg := fmt.Sprintf("%s: command not found", name)
	if p := s.unloadedPluginWith(name); p != "" {
		msg += fmt.Sprintf(" (plugin %s has it, but is unloaded: :reload %s brings it back)", p, p)
	} else if sug := Suggest(name, s.reg.Names()); sug != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", sug)
	} else if len(s.reg.Plugins()) == 0 {
		msg += " (no plugins are loaded: :load PATH, or start gosh with --plugins DIR)"
	} else if s.noExec && s.isProgram(name) { // else resolve has just looked
		msg += " (a program, but gosh runs with --no-exec: plugin and gosh commands only)"
	} else {
		msg += " (:help lists the commands)"
	}
	return msg
}
