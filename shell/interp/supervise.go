package interp

import (
	"context"
	"sync"
)

// Supervise runs loop, which runs lines with Run and the context it is
// given, and returns loop's status.
//
// Run starts each command on a goroutine of its own, so that a second
// Ctrl-C (Options.Abandon) can get the user out of a command that ignores
// cancellation: a cost that a script of many short lines pays on every
// line. Under Supervise, loop runs on a goroutine of its own, once, and a
// command that is a line of its own runs on it; Supervise watches for the
// abandon instead, reports the commands that were running as abandoned and
// returns 130 at once, leaving loop behind, blocked in the command. The
// Shell must not be used after that: Supervise is meant for a script or
// piped input, which then ends, as after an abandon it would anyway (the
// first Ctrl-C ended it).
//
// Without an Abandon channel nothing can abandon a command, and loop runs
// on the caller's goroutine.
func (s *Shell) Supervise(ctx context.Context, loop func(ctx context.Context) int) int {
	if s.abandon == nil {
		return loop(ctx)
	}
	sup := &supervisor{shell: s}
	ctx = context.WithValue(ctx, supervisorKey{}, sup)
	done := make(chan int, 1)
	go func() { done <- loop(ctx) }()
	select {
	case st := <-done:
		return st
	case <-s.abandon:
		for _, name := range sup.names() {
			s.reportAbandoned(name)
		}
		return 130
	}
}

// supervisorKey is the context key of the supervisor of Supervise.
type supervisorKey struct{}

// supervisor knows the commands running under Supervise, to report them
// when they are abandoned. A nil *supervisor tracks nothing.
type supervisor struct {
	shell *Shell
	mu    sync.Mutex
	// alone is the command that runs as a line of its own, if any; cmds
	// are the names of the commands of the pipeline that runs, by stage
	// ("" for one that is not running).
	alone    target
	hasAlone bool
	cmds     []string
}

// supervisorOf returns the supervisor of s in ctx, or nil.
func supervisorOf(ctx context.Context, s *Shell) *supervisor {
	sup, _ := ctx.Value(supervisorKey{}).(*supervisor)
	if sup == nil || sup.shell != s {
		return nil
	}
	return sup
}

// running notes that the command t runs, alone.
func (sup *supervisor) running(t *target) {
	if sup == nil {
		return
	}
	sup.mu.Lock()
	sup.alone, sup.hasAlone = *t, true
	sup.mu.Unlock()
}

// track notes the commands of a pipeline of n stages that started, by
// stage.
func (sup *supervisor) track(n int, started map[int]string) {
	if sup == nil {
		return
	}
	sup.mu.Lock()
	sup.cmds = append(sup.cmds[:0], make([]string, n)...)
	for i, name := range started {
		sup.cmds[i] = name
	}
	sup.mu.Unlock()
}

// finished notes that stage i ended.
func (sup *supervisor) finished(i int) {
	if sup == nil {
		return
	}
	sup.mu.Lock()
	if i < len(sup.cmds) {
		sup.cmds[i] = ""
	}
	sup.mu.Unlock()
}

// clear notes that nothing runs.
func (sup *supervisor) clear() {
	if sup == nil {
		return
	}
	sup.mu.Lock()
	sup.hasAlone, sup.cmds = false, sup.cmds[:0]
	sup.mu.Unlock()
}

// names returns the names of the commands running, in pipeline order.
func (sup *supervisor) names() []string {
	sup.mu.Lock()
	defer sup.mu.Unlock()
	var names []string
	if sup.hasAlone {
		names = append(names, sup.alone.qualified())
	}
	for _, n := range sup.cmds {
		if n != "" {
			names = append(names, n)
		}
	}
	return names
}
