//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package main

import (
	"os"
	"syscall"
	"unsafe"
)

// canonicalMode reports whether the terminal behind the pty master f is in
// canonical mode with signals on: the state gosh leaves it in while a
// command runs, and readline's raw mode is not. Only then does a typed
// Ctrl-C become SIGINT rather than a byte for readline.
func canonicalMode(f *os.File) (bool, error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return false, err
	}
	var t syscall.Termios
	var errno syscall.Errno
	if err := rc.Control(func(fd uintptr) {
		_, _, errno = syscall.Syscall(syscall.SYS_IOCTL, fd, uintptr(ioctlGetTermios), uintptr(unsafe.Pointer(&t)))
	}); err != nil {
		return false, err
	}
	if errno != 0 {
		return false, errno
	}
	return t.Lflag&syscall.ICANON != 0 && t.Lflag&syscall.ISIG != 0, nil
}
