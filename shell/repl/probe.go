package repl

import "os"

// probeProcessStart makes Go's os package run, now, the check it makes
// once per process before its first process start on Linux: whether
// pidfds work (os.checkPidfd). That check clones a child that shares
// gosh's memory (CLONE_VM|CLONE_VFORK) and exits at once, without blocking
// signals as a real start does: a Ctrl-C typed while that child exists is
// handled by Go's signal handler in the child, which queues it in gosh's
// own signal state. gosh then sees the one Ctrl-C twice, as the second
// Ctrl-C that abandons a command, and leaves the program it was starting
// (the first of the session) running. Made before gosh catches SIGINT, the
// check is out of the way: a Ctrl-C in that instant ends gosh as it would
// a moment before.
func probeProcessStart() {
	if p, err := os.FindProcess(os.Getpid()); err == nil {
		p.Release()
	}
}
