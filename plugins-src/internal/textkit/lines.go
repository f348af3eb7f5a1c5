package textkit

import (
	"bufio"
	"context"
	"io"
	"strings"
)

// EachLine calls fn for every line of r, in order, with the line's text and
// its end of line: "\n", "\r\n", or "" for a last line that has none. Lines
// may be of any length. It stops at the first error of r or fn, and when ctx
// is cancelled, which it checks between lines.
func EachLine(ctx context.Context, r io.Reader, fn func(line, eol string) error) error {
	br := bufio.NewReader(r)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		s, err := br.ReadString('\n')
		if s != "" {
			var eol string
			switch {
			case strings.HasSuffix(s, "\r\n"):
				eol = "\r\n"
			case strings.HasSuffix(s, "\n"):
				eol = "\n"
			}
			if ferr := fn(s[:len(s)-len(eol)], eol); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// MapLines copies r to w with every line replaced by f(line); ends of line
// are kept as they were.
func MapLines(ctx context.Context, w io.Writer, r io.Reader, f func(string) string) error {
	bw := bufio.NewWriter(w)
	err := EachLine(ctx, FlushBeforeRead(r, bw), func(line, eol string) error {
		_, err := bw.WriteString(f(line) + eol)
		return err
	})
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return err
}

// FlushBeforeRead returns a reader of r that flushes w before each read. A
// command that buffers its output with w and reads its input through the
// result writes in large blocks when its input comes quickly, yet shows each
// result at once when it waits for a user typing lines.
func FlushBeforeRead(r io.Reader, w *bufio.Writer) io.Reader {
	return &flushReader{r: r, w: w}
}

type flushReader struct {
	r io.Reader
	w *bufio.Writer
}

func (f *flushReader) Read(p []byte) (int, error) {
	if err := f.w.Flush(); err != nil {
		return 0, err
	}
	return f.r.Read(p)
}
