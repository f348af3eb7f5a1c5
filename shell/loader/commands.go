package loader

import (
	"fmt"
	"plugin"
	"reflect"
	"sort"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/gosh-shell/gosh/shell/inspect"
)

const wantType = "map[string]*command.Command"

// commandsOf looks up and validates the plugin's Commands variable. It
// returns a copy, so a plugin that changes its map later cannot change the
// shell's commands behind its back.
func commandsOf(p *plugin.Plugin) (map[string]*command.Command, error) {
	sym, err := p.Lookup("Commands")
	if err != nil {
		return nil, fmt.Errorf("no exported Commands variable: a gosh plugin declares var Commands = %s{...} in its main package", wantType)
	}
	ptr, ok := sym.(*map[string]*command.Command)
	if !ok {
		t := reflect.TypeOf(sym)
		if t.Kind() == reflect.Pointer {
			return nil, fmt.Errorf("Commands has type %s, want %s", t.Elem(), wantType)
		}
		return nil, fmt.Errorf("Commands is a %s of type %s, want a variable of type %s", t.Kind(), t, wantType)
	}
	if *ptr == nil {
		return nil, fmt.Errorf("Commands is a nil map: give it at least one command")
	}
	names := make([]string, 0, len(*ptr))
	for name := range *ptr {
		names = append(names, name)
	}
	sort.Strings(names)
	cmds := make(map[string]*command.Command, len(names))
	for _, name := range names {
		c := (*ptr)[name]
		if err := command.ValidName(name); err != nil {
			return nil, fmt.Errorf("Commands has a bad entry: %w", err)
		}
		if c == nil {
			return nil, fmt.Errorf("Commands[%q] is nil", name)
		}
		if c.Run == nil {
			return nil, fmt.Errorf("Commands[%q] has no Run function", name)
		}
		cmds[name] = c
	}
	if len(cmds) == 0 {
		return nil, fmt.Errorf("Commands is empty: give it at least one command")
	}
	return cmds, nil
}

// metaOf reads the plugin's optional metadata strings as the loaded plugin
// holds them, which covers values computed by init; what the file showed
// stands where the plugin has no such string variable.
func metaOf(p *plugin.Plugin, fromFile inspect.Meta) inspect.Meta {
	m := fromFile
	for name, field := range m.Fields() {
		sym, err := p.Lookup(name)
		if err != nil {
			continue
		}
		if v, ok := sym.(*string); ok && v != nil {
			*field = inspect.MetaString(*v)
		}
	}
	return m
}

// checkGoshVersion refuses a plugin that needs a newer gosh than this one,
// by the metadata its init left.
func (l *Loader) checkGoshVersion(m inspect.Meta) error {
	if p := l.host.GoshVersionProblem(m); p != nil {
		return problemsError([]inspect.Problem{*p})
	}
	return nil
}
