package command

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// MapEnv is a plain Env: variables in a map, and a working directory that
// Chdir changes without touching the process. It is meant for testing plugin
// commands outside gosh; gosh itself passes its own Env.
type MapEnv struct {
	Vars map[string]string
	// WorkDir is the working directory; empty means the process's.
	WorkDir string
}

// Get implements Env.
func (m *MapEnv) Get(name string) (string, bool) {
	v, ok := m.Vars[name]
	return v, ok
}

// Set implements Env.
func (m *MapEnv) Set(name, value string) error {
	if !ValidVarName(name) {
		return fmt.Errorf("set %q: not a valid variable name", name)
	}
	if m.Vars == nil {
		m.Vars = map[string]string{}
	}
	m.Vars[name] = value
	return nil
}

// Unset implements Env.
func (m *MapEnv) Unset(name string) { delete(m.Vars, name) }

// Names implements Env.
func (m *MapEnv) Names() []string {
	names := make([]string, 0, len(m.Vars))
	for n := range m.Vars {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Dir implements Env.
func (m *MapEnv) Dir() string {
	if m.WorkDir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "/"
		}
		return wd
	}
	return m.WorkDir
}

// Chdir implements Env. It checks that dir is a directory.
func (m *MapEnv) Chdir(dir string) error {
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(m.Dir(), dir)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s: not a directory", dir)
	}
	m.WorkDir = filepath.Clean(dir)
	return nil
}

// ValidVarName reports whether name is a shell variable name: a letter or
// underscore, then letters, digits and underscores (ASCII).
func ValidVarName(name string) bool {
	if name == "" {
		return false
	}
	for i, r := range name {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case i > 0 && r >= '0' && r <= '9':
		default:
			return false
		}
	}
	return true
}
