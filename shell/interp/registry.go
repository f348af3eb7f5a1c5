package interp

import (
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/gosh-shell/gosh/shell/loader"
)

// Entry is a command the shell can run.
type Entry struct {
	Plugin string // plugin name; "" for a meta command
	Name   string
	Cmd    *command.Command
}

// Qualified returns PLUGIN.NAME, or NAME for a meta command.
func (e Entry) Qualified() string {
	if e.Plugin == "" {
		return e.Name
	}
	return e.Plugin + "." + e.Name
}

// Registry maps the names users type to commands. A bare name goes to the
// first plugin that provided it; every plugin command is also reachable as
// PLUGIN.NAME. It is safe for concurrent use: a watch-mode reload swaps a
// plugin while the user types or a command runs.
type Registry struct {
	mu      sync.RWMutex
	plugins []*loader.Plugin
	bare    map[string]Entry
	byQual  map[string]Entry
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{bare: map[string]Entry{}, byQual: map[string]Entry{}}
}

// Clash says that a bare command name is provided by two plugins.
type Clash struct {
	Name   string
	Winner string // plugin that keeps the bare name
	Loser  string // plugin whose command is reachable only as Loser.Name
}

// Add registers a plugin's commands. A plugin with the name of one already
// registered replaces it in one step, keeping its place in the load order,
// so that a reload keeps the bare names it had. Add returns the clashes of
// bare names that p brings, not those reported when earlier plugins were
// added.
func (r *Registry) Add(p *loader.Plugin) []Clash {
	r.mu.Lock()
	defer r.mu.Unlock()
	replaced := false
	for i, old := range r.plugins {
		if old.Name == p.Name {
			r.plugins[i] = p
			replaced = true
			break
		}
	}
	if !replaced {
		// Last in the load order, it loses every clash and changes no
		// other plugin's names: its commands are added to the maps.
		r.plugins = append(r.plugins, p)
		return r.addCommands(p, nil)
	}
	var clashes []Clash
	for _, c := range r.rebuild() {
		if c.Loser == p.Name {
			clashes = append(clashes, c)
		}
	}
	return clashes
}

// Remove unregisters the plugin called name, and returns it (nil if there
// was none).
func (r *Registry) Remove(name string) *loader.Plugin {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, p := range r.plugins {
		if p.Name == name {
			r.plugins = append(r.plugins[:i:i], r.plugins[i+1:]...)
			r.rebuild()
			return p
		}
	}
	return nil
}

// Get returns the registered plugin called name, or nil.
func (r *Registry) Get(name string) *loader.Plugin {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, p := range r.plugins {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// rebuild recomputes the name tables from the plugins in load order. The
// caller holds the write lock.
func (r *Registry) rebuild() []Clash {
	r.bare, r.byQual = map[string]Entry{}, map[string]Entry{}
	var clashes []Clash
	for _, p := range r.plugins {
		clashes = r.addCommands(p, clashes)
	}
	return clashes
}

// addCommands adds the commands of p, which comes after every plugin
// whose commands the maps hold, and appends to clashes the names it
// loses. r.mu is held for writing.
func (r *Registry) addCommands(p *loader.Plugin, clashes []Clash) []Clash {
	for _, name := range p.CommandNames() {
		e := Entry{Plugin: p.Name, Name: name, Cmd: p.Commands[name]}
		r.byQual[e.Qualified()] = e
		if first, ok := r.bare[name]; ok {
			clashes = append(clashes, Clash{Name: name, Winner: first.Plugin, Loser: p.Name})
			continue
		}
		r.bare[name] = e
	}
	return clashes
}

// Lookup finds the command for a typed name: a bare name or PLUGIN.NAME.
func (r *Registry) Lookup(name string) (Entry, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if e, ok := r.bare[name]; ok {
		return e, true
	}
	e, ok := r.byQual[name]
	return e, ok
}

// Plugins returns the registered plugins in load order.
func (r *Registry) Plugins() []*loader.Plugin {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return append([]*loader.Plugin(nil), r.plugins...)
}

// Names returns every bare name and, for names that clash, the qualified
// names too, sorted.
func (r *Registry) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var names []string
	for n := range r.bare {
		names = append(names, n)
	}
	for q, e := range r.byQual {
		if r.bare[e.Name].Plugin != e.Plugin {
			names = append(names, q)
		}
	}
	sort.Strings(names)
	return names
}

// Suggest returns the known name closest to a mistyped one, or "".
func Suggest(typed string, names []string) string {
	if typed == "" {
		return "" // a quoted empty command name is close to nothing
	}
	best, bestDist := "", 3
	if utf8.RuneCountInString(typed) <= 3 {
		bestDist = 2
	}
	lower := strings.ToLower(typed)
	size := utf8.RuneCountInString(lower)
	for _, n := range names {
		ln := strings.ToLower(n)
		// The distance is at least the difference in length: skipping
		// names that cannot be close keeps a megabyte typed by mistake
		// from costing a megabyte-long comparison with every name.
		if diff := size - utf8.RuneCountInString(ln); diff > bestDist || -diff > bestDist {
			continue
		}
		d := distance(lower, ln)
		if d < bestDist || (d == bestDist && best == "" && strings.HasPrefix(n, typed)) {
			best, bestDist = n, d
		}
	}
	if best == "" {
		for _, n := range names {
			if len(typed) >= 2 && strings.HasPrefix(n, typed) {
				return n
			}
		}
	}
	return best
}

// distance is the edit distance in runes, counting the swap of two adjacent
// runes as one edit (optimal string alignment): a swap is the most common
// typo, and "sl" must be closer to ls than to anything else.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	pprev := make([]int, len(rb)+1) // row i-2, for swaps
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], pprev[j-2]+1)
			}
		}
		pprev, prev, cur = prev, cur, pprev
	}
	return prev[len(rb)]
}
