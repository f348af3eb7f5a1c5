package interp

import (
	"context"

	"github.com/gosh-shell/gosh/shell/syntax"
)

// A line that is one command, the common case and all of a script's lines
// as a rule, takes a shorter way than a pipeline: no pipes, no copy of the
// shell's variables (the command changes the shell's own, as in sh), no
// context of its own, a flag set reused from the call before (flagcache.go)
// and, when nothing can abandon it (Supervise), no goroutine either.

// runLone runs a pipeline of one command and returns its status, and
// whether it was interrupted (status 130). Programs from $PATH and names
// that are not found take the general way, runStages.
func (s *Shell) runLone(ctx context.Context, c *syntax.Cmd) (int, bool) {
	var lookup syntax.Lookup // nil: none needed, and none to allocate
	if c.Expands() {
		lookup = s.Get
	}
	simple, err := c.Expand(lookup)
	if err != nil {
		s.syntaxError(err)
		return 1, false
	}
	// st stays on this goroutine's stack: the general way gets a copy.
	st := stage{simple: simple, stdin: s.stdin, stdout: s.stdout, stderr: s.stderr, env: s}
	if len(simple.Words) == 0 {
		return s.runAssignments(&st), false
	}
	s.resolveStage(&st)
	if !st.found || st.target.path != "" {
		general := st
		return s.runStages(ctx, []*stage{&general}, nil)
	}
	status, abandoned := s.runCommandAlone(ctx, &st)
	return status, abandoned || status == 130
}

// runCommandAlone runs a meta or plugin command that is a pipeline of its
// own, with the cached flag set of its command. It runs on the caller's
// goroutine when nothing can abandon it (inline), else on one of its own
// that is left behind if the user abandons it; abandoned reports that.
func (s *Shell) runCommandAlone(ctx context.Context, st *stage) (status int, abandoned bool) {
	defer st.closeOwned() // after the report, which may go to a file
	if !s.redirect(st) {
		return 1, false
	}
	t := &st.target
	name, args := st.simple.Words[0], st.simple.Words[1:]
	if len(st.simple.Assigns) > 0 {
		st.env = overlay(st.env, st.simple.Assigns)
	}
	fs, cached, err := s.flagSets.take(name, t.cmd)
	call, status, ok := s.prepareCall(ctx, st, name, t, args, fs, err)
	if !ok {
		s.flagSets.put(cached, true)
		return status, false
	}
	var runErr error
	if sup, inline := s.inline(ctx); inline {
		sup.running(t)
		runErr = callRun(ctx, t.cmd, call)
		sup.clear()
	} else {
		done := make(chan error, 1)
		cmd := t.cmd
		go func() { done <- callRun(ctx, cmd, call) }()
		select {
		case runErr = <-done:
		case <-s.abandon:
			// The command keeps its flag set and its files: they are
			// its own until it ends, which may be never.
			s.flagSets.forget(cached)
			s.reportAbandoned(t.qualified())
			stderr, owned, left := st.stderr, st.owned, *t
			st.owned = nil
			go func() {
				s.report(stderr, name, &left, <-done)
				for _, f := range owned {
					f.Close()
				}
			}()
			return 130, true
		}
	}
	_, panicked := runErr.(*panicError)
	s.flagSets.put(cached, !panicked)
	return s.report(st.stderr, name, t, runErr), false
}

// inline reports whether a command may run on the goroutine that runs the
// line: when nothing can abandon it (no Abandon channel), or when the
// line runs under Supervise, whose supervisor is returned (nil otherwise).
func (s *Shell) inline(ctx context.Context) (*supervisor, bool) {
	if s.abandon == nil {
		return nil, true
	}
	sup := supervisorOf(ctx, s)
	return sup, sup != nil
}
