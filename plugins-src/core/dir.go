package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"github.com/gosh-shell/gosh/shell/command"
)

var pwdCmd = &command.Command{
	Summary: "print the working directory",
	Run: func(ctx context.Context, call *command.Call) error {
		if err := noArgs(call); err != nil {
			return err
		}
		_, err := fmt.Fprintln(call.Stdout, call.Env.Dir())
		return err
	},
}

var cdCmd = &command.Command{
	Summary: "change the working directory",
	Usage:   "[DIR | -]",
	Help: "Without DIR, cd goes to $HOME. \"cd -\" goes back to $OLDPWD and prints it.\n" +
		"cd sets PWD to the new directory and OLDPWD to the one it left.",
	Run: runCd,
}

func runCd(ctx context.Context, call *command.Call) error {
	var target string
	back := false
	switch len(call.Args) {
	case 0:
		home, err := homeDir(call.Env)
		if err != nil {
			return err
		}
		target = home
	case 1:
		target = call.Args[0]
		if target == "-" {
			old, ok := call.Env.Get("OLDPWD")
			if !ok || old == "" {
				return errors.New("OLDPWD not set")
			}
			target, back = old, true
		}
	default:
		return command.Usagef("too many arguments")
	}

	// Check the target here so that the message names it as the user typed
	// it, whatever the Env's own errors look like.
	path := call.Path(target)
	fi, err := os.Stat(path)
	if err != nil {
		return &fileError{target, err}
	}
	if !fi.IsDir() {
		return &fileError{target, &fs.PathError{Op: "chdir", Path: path, Err: syscall.ENOTDIR}}
	}
	old := call.Env.Dir()
	if err := call.Env.Chdir(path); err != nil {
		return &fileError{target, err}
	}
	dir := call.Env.Dir()
	if err := call.Env.Set("OLDPWD", old); err != nil {
		return err
	}
	if err := call.Env.Set("PWD", dir); err != nil {
		return err
	}
	if back {
		_, err := fmt.Fprintln(call.Stdout, dir)
		return err
	}
	return nil
}

// homeDir is $HOME of the shell, or else the user's home directory.
func homeDir(env command.Env) (string, error) {
	if home, ok := env.Get("HOME"); ok && home != "" {
		return home, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("HOME not set: %w", err)
	}
	return home, nil
}
