package pluginbuild

import (
	"fmt"
	"go/version"
	"runtime/debug"
	"sort"
	"strings"
)

// Toolchain returns the GOTOOLCHAIN value that selects the Go release that
// built bi: its GoVersion without the " X:..." experiment suffix, which
// GOEXPERIMENT carries instead. A development toolchain ("devel ...") cannot
// be selected by name: "local", the go command of $PATH, is all there is, and
// the check of the result says if it was another.
func Toolchain(bi *debug.BuildInfo) string {
	v, _, _ := strings.Cut(bi.GoVersion, " ")
	if v == "" || v == "devel" {
		return "local"
	}
	return v
}

// Env returns the environment, as KEY=VALUE, that makes the go command build
// as bi was built: the toolchain, cgo and its flags, the target platform and
// its instruction-set levels, and the experiments. GOFLAGS is cleared (a
// user's GOFLAGS=-trimpath or -mod=vendor would make another build) and
// workspaces are off (they cannot be combined with -modfile, and the build
// list must come from the plugin's go.mod pinned to gosh's versions).
// Later entries of an exec.Cmd's Env win, so append these to os.Environ().
func Env(bi *debug.BuildInfo) []string {
	env := []string{"GOTOOLCHAIN=" + Toolchain(bi), "GOFLAGS=", "GOWORK=off"}
	for _, s := range sortedSettings(bi) {
		if isEnvSetting(s.Key) {
			env = append(env, s.Key+"="+s.Value)
		}
	}
	return env
}

// isEnvSetting reports whether a build setting is an environment variable
// (CGO_ENABLED, GOARCH, GOAMD64, GOEXPERIMENT...) rather than a flag (-tags)
// or a recorded fact (vcs.revision, DefaultGODEBUG).
func isEnvSetting(key string) bool {
	if !strings.HasPrefix(key, "GO") && !strings.HasPrefix(key, "CGO_") {
		return false
	}
	for _, r := range key {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// Flags returns the go build flags that bi's build used and that change how
// packages compile, and so the identity the runtime checks when it loads a
// plugin: -trimpath, -race, -msan, -asan, -gcflags, -asmflags, -tags and
// -pgo. -ldflags is left out on purpose: it only touches the final link
// (gosh's -X or -s would be wrong for a plugin: -s strips the symbols that
// gosh reads to check it). Without -pgo in bi, -pgo=off keeps a default.pgo
// in the plugin's directory from recompiling the packages it shares with
// gosh.
func Flags(bi *debug.BuildInfo) []string {
	var flags []string
	pgo := "-pgo=off"
	for _, s := range sortedSettings(bi) {
		switch s.Key {
		case "-trimpath", "-race", "-msan", "-asan":
			if s.Value == "true" {
				flags = append(flags, s.Key)
			}
		case "-gcflags", "-asmflags", "-tags":
			if s.Value != "" {
				flags = append(flags, s.Key+"="+s.Value)
			}
		case "-pgo":
			if s.Value != "" {
				pgo = "-pgo=" + s.Value
			}
		}
	}
	return append(flags, pgo)
}

func sortedSettings(bi *debug.BuildInfo) []debug.BuildSetting {
	s := append([]debug.BuildSetting(nil), bi.Settings...)
	sort.SliceStable(s, func(i, j int) bool { return s[i].Key < s[j].Key })
	return s
}

// CheckGoVersion returns an error when a go.mod's go line (modGo, e.g.
// "1.27" or "1.27.1") asks for a newer Go than the toolchain that built gosh:
// the plugin must be built by gosh's own toolchain, which would refuse it.
func CheckGoVersion(modGo string, bi *debug.BuildInfo) error {
	if modGo == "" {
		return nil
	}
	host := Toolchain(bi)
	if !version.IsValid(host) || version.Compare("go"+modGo, host) <= 0 {
		return nil
	}
	return fmt.Errorf("its go.mod needs go %s, but this gosh was built with %s, and a plugin must be built by the same toolchain (fix: lower the go line of go.mod to %s or less, or rebuild gosh with go %s)",
		modGo, host, strings.TrimPrefix(version.Lang(host), "go"), modGo)
}
