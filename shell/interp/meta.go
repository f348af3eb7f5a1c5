package interp

import (
	"context"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/gosh-shell/gosh/shell/inspect"
	"github.com/gosh-shell/gosh/shell/internal/minijson"
	"github.com/spf13/pflag"
)

// metaCommands returns gosh's own commands. They start with ':' so that no
// plugin can shadow them (command.ValidName refuses such names).
func (s *Shell) metaCommands() map[string]*command.Command {
	return map[string]*command.Command{
		":help": {
			Summary: "list commands, or show the usage and flags of one",
			Usage:   "[NAME]",
			Run:     s.metaHelp,
		},
		":inspect": {
			Summary: "check a plugin file without loading it: build, modules, init order, verdict",
			Usage:   "[--json] PATH...",
			Flags:   func(fs *pflag.FlagSet) { fs.Bool("json", false, "print the report as JSON") },
			Run:     s.metaInspect,
		},
		":trust": s.trustCommand(), ":untrust": s.untrustCommand(), // meta_trust.go
		":plugins": s.pluginsCommand(), ":load": s.loadCommand(), // meta_plugins.go
		":reload": s.reloadCommand(), ":unload": s.unloadCommand(), ":watch": s.watchCommand(),
		":exit": {
			Summary: "leave gosh with status CODE (default: the last command's)",
			Usage:   "[CODE]",
			Run:     s.metaExit,
		},
	}
}

func (s *Shell) metaExit(_ context.Context, call *command.Call) error {
	code := s.status
	switch len(call.Args) {
	case 0:
	case 1:
		n, err := strconv.Atoi(call.Args[0])
		if err != nil || n < 0 || n > 255 {
			return command.Usagef("exit code %q is not a number from 0 to 255", call.Args[0])
		}
		code = n
	default:
		return command.Usagef("too many arguments")
	}
	s.exited = true
	return command.ExitStatus(code)
}

func (s *Shell) metaHelp(_ context.Context, call *command.Call) error {
	w := call.Stdout
	if len(call.Args) > 1 {
		return command.Usagef("too many arguments")
	}
	if len(call.Args) == 1 {
		name := call.Args[0]
		c, ok := s.Command(name)
		if !ok {
			msg := fmt.Sprintf("no command %s", name)
			if sug := Suggest(name, append(s.reg.Names(), s.MetaNames()...)); sug != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", sug)
			}
			return fmt.Errorf("%s", msg)
		}
		fs, err := NewFlagSet(name, c)
		if err != nil {
			return err
		}
		if e, ok := s.reg.Lookup(name); ok && !strings.HasPrefix(name, ":") {
			defer fmt.Fprintf(w, "\nfrom plugin %s\n", e.Plugin)
		}
		WriteHelp(w, name, c, fs)
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "gosh commands:")
	for _, n := range s.MetaNames() {
		fmt.Fprintf(tw, "  %s\t%s\n", n, s.meta[n].Summary)
	}
	for _, p := range s.reg.Plugins() {
		fmt.Fprintf(tw, "\nplugin %s:\n", p.Name)
		for _, n := range p.CommandNames() {
			label := n
			if e, _ := s.reg.Lookup(n); e.Plugin != p.Name {
				label = p.Name + "." + n
			}
			fmt.Fprintf(tw, "  %s\t%s\n", label, p.Commands[n].Summary)
		}
	}
	if len(s.reg.Plugins()) == 0 {
		fmt.Fprintln(tw, "\nno plugins loaded: :load PATH, or start gosh with --plugins DIR")
	}
	fmt.Fprintln(tw, "\n:help NAME or NAME --help shows a command's usage and flags.")
	return tw.Flush()
}

// inspectJSON is the --json form of :inspect and gosh inspect.
type inspectJSON struct {
	Path       string            `json:"path"`
	Error      string            `json:"error,omitempty"`
	SHA256     string            `json:"sha256,omitempty"`
	GoVersion  string            `json:"go_version,omitempty"`
	MainPath   string            `json:"main_package,omitempty"`
	PluginPath string            `json:"plugin_path,omitempty"`
	Modules    []moduleJSON      `json:"modules,omitempty"`
	Settings   map[string]string `json:"settings,omitempty"`
	InitOrder  []string          `json:"init_order,omitempty"`
	Exports    []string          `json:"exports,omitempty"`
	Meta       *inspect.Meta     `json:"meta,omitempty"`
	Commands   []string          `json:"commands,omitempty"` // only for a loaded plugin
	Loadable   bool              `json:"loadable"`
	Problems   []inspect.Problem `json:"problems,omitempty"`
}

type moduleJSON struct {
	Path    string `json:"path"`
	Version string `json:"version"`
	Sum     string `json:"sum,omitempty"`
	Replace string `json:"replace,omitempty"`
}

// jsonReport returns the --json report on the plugin file at path: the
// loader's report r (nil if it failed, with err), and the problems ps.
func (s *Shell) jsonReport(path string, r *inspect.Report, ps []inspect.Problem, err error) *inspectJSON {
	j := &inspectJSON{Path: path, Loadable: err == nil && len(ps) == 0, Problems: ps}
	if err != nil {
		j.Error = err.Error()
	}
	if r == nil {
		return j
	}
	j.Commands = s.loadedCommands(r.SHA256)
	j.SHA256, j.GoVersion, j.MainPath, j.PluginPath = r.SHA256, r.GoVersion, r.MainPath, r.PluginPath
	j.Settings, j.InitOrder, j.Exports = r.Settings, r.InitOrder, r.Exports
	if r.Meta != (inspect.Meta{}) {
		j.Meta = &r.Meta
	}
	for _, d := range r.Deps {
		m := moduleJSON{Path: d.Path, Version: d.Version, Sum: d.Sum}
		if d.Replace != nil {
			m.Replace = strings.TrimSpace(d.Replace.Path + " " + d.Replace.Version)
		}
		j.Modules = append(j.Modules, m)
	}
	return j
}

// encode returns j as encoding/json's Encoder writes it after SetIndent("",
// "  "): the fields in order, named by their tags, those tagged omitempty
// left out when empty, map keys sorted. (gosh does not link encoding/json:
// see package minijson. TestInspectJSON compares the two.)
func (j *inspectJSON) encode() []byte {
	w := minijson.NewWriter("  ")
	w.BeginObject()
	stringField(w, "path", j.Path, false)
	stringField(w, "error", j.Error, true)
	stringField(w, "sha256", j.SHA256, true)
	stringField(w, "go_version", j.GoVersion, true)
	stringField(w, "main_package", j.MainPath, true)
	stringField(w, "plugin_path", j.PluginPath, true)
	objectsField(w, "modules", j.Modules, func(m moduleJSON) {
		stringField(w, "path", m.Path, false)
		stringField(w, "version", m.Version, false)
		stringField(w, "sum", m.Sum, true)
		stringField(w, "replace", m.Replace, true)
	})
	if len(j.Settings) > 0 {
		w.Key("settings")
		w.BeginObject()
		for _, k := range slices.Sorted(maps.Keys(j.Settings)) {
			stringField(w, k, j.Settings[k], false)
		}
		w.EndObject()
	}
	stringsField(w, "init_order", j.InitOrder)
	stringsField(w, "exports", j.Exports)
	if j.Meta != nil {
		w.Key("meta")
		w.BeginObject()
		stringField(w, "version", j.Meta.Version, true)
		stringField(w, "description", j.Meta.Description, true)
		stringField(w, "min_gosh_version", j.Meta.MinGoshVersion, true)
		w.EndObject()
	}
	stringsField(w, "commands", j.Commands)
	w.Key("loadable")
	w.Bool(j.Loadable)
	objectsField(w, "problems", j.Problems, func(p inspect.Problem) {
		stringField(w, "What", p.What, false)
		stringField(w, "Fix", p.Fix, false)
	})
	w.EndObject()
	return w.Bytes()
}

// objectsField writes the member key, an array of objects, each written by
// fields; an empty one is left out.
func objectsField[E any](w *minijson.Writer, key string, es []E, fields func(E)) {
	if len(es) == 0 {
		return
	}
	w.Key(key)
	w.BeginArray()
	for _, e := range es {
		w.BeginObject()
		fields(e)
		w.EndObject()
	}
	w.EndArray()
}

// stringField writes a member; omitEmpty leaves out an empty one.
func stringField(w *minijson.Writer, key, s string, omitEmpty bool) {
	if s != "" || !omitEmpty {
		w.Key(key)
		w.String(s)
	}
}

// stringsField writes a member that is an array of strings, unless it is
// empty (omitempty).
func stringsField(w *minijson.Writer, key string, ss []string) {
	if len(ss) > 0 {
		w.Key(key)
		w.Strings(ss)
	}
}

func (s *Shell) metaInspect(_ context.Context, call *command.Call) error {
	if len(call.Args) == 0 {
		return command.Usagef("name at least one plugin file")
	}
	asJSON, _ := call.Flags.GetBool("json")
	bad := 0
	for _, arg := range call.Args {
		if !s.Inspect(call.Stdout, call.Path(arg), asJSON) {
			bad++
		}
	}
	if bad > 0 {
		return command.ExitStatus(1)
	}
	return nil
}

// Inspect writes the report on one plugin file and returns whether this gosh
// can load it.
func (s *Shell) Inspect(w io.Writer, path string, asJSON bool) bool {
	var r *inspect.Report
	var ps []inspect.Problem
	var err error
	if s.loader == nil {
		err = fmt.Errorf("no plugin loader")
	} else {
		r, ps, err = s.loader.Inspect(path)
	}
	if asJSON {
		j := s.jsonReport(path, r, ps, err)
		w.Write(j.encode())
		return j.Loadable
	}
	if err != nil {
		fmt.Fprintf(w, "%s\n  verdict: cannot load: %v\n", path, err)
		return false
	}
	tw := tabwriter.NewWriter(w, 0, 4, 1, ' ', 0)
	fmt.Fprintf(tw, "%s\n", path)
	if r.Meta.Version != "" {
		fmt.Fprintf(tw, "  version:\t%s\n", r.Meta.Version)
	}
	if r.Meta.Description != "" {
		fmt.Fprintf(tw, "  description:\t%s\n", r.Meta.Description)
	}
	if r.Meta.MinGoshVersion != "" {
		fmt.Fprintf(tw, "  needs gosh:\t%s or newer\n", r.Meta.MinGoshVersion)
	}
	fmt.Fprintf(tw, "  go version:\t%s\n", r.GoVersion)
	fmt.Fprintf(tw, "  main package:\t%s\n", r.MainPath)
	fmt.Fprintf(tw, "  plugin path:\t%s\n", orUnknown(r.PluginPath))
	fmt.Fprintf(tw, "  sha256:\t%s\n", r.SHA256)
	fmt.Fprintf(tw, "  size:\t%d bytes\n", r.Size)
	var set []string
	for _, k := range slices.Sorted(maps.Keys(r.Settings)) {
		set = append(set, k+"="+r.Settings[k])
	}
	fmt.Fprintf(tw, "  build:\t%s\n", strings.Join(set, " "))
	if len(r.Deps) == 0 {
		fmt.Fprintf(tw, "  modules:\tnone\n")
	}
	for i, d := range r.Deps {
		label := ""
		if i == 0 {
			label = "modules:"
		}
		v := d.Version
		if d.Replace != nil {
			v += " => " + strings.TrimSpace(d.Replace.Path+" "+d.Replace.Version)
		}
		fmt.Fprintf(tw, "  %s\t%s %s\n", label, d.Path, v)
	}
	if r.InitOrder == nil {
		fmt.Fprintf(tw, "  init order:\tunknown (no symbol table)\n")
	} else {
		fmt.Fprintf(tw, "  init order:\t%s\n", strings.Join(r.InitOrder, " -> "))
	}
	fmt.Fprintf(tw, "  exports:\t%s\n", orUnknown(strings.Join(r.Exports, " ")))
	if cmds := s.loadedCommands(r.SHA256); cmds != nil {
		fmt.Fprintf(tw, "  commands:\t%s (loaded)\n", strings.Join(cmds, " "))
	} else {
		fmt.Fprintf(tw, "  commands:\tknown once loaded: the Commands map is built by the plugin's code\n")
	}
	if len(ps) == 0 {
		fmt.Fprintf(tw, "  verdict:\tloadable by this gosh (%s)\n", filepath.Base(r.GoVersion))
	} else {
		for _, p := range ps {
			fmt.Fprintf(tw, "  verdict:\tcannot load: %s (fix: %s)\n", p.What, p.Fix)
		}
	}
	tw.Flush()
	return len(ps) == 0
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// loadedCommands returns the command names of the loaded plugin with this
// content, or nil.
func (s *Shell) loadedCommands(sha string) []string {
	if s.loader == nil {
		return nil
	}
	for _, p := range s.loader.Plugins() {
		if p.Report != nil && p.Report.SHA256 == sha {
			return p.CommandNames()
		}
	}
	return nil
}
