package interp

import (
	"os"
	"os/exec"
	"syscall"
	"testing"
)

func TestProcStat(t *testing.T) {
	state, pgrp, ok := procStat(os.Getpid())
	if !ok || pgrp != syscall.Getpgrp() || stoppedState(state) {
		t.Errorf("procStat(self) = %q, %d, %v; want a running state and group %d", state, pgrp, ok, syscall.Getpgrp())
	}
	if _, _, ok := procStat(-1); ok {
		t.Error("procStat of no process succeeded")
	}
}

func TestIsStopped(t *testing.T) {
	cmd := exec.Command("sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Skip(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	if isStopped(cmd.Process.Pid) {
		t.Fatal("a running sleep counts as stopped")
	}
	if err := cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	// Wait (no time limit: the test times out) until the kernel says so.
	for !isStopped(cmd.Process.Pid) {
		var ws syscall.WaitStatus
		if _, err := syscall.Wait4(cmd.Process.Pid, &ws, syscall.WUNTRACED, nil); err != nil {
			t.Fatal(err)
		}
	}
	cmd.Process.Signal(syscall.SIGCONT)
}
