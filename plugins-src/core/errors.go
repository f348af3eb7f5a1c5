package main

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/gosh-shell/gosh/shell/command"
)

// fileError is a failure on a file the user named. Its message names the file
// as the user typed it and, for an *fs.PathError, gives only the cause
// ("notes.txt: no such file or directory") rather than the operation and the
// absolute path; errors.Is and errors.As still see the whole chain.
type fileError struct {
	name string
	err  error
}

func (e *fileError) Error() string {
	var pe *fs.PathError
	if errors.As(e.err, &pe) {
		return e.name + ": " + pe.Err.Error()
	}
	return e.name + ": " + e.err.Error()
}

func (e *fileError) Unwrap() error { return e.err }

// report prints a failure on one of several files to the command's standard
// error, for commands that go on with the other files: "ls: x: no such file
// or directory".
func report(call *command.Call, name string, err error) {
	fmt.Fprintf(call.Stderr, "%s: %v\n", call.Name, &fileError{name, err})
}

// noArgs is the check of a command that takes no arguments.
func noArgs(call *command.Call) error {
	if len(call.Args) > 0 {
		return command.Usagef("unexpected argument %q", call.Args[0])
	}
	return nil
}
