package interp

import (
	"io"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// FreshLine moves the cursor of the terminal w, width columns wide, to the
// start of an empty line unless it is at the start of one already: after a
// command's last line that did not end in a newline (echo -n hello), or
// after the ^C^C the terminal echoed. As zsh does, it writes a whole row
// of blanks and a carriage return: from column 0 the cursor stays on its
// row (terminals defer the wrap after the last column), where what comes
// next overwrites the blanks; from any other column the blanks wrap, so
// that what was on the row stays and what comes next starts the row below.
func FreshLine(w io.Writer, width int) {
	if width <= 0 || w == nil {
		return
	}
	io.WriteString(w, strings.Repeat(" ", width)+"\r")
}

// freshTerminalLine is FreshLine for w if it is a terminal, whose width it
// asks; else it does nothing.
func freshTerminalLine(w io.Writer) {
	f, ok := w.(*os.File)
	if !ok {
		return
	}
	ws, err := unix.IoctlGetWinsize(int(f.Fd()), unix.TIOCGWINSZ)
	if err != nil {
		return // not a terminal
	}
	FreshLine(f, int(ws.Col))
}
