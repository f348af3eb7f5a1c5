// Package pluginbuild builds a plugin so that the gosh that builds it can
// load it: with gosh's toolchain, build settings and module versions, read
// from gosh's own build information, and from a list of files, so that a
// rebuild after a change loads next to the old version.
//
// A plugin is built from its package's Go files (go build -buildmode=plugin
// -o OUT a.go b.go, run in its directory): the runtime then names it
// plugin/unnamed-HASH after the files' content instead of its import path,
// and a changed rebuild is a new plugin rather than "plugin already loaded".
//
// A plugin inside gosh's own module is built in place. A plugin in a module
// of its own is built with a copy of its go.mod (-modfile), never its own:
// in the copy, every module it shares with gosh is pinned to gosh's version,
// gosh's replace directives are mirrored, and gosh itself is the source
// directory that a development build of gosh was built from (or the version
// gosh was released as). [Build] says which versions that changed.
package pluginbuild

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/gosh-shell/gosh/shell/inspect"
)

// Config is what to build and how.
type Config struct {
	// Dir is the plugin's source directory: a main package.
	Dir string
	// Out is the plugin file to write. Its directory must exist, unless
	// MakeDir.
	Out string
	// MakeDir makes Out's directory if it is missing: for the default, the
	// first plugin directory, never for a file the user named.
	MakeDir bool
	// Gosh is the gosh executable (os.Executable()) that loads the result,
	// as the last check, in a process of its own: only a load runs the
	// plugin's init and sees its Commands.
	Gosh string
	// Host is the build to match: gosh's own (debug.ReadBuildInfo).
	Host *debug.BuildInfo
	// Source is the directory of gosh's source that Host was built from;
	// empty means SourceDir finds it, when it is needed.
	Source string
	// Environ is the environment the go command runs with (os.Environ()),
	// before Env(Host) overrides it.
	Environ []string
	// Stderr receives go's messages when a step fails, a warning, and one
	// line per module version the build changed.
	Stderr io.Writer
}

// Result is what a successful build made.
type Result struct {
	Path    string          // the plugin file, Config.Out
	Report  *inspect.Report // what gosh sees in it
	Changes []Change        // the versions the build changed
}

// Build builds the plugin in cfg.Dir into cfg.Out, checks that the host can
// load it (from the file, then by loading it in a cfg.Gosh process, where the
// plugin's init runs), and only then puts it in place: by renaming a new file
// over cfg.Out, never by writing into it, since overwriting a loaded plugin's
// file crashes the process that loaded it. A file that gosh could not load
// is not installed; the error says why.
func Build(ctx context.Context, cfg Config) (*Result, error) {
	dir, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("%s: no such directory (fix: name the directory of the plugin's main package)", cfg.Dir)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("%s: not a directory (fix: name the directory of the plugin's main package, not a file)", cfg.Dir)
	}
	out, err := filepath.Abs(cfg.Out)
	if err != nil {
		return nil, err
	}
	if err := checkOutDir(filepath.Dir(out), cfg); err != nil {
		return nil, err
	}
	g, err := newGoTool(cfg.Environ, Env(cfg.Host), dir)
	if err != nil {
		return nil, err
	}
	b := &builder{cfg: cfg, g: g, flags: Flags(cfg.Host), mod: "readonly"}
	if err := b.checkSources(ctx); err != nil {
		return nil, err
	}
	defer func() {
		if b.modfile != "" {
			os.RemoveAll(filepath.Dir(b.modfile))
		}
	}()
	res := &Result{Path: cfg.Out}
	gomod, err := g.output(ctx, "env", "GOMOD")
	if err != nil {
		return nil, err
	}
	switch gomod := strings.TrimSpace(string(gomod)); gomod {
	case "", os.DevNull:
		return nil, fmt.Errorf("%s is not in a Go module (fix: gosh new NAME DIR makes a plugin with its module, or run go mod init in it)", cfg.Dir)
	default:
		if res.Changes, err = b.module(ctx, gomod); err != nil {
			return nil, err
		}
	}
	files, err := b.files(ctx)
	if err != nil {
		return nil, err
	}
	if res.Report, err = b.build(ctx, files, out); err != nil {
		return nil, err
	}
	return res, nil
}

type builder struct {
	cfg   Config
	g     *goTool  // runs in the plugin's directory
	flags []string // gosh's build flags (Flags)
	// mod is the -mod mode: readonly in gosh's own module (its go.mod is
	// never written; and never vendor, whose packages compile differently),
	// mod with the copy of a plugin's go.mod, modfile.
	mod, modfile string
}

func (b *builder) warn(format string, args ...any) {
	fmt.Fprintf(b.cfg.Stderr, "gosh: build: warning: "+format+"\n", args...)
}

// module prepares the build of a plugin whose go.mod is gomod, and returns
// the versions that differ from what it asks for.
func (b *builder) module(ctx context.Context, gomod string) ([]Change, error) {
	mf, err := b.g.modFile(ctx, gomod)
	if err != nil {
		return nil, err
	}
	if err := CheckGoVersion(mf.Go, b.cfg.Host); err != nil {
		return nil, fmt.Errorf("%s: %w", b.cfg.Dir, err)
	}
	if mf.Module.Path == b.cfg.Host.Main.Path {
		return nil, b.inGosh(filepath.Dir(gomod))
	}
	src, err := Source(b.cfg.Host, b.cfg.Source)
	if err != nil {
		return nil, err
	}
	edits, err := ModEdits(b.cfg.Host, src, mf)
	if err != nil {
		return nil, err
	}
	// Work on a copy: the user's go.mod and go.sum are never written.
	tmp, err := os.MkdirTemp("", "gosh-build-")
	if err != nil {
		return nil, err
	}
	modfile := filepath.Join(tmp, "go.mod")
	b.modfile, b.mod = modfile, "mod" // Build removes tmp
	if err := copyFile(gomod, modfile); err != nil {
		return nil, err
	}
	if err := copyFile(strings.TrimSuffix(gomod, ".mod")+".sum", filepath.Join(tmp, "go.sum")); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if len(edits) > 0 { // go mod edit without flags is an error
		if _, err := b.g.output(ctx, append(append([]string{"mod", "edit"}, edits...), modfile)...); err != nil {
			return nil, err
		}
	}
	before, err := b.buildList(ctx)
	if err != nil {
		return nil, err
	}
	after := before
	if pins := Pins(b.cfg.Host, src, before); len(pins) > 0 {
		if _, err := b.g.output(ctx, append([]string{"get", "-modfile=" + modfile}, pins...)...); err != nil {
			return nil, fmt.Errorf("pinning the modules gosh shares to gosh's versions: %w", err)
		}
		if after, err = b.buildList(ctx); err != nil {
			return nil, err
		}
	}
	changes := Changes(b.cfg.Host, src, mf, before, after)
	for _, c := range changes {
		fmt.Fprintf(b.cfg.Stderr, "gosh: build: %s\n", c)
	}
	return changes, nil
}

// inGosh prepares the build of a plugin inside gosh's own module, in modDir:
// it is built in place, with nothing to pin, and never writes go.mod.
func (b *builder) inGosh(modDir string) error {
	if !Development(b.cfg.Host) {
		b.warn("%s is in a checkout of gosh, but this gosh is release %s: the packages they share differ, and the plugin will not load (fix: use the gosh built from %s)", b.cfg.Dir, b.cfg.Host.Main.Version, modDir)
		return nil
	}
	src, err := Source(b.cfg.Host, b.cfg.Source)
	if err != nil {
		return nil // the build is in place; there is just nothing to compare
	}
	if same, _ := sameDir(src, modDir); !same {
		b.warn("%s is in the gosh checkout %s, but this gosh was built from %s: the packages they share differ, and the plugin will not load (fix: use the gosh built from %s)", b.cfg.Dir, modDir, src, modDir)
	}
	return nil
}

func (b *builder) buildList(ctx context.Context) ([]Module, error) {
	data, err := b.g.output(ctx, append([]string{"list", "-m", "-json"}, append(b.modFlags(), "all")...)...)
	if err != nil {
		return nil, fmt.Errorf("reading the plugin's build list: %w", err)
	}
	return decodeAll(data, moduleInto)
}

// modFlags returns -mod and -modfile.
func (b *builder) modFlags() []string {
	fl := []string{"-mod=" + b.mod}
	if b.modfile != "" {
		fl = append(fl, "-modfile="+b.modfile)
	}
	return fl
}

// buildFlags returns every build flag: gosh's, and -mod and -modfile.
func (b *builder) buildFlags() []string {
	return append(append([]string(nil), b.flags...), b.modFlags()...)
}

type listedPackage struct {
	Name, ImportPath string
	GoFiles          []string
	CgoFiles         []string
	// Sources that a build from a file list leaves out.
	CFiles, CXXFiles, MFiles, FFiles, SFiles, SwigFiles, SwigCXXFiles, SysoFiles []string
	Error                                                                        *packageError
}

// packageError is go list's error for a package, of which gosh reads only
// the message.
type packageError = struct{ Err string }

// files returns the Go files of the plugin's package for this build: those
// that a package build would compile, never tests.
func (b *builder) files(ctx context.Context) ([]string, error) {
	data, err := b.g.output(ctx, append(append([]string{"list", "-e", "-json", "-buildmode=plugin"}, b.buildFlags()...), ".")...)
	if err != nil {
		return nil, err
	}
	pkgs, err := decodeAll(data, packageInto)
	if err == nil && len(pkgs) != 1 {
		err = fmt.Errorf("go list printed %d packages, want 1 (is %s one package?)", len(pkgs), b.cfg.Dir)
	}
	if err != nil {
		return nil, fmt.Errorf("listing the package in %s: %w", b.cfg.Dir, err)
	}
	p := pkgs[0]
	if err := p.problem(b.cfg.Dir); err != nil {
		return nil, err
	}
	if p.Error != nil {
		return nil, fmt.Errorf("%s: %s", b.cfg.Dir, strings.TrimSpace(p.Error.Err))
	}
	return append(append([]string(nil), p.GoFiles...), p.CgoFiles...), nil
}

// build compiles files into a new file next to out, checks it, and renames
// it to out.
func (b *builder) build(ctx context.Context, files []string, out string) (*inspect.Report, error) {
	outDir := filepath.Dir(out)
	if b.cfg.MakeDir {
		if err := os.MkdirAll(outDir, 0o755); err != nil {
			return nil, err
		}
	}
	f, err := os.CreateTemp(outDir, "."+filepath.Base(out)+".build-*")
	if err != nil {
		return nil, err
	}
	tmp := f.Name()
	f.Close()
	os.Remove(tmp)
	defer os.Remove(tmp) // a no-op once it is renamed
	args := append(append([]string{"build", "-buildmode=plugin", "-o", tmp}, b.buildFlags()...), files...)
	var stderr bytes.Buffer
	if err := b.g.run(ctx, io.Discard, &stderr, args...); err != nil {
		b.cfg.Stderr.Write(stderr.Bytes())
		return nil, fmt.Errorf("compiling %s failed (go build's messages are above): %w", b.cfg.Dir, err)
	}
	fi, err := os.Stat(tmp)
	if err != nil {
		return nil, err
	}
	// gosh refuses plugins that group or others can write, whatever the umask.
	if err := os.Chmod(tmp, fi.Mode().Perm()&^0o022); err != nil {
		return nil, err
	}
	r, data, err := inspect.ReadFile(tmp)
	if err != nil {
		return nil, fmt.Errorf("the file go built cannot be read: %w", err)
	}
	if !r.HasExport("Commands") {
		return nil, fmt.Errorf("%s builds, but exports no Commands, where gosh finds a plugin's commands (fix: declare var Commands = map[string]*command.Command{...} in package main); nothing was written to %s", b.cfg.Dir, b.cfg.Out)
	}
	// The static checks first: they are fast, and they explain.
	var why []string
	for _, p := range r.Check(inspect.HostFromBuildInfo(b.cfg.Host)) {
		why = append(why, p.What)
	}
	if len(why) == 0 {
		why = loadProblems(ctx, b.cfg.Gosh, data, filepath.Base(out), b.cfg.Environ)
	}
	if len(why) > 0 {
		return nil, fmt.Errorf("the plugin built from %s would not load into this gosh: %s; nothing was written to %s", b.cfg.Dir, strings.Join(why, "; "), b.cfg.Out)
	}
	if err := os.Rename(tmp, out); err != nil {
		return nil, err
	}
	r.Path = b.cfg.Out
	return r, nil
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o644)
}

func sameDir(a, b string) (bool, error) {
	fa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(fa, fb), nil
}
