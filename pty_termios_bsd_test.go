//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package main

import "syscall"

// ioctlGetTermios reads the terminal attributes. Master and slave of a
// pseudo-terminal share them.
const ioctlGetTermios = syscall.TIOCGETA
