package pluginbuild

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

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
	// file is SRC/shell/pluginbuild/source.go.
	dir := filepath.Dir(filepath.Dir(filepath.Dir(file)))
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
	if got := ModulePath(data); got != mainPath {
		return fmt.Errorf("%s/go.mod is module %q, not %s", dir, got, mainPath)
	}
	return nil
}

// ModulePath returns the module path that a go.mod file declares, or "".
func ModulePath(gomod []byte) string {
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
