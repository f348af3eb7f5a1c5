package main

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// TestPTYCtrlZProgram: gosh has no job control, so Ctrl-Z while a program
// runs must neither stop gosh nor leave the program stopped with gosh
// waiting for it: gosh continues it, says so, and the program finishes.
// Ctrl-Z while a plugin command runs does nothing at all.
//
// gosh runs under bash with job control (set -m), as from a user's login
// shell: a process group whose parent is in another group of the session.
// Started directly as the session leader its group would be orphaned, and
// the kernel never stops an orphaned group for Ctrl-Z.
func TestPTYCtrlZProgram(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to start gosh with job control")
	}
	h := newPTYHome(t)
	cmd := exec.Command(bash, "--norc", "--noprofile", "-c",
		`set -m; "$0" -q; echo "gosh ended with $?"`, filepath.Join(binDir, "gosh"))
	cmd.Dir = t.TempDir()
	cmd.Env = []string{"HOME=" + h.home, "XDG_STATE_HOME=" + h.state, "XDG_CACHE_HOME=" + h.cache,
		"GOSH_PLUGIN_PATH=" + pluginDir, "TERM=xterm", "PATH=/usr/bin:/bin"}
	s := startOnPTY(t, cmd)
	s.waitPrompt()
	s.send("sh -c 'echo started; sleep 1; echo finished'\r")
	s.waitLine(`^started$`) // the program runs: Ctrl-Z now reaches it
	s.send("\x1a")
	s.waitLine(`(\^Z)?gosh: sh: stopped by Ctrl-Z; gosh has no job control, so it was continued`) // after the echoed ^Z
	s.waitLine(`^finished$`)
	s.waitPrompt()
	s.run("echo $?", "0")

	s.send("sleep 1\r")
	s.waitLine(`gosh> sleep 1`)
	s.waitCanonical()
	s.send("\x1a")
	s.waitPrompt()
	s.run("echo $?", "0")
	s.send(":exit 3\r")
	s.waitLine(`^gosh ended with 3$`)
}
