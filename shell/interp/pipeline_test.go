package interp

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gosh-shell/gosh/shell/command"
)

// streamCommands is a fake plugin of commands that read stdin.
func streamCommands() map[string]*command.Command {
	return map[string]*command.Command{
		"up": runCommand("upper-case stdin", func(_ context.Context, call *command.Call) error {
			b, err := io.ReadAll(call.Stdin)
			if err != nil {
				return err
			}
			_, err = io.WriteString(call.Stdout, strings.ToUpper(string(b)))
			return err
		}),
		"first": runCommand("copy the first line of stdin and stop", func(_ context.Context, call *command.Call) error {
			line, _ := bufio.NewReader(call.Stdin).ReadString('\n')
			_, err := io.WriteString(call.Stdout, line)
			return err
		}),
		"yes": runCommand("write y lines until the writes fail", func(ctx context.Context, call *command.Call) error {
			for ctx.Err() == nil {
				if _, err := io.WriteString(call.Stdout, "y\n"); err != nil {
					return err
				}
			}
			return ctx.Err()
		}),
		"pwdvar": runCommand("print the directory and $X as the command sees them", func(_ context.Context, call *command.Call) error {
			x, _ := call.Env.Get("X")
			q, _ := call.Env.Get("?")
			fmt.Fprintln(call.Stdout, filepath.Base(call.Env.Dir()), x, q)
			return call.Env.Set("X", "changed")
		}),
	}
}

func withStreams(t *testing.T) *session {
	t.Helper()
	s := withPlugins(t)
	s.ld.add("/fake/stream.so", streamCommands())
	if n := s.sh.LoadPath(t.Context(), "/fake/stream.so", false); n != 0 {
		t.Fatalf("load: %s", s.stderr.String())
	}
	s.sh.noExec = true // no programs: the fake commands only
	return s
}

func TestPipelines(t *testing.T) {
	s := withStreams(t)
	s.run([]step{
		{line: "echo hello | up", stdout: "HELLO\n"},
		{line: "echo a b | up | up", stdout: "A B\n"},
		{line: "echo hi | status 3", status: 3},
		{line: "status 3 | echo last", stdout: "last\n"},
		{line: "echo $? | up", stdout: "0\n"},
		// A reader that stops early: the writer's write fails, quietly.
		{line: "yes | first", stdout: "y\n"},
		{line: "yes | first | up", stdout: "Y\n"},
		// Meta commands are commands like the others.
		{line: ":help greet | first", stdout: "usage: greet [--loud] NAME\n"},
		// Errors of one command; the status is the last one's.
		{line: "echo a | nosuch | up", stderr: "gosh: nosuch: command not found (:help lists the commands)\n"},
		{line: "echo a | up | nosuch", stderr: "gosh: nosuch: command not found (:help lists the commands)\n", status: 127},
		{line: "fail | up", stderr: "gosh: fail: it went wrong on two lines\n"},
		{line: "echo x | boom", stderr: "gosh: core.boom panicked: kaboom (a bug in the plugin; the shell goes on)\n", status: StatusPanic},
	})
}

func TestPipelineSubshell(t *testing.T) {
	// A command of a pipeline sees a copy of the variables, directory and
	// $?, and its changes stay there.
	s := withStreams(t)
	if err := os.Mkdir(filepath.Join(s.sh.Dir(), "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	base := filepath.Base(s.sh.Dir())
	s.run([]step{
		{line: "X=1"},
		{line: "status 4", status: 4},
		{line: "pwdvar | up", stdout: strings.ToUpper(base) + " 1 4\n"},
		{line: "echo $X", stdout: "1\n"},
		{line: "pwdvar", stdout: base + " 1 0\n"},
		{line: "echo $X", stdout: "changed\n"},
	})
}

func TestLists(t *testing.T) {
	s := withStreams(t)
	s.run([]step{
		{line: "echo a; echo b", stdout: "a\nb\n"},
		{line: "status 1 && echo no", status: 1},
		{line: "status 1 || echo yes", stdout: "yes\n"},
		{line: "status 0 && echo yes || echo no", stdout: "yes\n"},
		{line: "status 2 && echo no || echo then $?", stdout: "then 2\n"},
		{line: "status 5; echo $?", stdout: "5\n"},
		{line: "status 5 ;", status: 5},
		{line: "X=a; echo $X; X=b; echo $X", stdout: "a\nb\n"},
		{line: "echo a |", stderr: "gosh: 1:8: missing command after '|'\n", status: StatusSyntax},
		{line: "echo a ; ; echo b", stderr: "gosh: 1:10: missing command before ';'\n", status: StatusSyntax},
		{line: ":exit 4; echo not run", status: 4},
	})
}

func TestAssignments(t *testing.T) {
	s := withStreams(t)
	s.run([]step{
		{line: "A=1 B='x y'; echo $A \"$B\"", stdout: "1 x y\n"},
		{line: "A=$B; echo $A", stdout: "x y\n"},
		{line: "A= ; echo [$A]", stdout: "[]\n"},
		// Before a command, for that command only.
		{line: "A=tmp X=2 pwdvar", stdout: filepath.Base(s.sh.Dir()) + " 2 0\n"},
		{line: "echo $A $X", stdout: "changed\n"}, // A is still empty
		{line: "A=2 | up"},
		{line: "echo $A", stdout: "\n"},
		{line: "export C=3; export D; echo $C$D", stdout: "3\n"},
		{line: "export 9=1", stderr: "gosh: export: \"9\" is not a valid variable name (usage: export [NAME[=VALUE]...])\n", status: StatusUsage},
	})
	env := strings.Join(s.sh.environ(nil), "\n")
	for _, want := range []string{"C=3", "GREETING=hi there", "HOME=/home/gopher", "PWD=" + s.sh.Dir()} {
		if !strings.Contains(env, want) {
			t.Errorf("environ lacks %s:\n%s", want, env)
		}
	}
	for _, not := range []string{"A=", "B=", "D="} {
		if strings.Contains("\n"+env, "\n"+not) {
			t.Errorf("environ has %s, which is not exported or not set:\n%s", not, env)
		}
	}
	s.sh.Unset("C")
	if env := s.sh.environ(nil); strings.Contains(strings.Join(env, "\n"), "C=3") {
		t.Errorf("unset C left it exported: %q", env)
	}
}

func TestRedirections(t *testing.T) {
	s := withStreams(t)
	dir := s.sh.Dir()
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	s.run([]step{
		{line: "echo one > out"},
		{line: "echo two >> out"},
		{line: "up < out", stdout: "ONE\nTWO\n"},
		{line: "up <out >up.txt"},
		{line: "stderr 2> err"},
		{line: "stderr > both 2>&1"},
		{line: "stderr 2>&1 > none", stdout: "a note\n"},
		{line: "fail 2> err2", status: 1},
		{line: "nosuch 2>> err2", status: StatusNotFound},
		{line: "echo --bogus 2> err3", status: StatusUsage},
		{line: "greet --help > help"},
		{line: "> empty"},
		{line: "echo x >&2", stderr: "x\n"},
		{line: "echo hi | up > piped", stdout: ""},
		{line: "cat < missing", stderr: "gosh: missing: no such file or directory\n", status: 1},
		{line: "echo x > .", stderr: "gosh: .: is a directory\n", status: 1},
		{line: "up < .", stderr: "gosh: .: is a directory\n", status: 1},
		{line: "echo x 0> f", stderr: "gosh: 0>f: only 0 can be redirected from a file, only 1 and 2 to one\n", status: 1},
		{line: "echo x 0>&1", stderr: "gosh: 0>&1: standard input cannot be written to\n", status: 1},
		{line: "echo > $nope", stderr: "gosh: 1:8: file name after '>' expands to nothing\n", status: 1},
	})
	for name, want := range map[string]string{
		"out": "one\ntwo\n", "up.txt": "ONE\nTWO\n", "err": "a note\n", "both": "a note\n", "none": "",
		"err2":  "gosh: fail: it went wrong on two lines\ngosh: nosuch: command not found (:help lists the commands)\n",
		"err3":  "gosh: echo: unknown flag: --bogus (usage: echo [-n] [STRING...])\n",
		"empty": "", "piped": "HI\n",
	} {
		if got := read(name); got != want {
			t.Errorf("%s holds %q, want %q", name, got, want)
		}
	}
	if got := read("help"); !strings.HasPrefix(got, "usage: greet") {
		t.Errorf("help holds %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "f")); err != nil {
		t.Errorf("0> f: %v", err) // opened, then refused
	}
}

func TestPipelineCancel(t *testing.T) {
	// Ctrl-C cancels every command of the pipeline and the rest of the
	// list.
	s := withStreams(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer time.AfterFunc(100*time.Millisecond, cancel).Stop()
	done := make(chan int)
	go func() { done <- s.sh.Run(ctx, "yes | yes | first > /dev/null; yes | yes; echo not run") }()
	select {
	case st := <-done:
		if st != 130 {
			t.Errorf("status %d, want 130", st)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the pipeline did not stop")
	}
	if strings.Contains(s.stdout.String(), "not run") || s.stderr.Len() > 0 {
		t.Errorf("stderr: %s", s.stderr.String())
		t.Errorf("the list went on after Ctrl-C")
	}
}

func TestWhich(t *testing.T) {
	s := withStreams(t)
	s.run([]step{
		{line: ":which echo :help export", stdout: "echo: command core.echo of plugin core (/fake/core.so)\n:help: gosh meta command\nexport: gosh builtin\n"},
		{line: ":which extra.greet greet", stdout: "extra.greet: command extra.greet of plugin extra (/fake/extra.so)\ngreet: command core.greet of plugin core (/fake/core.so)\n"},
		{line: ":which nosuch :nosuch", stderr: "gosh: :which: nosuch: not found\ngosh: :which: :nosuch: not found\n", status: 1},
		{line: ":which", stderr: "gosh: :which: name at least one command (usage: :which NAME...)\n", status: StatusUsage},
	})
}

// withStreamsAndSh is withStreams that runs programs, sh from $PATH.
func withStreamsAndSh(t *testing.T) *session {
	t.Helper()
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	s := withStreams(t)
	s.sh.noExec = false
	s.sh.Set("PATH", filepath.Dir(sh))
	return s
}

// A program that survives Ctrl-C (here: it ignores SIGINT, as a child that
// got the signal between its fork and its exec does) must not keep a
// plugin command of the pipeline waiting on the pipe it holds: the line
// ends after the program's grace time, not when the program does.
func TestPipelineCancelSurvivingWriter(t *testing.T) {
	s := withStreamsAndSh(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer time.AfterFunc(300*time.Millisecond, cancel).Stop()
	done := make(chan int)
	// sh ignores SIGINT and so does the sleep it starts; gosh kills sh
	// after its grace time, but sleep goes on holding the pipe to up.
	go func() { done <- s.sh.Run(ctx, `sh -c "trap '' INT; sleep 30; echo late" | up; echo not run`) }()
	select {
	case st := <-done:
		if st != 130 {
			t.Errorf("status %d, want 130", st)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the pipeline waited for the program that outlived Ctrl-C")
	}
	if strings.Contains(s.stdout.String(), "not run") || strings.Contains(s.stdout.String(), "LATE") {
		t.Errorf("stdout %q, stderr %q: the list went on after Ctrl-C", s.stdout.String(), s.stderr.String())
	}
}

// TestPipelineCancelWhileStarting: a Ctrl-C while a program of a pipeline
// is being started leaves the descriptors it is started with open. gosh
// closed its ends of the pipes as soon as the context was cancelled, from
// another goroutine: a pipe end closed between the moment cmd.Start takes
// its number and the fork let the number go to the next file opened, the
// pipe that tells Go that the exec succeeded, which the program then got
// as its stdout, and gosh waited in cmd.Start until the program (sh -c
// "sleep 30" and its sleep) exited.
func TestPipelineCancelWhileStarting(t *testing.T) {
	s := withStreamsAndSh(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var closed []string
	ctx = context.WithValue(ctx, startingKey{}, func(cmd *exec.Cmd) {
		cancel() // Ctrl-C now, as the program is started
		// Whatever closes the pipes on Ctrl-C does it at once, on a
		// goroutine of its own: give it the time, then look.
		time.Sleep(200 * time.Millisecond)
		for name, f := range map[string]any{"stdin": cmd.Stdin, "stdout": cmd.Stdout} {
			f, ok := f.(*os.File)
			if !ok {
				continue
			}
			rc, err := f.SyscallConn()
			if err == nil {
				err = rc.Control(func(uintptr) {})
			}
			if err != nil {
				closed = append(closed, fmt.Sprintf("%s: %v", name, err))
			}
		}
	})
	if st := s.sh.Run(ctx, `sh -c "sleep 30" | up | sh -c "cat"; echo not run`); st != 130 {
		t.Errorf("status %d, want 130", st)
	}
	if len(closed) > 0 {
		t.Errorf("a program was started with pipe ends gosh had closed: %v", closed)
	}
	if strings.Contains(s.stdout.String(), "not run") {
		t.Errorf("stdout %q: the list went on after Ctrl-C", s.stdout.String())
	}
}

// TestProgramCancelReachesItsChildren: a Ctrl-C that reaches gosh but not
// the program (typed just before the program was started, or a SIGINT sent
// to gosh alone; here the context is cancelled, and no process gets a
// signal from the terminal) must stop what the program started too, as the
// terminal's SIGINT would have: SIGINT to sh alone, in
// sh -c "sleep 30; echo late", leaves its sleep running once gosh has
// killed sh.
func TestProgramCancelReachesItsChildren(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("gosh finds a program's children in /proc")
	}
	s := withStreamsAndSh(t)
	// A duration no other process sleeps, to find this sleep by.
	marker := fmt.Sprintf("%d.%06d", 40+os.Getpid()%50, time.Now().Nanosecond()/1000)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan int)
	go func() { done <- s.sh.Run(ctx, `sh -c "sleep `+marker+`; echo late"`) }()
	var pid int
	for deadline := time.Now().Add(10 * time.Second); pid == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the program's sleep did not start")
		}
		pid = findProcess("sleep\x00" + marker + "\x00")
	}
	t.Cleanup(func() { syscall.Kill(pid, syscall.SIGKILL) })
	cancel()
	select {
	case st := <-done:
		if st != 130 {
			t.Errorf("status %d, want 130", st)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the line did not end after Ctrl-C")
	}
	for deadline := time.Now().Add(3 * time.Second); processRuns(pid); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("sleep %s (pid %d), started by the interrupted program, still runs", marker, pid)
		}
	}
	if strings.Contains(s.stdout.String(), "late") {
		t.Errorf("stdout %q: sh went on after Ctrl-C", s.stdout.String())
	}
}

// findProcess returns the pid of a process whose command line (arguments
// joined by NUL, with a final NUL) is cmdline, or 0.
func findProcess(cmdline string) int {
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		if data, err := os.ReadFile("/proc/" + d.Name() + "/cmdline"); err == nil && string(data) == cmdline {
			return pid
		}
	}
	return 0
}

// processRuns reports whether pid exists and is not a zombie (a process
// that ended, waiting for its parent, or for an init that may not reap).
func processRuns(pid int) bool {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// pid (comm) state ...: the state follows the last ')'.
	rest := string(data[strings.LastIndexByte(string(data), ')')+1:])
	return !strings.HasPrefix(strings.TrimSpace(rest), "Z")
}
