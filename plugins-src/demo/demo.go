// Command demo is the plugin of the gosh tutorial. It mirrors the example in
// the documentation of Go's plugin package, whose plugin exports
//
//	var V int
//	func F() { fmt.Printf("Hello, number %d\n", V) }
//
// and adds a value of a type with a method. gosh finds a plugin's commands in
// the exported variable Commands; here each command reaches one of the other
// exported names:
//
//	v [N]         print V, or set it to N
//	f             call F
//	greet [NAME]  call Greeter.Greet
//
// F and Greet take the writer to print to: a gosh command prints to its call's
// standard output, never to os.Stdout, so that pipes and redirections work.
//
// Build it with
//
//	go build -buildmode=plugin -o plugins/demo.so ./plugins-src/demo
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"strconv"
	"strings"

	"github.com/gosh-shell/gosh/shell/command"
)

// V is an exported variable. It lives as long as the shell: loading the
// plugin again does not reset it.
var V int

// F prints a greeting with the number V.
func F(w io.Writer) {
	fmt.Fprintf(w, "Hello, number %d\n", V)
}

// greeter is a type with a method.
type greeter string

// Greet prints g's greeting to who.
func (g greeter) Greet(w io.Writer, who string) {
	fmt.Fprintf(w, "%s, %s!\n", g, who)
}

// Greeter is an exported value of type greeter.
var Greeter greeter = "Hello"

// init runs once, while gosh loads the plugin, so its line is printed then.
func init() {
	log.Printf("demo: init ran, V=%d", V)
}

// Commands is what gosh looks up in the plugin: the name the user types, and
// what it runs.
var Commands = map[string]*command.Command{
	"v": {
		Summary: "print V, or set it to N",
		Usage:   "[N]",
		Help:    "A negative N needs -- before it, or it reads as a flag: v -- -1",
		Run: func(ctx context.Context, call *command.Call) error {
			switch len(call.Args) {
			case 0:
				fmt.Fprintln(call.Stdout, V)
				return nil
			case 1:
				n, err := strconv.Atoi(call.Args[0])
				if err != nil {
					return command.Usagef("%q is not an integer", call.Args[0])
				}
				V = n
				return nil
			default:
				return command.Usagef("too many arguments")
			}
		},
	},
	"f": {
		Summary: "call F, which prints a greeting with the number V",
		Run: func(ctx context.Context, call *command.Call) error {
			F(call.Stdout)
			return nil
		},
	},
	"greet": {
		Summary: "call Greeter.Greet, which greets NAME (or \"gopher\")",
		Usage:   "[NAME]",
		Run: func(ctx context.Context, call *command.Call) error {
			who := "gopher"
			if len(call.Args) > 0 {
				who = strings.Join(call.Args, " ")
			}
			Greeter.Greet(call.Stdout, who)
			return nil
		},
	},
}

// main is never run; it lets "go build ./..." build this package.
func main() {}
