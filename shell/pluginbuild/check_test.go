package pluginbuild

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestCheckSources: a directory that is no main package, or that holds
// sources a build from its file list would leave out, is refused with the
// reason, in a module or not; a main package of Go files passes.
func TestCheckSources(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	host := buildInfo(runtime.Version(), "GOOS="+runtime.GOOS, "GOARCH="+runtime.GOARCH, "CGO_ENABLED=1")
	for _, tt := range []struct {
		name  string
		files map[string]string
		want  string // in the error; "" for none
	}{
		{"main", map[string]string{"go.mod": "module example.com/m\n", "main.go": "package main\n"}, ""},
		{"main without module", map[string]string{"main.go": "package main\n"}, ""},
		{"lib", map[string]string{"go.mod": "module example.com/m\n", "a.go": "package lib\n"}, "is package lib, not a main package"},
		{"lib without module", map[string]string{"a.go": "package lib\n"}, "is package lib, not a main package"},
		{"C file", map[string]string{"main.go": "package main\n", "helper.c": "int f(void) { return 1; }\n"}, "has non-Go sources (helper.c)"},
		{"other platform's file", map[string]string{"main.go": "package main\n", "x_plan9.go": "package other\n"}, ""},
		{"two packages", map[string]string{"main.go": "package main\n", "b.go": "package b\n"}, ""}, // left to go build
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "p")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			for name, text := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			g, err := newGoTool(os.Environ(), Env(host), dir)
			if err != nil {
				t.Fatal(err)
			}
			b := &builder{cfg: Config{Dir: "p", Host: host}, g: g, flags: Flags(host)}
			err = b.checkSources(context.Background())
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error %v, want one with %q", err, tt.want)
			}
		})
	}
}
