package interp

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/gosh-shell/gosh/shell/loader"
)

// The meta commands that load, reload, unload, list and watch plugins.

func (s *Shell) pluginsCommand() *command.Command {
	return &command.Command{
		Summary: "list plugins: version, file, commands, and the old versions still in memory",
		Run:     s.metaPlugins,
	}
}

func (s *Shell) loadCommand() *command.Command {
	return &command.Command{
		Summary: "load plugin files (PATH.so) or every plugin in a directory; a changed file is reloaded",
		Usage:   "PATH...",
		Run:     s.metaLoad,
	}
}

func (s *Shell) reloadCommand() *command.Command {
	return &command.Command{
		Summary: "load the new build of plugins whose file changed (all of them, or those named)",
		Usage:   "[NAME|PATH...]",
		Help: "A reload loads the plugin's file again and, if its content changed, switches the\n" +
			"plugin's commands to the new version in one step; a command already running\n" +
			"finishes on the old code. Only the plugin's main package can change: if a\n" +
			"package it imports changed, the reload is refused and the old version keeps\n" +
			"working until gosh restarts. Old versions stay in memory (Go cannot unload code).",
		Run:      s.metaReload,
		Complete: func(command.Env, []string, string) []string { return s.PluginNames() },
	}
}

func (s *Shell) unloadCommand() *command.Command {
	return &command.Command{
		Summary: "remove a plugin's commands (its code stays in memory); :load or :reload brings them back",
		Usage:   "NAME...",
		Run:     s.metaUnload,
		Complete: func(command.Env, []string, string) []string {
			var names []string
			for _, p := range s.reg.Plugins() {
				names = append(names, p.Name)
			}
			return names
		},
	}
}

func (s *Shell) watchCommand() *command.Command {
	return &command.Command{
		Summary: "reload plugins by themselves when their files change (on, off, or show the state)",
		Usage:   "[on|off]",
		Run:     s.metaWatch,
		Complete: func(_ command.Env, args []string, _ string) []string {
			if len(args) > 0 {
				return nil
			}
			return []string{"on", "off"}
		},
	}
}

func (s *Shell) metaLoad(ctx context.Context, call *command.Call) error {
	if len(call.Args) == 0 {
		return command.Usagef("name at least one plugin file or directory")
	}
	s.plugins.mu.Lock()
	defer s.plugins.mu.Unlock()
	r := s.userReporter(call.Stderr, !s.quiet)
	failed := 0
	for _, arg := range call.Args {
		failed += s.loadPath(ctx, call.Path(arg), r, true)
	}
	if failed > 0 {
		return command.ExitStatus(1)
	}
	return nil
}

func (s *Shell) metaReload(ctx context.Context, call *command.Call) error {
	s.plugins.mu.Lock()
	defer s.plugins.mu.Unlock()
	r := s.userReporter(call.Stderr, !s.quiet)
	r.reload = true
	if s.loader == nil {
		r.errorf("reload: this shell has no plugin loader")
		return command.ExitStatus(1)
	}
	failed := 0
	files := s.fileFinder() // each plugin directory read once
	if len(call.Args) == 0 {
		// Every plugin whose file changed; quiet about the others.
		r.quietUnchanged = true
		before := s.reg.Plugins() // the active versions, to tell whether anything changed
		for _, p := range before {
			path, err := files.fileOf(p.Name)
			if err != nil {
				r.errorf("reload %s: %v", p.Name, err)
				failed++
				continue
			}
			failed += s.loadFile(ctx, path, s.plugins.origins[p.Name], r)
		}
		if failed == 0 && !s.quiet && slices.Equal(s.reg.Plugins(), before) {
			fmt.Fprintln(call.Stderr, "nothing to reload: no plugin file changed")
		}
	}
	for _, arg := range call.Args {
		target, isName := s.reloadTarget(call, arg)
		if !isName {
			failed += s.loadFile(ctx, target, target, r)
			continue
		}
		path, err := files.fileOf(target)
		if err != nil {
			if sug := Suggest(target, s.pluginNames()); sug != "" && sug != target {
				err = fmt.Errorf("%w (did you mean %s?)", err, sug)
			}
			r.errorf("reload %s: %v", target, err)
			failed++
			continue
		}
		failed += s.loadFile(ctx, path, s.plugins.origins[target], r)
	}
	if failed > 0 {
		return command.ExitStatus(1)
	}
	return nil
}

// PluginNames returns the names of the loaded plugins, unloaded ones too,
// sorted.
func (s *Shell) PluginNames() []string {
	s.plugins.mu.Lock()
	defer s.plugins.mu.Unlock()
	return s.pluginNames()
}

func (s *Shell) metaUnload(_ context.Context, call *command.Call) error {
	if len(call.Args) == 0 {
		return command.Usagef("name at least one plugin to unload; :plugins lists them")
	}
	s.plugins.mu.Lock()
	defer s.plugins.mu.Unlock()
	failed := 0
	for _, name := range call.Args {
		if s.plugins.unloaded[name] != nil {
			s.errorTo(call.Stderr, "unload %s: it is unloaded already (:load or :reload %s brings it back)", name, name)
			failed++
			continue
		}
		p := s.reg.Remove(name)
		if p == nil {
			msg := fmt.Sprintf("unload %s: no plugin %s is loaded (:plugins lists them)", name, name)
			if sug := Suggest(name, s.pluginNames()); sug != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", sug)
			}
			s.errorTo(call.Stderr, "%s", msg)
			failed++
			continue
		}
		s.plugins.unloaded[name] = p
		if !s.quiet {
			size := loader.Sizes([]*loader.Plugin{p})[p]
			fmt.Fprintf(call.Stderr, "plugin %s unloaded: its commands %s are gone; its code stays in memory (%s), as Go cannot unload code; :reload %s brings them back without running init\n",
				name, strings.Join(p.CommandNames(), " "), formatSize(size), name)
		}
	}
	if failed > 0 {
		return command.ExitStatus(1)
	}
	return nil
}

func (s *Shell) metaPlugins(_ context.Context, call *command.Call) error {
	if len(call.Args) > 0 {
		return command.Usagef("no arguments expected")
	}
	s.plugins.mu.Lock()
	defer s.plugins.mu.Unlock()
	writePlugins(call.Stdout, s.reg.Plugins(), s.residentPlugins(), s.plugins.unloaded)
	return nil
}

// residentPlugins returns every plugin version in memory, in load order.
func (s *Shell) residentPlugins() []*loader.Plugin {
	if s.loader == nil {
		return nil
	}
	return s.loader.Plugins()
}

// writePlugins lists the active plugins, each with its versions still in
// memory, then the unloaded ones, and what the stale versions hold.
func writePlugins(w io.Writer, active, resident []*loader.Plugin, unloaded map[string]*loader.Plugin) {
	if len(active) == 0 && len(unloaded) == 0 {
		fmt.Fprintln(w, "no plugins loaded")
		return
	}
	sizes := loader.Sizes(resident)
	isActive := map[*loader.Plugin]bool{}
	for _, p := range active {
		isActive[p] = true
	}
	var stale int64
	staleCount := 0
	describe := func(p *loader.Plugin, state string) {
		fmt.Fprintf(w, "%s %s%s: %s\n", p.Name, p.Label(), state, strings.Join(p.CommandNames(), " "))
		if p.Meta.Description != "" {
			fmt.Fprintf(w, "  %s\n", p.Meta.Description)
		}
		fmt.Fprintf(w, "  %s\n", p.Path)
		fmt.Fprintf(w, "  loaded %s in %s, %s\n", p.LoadedAt.Format("15:04:05"), p.Took.Round(10*time.Microsecond), formatSize(sizes[p]))
		for _, old := range resident {
			if old.Name != p.Name || old == p || isActive[old] {
				continue
			}
			fmt.Fprintf(w, "  old version %s, loaded %s, %s still in memory\n", old.Label(), old.LoadedAt.Format("15:04:05"), formatSize(sizes[old]))
			stale += sizes[old]
			staleCount++
		}
	}
	for _, p := range active {
		describe(p, "")
	}
	for _, name := range slices.Sorted(maps.Keys(unloaded)) {
		p := unloaded[name]
		describe(p, " (unloaded)")
		stale += sizes[p]
		staleCount++
	}
	if staleCount > 0 {
		fmt.Fprintf(w, "%d stale %s %s %s of memory until gosh exits (Go cannot unload code)\n",
			staleCount, plural(staleCount, "version", "versions"), plural(staleCount, "holds", "hold"), formatSize(stale))
	}
}

func (s *Shell) metaWatch(_ context.Context, call *command.Call) error {
	switch {
	case len(call.Args) > 1:
		return command.Usagef("too many arguments")
	case len(call.Args) == 0:
		if s.Watching() {
			fmt.Fprintf(call.Stdout, "watch is on: plugins reload when their files change (every %s)\n", s.watchInterval)
		} else {
			fmt.Fprintln(call.Stdout, "watch is off (:watch on reloads plugins when their files change)")
		}
		return nil
	case call.Args[0] == "on":
		s.StartWatch()
		if !s.quiet {
			watched := strings.Join(s.PluginNames(), " ")
			if watched == "" {
				watched = "none loaded yet"
			}
			fmt.Fprintf(call.Stderr, "watch is on: a plugin reloads when its file changes (%s)\n", watched)
		}
		return nil
	case call.Args[0] == "off":
		s.StopWatch()
		if !s.quiet {
			fmt.Fprintln(call.Stderr, "watch is off")
		}
		return nil
	}
	return command.Usagef("%q is neither on nor off", call.Args[0])
}
