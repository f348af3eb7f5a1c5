package interp

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fileShell is a shell with the fake core and stream commands, whose
// stdout and stderr are the files given, and whose stdin is stdin (nil:
// empty).
func fileShell(t *testing.T, stdin io.Reader, stdout, stderr *os.File) *Shell {
	t.Helper()
	ld := newFakeLoader()
	ld.add("/fake/core.so", coreCommands())
	ld.add("/fake/stream.so", streamCommands())
	sh, err := New(Options{Loader: ld, Stdin: stdin, Stdout: stdout, Stderr: stderr, Dir: t.TempDir(), Quiet: true,
		Environ: []string{"PATH=" + os.Getenv("PATH")}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/fake/core.so", "/fake/stream.so"} {
		if n := sh.LoadPath(t.Context(), p, false); n != 0 {
			t.Fatalf("load %s failed", p)
		}
	}
	return sh
}

func createFile(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func readFile(t *testing.T, f *os.File) string {
	t.Helper()
	b, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestBufferOutputWhen: output is buffered only where nothing can see the
// order of the writes: a file or a pipe that is not also stderr, or
// /dev/null.
func TestBufferOutputWhen(t *testing.T) {
	out, errs := createFile(t, "out"), createFile(t, "err")
	both := createFile(t, "both")
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	tests := []struct {
		name           string
		stdout, stderr *os.File
		want           bool
	}{
		{"file, stderr elsewhere", out, errs, true},
		{"pipe, stderr elsewhere", w, errs, true},
		{"/dev/null twice", null, null, true},
		{"one file for both (2>&1)", both, both, false},
	}
	if zero, err := os.OpenFile("/dev/zero", os.O_WRONLY, 0); err == nil {
		defer zero.Close()
		tests = append(tests, struct {
			name           string
			stdout, stderr *os.File
			want           bool
		}{"a device", zero, errs, false})
	}
	for _, tt := range tests {
		sh := fileShell(t, nil, tt.stdout, tt.stderr)
		if got := sh.BufferOutput(); got != tt.want {
			t.Errorf("%s: BufferOutput() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestBufferOutputOrder: buffered output keeps its order with what
// programs and pipelines write to the same file themselves, with what a
// command writes through 2>&1, and it is all out after FlushOutput.
func TestBufferOutputOrder(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	out, errs := createFile(t, "out"), createFile(t, "err")
	sh := fileShell(t, nil, out, errs)
	if !sh.BufferOutput() {
		t.Fatal("a file is not buffered")
	}
	for _, line := range []string{
		"echo one",
		// The program gets the file itself, not a pipe to the buffer.
		`sh -c "test -f /dev/stdout && echo two"`,
		"echo three",
		"echo four | up",
		"stderr 2>&1",
		"echo five; sh -c 'echo six'; echo seven",
		"nosuch",
		"echo eight",
	} {
		sh.Run(t.Context(), line)
	}
	if err := sh.FlushOutput(); err != nil {
		t.Fatal(err)
	}
	want := "one\ntwo\nthree\nFOUR\na note\nfive\nsix\nseven\neight\n"
	if got := readFile(t, out); got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
	if got := readFile(t, errs); !strings.Contains(got, "nosuch: command not found") {
		t.Errorf("stderr %q", got)
	}
}

// TestBufferOutputLater: output waits at most outputDelay, so that what a
// script printed before a long command shows.
func TestBufferOutputLater(t *testing.T) {
	out, errs := createFile(t, "out"), createFile(t, "err")
	sh := fileShell(t, nil, out, errs)
	if !sh.BufferOutput() {
		t.Fatal("a file is not buffered")
	}
	sh.Run(t.Context(), "echo early")
	deadline := time.Now().Add(10 * time.Second)
	for readFile(t, out) != "early\n" {
		if time.Now().After(deadline) {
			t.Fatalf("output still waits after 10s: %q", readFile(t, out))
		}
		time.Sleep(outputDelay / 5)
	}
}

// TestBufferOutputConversation: a command that reads the shell's standard
// input first gets what the shell wrote out, which may be the question
// that the input answers.
func TestBufferOutputConversation(t *testing.T) {
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer outR.Close()
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer inW.Close()
	sh := fileShell(t, inR, outW, createFile(t, "err"))
	if !sh.BufferOutput() {
		t.Fatal("a pipe is not buffered")
	}
	// Only reading stdin may write the question out.
	sh.stdout.(*bufferedOutput).delay = time.Hour
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer outW.Close()
		sh.Run(t.Context(), "echo question")
		sh.Run(t.Context(), "first")
		sh.FlushOutput()
	}()
	lines := bufio.NewReader(outR)
	got := make(chan string, 1)
	go func() { l, _ := lines.ReadString('\n'); got <- l }()
	select {
	case l := <-got:
		if l != "question\n" {
			t.Fatalf("first line %q", l)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the question never came")
	}
	if _, err := io.WriteString(inW, "answer\n"); err != nil {
		t.Fatal(err)
	}
	<-done
	if rest, _ := io.ReadAll(lines); string(rest) != "answer\n" {
		t.Errorf("then %q, want the answer", rest)
	}
}

// TestBufferedOutputWrites: Write and WriteString (io.WriteString,
// fmt.Fprint) fill the same buffer in order, and what is bigger than the
// buffer goes to the file directly, after what waited.
func TestBufferedOutputWrites(t *testing.T) {
	f := createFile(t, "out")
	b := &bufferedOutput{f: f, buf: make([]byte, 0, 8), delay: time.Hour}
	b.timer = time.AfterFunc(time.Hour, b.flushLater)
	defer b.timer.Stop()
	var want strings.Builder
	for _, w := range []struct {
		s     string
		bytes bool
	}{
		{"ab", true}, {"cd", false}, {"efgh", false}, // exactly full
		{"i", true}, {"a whole sentence", false}, // flushed, then direct
		{"j", false}, {"another long one", true}, {"k", false},
	} {
		var n int
		var err error
		if w.bytes {
			n, err = b.Write([]byte(w.s))
		} else {
			n, err = io.WriteString(b, w.s)
		}
		if n != len(w.s) || err != nil {
			t.Fatalf("write %q: %d, %v", w.s, n, err)
		}
		want.WriteString(w.s)
	}
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, f); got != want.String() {
		t.Errorf("file has %q, want %q", got, want.String())
	}
}

// TestBufferWrittenBeforeReload: every load, a watch-mode reload between
// lines too, finds the buffered output written out: a load captures the
// process's output while the plugin's init runs, and what waited in the
// buffer would otherwise end up in the init's report (by the buffer's
// delayed flush) instead of in the file.
func TestBufferWrittenBeforeReload(t *testing.T) {
	out, errs := createFile(t, "out"), createFile(t, "err")
	sh := fileShell(t, nil, out, errs)
	if !sh.BufferOutput() {
		t.Fatal("a file is not buffered")
	}
	sh.Run(t.Context(), "echo before the reload")
	var atLoad string
	sh.loader.(*fakeLoader).onLoad = func(string) { atLoad = readFile(t, out) }
	sh.reloadBetweenLines(t.Context(), "core", "/fake/core.so") // as the watcher does
	if atLoad != "before the reload\n" {
		t.Errorf("the file held %q when the load began, want the output before it", atLoad)
	}
}
