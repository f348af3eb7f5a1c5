package interp

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/gosh-shell/gosh/shell/loader"
)

// say is a command that prints word.
func say(word string) *command.Command {
	return runCommand("say "+word, func(_ context.Context, call *command.Call) error {
		fmt.Fprintln(call.Stdout, word)
		return nil
	})
}

func short(p *loader.Plugin) string { return p.Report.SHA256[:8] }

// A reload switches the plugin's commands to the new build in one step and
// says what changed; unload and load again re-enable without init; the old
// versions are listed with what they hold.
func TestReloadUnload(t *testing.T) {
	ld := newFakeLoader()
	v1 := ld.add("/p/text.so", map[string]*command.Command{"upper": say("v1 upper"), "lower": say("v1 lower")})
	s := newSession(t, false, ld, "")
	s.run([]step{{line: ":load /p/text.so", stderr: "plugin text: 2 commands: lower upper\n  init ran: example.com/text\n  already initialized: github.com/spf13/pflag, 1 standard-library package\n"}})

	v2 := ld.add("/p/text.so", map[string]*command.Command{"upper": say("v2 upper"), "shout": say("v2 shout")})
	s.run([]step{
		{line: "upper", stdout: "v1 upper\n"},
		{line: ":reload text", stderr: "plugin text reloaded: " + short(v1) + " -> " + short(v2) + "\n" +
			"  init ran: example.com/text\n  already initialized: github.com/spf13/pflag, 1 standard-library package\n" +
			"  commands: added shout; removed lower; kept upper\n  the old version stays in memory (2.0 MB): Go cannot unload code\n"},
		{line: "upper", stdout: "v2 upper\n"},
		{line: "shout", stdout: "v2 shout\n"},
		{line: "lower", stderr: "gosh: lower: command not found (:help lists the commands)\n", status: 127},
		{line: ":reload text", stderr: "plugin text: unchanged since it was loaded (" + short(v2) + "); nothing to reload\n"},
		{line: ":reload", stderr: "nothing to reload: no plugin file changed\n"},
		{line: ":unload text", stderr: "plugin text unloaded: its commands shout upper are gone; its code stays in memory (2.0 MB), as Go cannot unload code; :reload text brings them back without running init\n"},
		{line: "upper", stderr: "gosh: upper: command not found (plugin text has it, but is unloaded: :reload text brings it back)\n", status: 127},
		{line: "text.shout", stderr: "gosh: text.shout: command not found (plugin text has it, but is unloaded: :reload text brings it back)\n", status: 127},
		{line: ":unload text", stderr: "gosh: unload text: it is unloaded already (:load or :reload text brings it back)\n", status: 1},
		{line: ":unload txet", stderr: "gosh: unload txet: no plugin txet is loaded (:plugins lists them) (did you mean text?)\n", status: 1},
		{line: ":reload text", stderr: "plugin text: enabled again (" + short(v2) + ", still in memory); no init ran\n"},
		{line: "shout", stdout: "v2 shout\n"},
		{line: ":reload nope", stderr: "gosh: reload nope: no plugin nope is loaded (:plugins lists them)\n", status: 1},
	})

	// The file goes back to the first build: that version is still in
	// memory, so it comes back without init.
	ld.plugins["/p/text.so"] = v1
	s.run([]step{
		{line: ":reload", stderr: "plugin text: switched back to " + short(v1) + ", still in memory from an earlier load; no init ran\n  commands: added lower; removed shout; kept upper\n"},
		{line: "lower", stdout: "v1 lower\n"},
	})
	s.stdout.Reset()
	s.sh.Run(t.Context(), ":plugins")
	out := s.stdout.String()
	for _, want := range []string{
		"text " + short(v1) + ": lower upper\n",
		"  old version " + short(v2) + ", loaded ",
		"1 stale version holds 2.0 MB of memory until gosh exits (Go cannot unload code)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf(":plugins lacks %q:\n%s", want, out)
		}
	}
}

// A plugin reloaded keeps winning the bare names it won.
func TestReloadKeepsBareNames(t *testing.T) {
	ld := newFakeLoader()
	ld.add("/p/a.so", map[string]*command.Command{"x": say("a1")})
	ld.add("/p/b.so", map[string]*command.Command{"x": say("b")})
	s := newSession(t, true, ld, "")
	s.run([]step{
		{line: ":load /p/a.so /p/b.so", stderr: "gosh: command x is in plugins a and b: x runs a.x; use b.x for the other\n"},
	})
	ld.add("/p/a.so", map[string]*command.Command{"x": say("a2")})
	s.run([]step{
		{line: ":reload a"},
		{line: "x", stdout: "a2\n"},
		{line: "b.x", stdout: "b\n"},
	})
}

// Watch mode reloads a changed plugin by itself, once the file has settled,
// and reports it through the notify writer.
func TestWatchReloads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tool.so")
	if err := os.WriteFile(path, []byte("build one"), 0o644); err != nil {
		t.Fatal(err)
	}
	ld := newFakeLoader()
	ld.add(path, map[string]*command.Command{"tool": say("one")})
	s := newSession(t, false, ld, "")
	s.sh.watchInterval = 5 * time.Millisecond
	if n := s.sh.LoadPath(t.Context(), path, false); n != 0 {
		t.Fatal(s.stderr.String())
	}
	notes := &lockedBuffer{}
	s.sh.SetNotify(notes)
	s.sh.StartWatch()
	defer s.sh.StopWatch()
	if !s.sh.Watching() {
		t.Fatal("Watching() = false after StartWatch")
	}
	ld.add(path, map[string]*command.Command{"tool": say("two")})
	if err := os.WriteFile(path, []byte("build two, longer"), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(notes.String(), "plugin tool reloaded") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if !strings.Contains(notes.String(), "plugin tool reloaded") {
		t.Fatalf("no watch reload reported; notes: %q", notes.String())
	}
	s.sh.StopWatch()
	if s.sh.Watching() {
		t.Fatal("Watching() = true after StopWatch")
	}
	s.run([]step{{line: "tool", stdout: "two\n"}})
}

// lockedBuffer is a bytes.Buffer for writes from another goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestWatchStateSeesRestoredTimes: a plugin rewritten in place with the
// same size and its old modification time put back (cp -p, rsync -t) is
// another file to watch mode: its change time moved.
func TestWatchStateSeesRestoredTimes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tool.so")
	if err := os.WriteFile(path, []byte("build one"), 0o644); err != nil {
		t.Fatal(err)
	}
	before, ok := statFile(path)
	if !ok {
		t.Fatal("no state for a regular file")
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond) // a change time the clock can tell apart
	if err := os.WriteFile(path, []byte("build two"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	after, _ := statFile(path)
	if after == before {
		t.Error("watch mode sees no change in a file rewritten with its old size and times")
	}
}
