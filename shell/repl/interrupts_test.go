package repl

import (
	"testing"
	"time"
)

// TestInterruptsStray: a SIGINT that comes while the line is still being
// read (the terminal in raw mode, where Ctrl-C is a key) is a stray of the
// line before, which gosh learned of late: it cancels nothing. Once the
// line is read (arm) it cancels the run, and a second one abandons it.
func TestInterruptsStray(t *testing.T) {
	in := newInterrupts()
	ctx := in.begin(t.Context(), false)
	in.interrupt() // the stray
	if ctx.Err() != nil {
		t.Fatal("a SIGINT before the line was read cancelled the line's run")
	}
	in.arm()
	in.interrupt()
	if ctx.Err() == nil {
		t.Fatal("a SIGINT once the line was read did not cancel its run")
	}
	in.interrupt()
	select {
	case <-in.Abandon():
	default:
		t.Error("a second SIGINT did not abandon the run")
	}
	if !in.End() {
		t.Error("End: the run was interrupted, it says not")
	}
	in.interrupt() // between runs: nothing to interrupt
	ctx = in.begin(t.Context(), false)
	in.arm()
	if ctx.Err() != nil || in.End() {
		t.Error("a SIGINT between runs counted for the next one")
	}
}

// TestInterruptsLateSIGINT: a program killed by Ctrl-C ends the line
// (status 130) before gosh's own SIGINT of that Ctrl-C is handled: the
// end of the line waits for it, so that it counts for this line, and not
// for the next, whose command it would cancel before it runs.
func TestInterruptsLateSIGINT(t *testing.T) {
	in := newInterrupts()
	in.begin(t.Context(), false)
	in.arm()
	go func() {
		time.Sleep(50 * time.Millisecond)
		in.interrupt()
	}()
	if !in.endWith(130) {
		t.Error("the line's own late SIGINT did not count for it")
	}
	next := in.begin(t.Context(), false)
	in.arm()
	if next.Err() != nil {
		t.Error("the previous line's SIGINT cancelled the next line")
	}
	in.End()

	// Without a program killed by SIGINT there is nothing to wait for.
	in.begin(t.Context(), true)
	start := time.Now()
	if in.endWith(0) {
		t.Error("interrupted, it says, with no SIGINT")
	}
	if d := time.Since(start); d > strayWait/2 {
		t.Errorf("a line that ended with status 0 waited %v for a SIGINT", d)
	}
}
