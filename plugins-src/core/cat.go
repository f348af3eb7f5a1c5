package main

import (
	"context"
	"io"
	"os"

	"github.com/gosh-shell/gosh/shell/command"
)

var catCmd = &command.Command{
	Summary: "print files one after the other",
	Usage:   "[FILE...]",
	Help:    "Without FILE, or for \"-\", cat reads standard input. A file that cannot be read\nis reported and skipped, and the exit status is then 1.",
	Run: func(ctx context.Context, call *command.Call) error {
		names := call.Args
		if len(names) == 0 {
			names = []string{"-"}
		}
		out := &errWriter{w: call.Stdout}
		failed := false
		for _, name := range names {
			if err := ctx.Err(); err != nil {
				return err
			}
			err := catFile(ctx, call, out, name)
			switch {
			case err == nil:
			case out.err != nil:
				return out.err // standard output is gone: no point going on
			case ctx.Err() != nil:
				return ctx.Err()
			default:
				report(call, name, err)
				failed = true
			}
		}
		if failed {
			return command.ExitStatus(1)
		}
		return nil
	},
}

func catFile(ctx context.Context, call *command.Call, w io.Writer, name string) error {
	if name == "-" {
		_, err := io.Copy(w, ctxReader{ctx, call.Stdin})
		return err
	}
	f, err := os.Open(call.Path(name))
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, ctxReader{ctx, f})
	return err
}

// ctxReader stops reading once ctx is cancelled, so that Ctrl-C ends the copy
// of a long file between two reads.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (r ctxReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}

// errWriter remembers its first write error, to tell it from a read error
// after io.Copy.
type errWriter struct {
	w   io.Writer
	err error
}

func (w *errWriter) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	if err != nil && w.err == nil {
		w.err = err
	}
	return n, err
}
