package interp

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/gosh-shell/gosh/shell/loader"
)

// DefaultWatchInterval is how often watch mode looks at the plugin files.
const DefaultWatchInterval = 500 * time.Millisecond

// watcher reloads plugins whose files change, from its own goroutine, so
// that a reload happens while the user types or a command runs.
type watcher struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// fileState is what watch mode compares between two looks at a plugin's
// file: the path a reload loads (a NAME.so link as found, not its target)
// and the file's identity as the loader tells it (device, inode, size,
// modification and change times, symbolic links followed).
type fileState struct {
	path string
	id   loader.FileID
}

func statFile(path string) (fileState, bool) {
	id, ok := loader.Identify(path)
	return fileState{path: path, id: id}, ok
}

// Watching reports whether watch mode is on.
func (s *Shell) Watching() bool {
	s.plugins.mu.Lock()
	defer s.plugins.mu.Unlock()
	return s.plugins.watcher != nil
}

// StartWatch turns watch mode on: from now on, a plugin whose file changes
// (or, for a plugin found in a directory, whose NAME.so link is re-pointed)
// is reloaded, and the reload reported through the notify writer.
func (s *Shell) StartWatch() {
	s.plugins.mu.Lock()
	defer s.plugins.mu.Unlock()
	if s.plugins.watcher != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := &watcher{cancel: cancel, done: make(chan struct{})}
	s.plugins.watcher = w
	seen := s.watchedFiles()
	go func() {
		defer close(w.done)
		s.watchLoop(ctx, seen)
	}()
}

// StopWatch turns watch mode off and waits for a reload in progress.
func (s *Shell) StopWatch() {
	s.plugins.mu.Lock()
	w := s.plugins.watcher
	s.plugins.watcher = nil
	s.plugins.mu.Unlock()
	if w != nil {
		w.cancel()
		<-w.done
	}
}

// watchedFiles returns the state of each active plugin's file now, by
// plugin name. plugins.mu is held.
func (s *Shell) watchedFiles() map[string]fileState {
	out := map[string]fileState{}
	files := s.fileFinder()
	for _, p := range s.reg.Plugins() {
		path, err := files.fileOf(p.Name)
		if err != nil {
			continue
		}
		if st, ok := statFile(path); ok {
			out[p.Name] = st
		}
	}
	return out
}

// watchLoop looks at the plugin files every interval. A file is reloaded
// once it has changed and then stayed the same for one more look, so that a
// file still being written is not loaded half-way, and only between lines,
// never while one runs: the plugin's init runs with the process's output
// captured, which must not take a command's output.
func (s *Shell) watchLoop(ctx context.Context, seen map[string]fileState) {
	tick := time.NewTicker(s.watchInterval)
	defer tick.Stop()
	pending := map[string]fileState{}
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		s.plugins.mu.Lock()
		var due []string
		for name, st := range s.watchedFiles() {
			old, known := seen[name]
			switch {
			case !known:
				seen[name] = st // loaded since the last look: its state is the new baseline
			case st == old:
				delete(pending, name)
			case pending[name] != st:
				pending[name] = st // changed: wait one look for it to settle
			default:
				delete(pending, name)
				seen[name] = st
				due = append(due, name)
			}
		}
		s.plugins.mu.Unlock()
		for _, name := range due {
			if !s.reloadBetweenLines(ctx, name, seen[name].path) {
				return
			}
		}
	}
}

// reloadBetweenLines waits for the line that runs, if any, to end, and
// keeps the next from starting while it reloads the plugin: its init runs
// with the process's output captured, which must not take a command's
// output. It returns false when watch mode was turned off meanwhile.
func (s *Shell) reloadBetweenLines(ctx context.Context, name, path string) bool {
	select {
	case s.running <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	defer func() { <-s.running }()
	s.plugins.mu.Lock()
	defer s.plugins.mu.Unlock()
	s.watchReload(ctx, name, path)
	return true
}

// watchReload reloads one plugin and writes the whole report to the notify
// writer in one piece: on a terminal, that writer clears the line being
// typed, prints the report, and draws the prompt and the line again, which
// is best done once. It reads no shell variable: the shell's goroutine may
// be changing them. plugins.mu is held.
func (s *Shell) watchReload(ctx context.Context, name, path string) {
	w := s.plugins.notify
	if w == nil {
		w = s.stderr
	}
	var buf bytes.Buffer
	r := reporter{w: &buf, report: !s.quiet, reload: true, quietUnchanged: true, errorf: func(format string, args ...any) {
		notifyError(&buf, format, args...)
	}}
	s.loadFile(ctx, path, s.plugins.origins[name], r)
	if buf.Len() > 0 {
		w.Write(buf.Bytes())
	}
}

// notifyError prints one uncoloured error line.
func notifyError(w io.Writer, format string, args ...any) {
	fmt.Fprintln(w, "gosh: watch: "+oneLine(clipWords(fmt.Sprintf(format, args...))))
}
