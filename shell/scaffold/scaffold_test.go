package scaffold

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestCheckName(t *testing.T) {
	for _, tt := range []struct {
		name string
		ok   bool
	}{
		{"hello", true}, {"word-count", true}, {"x2", true},
		{"", false}, {"Hello", false}, {"hello_test", false}, {"x_linux", false}, {"2x", false},
		{"-x", false}, {":x", false}, {"a b", false}, {"a/b", false}, {"héllo", false}, {"a.b", false},
	} {
		if err := CheckName(tt.name); (err == nil) != tt.ok {
			t.Errorf("CheckName(%q) = %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

// The files are Go that parses, in package main, with the command's name in
// its Commands map and test, and no identifier made from the name.
func TestFiles(t *testing.T) {
	files := Files("word-count")
	if len(files) != 2 {
		t.Fatalf("Files made %d files, want 2", len(files))
	}
	for name, data := range files {
		f, err := parser.ParseFile(token.NewFileSet(), name, data, 0)
		if err != nil {
			t.Fatalf("%s does not parse: %v\n%s", name, err, data)
		}
		if f.Name.Name != "main" {
			t.Errorf("%s is package %s, want main", name, f.Name.Name)
		}
		if !strings.Contains(string(data), `"word-count"`) {
			t.Errorf("%s does not name the command", name)
		}
	}
	main := string(files["word-count.go"])
	for _, want := range []string{"var Commands = map[string]*command.Command{", `Version     = "0.1.0"`, "Description = ", "func main() {}", "call.Stdout"} {
		if !strings.Contains(main, want) {
			t.Errorf("word-count.go has no %q", want)
		}
	}
}

func TestGoMod(t *testing.T) {
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/gosh-shell/gosh", Version: "(devel)"}}
	got := string(GoMod("hello", bi, "/home/me/my gosh"))
	for _, want := range []string{"module example.com/hello\n", "go 1.26.8\n", "require github.com/gosh-shell/gosh v0.0.0\n", "replace github.com/gosh-shell/gosh => \"/home/me/my gosh\"\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("development gosh: go.mod has no %q:\n%s", want, got)
		}
	}
	bi.Main.Version = "v0.3.0"
	got = string(GoMod("hello", bi, ""))
	if !strings.Contains(got, "require github.com/gosh-shell/gosh v0.3.0\n") || strings.Contains(got, "replace") {
		t.Errorf("released gosh: go.mod should require v0.3.0 and replace nothing:\n%s", got)
	}
}

func TestNewRefuses(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/gosh-shell/gosh", Version: "(devel)"}}
	for _, tt := range []struct{ name, dir, err string }{
		{"hello", dir, "already exists and is not empty"},
		{"hello", filepath.Join(dir, "x"), "not a directory"},
		{"Hello", filepath.Join(dir, "new"), "must be a lower-case letter"},
	} {
		_, err := New(t.Context(), Config{Name: tt.name, Dir: tt.dir, Host: bi})
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("New(%q, %s) = %v, want %q", tt.name, tt.dir, err, tt.err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "new")); err == nil {
		t.Error("New made the directory of a refused name")
	}
}

// makeEmptyDir says which directory it made, the topmost, so that a failed
// gosh new removes exactly that, and never a directory that was there.
func TestMakeEmptyDir(t *testing.T) {
	root := t.TempDir()
	made, err := makeEmptyDir(filepath.Join(root, "a", "b", "c"))
	if want := filepath.Join(root, "a"); err != nil || made != want {
		t.Errorf("makeEmptyDir(a/b/c) = %q, %v; want %q", made, err, want)
	}
	made, err = makeEmptyDir(filepath.Join(root, "a", "b", "d"))
	if want := filepath.Join(root, "a", "b", "d"); err != nil || made != want {
		t.Errorf("makeEmptyDir(a/b/d) = %q, %v; want %q", made, err, want)
	}
	if made, err := makeEmptyDir(filepath.Join(root, "a", "b", "c")); err != nil || made != "" {
		t.Errorf("makeEmptyDir of an existing empty directory = %q, %v; want \"\", nil", made, err)
	}
}
