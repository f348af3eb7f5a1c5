package interp

import (
	"io"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// freshTerminalLine makes what is written next to w start a line of its
// own when w is a terminal: the terminal echoes the Ctrl-C that abandons a
// command as ^C, with no newline after it. As zsh does before its prompt,
// it writes a row of blanks and a carriage return: from the first column
// the cursor stays on its row (terminals defer the wrap after the last
// column), from any other the blanks wrap, and the text after them starts
// the row below.
func freshTerminalLine(w io.Writer) {
	f, ok := w.(*os.File)
	if !ok {
		return
	}
	ws, err := unix.IoctlGetWinsize(int(f.Fd()), unix.TIOCGWINSZ)
	if err != nil || ws.Col == 0 {
		return // not a terminal
	}
	io.WriteString(f, strings.Repeat(" ", int(ws.Col))+"\r")
}
