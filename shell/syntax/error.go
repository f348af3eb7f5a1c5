package syntax

import (
	"errors"
	"fmt"
)

// Error is a syntax error at a position of the line.
type Error struct {
	// Line is the 1-based line of the problem. It is 1 unless the input
	// holds newlines (a line continued after an Incomplete error); zero is
	// read as 1.
	Line int
	// Col is the 1-based column, counted in runes within its line, of the
	// problem. An invalid byte counts as one column.
	Col int
	// Msg is the problem, lower case, e.g. "unterminated double quote".
	Msg string
	// Incomplete reports that more input could complete the line: an open
	// quote or a trailing backslash. A REPL shows a continuation prompt,
	// appends "\n" and the next line, and parses again.
	Incomplete bool
}

// Error returns "LINE:COL: MSG", e.g. "1:6: unterminated single quote".
func (e *Error) Error() string {
	line := e.Line
	if line == 0 {
		line = 1
	}
	return fmt.Sprintf("%d:%d: %s", line, e.Col, e.Msg)
}

// IsIncomplete reports whether err is an [*Error] that more input could fix,
// so that the caller should read another line instead of reporting it.
func IsIncomplete(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Incomplete
}
