package main

import "syscall"

// ioctlGetTermios reads the terminal attributes. On the master side of a
// pseudo-terminal, Linux answers with the slave's: what the shell set.
const ioctlGetTermios = syscall.TCGETS
