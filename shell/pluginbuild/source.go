package pluginbuild

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
)

// Development reports whether the gosh of bi, this gosh, is a development
// build, which plugins must be built against the very source directory it
// was compiled from, rather than a release, which plugins require by its
// version. It goes by where gosh's source was, not by the version alone: go
// build stamps a checkout's version from git (a pseudo-version such as
// v0.0.0-20261125175134-975147583889, or a tag), and no such version of a
// checkout can be fetched from a proxy. So:
//   - "" and "(devel)" (no version stamped), and a "+dirty" version, are
//     development builds;
//   - else, a gosh whose compiled file names are absolute and not in the
//     module cache (a directory named gosh@VERSION) is a development build
//     of that directory, whatever version git stamped;
//   - else (source in the module cache, or -trimpath with a clean version) it
//     is a release.
//
// It is the one place gosh build and gosh new decide this.
func Development(bi *debug.BuildInfo) bool {
	_, file, _, _ := runtime.Caller(0)
	return development(bi.Main.Path, bi.Main.Version, file)
}

// development decides for Development; file is the name the compiler
// recorded for this file of gosh's source.
func development(mainPath, version, file string) bool {
	switch {
	case version == "", version == "(devel)", strings.HasSuffix(version, "+dirty"):
		return true
	case !filepath.IsAbs(file): // -trimpath: nowhere to build against
		return false
	}
	return !strings.HasPrefix(filepath.Base(sourceDirOf(file)), path.Base(mainPath)+"@")
}

// sourceDirOf returns gosh's source directory from the name of this file in
// it, SRC/shell/pluginbuild/source.go.
func sourceDirOf(file string) string {
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// Source returns the directory of gosh's source that plugins of the gosh of
// bi are built against: "" for a release (see Development), else given
// (--gosh-source, which must hold gosh's module) if set, else the directory
// this gosh was compiled from (SourceDir).
func Source(bi *debug.BuildInfo, given string) (string, error) {
	if !Development(bi) {
		return "", nil
	}
	if given == "" {
		return SourceDir(bi.Main.Path)
	}
	abs, err := filepath.Abs(given)
	if err != nil {
		return "", err
	}
	if err := CheckSourceDir(abs, bi.Main.Path); err != nil {
		return "", fmt.Errorf("--gosh-source: %w", err)
	}
	return abs, nil
}

// SourceDir returns the directory of gosh's source that this binary was
// compiled from, found from the file name the compiler recorded for this
// very function; mainPath is gosh's module path, which that directory's
// go.mod must declare. A plugin of a development build of gosh must be built
// against exactly these files: two checkouts of gosh compile to packages the
// runtime tells apart. A -trimpath build records no absolute file names, and
// a moved or deleted checkout is no longer there: both are errors that say
// to use --gosh-source.
func SourceDir(mainPath string) (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return "", fmt.Errorf("this gosh was built with -trimpath, so it does not know where its source is (fix: --gosh-source DIR, the directory gosh was built from)")
	}
	dir := sourceDirOf(file)
	if err := CheckSourceDir(dir, mainPath); err != nil {
		return "", fmt.Errorf("gosh was built from %s, but %w (fix: --gosh-source DIR, the directory gosh was built from)", dir, err)
	}
	return dir, nil
}

// CheckSourceDir makes sure that dir holds the module mainPath.
func CheckSourceDir(dir, mainPath string) error {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return fmt.Errorf("%s has no readable go.mod: %w", dir, err)
	}
	if got := modulePath(data); got != mainPath {
		return fmt.Errorf("%s/go.mod is module %q, not %s", dir, got, mainPath)
	}
	return nil
}

// modulePath returns the module path that a go.mod file declares, or "".
func modulePath(gomod []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "//")
		f := strings.Fields(line)
		if len(f) == 2 && f[0] == "module" {
			if p, err := strconv.Unquote(f[1]); err == nil {
				return p
			}
			return f[1]
		}
	}
	return ""
}

// OutputPath returns where the plugin built from dir goes: out if set, else
// NAME.so in pluginDir (the first plugin directory), NAME being dir's base
// name. A plugin's file name is its name in gosh.
func OutputPath(dir, out, pluginDir string) string {
	if out != "" {
		return out
	}
	name := filepath.Base(filepath.Clean(dir))
	return filepath.Join(pluginDir, name+".so")
}
