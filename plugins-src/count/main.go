// Command count is a gosh plugin of commands that count text: wc and uniq.
// Build it with
//
//	go build -buildmode=plugin -o plugins/count.so ./plugins-src/count
//
// It shares the package textkit with the text plugin: loading the first of
// the two prints "textkit: init", loading the second does not.
package main

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/gosh-shell/gosh/shell/command"
)

func init() { fmt.Println("count: init") }

// Commands is the table gosh looks up when it loads the plugin.
var Commands = map[string]*command.Command{
	"wc":   wcCmd,
	"uniq": uniqCmd,
}

// report prints a failure on one of several files to the command's standard
// error, naming the file as the user typed it: "wc: x: no such file or
// directory".
func report(call *command.Call, name string, err error) {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	fmt.Fprintf(call.Stderr, "%s: %s: %v\n", call.Name, name, err)
}

// main is never run; it lets "go build ./..." build this package.
func main() {}
