package shell

import (
	"bufio"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/gosh-shell/gosh/shell/interp"
	"github.com/gosh-shell/gosh/shell/loader"
	"github.com/gosh-shell/gosh/shell/repl"
)

// RCFile returns the start-up file: $XDG_CONFIG_HOME/gosh/rc, or
// ~/.config/gosh/rc; empty when neither is known.
func RCFile(environ []string) string {
	return xdgFile(environ, "XDG_CONFIG_HOME", ".config", "rc")
}

// runRC runs the start-up file before the first prompt, line by line as a
// script: an error is reported as "gosh: rc:LINE: ..." and the next line
// runs. A missing file is no error. Like a plugin, a file that others
// could have written is refused unless insecure. Ctrl-C stops the file
// (the prompt comes). It returns whether :exit ran in it.
func runRC(ctx context.Context, sh *interp.Shell, path string, insecure bool, in *repl.Interrupts) bool {
	if path == "" {
		return false
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false
	}
	if err != nil {
		sh.Errorf("rc: %v", shortPathErr(path, err))
		return false
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		sh.Errorf("rc: %s: is a directory", path)
		return false
	}
	if err := loader.CheckPerm(path); err != nil {
		if !insecure {
			sh.Errorf("rc: %s not run: %v", path, err)
			return false
		}
		sh.Errorf("warning: rc: %s: %v; running it anyway (--insecure-plugins)", path, err)
	}
	defer sh.SetSource("", 0)
	br := bufio.NewReaderSize(f, 64<<10)
	for n := 1; ; n++ {
		line, err := br.ReadString('\n')
		if len(line) > 0 {
			line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
			sh.SetSource("rc", n)
			runCtx := in.Begin(ctx)
			sh.Run(runCtx, line)
			if in.End() {
				sh.SetSource("", 0)
				sh.Errorf("rc: interrupted at line %d; the rest of %s did not run", n, path)
				sh.SetStatus(130)
				return false
			}
			if sh.Exited() {
				return true
			}
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				sh.SetSource("", 0)
				sh.Errorf("rc: %s: %v", path, err)
			}
			return false
		}
	}
}

func shortPathErr(path string, err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return path + ": " + pe.Err.Error()
	}
	return err.Error()
}
