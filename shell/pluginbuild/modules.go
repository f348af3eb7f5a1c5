package pluginbuild

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"sort"
)

// Module is one entry of a build list, as go list -m -json reports it.
type Module struct {
	Path    string
	Version string
	Main    bool
	Replace *Module
}

// ModFile is a go.mod file, as go mod edit -json reports it.
type ModFile struct {
	Module  struct{ Path string }
	Go      string
	Require []modRequire
	Replace []modReplace
}

// The element types of ModFile's fields. They are aliases, so that
// ModFile's fields keep the unnamed types they have always had.
type (
	modRequire = struct {
		Path, Version string
		Indirect      bool
	}
	modReplace = struct{ Old, New modVersion }
	modVersion = struct{ Path, Version string }
)

// Requires reports whether the go.mod requires the module modPath.
func (mf *ModFile) Requires(modPath string) bool {
	for _, r := range mf.Require {
		if r.Path == modPath {
			return true
		}
	}
	return false
}

// ReadModFile reads the go.mod file gomod as go mod edit -json reports it,
// with the go command gosh build would run in dir (see Go).
func ReadModFile(ctx context.Context, bi *debug.BuildInfo, environ []string, dir, gomod string) (*ModFile, error) {
	g, err := newGoTool(environ, Env(bi), dir)
	if err != nil {
		return nil, err
	}
	return g.modFile(ctx, gomod)
}

// modFile reads the go.mod file gomod with go mod edit -json.
func (g *goTool) modFile(ctx context.Context, gomod string) (*ModFile, error) {
	data, err := g.output(ctx, "mod", "edit", "-json", gomod)
	if err != nil {
		return nil, err
	}
	mfs, err := decodeAll(data, modFileInto)
	if err == nil && len(mfs) != 1 {
		err = fmt.Errorf("go mod edit -json printed %d values, want 1", len(mfs))
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", gomod, err)
	}
	return &mfs[0], nil
}

// hostModules maps every module gosh was built with to its build-info entry,
// gosh's own module included.
func hostModules(bi *debug.BuildInfo) map[string]*debug.Module {
	m := map[string]*debug.Module{}
	for _, d := range bi.Deps {
		m[d.Path] = d
	}
	main := bi.Main
	m[main.Path] = &main
	return m
}

// ModEdits returns the go mod edit flags that make a copy of a plugin's
// go.mod (mf) resolve the modules it shares with gosh as gosh did: every
// replace directive of the plugin for one of gosh's modules goes (a plugin
// must share gosh's very copy), gosh's own replace directives are mirrored,
// and gosh itself is required. src is gosh's source directory for a
// development build of gosh (see Development), which gosh is replaced with,
// or "" for a release, which is required at its version. Relative
// replacements in gosh's build are relative to src.
func ModEdits(bi *debug.BuildInfo, src string, mf *ModFile) ([]string, error) {
	host := hostModules(bi)
	var edits []string
	for _, r := range mf.Replace {
		if _, ok := host[r.Old.Path]; ok {
			old := r.Old.Path
			if r.Old.Version != "" {
				old += "@" + r.Old.Version
			}
			edits = append(edits, "-dropreplace="+old)
		}
	}
	for _, d := range bi.Deps {
		if d.Replace == nil {
			continue
		}
		to := d.Replace.Path
		switch {
		case d.Replace.Version != "":
			to += "@" + d.Replace.Version
		case !filepath.IsAbs(to):
			if src == "" {
				return nil, fmt.Errorf("gosh replaces %s with %s, relative to gosh's source directory, which is unknown (fix: --gosh-source DIR)", d.Path, to)
			}
			to = filepath.Join(src, to)
		}
		edits = append(edits, "-replace="+d.Path+"="+to)
	}
	required := false
	for _, r := range mf.Require {
		required = required || r.Path == bi.Main.Path
	}
	switch {
	case src != "":
		edits = append(edits, "-replace="+bi.Main.Path+"="+src)
		if !required {
			edits = append(edits, "-require="+bi.Main.Path+"@v0.0.0")
		}
	case !required:
		edits = append(edits, "-require="+bi.Main.Path+"@"+bi.Main.Version)
	}
	return edits, nil
}

// Pins returns the go get arguments (PATH@VERSION) that set every module of
// the plugin's build list that gosh also has to gosh's version, upgrading or
// downgrading it; gosh itself too when it is a release (src, gosh's source
// directory for a development build, is ""). Modules at gosh's version
// already are left alone.
func Pins(bi *debug.BuildInfo, src string, buildList []Module) []string {
	host := hostModules(bi)
	var pins []string
	for _, m := range buildList {
		h, ok := host[m.Path]
		if m.Main || !ok || (m.Path == bi.Main.Path && src != "") || m.Version == h.Version {
			continue
		}
		pins = append(pins, m.Path+"@"+h.Version)
	}
	sort.Strings(pins)
	return pins
}

// Change is a version of a module that the build used instead of the one the
// plugin's go.mod (or its module graph) asked for.
type Change struct {
	Path string
	// Asked is what go.mod (or, when From says so, the module graph) asked
	// for: a version, a replacement, or "" when go.mod does not name the
	// module.
	Asked string
	// From says who asked: "go.mod asks for", "go.mod replaces it with" or
	// "the module graph selects".
	From string
	// Got is the version built with, or "gosh's source in DIR".
	Got string
	// Why says where Got comes from.
	Why string
	// Fix is the command that makes the change permanent in go.mod, if any.
	Fix string
}

func (c Change) String() string {
	s := fmt.Sprintf("%s: %s %s; built with %s, %s", c.Path, c.From, c.Asked, c.Got, c.Why)
	if c.Asked == "" {
		s = fmt.Sprintf("%s: not in go.mod; built with %s, %s", c.Path, c.Got, c.Why)
	}
	if c.Fix != "" {
		return s + " (your go.mod is unchanged; " + c.Fix + " makes it permanent)"
	}
	return s + " (your go.mod is unchanged)"
}

// Changes compares what the plugin's go.mod (mf) and its build list before
// pinning (before) asked for with the build list that was built (after), and
// returns each module whose version differs, sorted by path: what a user
// must be told, since their go.mod stays as it was. src is as for ModEdits.
func Changes(bi *debug.BuildInfo, src string, mf *ModFile, before, after []Module) []Change {
	host := hostModules(bi)
	asked := map[string]string{}
	for _, r := range mf.Require {
		asked[r.Path] = r.Version
	}
	replaced := map[string]string{}
	for _, r := range mf.Replace {
		to := r.New.Path
		if r.New.Version != "" {
			to += " " + r.New.Version
		}
		replaced[r.Old.Path] = to
	}
	got := map[string]Module{}
	for _, m := range after {
		got[m.Path] = m
	}
	graph := map[string]string{}
	for _, m := range before {
		graph[m.Path] = m.Version
	}
	paths := map[string]bool{}
	for p := range asked {
		paths[p] = true
	}
	for p := range graph {
		paths[p] = true
	}
	var changes []Change
	for _, p := range sortedKeys(paths) {
		g, ok := got[p]
		if !ok || g.Main {
			continue
		}
		c := Change{Path: p, Asked: asked[p], From: "go.mod asks for", Got: g.Version}
		if _, inMod := asked[p]; !inMod {
			if _, inGraph := graph[p]; inGraph {
				c.Asked, c.From = graph[p], "the module graph selects"
			}
		}
		h, shared := host[p]
		switch {
		case p == bi.Main.Path && src != "":
			// Required by ModEdits only if go.mod did not, and then
			// nothing the user asked for changed.
			if _, inMod := asked[p]; !inMod || replaced[p] == src {
				continue
			}
			if to, ok := replaced[p]; ok {
				c.Asked, c.From = to, "go.mod replaces it with"
			}
			c.Got = "gosh's source in " + src
			c.Why = "which this gosh was built from"
			c.Fix = fmt.Sprintf("go mod edit -replace %s=%s", p, src)
		case shared && replaced[p] != "" && !sameReplace(replaced[p], h):
			c.Asked, c.From = replaced[p], "go.mod replaces it with"
			c.Why = "gosh's copy, which a plugin must share"
		case c.Asked == g.Version:
			continue
		case shared && g.Version == h.Version:
			c.Why = "gosh's version"
			c.Fix = "go get " + p + "@" + g.Version
		default:
			c.Why = "which the module graph selects with gosh's versions pinned"
		}
		changes = append(changes, c)
	}
	return changes
}

// sameReplace reports whether a go.mod replacement ("PATH" or "PATH
// VERSION") is the one gosh was built with.
func sameReplace(to string, h *debug.Module) bool {
	if h.Replace == nil {
		return false
	}
	want := h.Replace.Path
	if h.Replace.Version != "" {
		want += " " + h.Replace.Version
	}
	return to == want
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
