// Package interp runs what the user types: it parses a line into lists of
// pipelines (package syntax), finds each command (a meta command, a builtin,
// a plugin's command or a program from $PATH), parses its flags, runs the
// commands of a pipeline together with pipes and redirections, with the
// shell's variables and working directory, and records the exit status.
// It owns the command registry and the meta commands; it does not read
// lines (package repl does) and does not open plugins itself (it is given a
// Loader).
package interp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/gosh-shell/gosh/shell/inspect"
	"github.com/gosh-shell/gosh/shell/loader"
	"github.com/gosh-shell/gosh/shell/syntax"
)

// Loader loads and inspects plugin files; *loader.Loader is the real one.
type Loader interface {
	Load(ctx context.Context, path string) (*loader.Result, error)
	Inspect(path string) (*inspect.Report, []inspect.Problem, error)
	Plugins() []*loader.Plugin
}

// Options configure a Shell.
type Options struct {
	// Loader loads plugins; nil means that :load always fails.
	Loader Loader
	// Stdin, Stdout and Stderr are the shell's streams; nil means empty
	// input and discarded output.
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Environ seeds the shell variables, as KEY=VALUE; nil means none.
	Environ []string
	// Dir is the initial working directory; empty means the process's.
	Dir string
	// Quiet silences the report that :load prints for each plugin.
	Quiet bool
	// Abandon, if set, is signalled when the user insists (a second Ctrl-C)
	// on getting the prompt back from a command that ignores cancellation.
	Abandon <-chan struct{}
	// NoExec stops names that no plugin provides from running as
	// programs from $PATH (--no-exec).
	NoExec bool
	// TrustFile is the trust file :trust and :untrust update; empty means
	// they fail.
	TrustFile string
	// ColorErrors colours the error lines written to Stderr red (Stderr is
	// a terminal), unless the variable NO_COLOR is set and not empty. Error
	// lines redirected elsewhere (2> file, 2>&1 |) are never coloured.
	ColorErrors bool
	// WatchInterval is how often watch mode (:watch on) looks at the
	// loaded plugins' files; zero means DefaultWatchInterval.
	WatchInterval time.Duration
}

// Shell is the state of one gosh session: variables, working directory,
// commands and last exit status. It is not safe for concurrent use.
type Shell struct {
	loader  Loader
	reg     *Registry
	meta    map[string]*command.Command
	vars    map[string]string
	dir     string
	status  int
	exited  bool
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
	quiet   bool
	abandon <-chan struct{}
	// exported are the variables external programs get (exec.go); noExec
	// forbids running them.
	exported map[string]bool
	noExec   bool
	// trustFile is where :trust pins plugins.
	trustFile string
	// aliases are the :alias definitions, NAME to VALUE (alias.go).
	aliases map[string]string
	// srcName and srcLine say where the running line comes from, for
	// error lines (SetSource).
	srcName string
	srcLine int
	// colorErrors: error lines to the shell's own stderr may be red.
	colorErrors bool
	// plugins records where plugins came from and which were unloaded
	// (plugins.go); watchInterval is how often :watch looks at their files.
	plugins       pluginBook
	watchInterval time.Duration
	// running holds a token while a line runs: a watch-mode reload takes
	// it too, so that it runs only between lines (watch.go). A channel, so
	// that the watcher can give up waiting.
	running chan struct{}
	// flagSets are the flag sets of commands run alone (flagcache.go).
	flagSets flagCache
	// flushingStdin is the standard input commands get while the output
	// is buffered (commandStdin in bufout.go).
	flushingStdin *flushingReader
}

// New returns a Shell.
func New(opts Options) (*Shell, error) {
	s := &Shell{
		loader: opts.Loader, reg: NewRegistry(), vars: map[string]string{},
		stdin: opts.Stdin, stdout: opts.Stdout, stderr: opts.Stderr,
		quiet: opts.Quiet, abandon: opts.Abandon, dir: opts.Dir,
		trustFile: opts.TrustFile,
		exported:  map[string]bool{}, noExec: opts.NoExec,
		colorErrors: opts.ColorErrors, watchInterval: opts.WatchInterval,
		plugins: pluginBook{origins: map[string]string{}, unloaded: map[string]*loader.Plugin{}},
		running: make(chan struct{}, 1),
	}
	if s.watchInterval <= 0 {
		s.watchInterval = DefaultWatchInterval
	}
	if s.stdin == nil {
		s.stdin = strings.NewReader("")
	}
	if s.stdout == nil {
		s.stdout = io.Discard
	}
	if s.stderr == nil {
		s.stderr = io.Discard
	}
	for _, kv := range opts.Environ {
		if k, v, ok := strings.Cut(kv, "="); ok && command.ValidVarName(k) {
			s.vars[k] = v
			s.exported[k] = true // the environment is exported, as in sh
		}
	}
	if s.dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, fmt.Errorf("new shell: working directory: %w", err)
		}
		s.dir = wd
	}
	s.vars["PWD"] = s.dir
	s.meta = s.metaCommands()
	for name, c := range s.builtinCommands() { // exec.go
		s.meta[name] = c
	}
	for name, c := range s.aliasCommands() { // alias.go
		s.meta[name] = c
	}
	return s, nil
}

// SetStdin changes the standard input that commands get from now on.
func (s *Shell) SetStdin(r io.Reader) { s.stdin = r }

// SetStatus sets the status $? reports, for events that are no command
// (Ctrl-C at the prompt).
func (s *Shell) SetStatus(st int) { s.status = st }

// Status returns the exit status of the last command.
func (s *Shell) Status() int { return s.status }

// Exited reports whether :exit ran; Status is then the exit code.
func (s *Shell) Exited() bool { return s.exited }

// Registry returns the shell's command registry.
func (s *Shell) Registry() *Registry { return s.reg }

// MetaNames returns the names of the meta commands, sorted.
func (s *Shell) MetaNames() []string {
	names := make([]string, 0, len(s.meta))
	for n := range s.meta {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Command returns the command a typed name runs, meta commands included.
func (s *Shell) Command(name string) (*command.Command, bool) {
	if c, ok := s.meta[name]; ok {
		return c, true
	}
	e, ok := s.reg.Lookup(name)
	return e.Cmd, ok
}

// Errorf prints one error line, "gosh: ...", to the shell's stderr.
func (s *Shell) Errorf(format string, args ...any) {
	s.errorTo(s.stderr, format, args...)
}

// SetSource says where the lines run from now on come from, for error
// lines: name is a script's file ("rc" for the start-up file; "" for
// none) and line the number of the line about to run in it (0: not
// counted). An error of a line of a named source starts "NAME:LINE: ", as
// in "gosh: rc:3: nosuch: command not found"; a syntax error gives the
// line number wherever lines are counted, with its column:
// "gosh: rc:3:6: unterminated double quote", or "gosh: 3:6: ..." for piped
// input.
func (s *Shell) SetSource(name string, line int) { s.srcName, s.srcLine = name, line }

// errorPrefix is what follows "gosh: " in an error line of the running
// line: its source and line number (SetSource), if named.
func (s *Shell) errorPrefix() string {
	if s.srcName == "" || s.srcLine <= 0 {
		return ""
	}
	return s.srcName + ":" + strconv.Itoa(s.srcLine) + ": "
}

// syntaxError reports an error of parsing the running line, err. A syntax
// error's own position counts lines and columns within the line: where the
// source's lines are counted, its line number becomes the source's, and
// the error line says where the problem is in one place, "NAME:LINE:COL".
func (s *Shell) syntaxError(err error) {
	se, ok := err.(*syntax.Error)
	if !ok || s.srcLine <= 0 {
		s.Errorf("%v", err)
		return
	}
	pos := strconv.Itoa(s.srcLine+max(se.Line, 1)-1) + ":" + strconv.Itoa(se.Col) + ": "
	if s.srcName != "" {
		pos = s.srcName + ":" + pos
	}
	s.errorLine(s.stderr, pos, se.Msg)
}

// Words longer than maxWord bytes in an error line are cut to their first
// clipHead and last clipTail bytes: a megabyte typed or pasted by mistake
// must come back as one short, readable line, not as the megabyte again.
const (
	maxWord  = 256
	clipHead = 40
	clipTail = 20
)

// clipWords cuts the long words of an error message, keeping whole runes.
func clipWords(msg string) string {
	if len(msg) <= maxWord {
		return msg
	}
	words := strings.Split(msg, " ")
	for i, w := range words {
		if len(w) <= maxWord {
			continue
		}
		head := clipHead
		for head > 0 && !utf8.RuneStart(w[head]) {
			head--
		}
		tail := len(w) - clipTail
		for tail < len(w) && !utf8.RuneStart(w[tail]) {
			tail++
		}
		words[i] = w[:head] + "..." + w[tail:]
	}
	return strings.Join(words, " ")
}

// oneLine keeps an error on one line: a message with newlines or control
// characters would break the "one error line" promise and could drive the
// terminal.
func oneLine(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Env implementation: the shell's variables and working directory.

// Get implements command.Env.
func (s *Shell) Get(name string) (string, bool) {
	if name == "?" {
		return strconv.Itoa(s.status), true
	}
	v, ok := s.vars[name]
	return v, ok
}

// Set implements command.Env.
func (s *Shell) Set(name, value string) error {
	if !command.ValidVarName(name) {
		return fmt.Errorf("%q is not a valid variable name (letters, digits and _, not starting with a digit)", name)
	}
	s.vars[name] = value
	return nil
}

// Unset implements command.Env.
func (s *Shell) Unset(name string) {
	delete(s.vars, name)
	delete(s.exported, name)
}

// Names implements command.Env.
func (s *Shell) Names() []string {
	names := make([]string, 0, len(s.vars))
	for n := range s.vars {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Dir implements command.Env.
func (s *Shell) Dir() string { return s.dir }

// Chdir implements command.Env.
func (s *Shell) Chdir(dir string) error {
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(s.dir, dir)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%s: no such directory", dir)
		}
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s: not a directory", dir)
	}
	s.dir = filepath.Clean(dir)
	s.vars["PWD"] = s.dir
	return nil
}

var _ command.Env = (*Shell)(nil)
