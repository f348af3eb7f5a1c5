package pluginbuild

import (
	"os"
	"path/filepath"
	"testing"
)

func TestModulePath(t *testing.T) {
	for _, tt := range []struct{ gomod, want string }{
		{"module github.com/gosh-shell/gosh\n\ngo 1.26.8\n", "github.com/gosh-shell/gosh"},
		{"// comment\nmodule \"example.com/q\" // quoted\n", "example.com/q"},
		{"go 1.26\n", ""},
	} {
		if got := ModulePath([]byte(tt.gomod)); got != tt.want {
			t.Errorf("ModulePath(%q) = %q, want %q", tt.gomod, got, tt.want)
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
