package interp

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/gosh-shell/gosh/shell/inspect"
	"github.com/gosh-shell/gosh/shell/trust"
)

// :trust and :untrust pin and unpin plugin files in the trust file, as
// gosh trust and gosh trust --remove do.

func (s *Shell) trustCommand() *command.Command {
	return &command.Command{
		Summary: "pin plugin files' content (SHA-256) in the trust file, for --verify",
		Usage:   "PATH...",
		Run: func(_ context.Context, call *command.Call) error {
			return s.trustMeta(call, false)
		},
	}
}

func (s *Shell) untrustCommand() *command.Command {
	return &command.Command{
		Summary: "remove plugin files' pins from the trust file",
		Usage:   "PATH...",
		Run: func(_ context.Context, call *command.Call) error {
			return s.trustMeta(call, true)
		},
	}
}

func (s *Shell) trustMeta(call *command.Call, remove bool) error {
	if len(call.Args) == 0 {
		return command.Usagef("name at least one plugin file")
	}
	paths := make([]string, len(call.Args))
	for i, a := range call.Args {
		paths[i] = call.Path(a)
	}
	if s.TrustPaths(paths, remove) != 0 {
		return command.ExitStatus(1)
	}
	return nil
}

// TrustPaths pins (or, with remove, unpins) each file in the shell's trust
// file, printing one line per file to stdout and one error line per
// failure; it returns 0 when every file was done, else 1.
func (s *Shell) TrustPaths(paths []string, remove bool) int {
	if s.trustFile == "" {
		s.Errorf("trust: no trust file: set XDG_CONFIG_HOME or HOME")
		return 1
	}
	st := 0
	var cs []trust.Change
	var err error
	if remove {
		cs, err = trust.Unpin(s.trustFile, paths)
	} else {
		// Pin plugins only: a pinned text file would load no better, and
		// pinning it says the user meant something else. What is pinned
		// is the content just checked, read once.
		var checked []trust.Change
		for _, p := range paths {
			r, _, err := inspect.ReadFile(p)
			if err != nil {
				var fe *inspect.FileError
				if errors.As(err, &fe) && fe.Path == p {
					err = errors.New(fe.Detail())
				}
				s.Errorf("trust %s: %v; nothing pinned", p, err)
				st = 1
				continue
			}
			abs, err := filepath.Abs(p)
			checked = append(checked, trust.Change{Path: abs, SHA256: r.SHA256, Err: err})
		}
		if len(checked) == 0 {
			return st
		}
		cs, err = trust.PinHashes(s.trustFile, checked)
	}
	if err != nil {
		s.Errorf("trust file %s: %v", s.trustFile, shortPathErr(err))
		return 1
	}
	for _, c := range cs {
		switch {
		case c.Err != nil:
			s.Errorf("trust %s: %v", c.Path, shortPathErr(c.Err))
			st = 1
		case remove && c.Changed:
			fmt.Fprintf(s.stdout, "untrusted %s\n", c.Path)
		case remove:
			fmt.Fprintf(s.stdout, "%s: was not trusted\n", c.Path)
		case c.Changed:
			fmt.Fprintf(s.stdout, "trusted %s (sha256 %s)\n", c.Path, c.SHA256)
		default:
			fmt.Fprintf(s.stdout, "%s: already trusted (sha256 %s)\n", c.Path, c.SHA256)
		}
	}
	return st
}

// shortPathErr drops the operation and path of an *fs.PathError: the
// line names the path already.
func shortPathErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
