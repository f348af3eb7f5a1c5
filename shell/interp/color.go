package interp

import (
	"io"
	"os"
)

// The escape sequences of coloured error lines; the reset comes before
// the newline, so that nothing after the line is red.
const (
	colorRed   = "\x1b[31m"
	colorReset = "\x1b[0m"
)

// colorFor reports whether an error line written to w is coloured: w is
// the shell's own stderr, a terminal (Options.ColorErrors), and NO_COLOR
// is unset or empty (https://no-color.org), read at each line so that
// NO_COLOR=1 typed in the session takes effect.
func (s *Shell) colorFor(w io.Writer) bool {
	if !s.colorErrors || !sameFile(w, s.stderr) {
		return false
	}
	v, _ := s.Get("NO_COLOR")
	return v == ""
}

// sameFile reports whether a and b are the same *os.File: other writers
// (buffers, pipes gosh made for a pipeline) are never the terminal.
func sameFile(a, b io.Writer) bool {
	fa, ok := a.(*os.File)
	if !ok {
		return false
	}
	fb, ok := b.(*os.File)
	return ok && fa == fb
}
