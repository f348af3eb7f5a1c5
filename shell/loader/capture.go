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
	r, w        *os.File

	mu        sync.Mutex
	buf       bytes.Buffer
	truncated bool
	done      chan struct{}
}

func startCapture() (*capture, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	saved, err := syscall.Dup(1)
	if err != nil {
		r.Close()
		w.Close()
		return nil, err
	}
	c := &capture{savedStdout: saved, savedStderr: os.Stderr, savedLog: log.Writer(), savedFlags: log.Flags(), r: r, w: w, done: make(chan struct{})}
	if err := syscall.Dup3(int(w.Fd()), 1, 0); err != nil {
		syscall.Close(saved)
		r.Close()
		w.Close()
		return nil, err
	}
	os.Stderr = w
	log.SetOutput(w)
	log.SetFlags(0) // a time stamp per init line is noise in a load report
	go c.drain()
	return c, nil
}

func (c *capture) drain() {
	defer close(c.done)
	chunk := make([]byte, 4096)
	for {
		n, err := c.r.Read(chunk)
		if n > 0 {
			c.mu.Lock()
			if room := maxCapture - c.buf.Len(); room > 0 {
				if n > room {
					n, c.truncated = room, true
				}
				c.buf.Write(chunk[:n])
			} else {
				c.truncated = true
			}
			c.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
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
	// A child process started by init may still hold the pipe open: do not
	// wait for it.
	select {
	case <-c.done:
	case <-time.After(200 * time.Millisecond):
	}
	c.r.Close()
	c.mu.Lock()
	defer c.mu.Unlock()
	out := append([]byte(nil), c.buf.Bytes()...)
	if c.truncated {
		out = append(out, "\n[gosh: init output cut at 64 KiB]\n"...)
	}
	return out
}
