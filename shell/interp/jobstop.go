package interp

import (
	"bytes"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// continueIfStopped watches, while a program runs, for the Ctrl-Z that the
// terminal turns into SIGTSTP for gosh and its programs alike. gosh has no
// job control: a stopped program would leave gosh waiting for ever on a
// frozen terminal. So when the program (or anything of gosh's process group)
// is found stopped after a SIGTSTP, the whole group gets SIGCONT and
// stopped is called to say so. continueIfStopped starts listening at once
// (before the program starts, so no Ctrl-Z is missed); the function it
// returns is given the program's pid (0 if it did not start) and returns
// the function that ends the watch.
func continueIfStopped(stopped func()) (start func(pid int) (end func())) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTSTP)
	done := make(chan struct{})
	end := func() {
		signal.Stop(sigs)
		close(done)
	}
	return func(pid int) func() {
		if pid > 0 {
			go watchStops(pid, sigs, done, stopped)
		}
		return end
	}
}

// watchStops continues pid's process group when a SIGTSTP stopped pid.
func watchStops(pid int, sigs <-chan os.Signal, done <-chan struct{}, stopped func()) {
	for {
		select {
		case <-sigs:
			// The stop reaches the program at the same time as gosh:
			// give it a moment (up to 2 s on a loaded machine) to be
			// seen stopped.
			for range 200 {
				if isStopped(pid) {
					syscall.Kill(-syscall.Getpgrp(), syscall.SIGCONT)
					stopped()
					break
				}
				select {
				case <-done:
					return
				case <-time.After(10 * time.Millisecond):
				}
			}
		case <-done:
			return
		}
	}
}

// isStopped reports whether process pid, or any other process of gosh's
// process group (a child of the program: Ctrl-Z can stop it while the
// program itself is only waiting for it), is stopped.
func isStopped(pid int) bool {
	if state, _, ok := procStat(pid); ok && stoppedState(state) {
		return true
	}
	self, group := os.Getpid(), syscall.Getpgrp()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return false
	}
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil || p == self {
			continue
		}
		if state, pgrp, ok := procStat(p); ok && pgrp == group && stoppedState(state) {
			return true
		}
	}
	return false
}

func stoppedState(state byte) bool { return state == 'T' || state == 't' }

// procStat reads a process's state and process group from /proc/PID/stat,
// where they follow the command name's closing paren: ") S PPID PGRP ...".
func procStat(pid int) (state byte, pgrp int, ok bool) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, false
	}
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0, 0, false
	}
	fields := strings.Fields(string(data[i+1:]))
	if len(fields) < 3 || len(fields[0]) != 1 {
		return 0, 0, false
	}
	pgrp, err = strconv.Atoi(fields[2])
	return fields[0][0], pgrp, err == nil
}
