package interp

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/gosh-shell/gosh/shell/inspect"
	"github.com/gosh-shell/gosh/shell/loader"
)

// pluginBook is the shell's record of where its plugins came from and which
// were unloaded. Loads, reloads and unloads hold mu, so that a watch-mode
// reload and one the user typed never interleave.
type pluginBook struct {
	mu sync.Mutex
	// origins maps a plugin name to what it was loaded from: the directory
	// it was found in (a reload looks there again, so that a NAME.so link
	// re-pointed to another NAME.so.VERSION is followed) or the file named.
	origins map[string]string
	// unloaded holds the plugins taken away by :unload; their code stays.
	unloaded map[string]*loader.Plugin
	// notify receives the reports of watch-mode reloads; nil means the
	// shell's stderr. The interactive loop sets a writer that prints above
	// the line being typed and redraws it.
	notify  io.Writer
	watcher *watcher
}

// reporter is where one load's report and errors go.
type reporter struct {
	w      io.Writer
	errorf func(format string, args ...any)
	report bool // print the report of a successful load, not only errors
	// reload words the report of an unchanged file as a reload's.
	reload bool
	// quietUnchanged prints nothing for a file that did not change (a
	// watch poll or a :reload of every plugin).
	quietUnchanged bool
}

// userReporter reports to w, with error lines as the shell prints them.
func (s *Shell) userReporter(w io.Writer, report bool) reporter {
	return reporter{w: w, report: report, errorf: func(format string, args ...any) { s.errorTo(w, format, args...) }}
}

// SetNotify sets where reports of watch-mode reloads go (see Options).
func (s *Shell) SetNotify(w io.Writer) {
	s.plugins.mu.Lock()
	defer s.plugins.mu.Unlock()
	s.plugins.notify = w
}

// LoadPath loads one plugin file, or every plugin of a directory, reporting
// each load when report is true and every failure always, to the shell's
// stderr. It returns the number of failures.
func (s *Shell) LoadPath(ctx context.Context, path string, report bool) int {
	s.plugins.mu.Lock()
	defer s.plugins.mu.Unlock()
	return s.loadPath(ctx, path, s.userReporter(s.stderr, report), false)
}

// loadPath is LoadPath with plugins.mu held; emptyDirIsError makes a
// directory with no plugin files a failure (:load), not nothing to do (the
// plugin path at start).
func (s *Shell) loadPath(ctx context.Context, path string, r reporter, emptyDirIsError bool) int {
	if s.loader == nil {
		r.errorf("load %s: this shell has no plugin loader", path)
		return 1
	}
	if files, isDir, err := PluginFiles(path); isDir {
		if err != nil {
			r.errorf("load %s: %v", path, err)
			return 1
		}
		if len(files) == 0 && emptyDirIsError {
			r.errorf("load %s: no plugin files (NAME.so or NAME.so.VERSION) in this directory", path)
			return 1
		}
		failed := 0
		for _, f := range files {
			failed += s.loadFile(ctx, f, path, r)
		}
		return failed
	}
	return s.loadFile(ctx, path, path, r)
}

// loadFile loads one plugin file found through origin (a directory or the
// file itself) and puts its commands in place of those of the plugin's
// earlier version, if any, in one step. plugins.mu is held.
func (s *Shell) loadFile(ctx context.Context, path, origin string, r reporter) int {
	// A load captures the process's output while the plugin's init runs:
	// what waits in the output buffer must not be written into it
	// (:load, :reload and watch-mode reloads all come here).
	s.FlushOutput()
	res, err := s.loader.Load(ctx, path)
	if err != nil {
		if res != nil && len(res.Output) > 0 {
			writeIndented(r.w, res.Output)
		}
		r.errorf("%v", err)
		return 1
	}
	p := res.Plugin
	active := s.reg.Get(p.Name)
	before := active
	if before == nil {
		before = s.plugins.unloaded[p.Name]
	}
	oldOrigin := s.plugins.origins[p.Name]
	if active == p {
		switch {
		case r.quietUnchanged || !r.report:
		case r.reload:
			fmt.Fprintf(r.w, "plugin %s: unchanged since it was loaded (%s); nothing to reload\n", p.Name, p.Label())
		default:
			fmt.Fprintf(r.w, "plugin %s: already loaded from %s; no init ran, nothing changed\n", p.Name, p.Path)
		}
		return 0
	}
	delete(s.plugins.unloaded, p.Name)
	s.plugins.origins[p.Name] = origin
	clashes := s.reg.Add(p)
	isReload := before != nil && (before.Path == p.Path || oldOrigin == origin)
	switch {
	case !r.report:
	case res.Already && before == p:
		fmt.Fprintf(r.w, "plugin %s: enabled again (%s, still in memory); no init ran\n", p.Name, p.Label())
	case res.Already && before != nil:
		fmt.Fprintf(r.w, "plugin %s: switched back to %s, still in memory from an earlier load; no init ran\n", p.Name, p.Label())
		fmt.Fprintf(r.w, "  commands: %s\n", describeChanges(before, p))
	case res.Already:
		fmt.Fprintf(r.w, "plugin %s: already loaded from %s; no init ran, nothing changed\n", p.Name, p.Path)
	case isReload:
		writeReloadReport(r.w, before, res)
	default:
		writeLoadReport(r.w, res)
	}
	// A new build of the same file replacing the old one is what the user
	// asked for; another file of the same name silently taking away the
	// commands of the first (two directories of the plugin path each with
	// a tools.so) is not.
	if before != nil && !isReload {
		r.errorf("plugin %s from %s replaces the one from %s, whose commands are gone (rename one of the files to keep both)", p.Name, p.Path, before.Path)
	}
	for _, c := range clashes {
		r.errorf("command %s is in plugins %s and %s: %s runs %s.%s; use %s.%s for the other", c.Name, c.Winner, c.Loser, c.Name, c.Winner, c.Name, c.Loser, c.Name)
	}
	return 0
}

// writeReloadReport prints what a reload did: the old and new version, the
// init that ran, and which commands came, went and stayed.
func writeReloadReport(w io.Writer, old *loader.Plugin, res *loader.Result) {
	p := res.Plugin
	fmt.Fprintf(w, "plugin %s reloaded: %s -> %s\n", p.Name, old.Label(), p.Label())
	writeInitReport(w, res)
	fmt.Fprintf(w, "  commands: %s\n", describeChanges(old, p))
	if size := loader.Sizes([]*loader.Plugin{old})[old]; size > 0 {
		fmt.Fprintf(w, "  the old version stays in memory (%s): Go cannot unload code\n", formatSize(size))
	}
}

// describeChanges says which commands a new version added, removed and kept.
func describeChanges(old, cur *loader.Plugin) string {
	var added, removed, kept []string
	for _, n := range cur.CommandNames() {
		if _, ok := old.Commands[n]; ok {
			kept = append(kept, n)
		} else {
			added = append(added, n)
		}
	}
	for _, n := range old.CommandNames() {
		if _, ok := cur.Commands[n]; !ok {
			removed = append(removed, n)
		}
	}
	var parts []string
	for _, g := range []struct {
		label string
		names []string
	}{{"added", added}, {"removed", removed}, {"kept", kept}} {
		if len(g.names) > 0 {
			parts = append(parts, g.label+" "+strings.Join(g.names, " "))
		}
	}
	return strings.Join(parts, "; ")
}

// formatSize prints a byte count for people: 6.2 MB.
func formatSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// finder finds the files plugins reload from (fileOf), reading each plugin
// directory once however many of its plugins it is asked about: a watch
// poll and a :reload of everything ask about all of them.
type finder struct {
	origins map[string]string
	dirs    map[string]dirListing
}

type dirListing struct {
	files []string
	isDir bool
	err   error
}

// fileFinder returns a finder for one pass over the plugins. plugins.mu is
// held while it is used.
func (s *Shell) fileFinder() *finder {
	return &finder{origins: s.plugins.origins, dirs: map[string]dirListing{}}
}

// fileOf returns the file a reload of the plugin called name reads: the
// file it was loaded from, or, for a plugin found in a directory, the file
// that directory now offers for that name.
func (f *finder) fileOf(name string) (string, error) {
	origin, ok := f.origins[name]
	if !ok {
		return "", fmt.Errorf("no plugin %s is loaded (:plugins lists them)", name)
	}
	l, seen := f.dirs[origin]
	if !seen {
		l.files, l.isDir, l.err = PluginFiles(origin)
		f.dirs[origin] = l
	}
	files, isDir, err := l.files, l.isDir, l.err
	if !isDir {
		return origin, nil
	}
	if err != nil {
		return "", err
	}
	for _, f := range files {
		if n, _, ok := inspect.Name(f); ok && n == name {
			return f, nil
		}
	}
	return "", fmt.Errorf("plugin %s: %s has no file for it any more (NAME.so or NAME.so.VERSION)", name, origin)
}

// reloadTarget tells a plugin name from a file path in :reload's arguments:
// a word with a slash, or that names an existing file, is a path (relative
// to the call's directory, as for :load).
func (s *Shell) reloadTarget(call *command.Call, arg string) (path string, isName bool) {
	if !strings.ContainsRune(arg, '/') {
		if _, ok := s.plugins.origins[arg]; ok {
			return arg, true
		}
		if _, err := os.Stat(call.Path(arg)); err != nil {
			return arg, true
		}
	}
	return call.Path(arg), false
}

// pluginNames returns the names of the registered and unloaded plugins.
func (s *Shell) pluginNames() []string {
	var names []string
	for _, p := range s.reg.Plugins() {
		names = append(names, p.Name)
	}
	for n := range s.plugins.unloaded {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// unloadedPluginWith returns the name of an unloaded plugin that has the
// command name (bare or PLUGIN.NAME), or "".
func (s *Shell) unloadedPluginWith(name string) string {
	s.plugins.mu.Lock()
	defer s.plugins.mu.Unlock()
	for _, pname := range slices.Sorted(maps.Keys(s.plugins.unloaded)) {
		p := s.plugins.unloaded[pname]
		if _, ok := p.Commands[name]; ok {
			return pname
		}
		if cmd, ok := strings.CutPrefix(name, pname+"."); ok && p.Commands[cmd] != nil {
			return pname
		}
	}
	return ""
}
