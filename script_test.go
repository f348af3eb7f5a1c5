package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A script is read ahead of the line that runs, in batches of lines
// (shell/repl/script.go). What the lines do must not show it: a script
// longer than many batches runs every line once, in order, each with the
// aliases and variables that the lines before it made, and stops at :exit
// with the lines after it unread. An error line gives the line's number.
func TestScriptReadAheadKeepsOrder(t *testing.T) {
	if buildError != nil {
		t.Fatal(buildError)
	}
	var script, want bytes.Buffer
	for i := range 2000 {
		switch i {
		case 700:
			// Defined on this line, used on the next: the next line was
			// read and split before this one ran.
			script.WriteString(":alias say='echo said'\n")
		case 701:
			script.WriteString("say 701\n")
			want.WriteString("said 701\n")
		case 1200:
			script.WriteString(":unalias say; N=1200\n")
		case 1201:
			script.WriteString("echo \"n=$N\"\n")
			want.WriteString("n=1200\n")
		case 300:
			// Errors name their lines, counted across the batches.
			script.WriteString("echo \"open\n")
		case 1300:
			script.WriteString("nosuch 1300\n")
		case 1500:
			script.WriteString(":exit 7\n")
		default:
			fmt.Fprintf(&script, "echo -n 'line' %d\n", i)
			if i < 1500 {
				fmt.Fprintf(&want, "line %d", i)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "long.gosh")
	if err := os.WriteFile(path, script.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := goshCmd(t.TempDir(), "-q", path)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 7 {
		t.Errorf("gosh %s: %v, want exit status 7 from :exit 7", path, err)
	}
	wantErr := "gosh: " + path + ":301:6: unterminated double quote\n" +
		"gosh: " + path + ":1301: nosuch: command not found (:help lists the commands)\n"
	if got := stderr.String(); got != wantErr {
		t.Errorf("stderr:\n%s\nwant:\n%s", got, wantErr)
	}
	if got := stdout.String(); got != want.String() {
		t.Errorf("stdout differs from the lines run one after the other:\n%s", firstDifference(got, want.String()))
	}
}

// firstDifference shows where got and want part.
func firstDifference(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-40)
	return fmt.Sprintf("at byte %d:\n got %q\nwant %q", i, got[from:min(len(got), i+40)], want[from:min(len(want), i+40)])
}

// A script that is a pipe (gosh <(...), a FIFO) runs each line as soon as
// it is there: gosh never waits for the lines after it, nor holds back the
// output of those that ran. (A pipe is read a line at a time, not ahead.)
func TestScriptFromPipeRunsLinesAsTheyCome(t *testing.T) {
	if buildError != nil {
		t.Fatal(buildError)
	}
	fifo := filepath.Join(t.TempDir(), "script")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	cmd := goshCmd(t.TempDir(), "-q", fifo)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var waitErr error
	exited := make(chan struct{})
	go func() {
		waitErr = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
	})
	w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	// Each write but the last ends with the start of the next line, as
	// from a writer that sends blocks: the whole lines before it must not
	// wait for the rest.
	for _, step := range []struct{ write, want string }{
		{"echo first\necho sec", "first"},
		{"ond\necho thi", "second"},
		{"rd\n", "third"},
	} {
		if _, err := io.WriteString(w, step.write); err != nil {
			t.Fatal(err)
		}
		select {
		case got := <-lines:
			if got != step.want {
				t.Fatalf("stdout line %q, want %q", got, step.want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("after writing %q: no %q within 10s while the script's writer waits: gosh waits for more input before it runs the lines it has", step.write, step.want)
		}
	}
	fmt.Fprintln(w, ":exit 3")
	w.Close()
	select {
	case <-exited:
		var exit *exec.ExitError
		if !errors.As(waitErr, &exit) || exit.ExitCode() != 3 {
			t.Errorf("gosh: %v, want exit status 3; stderr: %s", waitErr, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("gosh did not end after :exit")
	}
	if s := strings.TrimSpace(stderr.String()); s != "" {
		t.Errorf("stderr: %s", s)
	}
}

// A script that appends to its own file, or a file another process is
// still writing, runs the lines added while it runs, as sh does: reading
// ahead must not make the first end of the file final.
func TestScriptSeesLinesAppendedWhileItRuns(t *testing.T) {
	if buildError != nil {
		t.Fatal(buildError)
	}
	path := filepath.Join(t.TempDir(), "self.gosh")
	script := "echo one\necho 'echo two' >> " + path + "\n"
	if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := goshCmd(t.TempDir(), "-q", path)
	out, err := cmd.CombinedOutput()
	if err != nil || string(out) != "one\ntwo\n" {
		t.Errorf("gosh %s: %v, output %q, want \"one\\ntwo\\n\"", path, err, out)
	}
}
