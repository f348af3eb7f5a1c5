package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/gosh-shell/gosh/shell/loader"
	"github.com/gosh-shell/gosh/shell/pluginbuild"
	"github.com/gosh-shell/gosh/shell/scaffold"
)

// BuildOptions are what gosh build is asked.
type BuildOptions struct {
	// Dir is the plugin's source directory.
	Dir string
	// Out is the file to write; empty means DIRNAME.so in the first plugin
	// directory.
	Out string
	// PluginDirs is --plugins: the first one receives the plugin, as it is
	// the first gosh loads from (else GOSH_PLUGIN_PATH's, else ./plugins).
	PluginDirs []string
	// GoshSource is --gosh-source: the directory gosh was built from, for a
	// gosh that cannot tell (built with -trimpath, or moved).
	GoshSource     string
	Environ        []string
	Stdout, Stderr io.Writer
}

// Build builds a plugin that this gosh can load, and returns the exit status:
// gosh build [-o FILE] DIR.
func Build(ctx context.Context, opts BuildOptions) int {
	bi, err := hostBuildInfo()
	if err != nil {
		fmt.Fprintf(opts.Stderr, "gosh: build: %v\n", err)
		return 1
	}
	dirs, _ := pluginDirs(Options{PluginDirs: opts.PluginDirs, Environ: opts.Environ})
	dir := opts.Dir
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs // so that "." is named after the directory
	}
	out := pluginbuild.OutputPath(dir, opts.Out, dirs[0])
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(opts.Stderr, "gosh: build: cannot find this gosh's executable, which loads the plugin to check it: %v\n", err)
		return 1
	}
	res, err := pluginbuild.Build(ctx, pluginbuild.Config{
		Dir: opts.Dir, Out: out, MakeDir: opts.Out == "", Gosh: self,
		Host: bi, Source: opts.GoshSource, Environ: opts.Environ, Stderr: opts.Stderr,
	})
	if err != nil {
		fmt.Fprintf(opts.Stderr, "gosh: build: %v\n", err)
		return 1
	}
	fmt.Fprintf(opts.Stdout, "built %s: loadable by this gosh (plugin path %s)\n", res.Path, res.Report.PluginPath)
	return 0
}

// NewOptions are what gosh new is asked.
type NewOptions struct {
	Name string
	// Dir is where the plugin goes; empty means ./NAME.
	Dir            string
	GoshSource     string // as BuildOptions.GoshSource
	Environ        []string
	Stdout, Stderr io.Writer
}

// NewPlugin makes a new plugin with one command and a test, and returns the
// exit status: gosh new NAME [DIR].
func NewPlugin(ctx context.Context, opts NewOptions) int {
	bi, err := hostBuildInfo()
	if err != nil {
		fmt.Fprintf(opts.Stderr, "gosh: new: %v\n", err)
		return 1
	}
	if opts.Dir == "" {
		opts.Dir = opts.Name
	}
	res, err := scaffold.New(ctx, scaffold.Config{
		Name: opts.Name, Dir: opts.Dir, Host: bi, Source: opts.GoshSource, Environ: opts.Environ,
	})
	if err != nil {
		fmt.Fprintf(opts.Stderr, "gosh: new: %v\n", err)
		return 1
	}
	fmt.Fprintf(opts.Stdout, "created %s: %s\n", opts.Dir, strings.Join(res.Files, " "))
	if res.Module != "" && !res.RequiresGosh {
		fmt.Fprintf(opts.Stdout, "it is part of module %s, which must require %s\n", res.Module, bi.Main.Path)
	}
	dir := loader.ShellQuote(opts.Dir)
	fmt.Fprintf(opts.Stdout, "next: cd %s && go test, then gosh build %s\n", dir, dir)
	return 0
}

// hostBuildInfo returns this gosh's build information: what plugins must
// match.
func hostBuildInfo() (*debug.BuildInfo, error) {
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Path == "" {
		return nil, errors.New("this gosh has no build information to match (fix: build gosh with go build, in module mode)")
	}
	return bi, nil
}
