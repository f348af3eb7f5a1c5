//go:build !linux

package interp

// groupDescendants finds nothing where gosh cannot tell a process's
// children: the program alone gets gosh's SIGINT (see the Linux version).
func groupDescendants(pid int) []int { return nil }
