// Package scaffold makes a new gosh plugin: a directory with one command, a
// test of it, and, outside any Go module, a go.mod that builds against this
// gosh. gosh new is its command; gosh build builds the result.
package scaffold

import (
	"context"
	"errors"
	"fmt"
	"go/version"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/gosh-shell/gosh/shell/pluginbuild"
)

// Config is what to make.
type Config struct {
	// Name is the command's name, and the plugin's.
	Name string
	// Dir is the directory to make; it must not exist, or be empty.
	Dir string
	// Host is the gosh to build against (debug.ReadBuildInfo).
	Host *debug.BuildInfo
	// Source is gosh's source directory, for the go.mod of a development
	// build of gosh; empty means pluginbuild.SourceDir finds it.
	Source string
	// Environ is the environment of go mod tidy (os.Environ()).
	Environ []string
}

// Result is what New made.
type Result struct {
	Files []string // the files written, in Dir
	// Module is the module the plugin is in: "" when New made its go.mod,
	// else the module path of the enclosing module.
	Module string
	// RequiresGosh reports whether that module requires gosh (or is gosh),
	// as it must for the plugin to build.
	RequiresGosh bool
}

// CheckName returns an error unless name can name a new plugin: a valid
// command name that is also a safe directory, file and module path element:
// a lower-case letter, then lower-case letters, digits and '-'. (A '_' would
// let NAME_test.go or NAME_linux.go mean something else to go build.)
func CheckName(name string) error {
	if err := command.ValidName(name); err != nil {
		return err
	}
	if !newPluginName(name) {
		return fmt.Errorf("%q cannot name a new plugin: it names the command, the directory, the files and the module, so it must be a lower-case letter followed by lower-case letters, digits or '-'", name)
	}
	return nil
}

// newPluginName reports whether name is a lower-case letter followed by
// lower-case letters, digits or '-'.
func newPluginName(name string) bool {
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case 'a' <= c && c <= 'z':
		case i > 0 && ('0' <= c && c <= '9' || c == '-'):
		default:
			return false
		}
	}
	return name != ""
}

// Files returns the plugin's own files for name, by file name.
func Files(name string) map[string][]byte {
	return map[string][]byte{
		name + ".go":      fill(mainTemplate, "{{.Name}}", name),
		name + "_test.go": fill(testTemplate, "{{.Name}}", name),
	}
}

// GoMod returns the go.mod of a plugin named name that lives in its own
// module and builds against the gosh of bi: its source directory src, for a
// development build (pluginbuild.Source), or, when src is "", its released
// version.
func GoMod(name string, bi *debug.BuildInfo, src string) []byte {
	// The go line is gosh's own Go version: go mod tidy would raise a lower
	// one to what gosh's go.mod says, and a higher one cannot build.
	goVersion := "1.26"
	if v := pluginbuild.Toolchain(bi); version.IsValid(v) {
		goVersion = strings.TrimPrefix(v, "go")
	}
	text, goshVersion := modTemplate, bi.Main.Version
	if src != "" {
		text, goshVersion = modTemplate+replaceTemplate, "v0.0.0"
	}
	return fill(text, "{{.Name}}", name, "{{.Go}}", goVersion, "{{.Gosh}}", bi.Main.Path,
		"{{.GoshVersion}}", goshVersion, "{{.GoshSource}}", modQuote(src))
}

func modQuote(s string) string {
	if strings.ContainsAny(s, " \t\"'`\\") {
		return strconv.Quote(s)
	}
	return s
}

// New makes the plugin. On an error it removes what it made, so that the
// same command can be run again: the directory, with any parent, if it made
// it, else the files it wrote into the existing empty one.
func New(ctx context.Context, cfg Config) (_ *Result, err error) {
	if err := CheckName(cfg.Name); err != nil {
		return nil, err
	}
	if _, err := exec.LookPath("go"); err != nil {
		return nil, pluginbuild.ErrNoGo
	}
	made, err := makeEmptyDir(cfg.Dir)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	defer func() {
		if err == nil {
			return
		}
		if made != "" {
			os.RemoveAll(made)
			return
		}
		for _, name := range append(res.Files, "go.sum") {
			os.Remove(filepath.Join(cfg.Dir, name))
		}
	}()
	write := func(name string, data []byte) error {
		if err := os.WriteFile(filepath.Join(cfg.Dir, name), data, 0o644); err != nil {
			return err
		}
		res.Files = append(res.Files, name)
		return nil
	}
	files := Files(cfg.Name)
	for _, name := range []string{cfg.Name + ".go", cfg.Name + "_test.go"} {
		if err := write(name, files[name]); err != nil {
			return nil, err
		}
	}
	gomod, err := pluginbuild.Go(ctx, cfg.Host, cfg.Environ, cfg.Dir, "env", "GOMOD")
	if err != nil {
		return nil, err
	}
	if gomod != "" && gomod != os.DevNull {
		mf, err := pluginbuild.ReadModFile(ctx, cfg.Host, cfg.Environ, cfg.Dir, gomod)
		if err != nil {
			return nil, err
		}
		res.Module = mf.Module.Path
		res.RequiresGosh = res.Module == cfg.Host.Main.Path || mf.Requires(cfg.Host.Main.Path)
		return res, nil
	}
	src, err := pluginbuild.Source(cfg.Host, cfg.Source)
	if err != nil {
		return nil, err
	}
	if err := write("go.mod", GoMod(cfg.Name, cfg.Host, src)); err != nil {
		return nil, err
	}
	if _, err := pluginbuild.Go(ctx, cfg.Host, cfg.Environ, cfg.Dir, "mod", "tidy"); err != nil {
		return nil, err
	}
	res.Files = append(res.Files, "go.sum")
	res.RequiresGosh = true
	return res, nil
}

// makeEmptyDir makes dir, or accepts an existing empty one. It returns the
// topmost directory it made (dir or a parent), or "" if dir existed.
func makeEmptyDir(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		top, err := filepath.Abs(dir)
		if err != nil {
			return "", err
		}
		// Only what surely did not exist is ever removed.
		for parent := filepath.Dir(top); parent != top; parent = filepath.Dir(top) {
			if _, err := os.Lstat(parent); !errors.Is(err, fs.ErrNotExist) {
				break
			}
			top = parent
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			os.RemoveAll(top)
			return "", err
		}
		return top, nil
	case err != nil:
		return "", fmt.Errorf("%s: %w", dir, err)
	case len(entries) > 0:
		return "", fmt.Errorf("%s already exists and is not empty (fix: name a new directory: gosh new NAME DIR)", dir)
	}
	return "", nil
}
