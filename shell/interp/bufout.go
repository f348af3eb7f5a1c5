package interp

import (
	"io"
	"os"
	"sync"
	"time"
)

// A script's commands mostly write a little each, and one write(2) per
// command is a good part of what a short line costs. BufferOutput gathers
// them when nothing can tell: when the shell's standard output is a file,
// a pipe or /dev/null, not a terminal, and not the file its standard error
// goes to (as with 2>&1), whose lines must stay in order with the output.
// The buffer is written out
//
//   - before a program starts, or a pipeline: they get the file itself;
//   - before a plugin is loaded (a load captures the process's output
//     while the plugin's init runs: loadFile) and before a command reads
//     the shell's own standard input, which may be the other end of a
//     conversation;
//   - when the shell is about to wait for its next line (FlushOutput);
//   - at most outputDelay after the first byte that waits in it, so that
//     a long command's output before it still shows as it comes;
//   - when it is full, and at the end (FlushOutput).

// outputDelay bounds how long output waits in the buffer.
const outputDelay = 50 * time.Millisecond

// outputBufferSize is the size of the buffer.
const outputBufferSize = 32 << 10

// BufferOutput makes the shell's standard output buffered, if it is a file
// that nothing reads line by line as the shell writes it (see above), and
// reports whether it did. The caller must call FlushOutput at the end.
func (s *Shell) BufferOutput() bool {
	f, ok := s.stdout.(*os.File)
	if !ok || !bufferable(f, s.stderr) {
		return false
	}
	b := &bufferedOutput{f: f, buf: make([]byte, 0, outputBufferSize), delay: outputDelay}
	b.timer = time.AfterFunc(time.Hour, b.flushLater)
	b.timer.Stop()
	s.stdout = b
	return true
}

// FlushOutput writes out what waits in the buffer of BufferOutput, if
// any.
func (s *Shell) FlushOutput() error {
	if b, ok := s.stdout.(*bufferedOutput); ok {
		return b.Flush()
	}
	return nil
}

// bufferable reports whether output to f may wait: f is a regular file, a
// pipe or /dev/null (no terminal or other device), and not where stderr
// goes, unless that is /dev/null, where no order can be seen.
func bufferable(f *os.File, stderr io.Writer) bool {
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	null, err := os.Stat(os.DevNull)
	isNull := err == nil && os.SameFile(fi, null)
	switch m := fi.Mode(); {
	case isNull, m.IsRegular(), m&(os.ModeNamedPipe|os.ModeSocket) != 0:
	default:
		return false
	}
	ef, ok := stderr.(*os.File)
	if !ok {
		return true
	}
	efi, err := ef.Stat()
	return err == nil && (isNull || !os.SameFile(fi, efi))
}

// bufferedOutput is the shell's standard output behind a buffer. Commands
// of a pipeline and the delayed flush write at the same time: a lock
// guards it.
type bufferedOutput struct {
	f     *os.File
	mu    sync.Mutex
	buf   []byte
	timer *time.Timer
	delay time.Duration // outputDelay; longer in a test
	armed bool          // the timer will flush
}

// Write implements io.Writer.
func (b *bufferedOutput) Write(p []byte) (int, error) { return bufferWrite(b, p, b.f.Write) }

// WriteString implements io.StringWriter, for io.WriteString and
// fmt.Fprint: the string goes into the buffer without a copy of its own.
func (b *bufferedOutput) WriteString(s string) (int, error) {
	return bufferWrite(b, s, b.f.WriteString)
}

var _ io.StringWriter = (*bufferedOutput)(nil)

// bufferWrite adds p to b's buffer, or writes it with direct when it is
// bigger than the buffer.
func bufferWrite[T string | []byte](b *bufferedOutput, p T, direct func(T) (int, error)) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.buf)+len(p) > cap(b.buf) {
		if err := b.flushLocked(); err != nil {
			return 0, err
		}
		if len(p) >= cap(b.buf) {
			return direct(p)
		}
	}
	b.buf = append(b.buf, p...)
	if !b.armed {
		b.armed = true
		b.timer.Reset(b.delay)
	}
	return len(p), nil
}

// Flush writes out the buffer.
func (b *bufferedOutput) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.flushLocked()
}

// file returns the file itself, the buffer written out, for a program or
// the commands of a pipeline, which write to it directly.
func (b *bufferedOutput) file() *os.File {
	b.Flush() // an error shows again on the file's next write
	return b.f
}

func (b *bufferedOutput) flushLater() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.armed = false
	b.flushLocked()
}

func (b *bufferedOutput) flushLocked() error {
	if len(b.buf) == 0 {
		return nil
	}
	_, err := b.f.Write(b.buf)
	b.buf = b.buf[:0]
	return err
}

// unbuffered returns w itself, or the file behind it when it is the
// shell's buffered output, written out first.
func unbuffered(w io.Writer) io.Writer {
	if b, ok := w.(*bufferedOutput); ok {
		return b.file()
	}
	return w
}

// flushingReader is the shell's standard input as a command sees it while
// the output is buffered: what the shell wrote is written out before the
// command waits for input, which may answer it.
type flushingReader struct {
	out *bufferedOutput
	r   io.Reader
}

// Read implements io.Reader.
func (fr *flushingReader) Read(p []byte) (int, error) {
	if err := fr.out.Flush(); err != nil {
		return 0, err
	}
	return fr.r.Read(p)
}

// commandStdin returns the standard input of a meta or plugin command:
// the shell's own, behind a flushingReader while the output is buffered.
func (s *Shell) commandStdin(r io.Reader) io.Reader {
	b, ok := s.stdout.(*bufferedOutput)
	if !ok || r != s.stdin {
		return r
	}
	// One for every command while it is the same: nothing to allocate
	// per line.
	if fr := s.flushingStdin; fr == nil || fr.out != b || fr.r != r {
		s.flushingStdin = &flushingReader{out: b, r: r}
	}
	return s.flushingStdin
}
