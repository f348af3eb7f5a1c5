// Package command is the contract between gosh and its plugins.
//
// A gosh plugin is a Go package main, built with
//
//	go build -buildmode=plugin -o plugins/NAME.so ./DIR
//
// that exports one variable:
//
//	var Commands = map[string]*command.Command{ ... }
//
// The map key is the name the user types. gosh looks the variable up after
// loading the plugin and refuses, with a message and without crashing, a plugin
// whose Commands is missing, has another type, or holds a nil entry or an entry
// with an empty or malformed name.
//
// # What a command gets
//
// gosh parses the command's flags itself, from the flag set that
// [Command.Flags] declares, so -h and --help work for every command. The Run
// function then receives a [context.Context] that is cancelled when the user
// presses Ctrl-C, and a [*Call] holding the parsed flags, the remaining
// arguments, the standard streams and the shell's variables. A command writes
// only to Call.Stdout and Call.Stderr, never to os.Stdout, and returns an
// error: nil is exit status 0, an [ExitStatus] is that status without a
// message, any other error is printed as "gosh: NAME: ERROR" with status 1.
//
// # Traps of Go plugins
//
// Plugins share packages with gosh, so this package must stay small: every
// plugin carries a copy of all it imports, and gosh and the plugin must agree
// on the version of every package they both use. Build plugins with the same
// Go toolchain, the same build flags (-trimpath, -race, GOAMD64, ...) and the
// same module versions as the gosh binary that loads them; gosh checks all of
// this before it loads a file and says what differs. Code in a plugin can never
// be unloaded, and a package's init runs only the first time any plugin brings
// that package in.
package command
