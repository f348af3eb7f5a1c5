package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// The end-to-end tests run the real gosh binary, built here by go build with
// cgo, against real plugins built with -buildmode=plugin: the same artifacts
// a user gets from make.
var (
	binDir     string // holds gosh
	pluginDir  string // holds the bundled plugins
	repoRoot   string
	buildError error
)

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	// gosh refuses plugins that group or others can write, so the plugins
	// and directories the tests make must not be, whatever the umask of
	// whoever runs the tests (002 is common): every file and directory the
	// tests and the processes they start create is private to the user.
	syscall.Umask(0o022)
	tmp, err := os.MkdirTemp("", "gosh-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	repoRoot, _ = os.Getwd()
	binDir = filepath.Join(tmp, "bin")
	pluginDir = filepath.Join(tmp, "plugins")
	buildError = buildAll()
	return m.Run()
}

func buildAll() error {
	if err := goBuild("-o", filepath.Join(binDir, "gosh"), "."); err != nil {
		return err
	}
	entries, err := os.ReadDir("plugins-src")
	if err != nil {
		return err
	}
	// The bundled plugins are built as make builds them: by gosh build, so
	// that every test exercises it. With -o, gosh build makes no directory.
	if err := os.MkdirAll(pluginDir, 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "internal" {
			continue
		}
		out := filepath.Join(pluginDir, e.Name()+".so")
		cmd := exec.Command(filepath.Join(binDir, "gosh"), "build", "-o", out, "./plugins-src/"+e.Name())
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("gosh build %s: %v\n%s", e.Name(), err, out)
		}
	}
	return nil
}

func goBuild(args ...string) error {
	cmd := exec.Command("go", append([]string{"build"}, args...)...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// goEnv returns a go env value, for passing the toolchain's caches through
// to scripts that build plugins of their own.
func goEnv(key string) string {
	out, err := exec.Command("go", "env", key).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

func scriptParams(t *testing.T, dir string) testscript.Params {
	if buildError != nil {
		t.Fatal(buildError)
	}
	goroot := goEnv("GOROOT") // the go that runs the tests: the scripts' go too
	if goroot == "" {
		t.Fatal("go env GOROOT printed nothing: the tests need the go command")
	}
	cacheEnv := map[string]string{
		"GOCACHE": goEnv("GOCACHE"), "GOMODCACHE": goEnv("GOMODCACHE"), "GOPATH": goEnv("GOPATH"),
		"GOPROXY": goEnv("GOPROXY"), "GOFLAGS": goEnv("GOFLAGS"), "GONOSUMDB": goEnv("GONOSUMDB"),
		"GOSUMDB": goEnv("GOSUMDB"), "GOTOOLCHAIN": "local",
	}
	return testscript.Params{
		Dir: dir,
		Setup: func(env *testscript.Env) error {
			env.Setenv("PATH", binDir+string(os.PathListSeparator)+filepath.Join(goroot, "bin")+string(os.PathListSeparator)+env.Getenv("PATH"))
			env.Setenv("GOSH_PLUGIN_PATH", pluginDir)
			env.Setenv("PLUGINS", pluginDir)
			env.Setenv("REPO", repoRoot)
			env.Setenv("XDG_CACHE_HOME", filepath.Join(env.WorkDir, ".cache"))
			env.Setenv("XDG_STATE_HOME", filepath.Join(env.WorkDir, ".state"))
			env.Setenv("HOME", filepath.Join(env.WorkDir, ".home"))
			env.Setenv("CGO_ENABLED", "1")
			for k, v := range cacheEnv {
				if v != "" {
					env.Setenv(k, v)
				}
			}
			return nil
		},
		Cmds: scriptCmds,
		Condition: func(cond string) (bool, error) {
			if cond == "root" { // [root]: the tests run as root
				return os.Geteuid() == 0, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		RequireExplicitExec: true,
	}
}

// scriptCmds are the commands scripts need beyond testscript's own, to make
// the broken files users really have.
var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	// cutcopy SRC DST N: copy the first N bytes of SRC to DST (a truncated
	// download).
	"cutcopy": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 3 {
			ts.Fatalf("usage: cutcopy SRC DST N")
		}
		data, err := os.ReadFile(ts.MkAbs(args[0]))
		ts.Check(err)
		n, err := strconv.Atoi(args[2])
		ts.Check(err)
		if n > len(data) {
			ts.Fatalf("cutcopy: %s has only %d bytes", args[0], len(data))
		}
		ts.Check(os.WriteFile(ts.MkAbs(args[1]), data[:n], 0o644))
	},
	// setbyte FILE OFFSET VALUE: overwrite one byte in place (decimal or 0x).
	"setbyte": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 3 {
			ts.Fatalf("usage: setbyte FILE OFFSET VALUE")
		}
		off, err := strconv.ParseInt(args[1], 0, 64)
		ts.Check(err)
		v, err := strconv.ParseUint(args[2], 0, 8)
		ts.Check(err)
		f, err := os.OpenFile(ts.MkAbs(args[0]), os.O_WRONLY, 0)
		ts.Check(err)
		_, err = f.WriteAt([]byte{byte(v)}, off)
		ts.Check(err)
		ts.Check(f.Close())
	},
	// overwrite SRC DST: write SRC's bytes into the existing file DST in
	// place (same inode), as cp does, unlike go build -o which renames.
	"overwrite": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: overwrite SRC DST")
		}
		data, err := os.ReadFile(ts.MkAbs(args[0]))
		ts.Check(err)
		f, err := os.OpenFile(ts.MkAbs(args[1]), os.O_WRONLY|os.O_TRUNC, 0)
		ts.Check(err)
		_, err = f.Write(data)
		ts.Check(err)
		ts.Check(f.Close())
	},
	// checkmode PERM PATH: PATH's permission bits are PERM (octal; a link
	// is not followed).
	"checkmode": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: checkmode PERM PATH")
		}
		want, err := strconv.ParseUint(args[0], 8, 32)
		ts.Check(err)
		fi, err := os.Lstat(ts.MkAbs(args[1]))
		ts.Check(err)
		got := uint64(fi.Mode().Perm())
		if (got == want) == neg {
			ts.Fatalf("%s has mode %04o, want %s%04o", args[1], got, map[bool]string{true: "not ", false: ""}[neg], want)
		}
	},
	// chownid UID PATH: give PATH to another user (needs root: guard it
	// with [root]).
	"chownid": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: chownid UID PATH")
		}
		uid, err := strconv.Atoi(args[0])
		ts.Check(err)
		ts.Check(os.Lchown(ts.MkAbs(args[1]), uid, -1))
	},
	// sleep DURATION: wait, for tests of what happens as file times age.
	"sleep": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: sleep DURATION")
		}
		d, err := time.ParseDuration(args[0])
		ts.Check(err)
		time.Sleep(d)
	},
	// repeat N TEXT FILE: write TEXT (with \n for newlines) N times to FILE.
	"repeat": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 3 {
			ts.Fatalf("usage: repeat N TEXT FILE")
		}
		n, err := strconv.Atoi(args[0])
		ts.Check(err)
		text := strings.ReplaceAll(args[1], `\n`, "\n")
		ts.Check(os.WriteFile(ts.MkAbs(args[2]), []byte(strings.Repeat(text, n)), 0o644))
	},
}

// TestScripts runs testdata/script/*.txtar: what a user types and sees.
func TestScripts(t *testing.T) {
	testscript.Run(t, scriptParams(t, "testdata/script"))
}
