package pluginbuild

import (
	"runtime/debug"
	"slices"
	"strings"
	"testing"
)

func buildInfo(goVersion string, settings ...string) *debug.BuildInfo {
	bi := &debug.BuildInfo{GoVersion: goVersion, Main: debug.Module{Path: "github.com/gosh-shell/gosh", Version: "(devel)"}}
	for _, s := range settings {
		k, v, _ := strings.Cut(s, "=")
		bi.Settings = append(bi.Settings, debug.BuildSetting{Key: k, Value: v})
	}
	return bi
}

func TestEnvAndFlags(t *testing.T) {
	for _, tt := range []struct {
		name      string
		bi        *debug.BuildInfo
		env, flag []string
	}{
		{
			name: "a plain cgo build",
			bi: buildInfo("go1.26.8", "-buildmode=exe", "-compiler=gc", "CGO_ENABLED=1", "CGO_CFLAGS=",
				"GOARCH=amd64", "GOOS=linux", "GOAMD64=v1", "vcs=git", "vcs.revision=abc", "DefaultGODEBUG=x=1"),
			env:  []string{"GOTOOLCHAIN=go1.26.8", "GOFLAGS=", "GOWORK=off", "CGO_CFLAGS=", "CGO_ENABLED=1", "GOAMD64=v1", "GOARCH=amd64", "GOOS=linux"},
			flag: []string{"-pgo=off"},
		},
		{
			name: "every flag that changes how packages compile",
			bi: buildInfo("go1.26.8 X:boringcrypto", "-race=true", "-trimpath=true", "-msan=false", "-gcflags=all=-N -l",
				"-asmflags=-I x", "-tags=netgo,osusergo", "-ldflags=-s -w -X main.v=1", "-pgo=/src/default.pgo",
				"GOEXPERIMENT=boringcrypto", "GOARM64=v8.2", "CGO_LDFLAGS=-L/x"),
			env:  []string{"GOTOOLCHAIN=go1.26.8", "GOFLAGS=", "GOWORK=off", "CGO_LDFLAGS=-L/x", "GOARM64=v8.2", "GOEXPERIMENT=boringcrypto"},
			flag: []string{"-asmflags=-I x", "-gcflags=all=-N -l", "-race", "-tags=netgo,osusergo", "-trimpath", "-pgo=/src/default.pgo"},
		},
	} {
		if got := Env(tt.bi); !slices.Equal(got, tt.env) {
			t.Errorf("%s: Env = %q, want %q", tt.name, got, tt.env)
		}
		if got := Flags(tt.bi); !slices.Equal(got, tt.flag) {
			t.Errorf("%s: Flags = %q, want %q", tt.name, got, tt.flag)
		}
	}
}

func TestToolchain(t *testing.T) {
	for _, tt := range []struct{ goVersion, want string }{
		{"go1.26.8", "go1.26.8"},
		{"go1.26.8 X:boringcrypto,jsonv2", "go1.26.8"},
		{"devel go1.27-abcdef Tue Nov 3 2026", "local"},
		{"", "local"},
	} {
		if got := Toolchain(buildInfo(tt.goVersion)); got != tt.want {
			t.Errorf("Toolchain(%q) = %q, want %q", tt.goVersion, got, tt.want)
		}
	}
}

func TestCheckGoVersion(t *testing.T) {
	bi := buildInfo("go1.26.8")
	for _, tt := range []struct {
		modGo string
		ok    bool
	}{
		{"", true}, {"1.21", true}, {"1.26", true}, {"1.26.8", true},
		{"1.26.9", false}, {"1.27", false}, {"2.0", false},
	} {
		err := CheckGoVersion(tt.modGo, bi)
		if (err == nil) != tt.ok {
			t.Errorf("go %q: error %v, want ok=%v", tt.modGo, err, tt.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "fix: lower the go line of go.mod to 1.26 or less") {
			t.Errorf("go %q: error %q names no fix", tt.modGo, err)
		}
	}
}
