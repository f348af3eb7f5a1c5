// Package loader loads Go plugins into the running process without letting
// any file crash or hang it.
//
// Before a file reaches plugin.Open, the loader checks it with package
// inspect and asks the process itself (through the dynamic linker) what the
// runtime is about to compare: the fingerprint of every package the plugin
// shares with gosh or an earlier plugin, and whether each package's init has
// run. It then loads a private, content-addressed copy of the checked bytes,
// so that rebuilding or overwriting the user's file cannot touch the mapped
// code, runs the plugin's init with a time limit while capturing what it
// prints, and remembers every failure so that a second try answers at once
// instead of blocking forever inside the runtime. With Options.Trial, a
// build's init runs first in a process of its own (trial.go), where one
// that ends its process ends only that one.
package loader

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"plugin"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/gosh-shell/gosh/shell/inspect"
)

// DefaultInitTimeout is how long a plugin's init may run before the loader
// gives up on it.
const DefaultInitTimeout = 10 * time.Second

// ErrNoPluginSupport is returned by every load in a gosh built without cgo.
var ErrNoPluginSupport = errors.New("this gosh was built without cgo, so it cannot load plugins: rebuild it with CGO_ENABLED=1 (make does)")

// Options configure a Loader. The zero value is usable.
type Options struct {
	// CacheDir holds the private copies of loaded plugins. Empty means
	// $XDG_CACHE_HOME/gosh/plugins (or ~/.cache/gosh/plugins).
	CacheDir string
	// InitTimeout bounds a plugin's init. Zero means DefaultInitTimeout.
	InitTimeout time.Duration
	// Host is the build the plugins must match. Nil means the running
	// program's own build information.
	Host *inspect.Host
	// Insecure loads files that others could have written (see CheckPerm),
	// calling Warn for each such load, instead of refusing them.
	Insecure bool
	Warn     func(msg string)
	// Verify, if set, is asked about each file's content (hex SHA-256)
	// before it is loaded; an error refuses the file.
	Verify func(path, sha256 string) error
	// Trial, if set, is the command (program and arguments) that runs a
	// trial load of a plugin file named after them, in a process of its
	// own, before a file not tried yet is loaded (trial.go): gosh's own
	// binary with TrialArg, for which TrialMain must answer.
	Trial []string
}

// Plugin is one loaded version of a plugin. Go cannot unload code: every
// Plugin a Loader returned stays in memory until gosh exits.
type Plugin struct {
	Name     string // from the file name: plugins/NAME.so or NAME.so.VERSION
	Version  string // the VERSION of a NAME.so.VERSION file, else ""
	Path     string // absolute path of the file the user named
	Report   *inspect.Report
	Commands map[string]*command.Command
	// Meta is what the plugin says about itself (optional exported
	// Version, Description and MinGoshVersion strings), as loaded.
	Meta     inspect.Meta
	LoadedAt time.Time
	Took     time.Duration // checks, copy, open and init
	// copyPath is the private copy the process maps, as gosh named it to
	// plugin.Open: the cache directory in it may be reached through
	// symbolic links, which the process's own names for the file resolve.
	copyPath string
}

// Label names this version of the plugin for people: the version it
// declares (or its file's soname version) and the start of its content hash,
// which tells two builds apart even when both claim the same version.
func (p *Plugin) Label() string {
	h := ""
	if p.Report != nil {
		h = p.Report.SHA256
	}
	if len(h) > 8 {
		h = h[:8]
	}
	switch {
	case h == "":
		return strings.TrimSpace(p.Meta.Version + " " + p.Version)
	case p.Meta.Version != "":
		return p.Meta.Version + " (" + h + ")"
	case p.Version != "":
		return p.Version + " (" + h + ")"
	}
	return h
}

// CommandNames returns the plugin's command names, sorted.
func (p *Plugin) CommandNames() []string {
	names := make([]string, 0, len(p.Commands))
	for n := range p.Commands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Result is what one Load did.
type Result struct {
	Plugin *Plugin
	// Already is true when the same content was loaded before (by this path,
	// another path, a symlink or a copy): nothing was opened and no init ran.
	Already bool
	// Ran lists the packages whose init ran during this load, in order.
	Ran []string
	// Skipped lists the plugin's packages with init work that gosh or an
	// earlier plugin had already initialized.
	Skipped []string
	// InitOrderKnown is false for a stripped plugin, whose init order cannot
	// be read.
	InitOrderKnown bool
	// Output is what the plugin's init printed (stdout, os.Stderr, log).
	Output []byte
}

// Loader loads plugins. It is safe for concurrent use; loads are serialized.
type Loader struct {
	cacheDir    string
	initTimeout time.Duration
	host        *inspect.Host
	policy      policy // perm.go
	index       *reportIndex

	mu         sync.Mutex
	probe      knownProbe
	trialCmd   []string           // Options.Trial; nil once trials cannot run
	byHash     map[string]*Plugin // content hash -> plugin
	byPlugPath map[string]*Plugin // runtime plugin path -> plugin
	failed     map[string]error   // content hash -> failure that must not be retried
	byStat     map[FileID]*Plugin // unchanged file already loaded -> plugin
	loaded     []*Plugin
	opens      chan openRequest // the opener's (opener), nil until needed
}

// New returns a Loader.
func New(opts Options) (*Loader, error) {
	l := &Loader{
		cacheDir: opts.CacheDir, initTimeout: opts.InitTimeout, host: opts.Host,
		byHash: map[string]*Plugin{}, byPlugPath: map[string]*Plugin{}, failed: map[string]error{},
		byStat:   map[FileID]*Plugin{},
		policy:   policy{insecure: opts.Insecure, warn: opts.Warn, verify: opts.Verify},
		trialCmd: opts.Trial,
	}
	if l.initTimeout <= 0 {
		l.initTimeout = DefaultInitTimeout
	}
	if l.host == nil {
		bi, ok := debug.ReadBuildInfo()
		if !ok {
			return nil, errors.New("new loader: this binary has no build information to check plugins against")
		}
		l.host = inspect.HostFromBuildInfo(bi)
	}
	if l.cacheDir == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return nil, fmt.Errorf("new loader: no cache directory for plugin copies: %w (set XDG_CACHE_HOME)", err)
		}
		l.cacheDir = filepath.Join(dir, "gosh", "plugins")
	}
	l.index = &reportIndex{path: filepath.Join(l.cacheDir, "index")}
	return l, nil
}

// PreloadIndex starts reading the plugin index on a goroutine of its own, so
// that the first load does not wait for the read: for a shell that is about
// to load its plugins.
func (l *Loader) PreloadIndex() { go l.index.preload() }

// Supported reports whether this binary can load plugins at all.
func Supported() bool { return pluginSupport }

// Host returns the build that plugins are checked against.
func (l *Loader) Host() *inspect.Host { return l.host }

// Plugins returns the loaded plugins in load order.
func (l *Loader) Plugins() []*Plugin {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]*Plugin(nil), l.loaded...)
}

// Error is a refused or failed load.
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string {
	var fe *inspect.FileError
	if errors.As(e.Err, &fe) && fe.Path == e.Path {
		return "load " + e.Path + ": " + fe.Detail()
	}
	return "load " + e.Path + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Inspect reads and checks the file at path without loading it, including
// the checks against the packages already in this process.
func (l *Loader) Inspect(path string) (*inspect.Report, []inspect.Problem, error) {
	r, _, err := inspect.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	ps := r.Check(l.host)
	ps = append(ps, l.processProblems(r)...)
	return r, ps, nil
}

// Load checks the plugin file at path and loads it, unless the same content
// is loaded already. ctx cancels waiting for the plugin's init (the init
// itself cannot be stopped).
func (l *Loader) Load(ctx context.Context, path string) (*Result, error) {
	start := time.Now()
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	if !pluginSupport {
		return nil, &Error{Path: path, Err: ErrNoPluginSupport}
	}
	id, fi, idOK := identify(path)
	if err := l.checkPath(path, id, fi, idOK); err != nil {
		return nil, &Error{Path: path, Err: err}
	}
	if idOK {
		l.mu.Lock()
		p := l.byStat[id]
		l.mu.Unlock()
		if p != nil {
			// The very file loaded before, unchanged: answer without reading
			// it, so that repeated loads cost nothing and allocate nothing.
			return &Result{Plugin: p, Already: true, InitOrderKnown: true}, nil
		}
	}
	var rep *inspect.Report
	var data []byte        // nil when the report comes from the index
	var copyUsed time.Time // when the intact copy was last used
	tried := false         // the index knows that the file passed a trial
	if idOK && id.settled(start) {
		rep, tried = l.index.get(id)
		if rep != nil {
			var intact bool
			if copyUsed, intact = l.copyIntact(rep); !intact {
				rep = nil
			}
		}
	}
	if rep == nil {
		var err error
		if rep, data, err = inspect.ReadFile(path); err != nil {
			return nil, &Error{Path: path, Err: err}
		}
	}
	rep.Path = path
	if err := l.policy.checkContent(path, rep.SHA256); err != nil {
		return nil, &Error{Path: path, Err: err}
	}
	name, soVersion, ok := inspect.Name(path)
	if !ok {
		name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}

	l.mu.Lock()
	defer l.mu.Unlock()
	if p := l.byHash[rep.SHA256]; p != nil {
		if idOK && id.settled(time.Now()) {
			l.byStat[id] = p
		}
		return &Result{Plugin: p, Already: true, InitOrderKnown: true}, nil
	}
	if err := l.failed[rep.SHA256]; err != nil {
		return nil, &Error{Path: path, Err: fmt.Errorf("%w (this content failed before; gosh will not try it again until it restarts)", err)}
	}
	if ps := rep.Check(l.host); len(ps) > 0 {
		return nil, &Error{Path: path, Err: problemsError(ps)}
	}
	if ps := l.processProblems(rep); len(ps) > 0 {
		return nil, &Error{Path: path, Err: problemsError(ps)}
	}
	if !rep.HasExport("Commands") && rep.PluginPath != "" {
		return nil, &Error{Path: path, Err: fmt.Errorf("no exported Commands variable: a gosh plugin declares var Commands = map[string]*command.Command{...} in its main package (exported names: %s)", exportList(rep.Exports))}
	}

	copyPath := l.copyPath(rep.SHA256)
	wrote := false // a new copy, whose modification time is now
	if data != nil {
		var err error
		if wrote, copyUsed, err = l.privateCopy(rep.SHA256, data); err != nil {
			return nil, &Error{Path: path, Err: err}
		}
		if wrote {
			l.pruneCache() // the cache grew
		}
	}
	res := &Result{InitOrderKnown: rep.InitOrder != nil || !rep.Stripped}
	triedNow := false // a trial ran and passed: the index is told
	if !tried && l.trialCmd != nil {
		out, err := l.trial(ctx, copyPath)
		switch {
		case errors.Is(err, errNoTrial):
			// Loaded as without trials, and tried again next time.
			// It would fail the same way: no more tries, one warning.
			l.trialCmd = nil
			if l.policy.warn != nil {
				l.policy.warn(fmt.Sprintf("cannot try plugins in a separate process (%v): loading them without a trial, so an init that exits ends gosh", err))
			}
		case err != nil:
			// Not remembered in l.failed: nothing ran in gosh, and what
			// made the init fail (a missing file, say) may be mended.
			res.Output = out
			return res, &Error{Path: path, Err: err}
		default:
			triedNow = true
		}
	}
	for _, pkg := range rep.InitOrder {
		if l.probe.initState(pkg) == initDone {
			res.Skipped = append(res.Skipped, pkg)
		} else {
			res.Ran = append(res.Ran, pkg)
		}
	}
	p, out, err := l.open(ctx, copyPath, rep)
	res.Output = out
	if err != nil {
		l.failed[rep.SHA256] = err
		return res, &Error{Path: path, Err: err}
	}
	cmds, err := commandsOf(p)
	if err != nil {
		l.failed[rep.SHA256] = err
		return res, &Error{Path: path, Err: err}
	}
	if !wrote && start.Sub(copyUsed) > copyUseGrain {
		// The copy was used now: the cache keeps recently used copies
		// (prune.go). A zero access time leaves it as it is.
		os.Chtimes(copyPath, time.Time{}, time.Now())
	}
	meta := metaOf(p, rep.Meta)
	if err := l.checkGoshVersion(meta); err != nil {
		// Known only now, from a value the plugin's init computed: the
		// code is in memory, but its commands are not used.
		err = fmt.Errorf("%w; its init ran, and its code stays in memory until gosh exits", err)
		l.failed[rep.SHA256] = err
		return res, &Error{Path: path, Err: err}
	}
	pl := &Plugin{Name: name, Version: soVersion, Path: path, Report: rep, Commands: cmds, Meta: meta, LoadedAt: start, Took: time.Since(start), copyPath: copyPath}
	l.byHash[rep.SHA256] = pl
	if idOK && id.settled(time.Now()) {
		l.byStat[id] = pl
		if data != nil || triedNow {
			l.index.put(id, rep, tried || triedNow)
		}
	}
	if rep.PluginPath != "" {
		l.byPlugPath[rep.PluginPath] = pl
	}
	l.loaded = append(l.loaded, pl)
	res.Plugin = pl
	return res, nil
}

func exportList(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// processProblems compares the plugin with what the process already holds.
func (l *Loader) processProblems(rep *inspect.Report) []inspect.Problem {
	var ps []inspect.Problem
	if old := l.byPlugPath[rep.PluginPath]; old != nil && rep.PluginPath != "" && old.Report.SHA256 != rep.SHA256 {
		ps = append(ps, inspect.Problem{
			What: fmt.Sprintf("another build of the plugin package %s is loaded already (from %s): it was built from its package path, which every build shares, and Go cannot load two builds of one package into a process; the loaded version keeps working", rep.PluginPath, old.Path),
			Fix:  "build it with gosh build (or make), whose builds can be reloaded, or restart gosh",
		})
		return ps
	}
	// Every package outside the standard library is asked about. The
	// standard library comes from one GOROOT, which the Go version and
	// build settings already pin: "runtime" stands for all of it (another
	// GOROOT of the same release differs there too), which saves some
	// hundred lookups per load. Should another standard package still
	// differ, plugin.Open refuses it with an error that translate explains.
	pkgs := make([]string, 0, len(rep.PkgHashes))
	for pkg := range rep.PkgHashes {
		if !inspect.IsStandard(pkg) || pkg == "runtime" {
			pkgs = append(pkgs, pkg)
		}
	}
	sort.Strings(pkgs)
	for _, pkg := range pkgs {
		have := l.probe.pkgHash(pkg)
		if have != "" && have != rep.PkgHashes[pkg] && pkg != rep.PluginPath {
			if owner := l.ownerOf(pkg); owner != nil {
				ps = append(ps, inspect.Problem{
					What: fmt.Sprintf("package %s changed since plugin %s (%s) loaded it: a reload can replace a plugin's main package, never a package it imports, because Go cannot load two versions of one package; the loaded version keeps working", pkg, owner.Name, owner.Path),
					Fix:  "restart gosh to use the new code",
				})
				break
			}
			p := rep.ExplainMismatch(pkg, l.host)
			ps = append(ps, inspect.Problem{What: "plugin was built with a different version of package " + pkg + ": " + p.What, Fix: p.Fix})
			break // one is enough: the runtime stops at the first, and the cause is shared
		}
	}
	for _, pkg := range rep.InitOrder {
		if l.probe.initState(pkg) == initRunning {
			ps = append(ps, inspect.Problem{
				What: fmt.Sprintf("package %s, which this plugin shares with an earlier plugin, never finished its init (it panicked or hangs); loading it would kill gosh", pkg),
				Fix:  "restart gosh, then load a plugin whose init works",
			})
		}
	}
	return ps
}

// ownerOf returns the loaded plugin that brought package pkg into the
// process, or nil when gosh itself holds it.
func (l *Loader) ownerOf(pkg string) *Plugin {
	file := l.probe.pkgFile(pkg)
	if file == "" {
		return nil
	}
	// The dynamic linker names the file by its real path, and the copy's
	// directory may be reached through symbolic links: resolve it, as
	// plugin.Open did (the copy itself may be gone by now, pruned by
	// another gosh). Only a refused load asks, so a load pays nothing.
	realDirs := map[string]string{}
	for _, p := range l.loaded {
		if realPath(p.copyPath, realDirs) == file {
			return p
		}
	}
	return nil
}

func problemsError(ps []inspect.Problem) error {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.What)
		if p.Fix != "" {
			b.WriteString(" (fix: " + p.Fix + ")")
		}
	}
	return errors.New(b.String())
}

// copyPath is where the private copy of the content with this hash lives.
func (l *Loader) copyPath(hash string) string {
	return filepath.Join(l.cacheDir, hash+".so")
}

// copyUseGrain is how precisely the cache records when a copy was last
// used: a copy used within it is not touched again, which saves a load a
// system call, while pruning (keepFor) counts in days.
const copyUseGrain = time.Hour

// copyIntact reports whether the private copy of r's content is there with
// the right size, so that the index's report can stand for it, and when
// the copy was last used.
func (l *Loader) copyIntact(r *inspect.Report) (used time.Time, intact bool) {
	fi, err := os.Stat(l.copyPath(r.SHA256))
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != r.Size {
		return time.Time{}, false
	}
	return fi.ModTime(), true
}

// privateCopy writes data to the cache under its hash (at copyPath), unless
// an intact copy is there, and returns whether it wrote it and, if not,
// when the copy there was last used.
func (l *Loader) privateCopy(hash string, data []byte) (wrote bool, used time.Time, err error) {
	if err := os.MkdirAll(l.cacheDir, 0o700); err != nil {
		return false, time.Time{}, fmt.Errorf("make plugin cache: %w", err)
	}
	dst := l.copyPath(hash)
	if fi, err := os.Stat(dst); err == nil && fi.Size() == int64(len(data)) {
		return false, fi.ModTime(), nil
	}
	tmp, err := os.CreateTemp(l.cacheDir, ".tmp-*.so")
	if err != nil {
		return false, time.Time{}, fmt.Errorf("copy plugin to cache: %w", err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return false, time.Time{}, fmt.Errorf("copy plugin to cache: %w", errors.Join(werr, cerr))
	}
	if err := os.Chmod(tmp.Name(), 0o500); err != nil {
		os.Remove(tmp.Name())
		return false, time.Time{}, fmt.Errorf("copy plugin to cache: %w", err)
	}
	// Rename, never overwrite in place: a mapped copy must not change under
	// the running code.
	if err := os.Rename(tmp.Name(), dst); err != nil {
		os.Remove(tmp.Name())
		return false, time.Time{}, fmt.Errorf("copy plugin to cache: %w", err)
	}
	return true, time.Time{}, nil
}

type openResult struct {
	p   *plugin.Plugin
	err error
}

// openRequest asks the opener to open a file.
type openRequest struct {
	path  string
	reply chan openResult // buffered: the opener never waits on it
}

// opener returns the channel of the goroutine that runs plugin.Open, and
// starts it if there is none. One goroutine serves every load, so that the
// stack that a plugin's open and init grow stays grown for the next one
// (a goroutine of its own for each load cost each about 2% more). When an
// init does not return, abandonOpener gives up that goroutine. (So an init
// that locks its goroutine to its thread, or changes the thread's own
// state, leaves that for the inits after it: Go gives a plugin no
// goroutine of its own to do so.) l.mu is held.
func (l *Loader) opener() chan<- openRequest {
	if l.opens == nil {
		l.opens = make(chan openRequest)
		go runOpener(l.opens)
	}
	return l.opens
}

// abandonOpener leaves the opener to the init it runs, which may never
// return; the next load starts another. l.mu is held.
func (l *Loader) abandonOpener() {
	close(l.opens) // it ends after the init, if ever
	l.opens = nil
}

// runOpener opens the files asked for until requests is closed.
func runOpener(requests <-chan openRequest) {
	for req := range requests {
		req.reply <- openRecovering(req.path)
	}
}

// openRecovering runs plugin.Open, turning a panic in the plugin's init
// into an *InitPanicError.
func openRecovering(path string) (r openResult) {
	defer func() {
		if v := recover(); v != nil {
			r = openResult{err: &InitPanicError{Value: fmt.Sprint(v)}}
		}
	}()
	p, err := plugin.Open(path)
	return openResult{p: p, err: err}
}

// open runs plugin.Open on the checked copy, with the init time limit and
// output capture. l.mu is held.
func (l *Loader) open(ctx context.Context, copyPath string, rep *inspect.Report) (*plugin.Plugin, []byte, error) {
	capt, err := startCapture()
	if err != nil {
		return nil, nil, fmt.Errorf("capture init output: %w", err)
	}
	done := make(chan openResult, 1)
	l.opener() <- openRequest{path: copyPath, reply: done}
	timer := time.NewTimer(l.initTimeout)
	defer timer.Stop()
	select {
	case r := <-done:
		out := capt.stop()
		if r.err != nil {
			var ip *InitPanicError
			if errors.As(r.err, &ip) {
				return nil, out, r.err
			}
			return nil, out, l.translate(r.err, rep)
		}
		return r.p, out, nil
	case <-timer.C:
		out := capt.stop()
		l.abandonOpener()
		return nil, out, fmt.Errorf("init did not return within %s; it goes on in the background, and its commands are not available (fix: make init return quickly, or raise --init-timeout)", l.initTimeout)
	case <-ctx.Done():
		out := capt.stop()
		l.abandonOpener()
		return nil, out, fmt.Errorf("interrupted while the plugin's init was running; it goes on in the background, and its commands are not available")
	}
}

// InitPanicError reports a panic in a plugin's init.
type InitPanicError struct {
	Value string
	// Trial: the init panicked in a trial load (trial.go), and gosh did
	// not load the plugin.
	Trial bool
}

func (e *InitPanicError) Error() string {
	if e.Trial {
		return "init panicked: " + e.Value + ", in a trial in a separate process; gosh did not load it (fix: make the plugin's init succeed)"
	}
	return "init panicked: " + e.Value + " (fix: make the plugin's init succeed; the runtime cannot run a failed init again, so gosh remembers this failure until it restarts)"
}

// translate explains an error from plugin.Open in terms of its cause.
func (l *Loader) translate(err error, rep *inspect.Report) error {
	msg := err.Error()
	const diffPkg = "plugin was built with a different version of package "
	if i := strings.Index(msg, diffPkg); i >= 0 {
		pkg := strings.TrimSpace(msg[i+len(diffPkg):])
		p := rep.ExplainMismatch(pkg, l.host)
		return fmt.Errorf("%s%s: %s (fix: %s)", diffPkg, pkg, p.What, p.Fix)
	}
	if strings.Contains(msg, "plugin already loaded") {
		return fmt.Errorf("the runtime already holds a plugin with the path %q: another build of the same package was loaded; Go cannot load two builds of one package (fix: restart gosh)", rep.PluginPath)
	}
	if i := strings.Index(msg, "): "); i >= 0 {
		msg = msg[i+3:]
	}
	return fmt.Errorf("the Go runtime refused it: %s", msg)
}
