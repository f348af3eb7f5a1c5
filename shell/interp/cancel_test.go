package interp

import (
	"bytes"
	"context"
	"testing"
)

// A Ctrl-C that lands between Enter and the start of the line (the run's
// context is made before the line is read) interrupts the line: nothing
// runs and $? is 130, not the previous status.
func TestRunCancelledBeforeStart(t *testing.T) {
	var out, errs bytes.Buffer
	sh, err := New(Options{Stdout: &out, Stderr: &errs, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if st := sh.Run(ctx, ":help"); st != 130 {
		t.Errorf("status %d, want 130", st)
	}
	if out.Len() != 0 || errs.Len() != 0 {
		t.Errorf("an interrupted line printed %q / %q", out.String(), errs.String())
	}
	if st := sh.Run(context.Background(), ":exit 0"); st != 0 {
		t.Errorf("next line: status %d, want 0", st)
	}
}
