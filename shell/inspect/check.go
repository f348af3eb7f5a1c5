package inspect

import (
	"fmt"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/gosh-shell/gosh/shell/version"
)

// Host describes the build of the program that would load a plugin: its Go
// version, build settings and modules.
type Host struct {
	GoVersion string
	// GoshVersion is what a plugin's MinGoshVersion is compared with;
	// empty: not compared.
	GoshVersion string
	Main        debug.Module
	Settings    map[string]string
	Deps        map[string]*debug.Module // by module path
}

// HostFromBuildInfo makes a Host from build information, normally that of
// the running program (debug.ReadBuildInfo).
func HostFromBuildInfo(bi *debug.BuildInfo) *Host {
	h := &Host{GoVersion: bi.GoVersion, GoshVersion: version.Gosh, Main: bi.Main, Settings: map[string]string{}, Deps: map[string]*debug.Module{}}
	for _, s := range bi.Settings {
		h.Settings[s.Key] = s.Value
	}
	for _, d := range bi.Deps {
		h.Deps[d.Path] = d
	}
	return h
}

// identitySettings are the build settings that change how packages compile,
// and so the identity the runtime checks when it loads a plugin: a plugin
// that differs from gosh in one of them fails or crashes on load.
var identitySettings = []struct{ key, zero string }{
	{"-trimpath", "false"},
	{"-race", "false"},
	{"-msan", "false"},
	{"-asan", "false"},
	{"-gcflags", ""},
	{"-asmflags", ""},
	{"CGO_ENABLED", "0"},
	{"GOOS", ""},
	{"GOARCH", ""},
	{"GOEXPERIMENT", ""},
	{"GOAMD64", "v1"},
	{"GOARM64", "v8.0"},
	{"GO386", "sse2"},
	{"GOARM", "7"},
	{"GOPPC64", "power8"},
	{"GORISCV64", "rva20u64"},
	{"GOMIPS64", "hardfloat"},
}

// Problem is one reason a plugin cannot be loaded into the host.
type Problem struct {
	What string // what differs, lower case
	Fix  string // how to fix it
}

// Check compares the plugin with the host and returns every difference that
// makes loading fail or crash. An empty result means the file passed every
// check that can be made without loading it.
func (r *Report) Check(h *Host) []Problem {
	var ps []Problem
	if r.GoVersion != h.GoVersion {
		ps = append(ps, Problem{
			What: fmt.Sprintf("built with Go %s, but this gosh was built with Go %s; a plugin of another toolchain crashes the process that opens it", r.GoVersion, h.GoVersion),
			Fix:  fmt.Sprintf("rebuild it with GOTOOLCHAIN=%s go build -buildmode=plugin", h.GoVersion),
		})
	}
	for _, s := range identitySettings {
		pv, hv := settingOr(r.Settings, s.key, s.zero), settingOr(h.Settings, s.key, s.zero)
		if pv != hv {
			ps = append(ps, Problem{
				What: fmt.Sprintf("built with %s, but gosh with %s", describeSetting(s.key, pv), describeSetting(s.key, hv)),
				Fix:  "build the plugin with the same settings as gosh: " + settingFix(s.key, hv),
			})
		}
	}
	ps = append(ps, r.checkModules(h)...)
	if p := h.GoshVersionProblem(r.Meta); p != nil {
		ps = append(ps, *p)
	}
	return ps
}

// GoshVersionProblem is the problem of a plugin that needs a newer gosh
// than the host, by its metadata m, or nil. Check makes this check of what
// the file shows; a loader makes it again of the values the plugin's init
// left.
func (h *Host) GoshVersionProblem(m Meta) *Problem {
	if h.GoshVersion == "" {
		return nil
	}
	if what, fix := version.Unmet(m.MinGoshVersion, h.GoshVersion); what != "" {
		return &Problem{What: what, Fix: fix}
	}
	return nil
}

func settingOr(m map[string]string, key, zero string) string {
	if v, ok := m[key]; ok && v != "" {
		return v
	}
	return zero
}

func describeSetting(key, v string) string {
	switch {
	case strings.HasPrefix(key, "-") && (v == "true" || v == "false"):
		if v == "true" {
			return key
		}
		return "no " + key
	case v == "":
		return "no " + key
	default:
		return key + "=" + v
	}
}

func settingFix(key, hostValue string) string {
	switch {
	case key == "-trimpath" && hostValue == "true", key == "-race" && hostValue == "true",
		key == "-msan" && hostValue == "true", key == "-asan" && hostValue == "true":
		return "add " + key
	case strings.HasPrefix(key, "-") && hostValue == "false":
		return "drop " + key
	case strings.HasPrefix(key, "-") && hostValue == "":
		return "drop " + key
	case strings.HasPrefix(key, "-"):
		return fmt.Sprintf("%s='%s'", key, hostValue)
	default:
		return key + "=" + hostValue
	}
}

func (r *Report) checkModules(h *Host) []Problem {
	var ps []Problem
	deps := append([]*debug.Module(nil), r.Deps...)
	sort.Slice(deps, func(i, j int) bool { return deps[i].Path < deps[j].Path })
	for _, d := range deps {
		hd, ok := h.Deps[d.Path]
		if !ok {
			continue
		}
		pv, hv := modVersion(d), modVersion(hd)
		switch {
		case pv != hv:
			ps = append(ps, Problem{
				What: fmt.Sprintf("uses module %s %s, but gosh has %s", d.Path, pv, hv),
				Fix:  fmt.Sprintf("in the plugin's module run: go get %s", pinTarget(hd)),
			})
		case modSum(d) != modSum(hd) && modSum(d) == "" && d.Replace == nil:
			// Same version, no checksum: the module came from a vendor directory.
			// Vendored packages usually compile to the same identity, so this alone
			// is no refusal; Explain names it if the runtime disagrees.
		case modSum(d) != modSum(hd) && modSum(d) != "" && modSum(hd) != "":
			ps = append(ps, Problem{
				What: fmt.Sprintf("uses module %s %s with checksum %s, but gosh's copy has %s (a different source)", d.Path, pv, modSum(d), modSum(hd)),
				Fix:  fmt.Sprintf("use the same source of %s as gosh (check replace directives and GOPROXY/GOFLAGS)", d.Path),
			})
		}
	}
	return ps
}

// modVersion renders a module's version with its replacement, as go version -m does.
func modVersion(m *debug.Module) string {
	if m.Replace == nil {
		return m.Version
	}
	if m.Replace.Version == "" {
		return fmt.Sprintf("%s => %s", m.Version, m.Replace.Path)
	}
	return fmt.Sprintf("%s => %s %s", m.Version, m.Replace.Path, m.Replace.Version)
}

func modSum(m *debug.Module) string {
	if m.Replace != nil {
		return m.Replace.Sum
	}
	return m.Sum
}

func pinTarget(m *debug.Module) string {
	if m.Replace != nil {
		if m.Replace.Version == "" {
			return fmt.Sprintf("%s (and copy gosh's replace directive: %s => %s)", m.Path, m.Path, m.Replace.Path)
		}
		return fmt.Sprintf("%s@%s (gosh replaces it with %s %s)", m.Path, m.Version, m.Replace.Path, m.Replace.Version)
	}
	return m.Path + "@" + m.Version
}

// ModuleOf returns the module of the plugin (or its main module) that holds
// package pkg, or nil for a standard-library package or one it cannot place.
func (r *Report) ModuleOf(pkg string) *debug.Module {
	var best *debug.Module
	consider := func(m *debug.Module) {
		if m == nil || m.Path == "" {
			return
		}
		if pkg == m.Path || strings.HasPrefix(pkg, m.Path+"/") {
			if best == nil || len(m.Path) > len(best.Path) {
				best = m
			}
		}
	}
	main := r.Module
	consider(&main)
	for _, d := range r.Deps {
		consider(d)
	}
	return best
}

// IsStandard reports whether pkg is a standard-library package path.
func IsStandard(pkg string) bool {
	first, _, _ := strings.Cut(pkg, "/")
	return !strings.Contains(first, ".") && pkg != "command-line-arguments" && !strings.HasPrefix(pkg, "plugin/unnamed-")
}
