// Package shell puts gosh together: it finds the plugin directories, loads
// the plugins, and runs commands from -c, a script, a pipe or an interactive
// terminal. main parses flags into Options and calls Run.
package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/chzyer/readline"
	"github.com/gosh-shell/gosh/shell/interp"
	"github.com/gosh-shell/gosh/shell/loader"
	"github.com/gosh-shell/gosh/shell/repl"
	"github.com/gosh-shell/gosh/shell/trust"
	"github.com/gosh-shell/gosh/shell/version"
)

// DefaultPluginDir is searched when neither --plugins nor GOSH_PLUGIN_PATH
// names directories.
const DefaultPluginDir = "plugins"

// Options are what the command line asks for.
type Options struct {
	// PluginDirs replace the plugin path when not empty (--plugins).
	PluginDirs []string
	// Command is run instead of reading input when HasCommand (-c).
	Command    string
	HasCommand bool
	// Script is a file of commands to run (gosh FILE).
	Script string
	// Quiet silences load reports; Verbose shows them even when not
	// interactive.
	Quiet, Verbose bool
	// InitTimeout bounds each plugin's init; zero means the default.
	InitTimeout time.Duration
	// Insecure loads plugins that others could have written, with a
	// warning (--insecure-plugins).
	Insecure bool
	// Verify refuses plugins whose content is not pinned in the trust file
	// (--verify); the trust file's own "verify on" does the same.
	Verify bool
	// NoExec never runs programs from $PATH (--no-exec).
	NoExec bool
	// NoRC skips the start-up file (--norc), which only interactive
	// sessions run (RCFile).
	NoRC bool
	// Watch reloads plugins whose files change, as :watch on (--watch).
	Watch bool
	// TrialLoads runs a new plugin build's init in a gosh process of its
	// own before loading it (loader.Options.Trial), so that an init that
	// ends its process cannot end gosh. The running program must answer
	// TrialArg as its first argument with TrialLoad, as gosh's main does.
	TrialLoads bool
	Stdin      *os.File
	Stdout     io.Writer
	Stderr     io.Writer
	// Environ is the process environment (os.Environ()).
	Environ []string
}

// Version returns gosh's version line: the version plugins' MinGoshVersion
// is compared with, the module version it was built as (when it is not a
// development build), the Go release and the platform.
func Version() string {
	v := version.Gosh
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v += " " + bi.Main.Version
	}
	return fmt.Sprintf("gosh %s (%s %s/%s)", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// Run runs gosh and returns the exit status.
func Run(ctx context.Context, opts Options) int {
	interactive := !opts.HasCommand && opts.Script == "" && readline.IsTerminal(int(opts.Stdin.Fd()))
	in := repl.NewInterrupts()
	defer in.Stop()
	var sh *interp.Shell
	trustPath := trust.DefaultPath(opts.Environ)
	tf, tfErr := readTrust(trustPath)
	ldOpts := loader.Options{
		InitTimeout: opts.InitTimeout, Insecure: opts.Insecure,
		Warn: func(msg string) { sh.Errorf("warning: %s", msg) },
	}
	if opts.TrialLoads {
		// A new build's init runs first in a gosh process of its own
		// (/proc/self/exe is this very binary, even if its file was
		// replaced since): one that ends its process ends only that.
		ldOpts.Trial = []string{"/proc/self/exe", TrialArg}
	}
	if opts.Verify || (tf != nil && tf.Verify) {
		ldOpts.Verify = verifier(trustPath, opts.Insecure, func(msg string) { sh.Errorf("warning: %s", msg) })
	}
	ld, ldErr := loader.New(ldOpts)
	var ldi interp.Loader
	if ldErr == nil {
		if loader.Supported() {
			ld.PreloadIndex()
		}
		ldi = ld
	}
	sh, err := interp.New(interp.Options{
		Loader: ldi, Stdin: opts.Stdin, Stdout: opts.Stdout, Stderr: opts.Stderr,
		Environ: opts.Environ, Quiet: opts.Quiet, Abandon: in.Abandon(), TrustFile: trustPath,
		NoExec: opts.NoExec, ColorErrors: isTerminal(opts.Stderr),
	})
	if err != nil {
		fmt.Fprintf(opts.Stderr, "gosh: %v\n", err)
		return 1
	}
	if ldErr != nil {
		sh.Errorf("%v", ldErr)
	}
	for _, e := range tfErr {
		sh.Errorf("%v", e)
	}

	if !loader.Supported() {
		sh.Errorf("%v", loader.ErrNoPluginSupport)
	} else if ldErr == nil {
		report := (interactive || opts.Verbose) && !opts.Quiet
		loadStartup(ctx, sh, opts, report, interactive)
	}
	if opts.Watch {
		sh.StartWatch()
		defer sh.StopWatch()
	}

	switch {
	case opts.HasCommand:
		ctx := in.Begin(ctx)
		st := sh.Run(ctx, opts.Command)
		if in.End() {
			return 130
		}
		return st
	case opts.Script != "":
		f, err := os.Open(opts.Script)
		if err != nil {
			sh.Errorf("%v", err)
			return 127
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil && fi.IsDir() {
			sh.Errorf("%s: is a directory, not a script (gosh FILE runs the lines of a file; gosh --plugins DIR loads a directory of plugins)", opts.Script)
			return 126 // as sh says of a directory
		}
		return repl.Script(ctx, sh, f, in)
	case interactive:
		// As bash runs .bashrc, only an interactive session runs the
		// start-up file: scripts and -c do the same wherever they run.
		if !opts.NoRC && runRC(ctx, sh, RCFile(opts.Environ), opts.Insecure, in) {
			return sh.Status()
		}
		return repl.Interactive(ctx, repl.Config{
			Shell: sh, HistoryFile: historyFile(opts.Environ),
			Stdin: opts.Stdin, Stdout: opts.Stdout, Stderr: opts.Stderr, Interrupts: in,
		})
	default:
		return repl.Input(ctx, sh, opts.Stdin, in)
	}
}

// isTerminal reports whether w is a terminal: errors written to it are
// coloured (unless NO_COLOR).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && readline.IsTerminal(int(f.Fd()))
}

// pluginDirs returns the plugin path, never empty, and whether it is the
// default: --plugins, else GOSH_PLUGIN_PATH, else ./plugins. Empty entries
// are dropped, and a path of only empty entries is as unset, as for
// PATH-like variables elsewhere (GOPATH, the XDG directories):
// "GOSH_PLUGIN_PATH= gosh" or "GOSH_PLUGIN_PATH=: gosh" means the default,
// not no plugins at all (nor the current directory).
func pluginDirs(opts Options) ([]string, bool) {
	if dirs := nonEmpty(opts.PluginDirs); len(dirs) > 0 {
		return dirs, false
	}
	if v, _ := lookupEnv(opts.Environ, "GOSH_PLUGIN_PATH"); v != "" {
		if dirs := nonEmpty(filepath.SplitList(v)); len(dirs) > 0 {
			return dirs, false
		}
	}
	return []string{DefaultPluginDir}, true
}

// nonEmpty returns the entries of dirs that are not empty.
func nonEmpty(dirs []string) []string {
	var kept []string
	for _, d := range dirs {
		if d != "" {
			kept = append(kept, d)
		}
	}
	return kept
}

func loadStartup(ctx context.Context, sh *interp.Shell, opts Options, report, interactive bool) {
	dirs, isDefault := pluginDirs(opts)
	for _, dir := range dirs {
		abs := dir
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(sh.Dir(), dir)
		}
		fi, err := os.Stat(abs)
		switch {
		case err != nil && isDefault:
			if interactive && !opts.Quiet {
				sh.Errorf("no plugins: %s does not exist here (run gosh from its checkout, or use --plugins DIR)", abs)
			}
			continue
		case err != nil:
			sh.Errorf("plugin directory %s: %v", dir, shortErr(err))
			continue
		case !fi.IsDir():
			sh.Errorf("plugin directory %s: not a directory", dir)
			continue
		}
		// A directory others can write is refused as a whole, in one line
		// (with --insecure-plugins, each load from it warns instead).
		if err := loader.CheckPerm(abs); err != nil && !opts.Insecure {
			sh.Errorf("plugin directory %s: %v; none of its plugins loaded", dir, err)
			continue
		}
		// ./plugins depends on where gosh starts: say where it is, in every
		// mode, unless -q, so that starting gosh in a checkout someone
		// else controls never loads its plugins unannounced.
		if isDefault && !opts.Quiet {
			fmt.Fprintf(opts.Stderr, "loading plugins from %s\n", abs)
		}
		sh.LoadPath(ctx, abs, report)
	}
}

func shortErr(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

func lookupEnv(environ []string, key string) (string, bool) {
	for i := len(environ) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(environ[i], "="); ok && k == key {
			return v, true
		}
	}
	return "", false
}

// historyFile is $XDG_STATE_HOME/gosh/history, or ~/.local/state/gosh/history.
func historyFile(environ []string) string {
	return xdgFile(environ, "XDG_STATE_HOME", filepath.Join(".local", "state"), "history")
}

// xdgFile returns $VAR/gosh/NAME when VAR holds an absolute path (the XDG
// base directory spec ignores a relative one), else ~/FALLBACK/gosh/NAME;
// empty when no home directory is known.
func xdgFile(environ []string, xdgVar, fallback, name string) string {
	if dir, ok := lookupEnv(environ, xdgVar); ok && filepath.IsAbs(dir) {
		return filepath.Join(dir, "gosh", name)
	}
	home, ok := lookupEnv(environ, "HOME")
	if !ok || home == "" {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return ""
		}
	}
	return filepath.Join(home, fallback, "gosh", name)
}

// TrialArg is the hidden first argument that makes gosh a trial process,
// which runs TrialLoad: gosh starts one to try a new build of a plugin
// before loading it (loader.TrialMain).
const TrialArg = loader.TrialArg

// TrialLoad is the work of a trial process, and returns its exit status.
func TrialLoad(args []string) int { return loader.TrialMain(args) }

// Inspect checks plugin files without loading them and prints a report on
// each; the status is 0 when every file is loadable by this gosh.
func Inspect(paths []string, asJSON bool, stdout, stderr io.Writer) int {
	ld, err := loader.New(loader.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "gosh: inspect: %v\n", err)
		return 1
	}
	sh, err := interp.New(interp.Options{Loader: ld, Stdout: stdout, Stderr: stderr})
	if err != nil {
		fmt.Fprintf(stderr, "gosh: inspect: %v\n", err)
		return 1
	}
	st := 0
	for _, p := range paths {
		if !sh.Inspect(stdout, p, asJSON) {
			st = 1
		}
	}
	return st
}

// readTrust reads the trust file, returning the problems to report: an
// unreadable file, and each line it could not understand.
func readTrust(path string) (*trust.File, []error) {
	if path == "" {
		return nil, nil
	}
	f, err := trust.Read(path)
	if err != nil {
		return nil, []error{fmt.Errorf("trust file: %v", err)}
	}
	var errs []error
	for _, e := range f.Errors {
		errs = append(errs, fmt.Errorf("%v (line ignored)", e))
	}
	return f, errs
}

// verifier returns the loader's Verify policy: content must be pinned in
// the trust file, which is read again at each new load so that :trust, and
// gosh trust in another terminal, take effect at once. A trust file that
// others could write pins nothing.
func verifier(trustPath string, insecure bool, warn func(string)) func(path, sha string) error {
	return func(path, sha string) error {
		if trustPath == "" {
			return errors.New("not pinned: --verify needs a trust file, and neither XDG_CONFIG_HOME nor HOME is set")
		}
		if err := loader.CheckPerm(trustPath); err != nil {
			if !insecure {
				return fmt.Errorf("the trust file cannot be trusted: %v", err)
			}
			warn(fmt.Sprintf("trust file %s: %v; using it anyway (--insecure-plugins)", trustPath, err))
		}
		f, err := trust.Read(trustPath)
		if err != nil {
			return fmt.Errorf("cannot read the trust file, so nothing is pinned: %v", err)
		}
		if f.Pinned(sha) {
			return nil
		}
		return fmt.Errorf("not pinned: its content (sha256 %s) is not in the trust file %s (fix: gosh trust %s, once you know it is the plugin you mean to run)", sha, trustPath, loader.ShellQuote(path))
	}
}

// Trust pins (or, with remove, unpins) plugin files in the trust file: gosh
// trust [--remove] PATH...
func Trust(paths []string, remove bool, environ []string, stdout, stderr io.Writer) int {
	trustPath := trust.DefaultPath(environ)
	sh, err := interp.New(interp.Options{Stdout: stdout, Stderr: stderr, Environ: environ, TrustFile: trustPath})
	if err != nil {
		fmt.Fprintf(stderr, "gosh: trust: %v\n", err)
		return 1
	}
	_, errs := readTrust(trustPath)
	for _, e := range errs {
		sh.Errorf("%v", e)
	}
	return sh.TrustPaths(paths, remove)
}
