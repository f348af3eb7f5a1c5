package interp

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/gosh-shell/gosh/shell/inspect"
	"github.com/gosh-shell/gosh/shell/loader"
	"github.com/spf13/pflag"
)

// fakeLoader is an in-memory Loader: each path names a ready *loader.Plugin
// holding real commands, or an error. It runs no plugin code, so the shell
// can be tested without cgo and without building plugins.
type fakeLoader struct {
	mu      sync.Mutex // watch mode loads from its own goroutine
	plugins map[string]*loader.Plugin
	errs    map[string]error
	output  map[string]string // what a plugin's init "printed"
	loaded  []*loader.Plugin
	calls   []string // every path Load was asked for, in order
	builds  int      // plugins made so far, so each has its own content hash
	// onLoad, if set, is called at the start of each Load, as a real
	// loader starts capturing the process's output.
	onLoad func(path string)
}

func newFakeLoader() *fakeLoader {
	return &fakeLoader{plugins: map[string]*loader.Plugin{}, errs: map[string]error{}, output: map[string]string{}}
}

// add makes path load a plugin named after the file, with cmds.
func (f *fakeLoader) add(path string, cmds map[string]*command.Command) *loader.Plugin {
	f.mu.Lock()
	defer f.mu.Unlock()
	name, version, ok := inspect.Name(path)
	if !ok {
		panic("fake plugin path is not NAME.so[.VERSION]: " + path)
	}
	f.builds++
	sum := sha256.Sum256([]byte(fmt.Sprint(path, f.builds)))
	p := &loader.Plugin{Name: name, Version: version, Path: path, Commands: cmds,
		Report:   &inspect.Report{Path: path, SHA256: hex.EncodeToString(sum[:]), Size: 2 << 20},
		LoadedAt: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), Took: 1500 * time.Microsecond}
	f.plugins[path] = p
	return p
}

func (f *fakeLoader) Load(ctx context.Context, path string) (*loader.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, path)
	if f.onLoad != nil {
		f.onLoad(path)
	}
	if err := f.errs[path]; err != nil {
		return &loader.Result{Output: []byte(f.output[path])}, &loader.Error{Path: path, Err: err}
	}
	p, ok := f.plugins[path]
	if !ok {
		return nil, &loader.Error{Path: path, Err: errors.New("not found: no such file")}
	}
	for _, q := range f.loaded {
		if q == p {
			return &loader.Result{Plugin: p, Already: true, InitOrderKnown: true}, nil
		}
	}
	f.loaded = append(f.loaded, p)
	return &loader.Result{Plugin: p, InitOrderKnown: true, Ran: []string{"example.com/" + p.Name},
		Skipped: []string{"fmt", "github.com/spf13/pflag"}, Output: []byte(f.output[path])}, nil
}

func (f *fakeLoader) Inspect(path string) (*inspect.Report, []inspect.Problem, error) {
	return nil, nil, errors.New("the fake loader cannot inspect")
}

func (f *fakeLoader) Plugins() []*loader.Plugin {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*loader.Plugin(nil), f.loaded...)
}

// Commands of the fake plugins: small, real command.Command values.

func echoCommand(prefix string) *command.Command {
	return &command.Command{
		Summary: "print the arguments",
		Usage:   "[-n] [STRING...]",
		Flags: func(fs *pflag.FlagSet) {
			fs.SetInterspersed(false)
			fs.BoolP("no-newline", "n", false, "do not print the trailing newline")
		},
		Run: func(_ context.Context, call *command.Call) error {
			s := prefix + strings.Join(call.Args, " ")
			if n, _ := call.Flags.GetBool("no-newline"); !n {
				s += "\n"
			}
			_, err := io.WriteString(call.Stdout, s)
			return err
		},
	}
}

func runCommand(summary string, run func(context.Context, *command.Call) error) *command.Command {
	return &command.Command{Summary: summary, Run: run}
}

// coreCommands is the fake "core" plugin.
func coreCommands() map[string]*command.Command {
	return map[string]*command.Command{
		"echo": echoCommand(""),
		"greet": {
			Summary: "greet NAME",
			Usage:   "[--loud] NAME",
			Help:    "Greet says hello.\nIt is polite.",
			Flags:   func(fs *pflag.FlagSet) { fs.Bool("loud", false, "shout") },
			Run: func(_ context.Context, call *command.Call) error {
				if len(call.Args) != 1 {
					return command.Usagef("want one NAME, got %d", len(call.Args))
				}
				msg := "hello, " + call.Args[0]
				if loud, _ := call.Flags.GetBool("loud"); loud {
					msg = strings.ToUpper(msg) + "!"
				}
				fmt.Fprintln(call.Stdout, msg)
				return nil
			},
		},
		"fail": runCommand("fail with a message", func(context.Context, *command.Call) error {
			return errors.New("it went wrong\non two lines")
		}),
		"status": runCommand("exit with status N", func(_ context.Context, call *command.Call) error {
			var n int
			fmt.Sscan(call.Args[0], &n)
			return command.ExitStatus(n)
		}),
		"boom": runCommand("panic", func(context.Context, *command.Call) error {
			panic("kaboom")
		}),
		"nilmap": runCommand("panic with a runtime error", func(context.Context, *command.Call) error {
			var m map[string]int
			m["x"]++
			return nil
		}),
		"badflags": {
			Summary: "panic while declaring flags",
			Flags:   func(fs *pflag.FlagSet) { fs.Bool("x", false, ""); fs.Bool("x", false, "") },
			Run:     func(context.Context, *command.Call) error { return nil },
		},
		"cancelled": runCommand("return context.Canceled", func(context.Context, *command.Call) error {
			return fmt.Errorf("stopped: %w", context.Canceled)
		}),
		"stderr": runCommand("write to stderr and succeed", func(_ context.Context, call *command.Call) error {
			fmt.Fprintln(call.Stderr, "a note")
			return nil
		}),
		"setvar": runCommand("set NAME VALUE", func(_ context.Context, call *command.Call) error {
			return call.Env.Set(call.Args[0], call.Args[1])
		}),
		"where": runCommand("print the shell's directory and a path resolved in it", func(_ context.Context, call *command.Call) error {
			fmt.Fprintln(call.Stdout, call.Env.Dir(), call.Path("x"))
			return nil
		}),
		"hflag": {
			Summary: "a command whose -h is its own",
			Flags:   func(fs *pflag.FlagSet) { fs.BoolP("human", "h", false, "human sizes") },
			Run: func(_ context.Context, call *command.Call) error {
				h, _ := call.Flags.GetBool("human")
				fmt.Fprintln(call.Stdout, "human:", h)
				return nil
			},
		},
	}
}

// extraCommands is a second fake plugin whose greet clashes with core's.
func extraCommands() map[string]*command.Command {
	return map[string]*command.Command{
		"greet": runCommand("greet, the other way", func(_ context.Context, call *command.Call) error {
			fmt.Fprintln(call.Stdout, "extra greets", strings.Join(call.Args, " "))
			return nil
		}),
		"upper": runCommand("upper-case the arguments", func(_ context.Context, call *command.Call) error {
			fmt.Fprintln(call.Stdout, strings.ToUpper(strings.Join(call.Args, " ")))
			return nil
		}),
	}
}

// session is a shell with its output in buffers.
type session struct {
	t      *testing.T
	sh     *Shell
	ld     *fakeLoader
	stdout bytes.Buffer
	stderr bytes.Buffer
}

func newSession(t *testing.T, quiet bool, ld *fakeLoader, stdin string) *session {
	t.Helper()
	s := &session{t: t, ld: ld}
	var l Loader
	if ld != nil {
		l = ld
	}
	sh, err := New(Options{
		Loader: l, Stdin: strings.NewReader(stdin), Stdout: &s.stdout, Stderr: &s.stderr,
		Environ: []string{"HOME=/home/gopher", "GREETING=hi there", "1BAD=x", "NOEQUALS", "ESC=\x1b[2J\nx"},
		Dir:     t.TempDir(), Quiet: quiet,
	})
	if err != nil {
		t.Fatal(err)
	}
	s.sh = sh
	return s
}

// withPlugins returns a quiet session with the fake core and extra plugins
// loaded, in that order, and the load output discarded.
func withPlugins(t *testing.T) *session {
	t.Helper()
	ld := newFakeLoader()
	ld.add("/fake/core.so", coreCommands())
	ld.add("/fake/extra.so", extraCommands())
	s := newSession(t, true, ld, "")
	for _, p := range []string{"/fake/core.so", "/fake/extra.so"} {
		if n := s.sh.LoadPath(t.Context(), p, false); n != 0 {
			t.Fatalf("load %s: %d failures: %s", p, n, s.stderr.String())
		}
	}
	s.stdout.Reset()
	s.stderr.Reset()
	return s
}

// step is one line typed at gosh and what it printed back.
type step struct {
	line           string
	stdout, stderr string
	status         int
}

// run types each line and checks what came back.
func (s *session) run(steps []step) {
	s.t.Helper()
	for _, st := range steps {
		s.stdout.Reset()
		s.stderr.Reset()
		got := s.sh.Run(s.t.Context(), st.line)
		if got != st.status || s.stdout.String() != st.stdout || s.stderr.String() != st.stderr {
			s.t.Errorf("gosh> %s\n got stdout %q\n     stderr %q\n     status %d\nwant stdout %q\n     stderr %q\n     status %d",
				st.line, s.stdout.String(), s.stderr.String(), got, st.stdout, st.stderr, st.status)
		}
		if s.sh.Status() != got {
			s.t.Errorf("gosh> %s: Status() = %d, Run returned %d", st.line, s.sh.Status(), got)
		}
	}
}
