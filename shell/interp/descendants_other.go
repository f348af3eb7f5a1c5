//go:build !linux

package interp

// interruptDescendants does nothing where gosh cannot tell a process's
// children: the program alone gets gosh's SIGINT (see the Linux version).
func interruptDescendants(pid int) {}
