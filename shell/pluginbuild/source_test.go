package pluginbuild

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestModulePath(t *testing.T) {
	for _, tt := range []struct{ gomod, want string }{
		{"module github.com/gosh-shell/gosh\n\ngo 1.26.8\n", "github.com/gosh-shell/gosh"},
		{"// comment\nmodule \"example.com/q\" // quoted\n", "example.com/q"},
		{"go 1.26\n", ""},
	} {
		if got := modulePath([]byte(tt.gomod)); got != tt.want {
			t.Errorf("modulePath(%q) = %q, want %q", tt.gomod, got, tt.want)
		}
	}
}

func TestOutputPath(t *testing.T) {
	for _, tt := range []struct{ dir, out, pluginDir, want string }{
		{"/src/plugins-src/hello", "", "plugins", "plugins/hello.so"},
		{"/src/plugins-src/hello/", "", "/p", "/p/hello.so"},
		{"/src/hello", "x/y.so", "plugins", "x/y.so"},
	} {
		if got := OutputPath(tt.dir, tt.out, tt.pluginDir); got != tt.want {
			t.Errorf("OutputPath(%q, %q, %q) = %q, want %q", tt.dir, tt.out, tt.pluginDir, got, tt.want)
		}
	}
}

// The test binary is built without -trimpath, from this checkout: SourceDir
// finds it, as gosh finds its own.
func TestSourceDir(t *testing.T) {
	dir, err := SourceDir("github.com/gosh-shell/gosh")
	if err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	if want := filepath.Dir(filepath.Dir(wd)); dir != want {
		t.Errorf("SourceDir = %s, want %s", dir, want)
	}
	if _, err := SourceDir("example.com/other"); err == nil {
		t.Error("SourceDir accepted a checkout of another module")
	}
}

// What makes a development build is where gosh's source was, not the version
// alone: go build stamps a checkout with a version from git.
func TestDevelopment(t *testing.T) {
	const (
		checkout = "/home/me/gosh/shell/pluginbuild/source.go"
		modCache = "/home/me/go/pkg/mod/github.com/gosh-shell/gosh@v0.3.0/shell/pluginbuild/source.go"
		trimmed  = "github.com/gosh-shell/gosh/shell/pluginbuild/source.go"
		trimmedC = "github.com/gosh-shell/gosh@v0.3.0/shell/pluginbuild/source.go"
		// A checkout whose directory happens to be named like a module
		// cache entry of another module is still a checkout.
		otherAt = "/src/gosh-fork@work/shell/pluginbuild/source.go"
	)
	for _, tt := range []struct {
		version, file string
		want          bool
	}{
		{"", checkout, true},
		{"(devel)", checkout, true},
		{"(devel)", trimmed, true},
		{"v0.0.0-20261125175134-975147583889", checkout, true},
		{"v0.0.0-20261125175134-975147583889+dirty", checkout, true},
		{"v0.3.0", checkout, true},
		{"v0.3.1-0.20261125175134-975147583889+dirty", trimmed, true},
		{"v0.3.0+dirty", modCache, true},
		{"v0.3.0", modCache, false},
		{"v0.3.0", trimmed, false},
		{"v0.3.0", trimmedC, false},
		{"v0.0.0-20261125175134-975147583889", trimmed, false},
		{"v0.3.0", otherAt, true},
	} {
		if got := development(gosh, tt.version, tt.file); got != tt.want {
			t.Errorf("development(%q, %q) = %v, want %v", tt.version, tt.file, got, tt.want)
		}
	}
}

// This test binary is compiled from this checkout, so it is a development
// build whatever version its build information says, and Source finds the
// checkout; --gosh-source is checked.
func TestSource(t *testing.T) {
	wd, _ := os.Getwd()
	root := filepath.Dir(filepath.Dir(wd))
	for _, v := range []string{"(devel)", "v0.0.0-20261125175134-975147583889", "v0.3.0"} {
		bi := buildInfo("go1.26.8")
		bi.Main.Version = v
		if !Development(bi) {
			t.Errorf("Development(%s) = false in a checkout", v)
		}
		if src, err := Source(bi, ""); err != nil || src != root {
			t.Errorf("Source(%s) = %q, %v; want %s", v, src, err, root)
		}
	}
	bi := buildInfo("go1.26.8")
	if src, err := Source(bi, "../.."); err != nil || src != root {
		t.Errorf("Source(--gosh-source ../..) = %q, %v; want %s", src, err, root)
	}
	if _, err := Source(bi, "."); err == nil || !strings.HasPrefix(err.Error(), "--gosh-source: ") {
		t.Errorf("Source(--gosh-source .) = %v, want a --gosh-source error", err)
	}
}

// TestRequires: a go.mod requires gosh in a single-line require or in a
// block, quoted or not, indirect or not; not a replacement alone, another
// major version, a comment or gosh's own go.mod.
func TestRequires(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	for _, tt := range []struct {
		gomod string
		want  bool
	}{
		{"module example.com/a\n\nrequire github.com/gosh-shell/gosh v0.0.0\n", true},
		{"module example.com/a\n\nrequire (\n\tgithub.com/gosh-shell/gosh v0.0.0\n\tgithub.com/spf13/pflag v1.0.10 // indirect\n)\n", true},
		{"module example.com/a\n\nrequire (\n\tgithub.com/spf13/pflag v1.0.10\n\t\"github.com/gosh-shell/gosh\" v0.3.0 // indirect\n)\n", true},
		{"module example.com/a\n\nrequire github.com/gosh-shell/gosh/v2 v2.0.0\n", false},
		{"module example.com/a\n\nrequire (\n\tgithub.com/spf13/pflag v1.0.10\n)\n\nreplace github.com/gosh-shell/gosh => ../gosh\n", false},
		{"module example.com/a\n\n// require github.com/gosh-shell/gosh v0.0.0\n", false},
		{"module github.com/gosh-shell/gosh\n", false},
	} {
		dir := t.TempDir()
		gomod := filepath.Join(dir, "go.mod")
		if err := os.WriteFile(gomod, []byte(tt.gomod), 0o644); err != nil {
			t.Fatal(err)
		}
		mf, err := ReadModFile(t.Context(), buildInfo(runtime.Version()), os.Environ(), dir, gomod)
		if err != nil {
			t.Fatalf("ReadModFile(%q): %v", tt.gomod, err)
		}
		if got := mf.Requires(gosh); got != tt.want {
			t.Errorf("Requires(%q) = %v, want %v", tt.gomod, got, tt.want)
		}
	}
}
