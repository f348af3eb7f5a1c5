package repl

import (
	"context"
	"errors"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// TerminalInput is the terminal as the standard input of commands. A read
// from a terminal cannot be interrupted, so a command waiting for a line
// would ignore Ctrl-C; ReaderFor returns a reader that waits for input with
// poll(2) and gives up with the context's error once it is cancelled, never
// consuming input after that: what the user types next goes to the prompt.
type TerminalInput struct {
	File *os.File
}

// Terminal returns the terminal itself: programs from $PATH get it as it
// is, so that an editor or a pager works.
func (t *TerminalInput) Terminal() *os.File { return t.File }

// Read reads the terminal without cancellation.
func (t *TerminalInput) Read(p []byte) (int, error) { return t.File.Read(p) }

// ReaderFor returns a reader of the terminal that stops when ctx is done.
func (t *TerminalInput) ReaderFor(ctx context.Context) io.Reader {
	return &cancelableReader{ctx: ctx, fd: int(t.File.Fd()), f: t.File}
}

type cancelableReader struct {
	ctx context.Context
	fd  int
	f   *os.File
}

// pollInterval bounds how long a cancelled read takes to notice, in ms.
const pollInterval = 50

func (r *cancelableReader) Read(p []byte) (int, error) {
	for {
		if err := r.ctx.Err(); err != nil {
			return 0, err
		}
		fds := []unix.PollFd{{Fd: int32(r.fd), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, pollInterval)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return r.f.Read(p) // not pollable: plain read
		}
		if n > 0 {
			return r.f.Read(p)
		}
	}
}
