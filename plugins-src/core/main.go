// Command core is the gosh plugin of everyday commands that behave like their
// Unix namesakes: echo, pwd, cd, ls, cat, env, set, unset, true, false and
// sleep. Build it with
//
//	go build -buildmode=plugin -o plugins/core.so ./plugins-src/core
package main

import "github.com/gosh-shell/gosh/shell/command"

// Commands is the table gosh looks up when it loads the plugin.
var Commands = map[string]*command.Command{
	"echo":  echoCmd,
	"pwd":   pwdCmd,
	"cd":    cdCmd,
	"ls":    lsCmd,
	"cat":   catCmd,
	"env":   envCmd,
	"set":   setCmd,
	"unset": unsetCmd,
	"true":  trueCmd,
	"false": falseCmd,
	"sleep": sleepCmd,
}

// main is never run; it lets "go build ./..." build this package.
func main() {}
