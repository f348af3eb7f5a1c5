package interp

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gosh-shell/gosh/shell/command"
)

// blockers are commands that block: "wait" until its context is
// cancelled, "stubborn" until release is closed, whatever its context
// says. Each closes started (once) when it runs.
func blockers(started chan<- struct{}, release <-chan struct{}) map[string]*command.Command {
	var once sync.Once
	begin := func() { once.Do(func() { close(started) }) }
	return map[string]*command.Command{
		"wait": runCommand("wait for Ctrl-C", func(ctx context.Context, _ *command.Call) error {
			begin()
			<-ctx.Done()
			return ctx.Err()
		}),
		"stubborn": runCommand("ignore Ctrl-C", func(context.Context, *command.Call) error {
			begin()
			<-release
			return nil
		}),
	}
}

// blockSession is a shell with the blockers loaded, and abandon as its
// Abandon channel (nil: none).
func blockSession(t *testing.T, abandon <-chan struct{}, release <-chan struct{}) (*Shell, *bytes.Buffer, <-chan struct{}) {
	t.Helper()
	started := make(chan struct{})
	ld := newFakeLoader()
	ld.add("/fake/block.so", blockers(started, release))
	var stderr bytes.Buffer
	sh, err := New(Options{Loader: ld, Stderr: &stderr, Dir: t.TempDir(), Quiet: true, Abandon: abandon})
	if err != nil {
		t.Fatal(err)
	}
	if n := sh.LoadPath(t.Context(), "/fake/block.so", false); n != 0 {
		t.Fatalf("load: %s", stderr.String())
	}
	return sh, &stderr, started
}

// stubbornSession is a blockSession with an Abandon channel, whose
// stubborn command the test's end releases, and the context of its lines.
func stubbornSession(t *testing.T) (*Shell, *bytes.Buffer, <-chan struct{}, chan<- struct{}, context.Context, context.CancelFunc) {
	t.Helper()
	abandon := make(chan struct{}, 1)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	sh, stderr, started := blockSession(t, abandon, release)
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	return sh, stderr, started, abandon, ctx, cancel
}

// runAsync runs line and returns the channel of its status.
func runAsync(ctx context.Context, sh *Shell, line string) chan int {
	done := make(chan int, 1)
	go func() { done <- sh.Run(ctx, line) }()
	return done
}

func waitStatus(t *testing.T, done <-chan int) int {
	t.Helper()
	select {
	case st := <-done:
		return st
	case <-time.After(10 * time.Second):
		t.Fatal("the line did not end")
		return 0
	}
}

// TestLoneCommandCancel: Ctrl-C (the line's context cancelled) reaches a
// command that runs alone through its context, whether it runs on the
// line's goroutine (no Abandon channel, or under Supervise) or on one of
// its own.
func TestLoneCommandCancel(t *testing.T) {
	for _, mode := range []string{"inline", "goroutine", "supervised"} {
		t.Run(mode, func(t *testing.T) {
			var abandon chan struct{}
			if mode != "inline" {
				abandon = make(chan struct{})
			}
			sh, _, started := blockSession(t, abandon, nil)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			done := make(chan int, 1)
			if mode == "supervised" {
				go func() {
					done <- sh.Supervise(ctx, func(ctx context.Context) int { return sh.Run(ctx, "wait") })
				}()
			} else {
				done = runAsync(ctx, sh, "wait")
			}
			<-started
			cancel()
			if st := waitStatus(t, done); st != 130 {
				t.Errorf("status %d, want 130", st)
			}
		})
	}
}

// TestLoneCommandAbandon: a second Ctrl-C (Abandon) gets the user out of a
// command that ignores its context, which keeps running.
func TestLoneCommandAbandon(t *testing.T) {
	sh, stderr, started, abandon, ctx, cancel := stubbornSession(t)
	done := runAsync(ctx, sh, "stubborn")
	<-started
	cancel()
	abandon <- struct{}{}
	if st := waitStatus(t, done); st != 130 {
		t.Errorf("status %d, want 130", st)
	}
	want := "gosh: block.stubborn: abandoned: it did not stop when interrupted and keeps running in the background\n"
	if stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
}

// TestSuperviseAbandon: under Supervise a command runs on the loop's
// goroutine, and the supervisor abandons it, naming it, or the commands of
// the pipeline still running.
func TestSuperviseAbandon(t *testing.T) {
	for _, tt := range []struct{ line, want string }{
		{"stubborn", "block.stubborn"},
		{"stubborn | stubborn", "block.stubborn\nblock.stubborn"},
	} {
		t.Run(tt.line, func(t *testing.T) {
			sh, stderr, started, abandon, ctx, cancel := stubbornSession(t)
			done := make(chan int, 1)
			loopCtx := make(chan context.Context, 1)
			go func() {
				done <- sh.Supervise(ctx, func(ctx context.Context) int {
					loopCtx <- ctx
					return sh.Run(ctx, tt.line)
				})
			}()
			<-started
			// Wait until the supervisor knows every command that
			// started.
			sup := supervisorOf(<-loopCtx, sh)
			deadline := time.Now().Add(10 * time.Second)
			for len(sup.names()) < strings.Count(tt.want, "\n")+1 && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
			cancel()
			abandon <- struct{}{}
			if st := waitStatus(t, done); st != 130 {
				t.Errorf("status %d, want 130", st)
			}
			var want string
			for _, name := range strings.Split(tt.want, "\n") {
				want += "gosh: " + name + ": abandoned: it did not stop when interrupted and keeps running in the background\n"
			}
			if stderr.String() != want {
				t.Errorf("stderr %q, want %q", stderr.String(), want)
			}
		})
	}
}

// TestSuperviseNoAbandon: Supervise returns what the loop returns; without
// an Abandon channel it runs the loop itself.
func TestSuperviseNoAbandon(t *testing.T) {
	for _, abandon := range []chan struct{}{nil, make(chan struct{})} {
		sh, _, _ := blockSession(t, abandon, nil)
		st := sh.Supervise(t.Context(), func(ctx context.Context) int {
			sh.Run(ctx, ":exit 3")
			return sh.Status()
		})
		if st != 3 {
			t.Errorf("abandon %v: status %d, want 3", abandon != nil, st)
		}
	}
}
