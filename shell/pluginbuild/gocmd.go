package pluginbuild

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"runtime/debug"
	"strings"
)

// goTool runs the go command in one directory with one environment.
type goTool struct {
	path string   // the go command
	env  []string // the whole environment
	dir  string
}

// ErrNoGo is returned when there is no go command in $PATH.
var ErrNoGo = errors.New("no go command in $PATH: building a plugin needs the Go toolchain (fix: install Go from https://go.dev/dl and put its bin directory in PATH)")

func newGoTool(environ, extra []string, dir string) (*goTool, error) {
	path, err := exec.LookPath("go")
	if err != nil {
		return nil, ErrNoGo
	}
	return &goTool{path: path, env: append(append([]string(nil), environ...), extra...), dir: dir}, nil
}

// output runs go with args and returns its standard output; on failure the
// error holds what go printed on its standard error.
func (g *goTool) output(ctx context.Context, args ...string) ([]byte, error) {
	var stdout, stderr bytes.Buffer
	if err := g.run(ctx, &stdout, &stderr, args...); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		name := args[0]
		if len(args) > 1 && !strings.HasPrefix(args[1], "-") {
			name += " " + args[1]
		}
		return nil, fmt.Errorf("go %s in %s: %s", name, g.dir, msg)
	}
	return stdout.Bytes(), nil
}

// Go runs the go command in dir as gosh build does: with environ, then the
// toolchain and settings of bi (Env). It returns go's standard output,
// trimmed; an error holds what go printed on its standard error.
func Go(ctx context.Context, bi *debug.BuildInfo, environ []string, dir string, args ...string) (string, error) {
	g, err := newGoTool(environ, Env(bi), dir)
	if err != nil {
		return "", err
	}
	out, err := g.output(ctx, args...)
	return strings.TrimSpace(string(out)), err
}

func (g *goTool) run(ctx context.Context, stdout, stderr io.Writer, args ...string) error {
	cmd := exec.CommandContext(ctx, g.path, args...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = g.dir, g.env, stdout, stderr
	return cmd.Run()
}
