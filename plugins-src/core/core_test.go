package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/gosh-shell/gosh/plugins-src/internal/plugintest"
	"github.com/gosh-shell/gosh/shell/command"
)

// step is one line typed at gosh and what it printed back.
type step struct {
	stdin  string
	args   []string // command name first
	stdout string
	stderr string
	status int
}

// runSteps runs steps one after the other in env, as a user would type them.
func runSteps(t *testing.T, env command.Env, steps []step) {
	t.Helper()
	for _, s := range steps {
		r := plugintest.Run(t.Context(), Commands, env, s.stdin, s.args[0], s.args[1:]...)
		if r.Stdout != s.stdout || r.Stderr != s.stderr || r.Status() != s.status {
			t.Errorf("%q:\n got stdout %q stderr %q status %d (err %v)\nwant stdout %q stderr %q status %d",
				s.args, r.Stdout, r.Stderr, r.Status(), r.Err, s.stdout, s.stderr, s.status)
		}
	}
}

func TestCommandsAreValid(t *testing.T) {
	if err := plugintest.Check(Commands); err != nil {
		t.Error(err)
	}
}

func TestEchoTrueFalse(t *testing.T) {
	runSteps(t, nil, []step{
		{args: []string{"echo", "hello", "world"}, stdout: "hello world\n"},
		{args: []string{"echo"}, stdout: "\n"},
		{args: []string{"echo", "-n", "no", "newline"}, stdout: "no newline"},
		{args: []string{"echo", "-n"}, stdout: ""},
		{args: []string{"echo", "a", "-n"}, stdout: "a -n\n"},
		{args: []string{"echo", "--", "-n"}, stdout: "-n\n"},
		{args: []string{"echo", "  spaced  "}, stdout: "  spaced  \n"},
		{args: []string{"true", "ignored"}, status: 0},
		{args: []string{"false"}, status: 1},
	})
}

func TestVars(t *testing.T) {
	env := &command.MapEnv{}
	runSteps(t, env, []step{
		{args: []string{"env"}, stdout: ""},
		{args: []string{"set", "B=two words", "A=1", "EMPTY="}},
		{args: []string{"env"}, stdout: "A=1\nB=two words\nEMPTY=\n"},
		{args: []string{"set"}, stdout: "A=1\nB=two words\nEMPTY=\n"},
		{args: []string{"set", "C=3", "1X=bad"}, status: 2},
		{args: []string{"set", "C=3", "novalue"}, status: 2},
		{args: []string{"unset", "A", "NOT_SET"}},
		{args: []string{"unset", "B", "a-b"}, status: 2},
		{args: []string{"unset"}, status: 2},
		{args: []string{"env", "x"}, status: 2},
		{args: []string{"env"}, stdout: "B=two words\nEMPTY=\n"},
	})
}

func TestCd(t *testing.T) {
	root := t.TempDir()
	home := filepath.Join(root, "home")
	sub := filepath.Join(root, "sub")
	for _, d := range []string{home, sub} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "file"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	env := &command.MapEnv{WorkDir: root, Vars: map[string]string{"HOME": home}}
	runSteps(t, env, []step{
		{args: []string{"cd", "-"}, stderr: "", status: 1}, // OLDPWD not set
		{args: []string{"pwd"}, stdout: root + "\n"},
		{args: []string{"cd", "sub"}},
		{args: []string{"pwd"}, stdout: sub + "\n"},
		{args: []string{"cd", "-"}, stdout: root + "\n"},
		{args: []string{"cd", "-"}, stdout: sub + "\n"},
		{args: []string{"cd"}},
		{args: []string{"pwd"}, stdout: home + "\n"},
		{args: []string{"cd", "../sub"}},
		{args: []string{"cd", ".."}},
		{args: []string{"pwd"}, stdout: root + "\n"},
		{args: []string{"cd", "a", "b"}, status: 2},
	})
	if got := env.Vars["OLDPWD"]; got != sub {
		t.Errorf("OLDPWD = %q, want %q", got, sub)
	}
	if got := env.Vars["PWD"]; got != root {
		t.Errorf("PWD = %q, want %q", got, root)
	}

	for _, tt := range []struct {
		arg, msg string
		is       error
	}{
		{"missing", "missing: no such file or directory", fs.ErrNotExist},
		{"file", "file: not a directory", nil},
	} {
		r := plugintest.Run(t.Context(), Commands, env, "", "cd", tt.arg)
		if r.Err == nil || r.Err.Error() != tt.msg {
			t.Errorf("cd %s: error %v, want %q", tt.arg, r.Err, tt.msg)
		}
		if tt.is != nil && !errors.Is(r.Err, tt.is) {
			t.Errorf("cd %s: error %v is not %v", tt.arg, r.Err, tt.is)
		}
		if env.Dir() != root {
			t.Errorf("failed cd %s moved to %s", tt.arg, env.Dir())
		}
	}
}

func TestCat(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{"a": "alpha\n", "b": "beta"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The files are found in the shell's directory, not the process's.
	env := &command.MapEnv{WorkDir: dir}
	runSteps(t, env, []step{
		{stdin: "from stdin\n", args: []string{"cat"}, stdout: "from stdin\n"},
		{stdin: "IN\n", args: []string{"cat", "a", "-", "b"}, stdout: "alpha\nIN\nbeta"},
		{args: []string{"cat", "a", "nope", "b"}, stdout: "alpha\nbeta",
			stderr: "cat: nope: no such file or directory\n", status: 1},
		{args: []string{"cat", "."}, stderr: "cat: .: is a directory\n", status: 1},
		{args: []string{"cat", filepath.Join(dir, "a")}, stdout: "alpha\n"},
	})

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	r := plugintest.Run(ctx, Commands, env, "", "cat", "a")
	if !errors.Is(r.Err, context.Canceled) || r.Stdout != "" {
		t.Errorf("cat with a cancelled context: stdout %q, error %v", r.Stdout, r.Err)
	}
}

func TestLs(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"sub", "sub/inner"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"b.txt", "a.txt", ".hidden", "sub/.dot", "sub/x"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("12345"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := &command.MapEnv{WorkDir: dir}
	runSteps(t, env, []step{
		{args: []string{"ls"}, stdout: "a.txt\nb.txt\nsub\n"},
		{args: []string{"ls", "-1"}, stdout: "a.txt\nb.txt\nsub\n"},
		{args: []string{"ls", "-a"}, stdout: ".\n..\n.hidden\na.txt\nb.txt\nsub\n"},
		{args: []string{"ls", "sub"}, stdout: "inner\nx\n"},
		{args: []string{"ls", "sub", "b.txt", "nope", "a.txt"},
			stdout: "a.txt\nb.txt\n\nsub:\ninner\nx\n",
			stderr: "ls: nope: no such file or directory\n", status: 1},
		{args: []string{"ls", "sub", "sub/inner"}, stdout: "sub:\ninner\nx\n\nsub/inner:\n"},
		{args: []string{"ls", "-x"}, status: 2},
	})

	r := plugintest.Run(t.Context(), Commands, env, "", "ls", "-l", "a.txt", "sub")
	want := regexp.MustCompile(`^-rw-r--r-- 5 \w{3} [ \d]\d \d\d:\d\d a\.txt\n\nsub:\n` +
		`drwxr-xr-x +\d+ .{12} inner\n-rw-r--r-- +5 .{12} x\n$`)
	if r.Err != nil || !want.MatchString(r.Stdout) {
		t.Errorf("ls -l: error %v, stdout\n%s", r.Err, r.Stdout)
	}
}

func TestLsLongSymlink(t *testing.T) {
	dir := t.TempDir()
	if err := os.Symlink("nowhere", filepath.Join(dir, "dangling")); err != nil {
		t.Skip(err)
	}
	r := plugintest.Run(t.Context(), Commands, &command.MapEnv{WorkDir: dir}, "", "ls", "-l")
	if want := regexp.MustCompile(`^lrwxrwxrwx 7 .{12} dangling -> nowhere\n$`); !want.MatchString(r.Stdout) {
		t.Errorf("ls -l: %q", r.Stdout)
	}
	// Without -l a dangling link is still listed, not reported as missing.
	runSteps(t, &command.MapEnv{WorkDir: dir}, []step{{args: []string{"ls", "dangling"}, stdout: "dangling\n"}})
}

func TestUnixMode(t *testing.T) {
	for _, tt := range []struct {
		mode fs.FileMode
		want string
	}{
		{0o644, "-rw-r--r--"},
		{fs.ModeDir | 0o755, "drwxr-xr-x"},
		{fs.ModeSymlink | 0o777, "lrwxrwxrwx"},
		{fs.ModeSetuid | 0o755, "-rwsr-xr-x"},
		{fs.ModeSetgid | 0o644, "-rw-r-Sr--"},
		{fs.ModeDir | fs.ModeSticky | 0o1777, "drwxrwxrwt"},
		{fs.ModeDir | fs.ModeSticky | 0o770, "drwxrwx--T"},
		{fs.ModeDevice | fs.ModeCharDevice | 0o666, "crw-rw-rw-"},
		{fs.ModeDevice | 0o660, "brw-rw----"},
		{fs.ModeNamedPipe | 0o600, "prw-------"},
		{fs.ModeSocket | 0o700, "srwx------"},
	} {
		if got := unixMode(tt.mode); got != tt.want {
			t.Errorf("unixMode(%v) = %s, want %s", tt.mode, got, tt.want)
		}
	}
}

func TestLsTime(t *testing.T) {
	now := time.Date(2025, 11, 25, 15, 4, 0, 0, time.Local)
	for _, tt := range []struct {
		t    time.Time
		want string
	}{
		{now.Add(-time.Hour), "Nov 25 14:04"},
		{time.Date(2025, 7, 1, 9, 30, 0, 0, time.Local), "Jul  1 09:30"},
		{time.Date(2024, 3, 10, 9, 30, 0, 0, time.Local), "Mar 10  2024"},
		{now.Add(48 * time.Hour), "Nov 27  2025"},
	} {
		if got := lsTime(tt.t, now); got != tt.want {
			t.Errorf("lsTime(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}

func TestSleep(t *testing.T) {
	runSteps(t, nil, []step{
		{args: []string{"sleep", "0.01"}},
		{args: []string{"sleep", "5ms", "0"}},
		{args: []string{"sleep"}, status: 2},
		{args: []string{"sleep", "soon"}, status: 2},
		{args: []string{"sleep", "--", "-1"}, status: 2},
		{args: []string{"sleep", "NaN"}, status: 2},
		{args: []string{"sleep", "inf"}, status: 2},
	})

	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(20*time.Millisecond, cancel)
	start := time.Now()
	r := plugintest.Run(ctx, Commands, nil, "", "sleep", "60")
	if !errors.Is(r.Err, context.Canceled) || r.Status() != 130 {
		t.Errorf("cancelled sleep returned %v (status %d), want context.Canceled (130)", r.Err, r.Status())
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancelled sleep took %v", d)
	}
}

func TestParseDuration(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"1", time.Second, true},
		{"1.5", 1500 * time.Millisecond, true},
		{".25", 250 * time.Millisecond, true},
		{"200ms", 200 * time.Millisecond, true},
		{"1m30s", 90 * time.Second, true},
		{"0", 0, true},
		{"-1", 0, false},
		{"-1s", 0, false},
		{"1e300", 0, false},
		{"ten", 0, false},
		{"", 0, false},
	} {
		got, err := parseDuration(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseDuration(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		var ue *command.UsageError
		if err != nil && !errors.As(err, &ue) {
			t.Errorf("parseDuration(%q): %v is not a usage error", tt.in, err)
		}
	}
}
