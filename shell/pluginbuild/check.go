package pluginbuild

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// checkOutDir refuses, before anything is built, a plugin file whose
// directory is missing: only the default plugin directory is made
// (cfg.MakeDir); a mistyped -o must not make directories anywhere.
func checkOutDir(outDir string, cfg Config) error {
	if cfg.MakeDir {
		return nil
	}
	fi, err := os.Stat(outDir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: no directory %s to write it in (fix: make the directory first, or name a file in an existing one)", cfg.Out, outDir)
	case err != nil:
		return fmt.Errorf("%s: %w", cfg.Out, err)
	case !fi.IsDir():
		return fmt.Errorf("%s: %s is not a directory", cfg.Out, outDir)
	}
	return nil
}

// checkSources refuses, before anything else, a directory that holds no
// main package, or sources other than Go that a build from a file list
// would leave out. The go command would say less: of C files in a package
// that does not import "C", only "C source files not allowed when not using
// cgo or SWIG". The files are listed by go list -find (which resolves no
// imports, so nothing is downloaded) for gosh's platform, cgo, tags and
// toolchain, with modules off: only the directory's files matter here, and
// a directory that is in no module yet is still read (the build then says
// that it needs one). A directory that go list cannot make sense of is left
// to the build, which says why. (go list, not go/build: every gosh links
// this package, and go/build's types would make every plugin load slower.)
func (b *builder) checkSources(ctx context.Context) error {
	g := *b.g
	g.env = append(g.env[:len(g.env):len(g.env)], "GO111MODULE=off")
	data, err := g.output(ctx, append(append([]string{"list", "-find", "-e", "-json"}, b.flags...), ".")...)
	if err != nil {
		return nil
	}
	pkgs, err := decodeAll(data, packageInto)
	if err != nil || len(pkgs) != 1 {
		return nil
	}
	return pkgs[0].problem(b.cfg.Dir)
}

// problem returns why the listed package in dir cannot be built into a
// plugin, or nil: it is no main package, or it has sources other than Go.
// The name is not checked when go list found an error (such as two
// packages in one directory: go build says it best).
func (p *listedPackage) problem(dir string) error {
	if p.Error == nil && p.Name != "" && p.Name != "main" {
		return fmt.Errorf("%s is package %s, not a main package: a plugin is a package main that exports Commands (fix: name the plugin's directory, or make it package main)", dir, p.Name)
	}
	other := slices.Concat(p.CFiles, p.CXXFiles, p.MFiles, p.FFiles, p.SFiles, p.SwigFiles, p.SwigCXXFiles, p.SysoFiles)
	if len(other) > 0 {
		return fmt.Errorf("%s has non-Go sources (%s), which a build from a file list leaves out, and only such a build can be reloaded (fix: move them into a package that the plugin imports)", dir, strings.Join(other, ", "))
	}
	return nil
}

// loadProblems loads the plugin file in a gosh process of its own (gosh is
// the executable) and returns why it failed, one entry per line gosh
// printed, or nil. Only a load sees what a plugin's init does and what its
// Commands hold. The file is loaded from a copy in a private temporary
// directory, so that the check is about the plugin, not about where it goes;
// the process loads no other plugin, runs no start-up file and no program,
// and its plugin cache is a temporary directory, not the user's.
func loadProblems(ctx context.Context, gosh string, data []byte, name string, environ []string) []string {
	if gosh == "" {
		return []string{"there is no gosh to load it with (Config.Gosh is empty)"}
	}
	tmp, err := os.MkdirTemp("", "gosh-build-load-")
	if err != nil {
		return []string{err.Error()}
	}
	defer os.RemoveAll(tmp)
	if strings.ContainsAny(name, "'/") || !strings.HasSuffix(name, ".so") {
		name = "plugin.so"
	}
	loaded, plugins, cache := filepath.Join(tmp, name), filepath.Join(tmp, "plugins"), filepath.Join(tmp, "cache")
	for _, d := range []string{plugins, cache} {
		if err := os.Mkdir(d, 0o700); err != nil {
			return []string{err.Error()}
		}
	}
	if err := os.WriteFile(loaded, data, 0o755); err != nil {
		return []string{err.Error()}
	}
	cmd := exec.CommandContext(ctx, gosh, "-q", "--norc", "--no-exec", "--plugins", plugins, "-c", ":load './"+name+"'")
	cmd.Dir = tmp
	for _, kv := range environ {
		if k, _, _ := strings.Cut(kv, "="); k != "GOSH_PLUGIN_PATH" && k != "XDG_CACHE_HOME" && k != "NO_COLOR" && k != "PWD" {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "XDG_CACHE_HOME="+cache, "NO_COLOR=1", "PWD="+tmp)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	if err == nil {
		return nil
	}
	var why, printed []string
	for line := range strings.Lines(stderr.String()) {
		line = strings.TrimSpace(line)
		// "  | ..." is what the plugin's init printed: said after why.
		if out, ok := strings.CutPrefix(line, "|"); ok {
			if out = strings.TrimSpace(out); out != "" {
				printed = append(printed, out)
			}
			continue
		}
		line = strings.TrimPrefix(line, "gosh: ")
		// "load PATH: why": PATH is the copy, which means nothing to the user.
		if _, why, ok := strings.Cut(line, "/"+name+": "); ok && strings.HasPrefix(line, "load ") {
			line = why
		}
		if line != "" {
			why = append(why, line)
		}
	}
	if len(why) > 0 && len(printed) > 0 {
		why = append(why, "its init printed: "+strings.Join(printed, " / "))
	}
	if len(why) == 0 {
		why = []string{fmt.Sprintf("loading it in %s failed: %v", gosh, err)}
	}
	return why
}
