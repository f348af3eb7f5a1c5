package pluginbuild

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
)

const gosh = "github.com/gosh-shell/gosh"

// host is a development build of gosh with two dependencies, one of them
// replaced by a directory next to gosh's source.
func host() *debug.BuildInfo {
	bi := buildInfo("go1.26.8")
	bi.Deps = []*debug.Module{
		{Path: "github.com/spf13/pflag", Version: "v1.0.10"},
		{Path: "golang.org/x/sys", Version: "v0.26.0", Replace: &debug.Module{Path: "../sys", Version: ""}},
	}
	return bi
}

func modFile(t *testing.T, js string) *ModFile {
	t.Helper()
	var mf ModFile
	if err := json.Unmarshal([]byte(js), &mf); err != nil {
		t.Fatal(err)
	}
	return &mf
}

func TestModEdits(t *testing.T) {
	for _, tt := range []struct {
		name, src, mod string
		want           []string
		err            string
	}{
		{
			name: "gosh required, nothing replaced",
			src:  "/src/gosh",
			mod:  `{"Require": [{"Path": "github.com/gosh-shell/gosh", "Version": "v0.0.0"}]}`,
			want: []string{"-replace=golang.org/x/sys=/src/sys", "-replace=github.com/gosh-shell/gosh=/src/gosh"},
		},
		{
			name: "gosh not required; the plugin's own replaces of shared modules go",
			src:  "/src/gosh",
			mod: `{"Replace": [
				{"Old": {"Path": "github.com/spf13/pflag", "Version": "v1.0.9"}, "New": {"Path": "../pflag"}},
				{"Old": {"Path": "github.com/gosh-shell/gosh"}, "New": {"Path": "/elsewhere"}},
				{"Old": {"Path": "example.com/mine"}, "New": {"Path": "../mine"}}]}`,
			want: []string{"-dropreplace=github.com/spf13/pflag@v1.0.9", "-dropreplace=github.com/gosh-shell/gosh",
				"-replace=golang.org/x/sys=/src/sys", "-replace=github.com/gosh-shell/gosh=/src/gosh", "-require=github.com/gosh-shell/gosh@v0.0.0"},
		},
		{name: "no source directory", mod: `{}`, err: "relative to gosh's source directory, which is unknown (fix: --gosh-source DIR)"},
	} {
		got, err := ModEdits(host(), tt.src, modFile(t, tt.mod))
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("%s: ModEdits = %q, %v\nwant %q", tt.name, got, err, tt.want)
		}
	}

	released := buildInfo("go1.26.8")
	released.Main.Version = "v0.3.0"
	got, err := ModEdits(released, "", modFile(t, `{"Require": [{"Path": "github.com/gosh-shell/gosh", "Version": "v0.2.0"}]}`))
	if err != nil || len(got) != 0 {
		t.Errorf("released gosh: ModEdits = %q, %v; want nothing (Pins requires gosh's version)", got, err)
	}
	// A released gosh that the plugin's go.mod does not require is required
	// at its version (and never is go mod edit run with no flags).
	got, err = ModEdits(released, "", modFile(t, `{"Require": [{"Path": "example.com/other", "Version": "v1.0.0"}]}`))
	if want := []string{"-require=github.com/gosh-shell/gosh@v0.3.0"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("released gosh, not required: ModEdits = %q, %v; want %q", got, err, want)
	}
	// A development build whose version git stamped is replaced with its
	// source, not required at that version, which no proxy has.
	pseudo := buildInfo("go1.26.8")
	pseudo.Main.Version = "v0.0.0-20261125175134-975147583889"
	got, err = ModEdits(pseudo, "/src/gosh", modFile(t, `{}`))
	if want := []string{"-replace=github.com/gosh-shell/gosh=/src/gosh", "-require=github.com/gosh-shell/gosh@v0.0.0"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("development build with a pseudo-version: ModEdits = %q, %v; want %q", got, err, want)
	}
}

func TestPins(t *testing.T) {
	released := host()
	released.Main.Version = "v0.3.0"
	pseudo := host()
	pseudo.Main.Version = "v0.0.0-20261125175134-975147583889"
	list := []Module{
		{Path: "example.com/plugin", Main: true},
		{Path: gosh, Version: "v0.2.0"},
		{Path: "github.com/spf13/pflag", Version: "v1.1.0"},
		{Path: "golang.org/x/sys", Version: "v0.26.0"},
		{Path: "example.com/other", Version: "v1.0.0"},
	}
	for _, tt := range []struct {
		name string
		bi   *debug.BuildInfo
		src  string
		want []string
	}{
		{"development build: gosh is replaced, not pinned", host(), "/src/gosh", []string{"github.com/spf13/pflag@v1.0.10"}},
		{"release: gosh is pinned too", released, "", []string{gosh + "@v0.3.0", "github.com/spf13/pflag@v1.0.10"}},
		// A checkout's version stamped by git is no release: what decides is
		// whether there is a source directory to build against.
		{"development build with a pseudo-version", pseudo, "/src/gosh", []string{"github.com/spf13/pflag@v1.0.10"}},
	} {
		if got := Pins(tt.bi, tt.src, list); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Pins = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestChanges(t *testing.T) {
	mod := modFile(t, `{"Require": [
		{"Path": "github.com/gosh-shell/gosh", "Version": "v0.0.0"},
		{"Path": "github.com/spf13/pflag", "Version": "v1.0.9"},
		{"Path": "example.com/kept", "Version": "v1.0.0"},
		{"Path": "example.com/moved", "Version": "v1.2.0"}]}`)
	before := []Module{
		{Path: "example.com/plugin", Main: true},
		{Path: gosh, Version: "v0.0.0", Replace: &Module{Path: "/src/gosh"}},
		{Path: "github.com/spf13/pflag", Version: "v1.0.10"},
		{Path: "golang.org/x/sys", Version: "v0.30.0"},
		{Path: "example.com/kept", Version: "v1.0.0"},
		{Path: "example.com/moved", Version: "v1.2.0"},
	}
	after := slices.Clone(before)
	after[3] = Module{Path: "golang.org/x/sys", Version: "v0.26.0"}
	after[5] = Module{Path: "example.com/moved", Version: "v1.1.0"}
	var got []string
	for _, c := range Changes(host(), "/src/gosh", mod, before, after) {
		got = append(got, c.String())
	}
	want := []string{
		"example.com/moved: go.mod asks for v1.2.0; built with v1.1.0, which the module graph selects with gosh's versions pinned (your go.mod is unchanged)",
		"github.com/gosh-shell/gosh: go.mod asks for v0.0.0; built with gosh's source in /src/gosh, which this gosh was built from (your go.mod is unchanged; go mod edit -replace github.com/gosh-shell/gosh=/src/gosh makes it permanent)",
		"github.com/spf13/pflag: go.mod asks for v1.0.9; built with v1.0.10, gosh's version (your go.mod is unchanged; go get github.com/spf13/pflag@v1.0.10 makes it permanent)",
		"golang.org/x/sys: the module graph selects v0.30.0; built with v0.26.0, gosh's version (your go.mod is unchanged; go get golang.org/x/sys@v0.26.0 makes it permanent)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// gosh already replaced with the right directory, and a shared module
	// replaced by the plugin: only the second is news.
	mod = modFile(t, `{"Require": [{"Path": "github.com/gosh-shell/gosh", "Version": "v0.0.0"}, {"Path": "github.com/spf13/pflag", "Version": "v1.0.10"}],
		"Replace": [{"Old": {"Path": "github.com/gosh-shell/gosh"}, "New": {"Path": "/src/gosh"}}, {"Old": {"Path": "github.com/spf13/pflag"}, "New": {"Path": "../pflag"}}]}`)
	before = []Module{{Path: gosh, Version: "v0.0.0"}, {Path: "github.com/spf13/pflag", Version: "v1.0.10"}}
	got = nil
	for _, c := range Changes(host(), "/src/gosh", mod, before, before) {
		got = append(got, c.String())
	}
	want = []string{"github.com/spf13/pflag: go.mod replaces it with ../pflag; built with v1.0.10, gosh's copy, which a plugin must share (your go.mod is unchanged)"}
	if !slices.Equal(got, want) {
		t.Errorf("Changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestModFileSaysWhatGoPrinted: a go command that prints no go.mod (or two)
// is reported as such, not as "<nil>".
func TestModFileSaysWhatGoPrinted(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "go")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	g := &goTool{path: fake, env: os.Environ(), dir: dir}
	_, err := g.modFile(context.Background(), filepath.Join(dir, "go.mod"))
	want := "reading " + filepath.Join(dir, "go.mod") + ": go mod edit -json printed 0 values, want 1"
	if err == nil || err.Error() != want {
		t.Errorf("modFile with a go that prints nothing: %v, want %q", err, want)
	}
}
