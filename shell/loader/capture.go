package loader

import (
	"bytes"
	"io"
	"log"
	"os"
	"sync"
	"syscall"
	"time"
)

// maxCapture bounds what is kept of a plugin's init output.
const maxCapture = 64 << 10

// drainAfter is how long a load may take before its output is read while
// it runs. Most inits print little and return within milliseconds: their
// output waits in the pipe and is read once the load is over, with no
// goroutine or poller for it, which saves each load about a tenth of a
// millisecond. An init that goes on longer, or fills the pipe (64 KiB),
// has its output read as it comes from then on.
const drainAfter = 20 * time.Millisecond

// capture collects what code running during a plugin load prints: file
// descriptor 1 is pointed at a pipe, and os.Stderr and the log package's
// output are swapped for the same pipe. File descriptor 2 is left alone, so
// that if the runtime ever dies during a load its message still reaches the
// terminal.
type capture struct {
	savedStdout int
	savedStderr *os.File
	savedLog    io.Writer
	savedFlags  int
	rfd         int      // the pipe's read end, non-blocking
	w           *os.File // its write end
	drainTimer  *time.Timer

	mu        sync.Mutex
	r         *os.File // rfd, once drained as it comes (startDrain)
	stopped   bool
	buf       bytes.Buffer
	truncated bool
	done      chan struct{} // closed when the drain ends
}

func startCapture() (*capture, error) {
	var fds [2]int
	if err := syscall.Pipe2(fds[:], syscall.O_CLOEXEC); err != nil {
		return nil, err
	}
	if err := syscall.SetNonblock(fds[0], true); err != nil {
		syscall.Close(fds[0])
		syscall.Close(fds[1])
		return nil, err
	}
	// The write end stays blocking, so that os.Stderr writes straight to
	// it, as to a terminal.
	w := os.NewFile(uintptr(fds[1]), "|1")
	saved, err := syscall.Dup(1)
	if err != nil {
		syscall.Close(fds[0])
		w.Close()
		return nil, err
	}
	c := &capture{savedStdout: saved, savedStderr: os.Stderr, savedLog: log.Writer(), savedFlags: log.Flags(), rfd: fds[0], w: w, done: make(chan struct{})}
	if err := syscall.Dup3(fds[1], 1, 0); err != nil {
		syscall.Close(saved)
		syscall.Close(fds[0])
		w.Close()
		return nil, err
	}
	os.Stderr = w
	log.SetOutput(w)
	log.SetFlags(0) // a time stamp per init line is noise in a load report
	c.drainTimer = time.AfterFunc(drainAfter, c.startDrain)
	return c, nil
}

// startDrain reads the output as it comes, until the pipe's writers have
// all closed it, unless the capture has stopped already.
func (c *capture) startDrain() {
	c.mu.Lock()
	if c.stopped {
		c.mu.Unlock()
		return
	}
	// The read end is non-blocking: the runtime's poller waits on it, and
	// Close ends a Read that waits.
	c.r = os.NewFile(uintptr(c.rfd), "init output")
	c.mu.Unlock()
	defer close(c.done)
	chunk := make([]byte, 4096)
	for {
		n, err := c.r.Read(chunk)
		c.mu.Lock()
		c.keep(chunk[:n])
		c.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// keep adds output to what is kept, up to maxCapture. c.mu is held.
func (c *capture) keep(out []byte) {
	if len(out) == 0 {
		return
	}
	room := maxCapture - c.buf.Len()
	if len(out) > room {
		out, c.truncated = out[:max(room, 0)], true
	}
	c.buf.Write(out)
}

// stop restores the process's output and returns what was captured. After
// stop, code that still runs (an init that did not return) writes to the
// real stdout again.
func (c *capture) stop() []byte {
	syscall.Dup3(c.savedStdout, 1, 0)
	syscall.Close(c.savedStdout)
	os.Stderr = c.savedStderr
	log.SetOutput(c.savedLog)
	log.SetFlags(c.savedFlags)
	c.w.Close()
	c.drainTimer.Stop()
	c.mu.Lock()
	c.stopped = true
	r := c.r
	if r == nil {
		// Not drained as it came: the pipe holds all of it, unless a
		// child process started by init still writes, which is not
		// waited for, nor read past what is kept.
		chunk := make([]byte, 4096)
		for !c.truncated {
			n, err := syscall.Read(c.rfd, chunk)
			if err == syscall.EINTR {
				continue
			}
			if n <= 0 || err != nil {
				break // EAGAIN: all read; or the end
			}
			c.keep(chunk[:n])
		}
		syscall.Close(c.rfd)
	}
	c.mu.Unlock()
	if r != nil {
		// A child process started by init may still hold the pipe
		// open: do not wait for it.
		select {
		case <-c.done:
		case <-time.After(200 * time.Millisecond):
		}
		r.Close()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	out := append([]byte(nil), c.buf.Bytes()...)
	if c.truncated {
		out = append(out, "\n[gosh: init output cut at 64 KiB]\n"...)
	}
	return out
}
