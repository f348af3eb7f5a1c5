package interp

import (
	"strings"
	"testing"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/gosh-shell/gosh/shell/loader"
)

func TestSuggest(t *testing.T) {
	names := []string{":exit", ":help", ":load", ":plugins", "cat", "cd", "echo", "env", "extra.greet", "greet", "ls", "pwd", "sleep", "uniq", "upper", "wc"}
	for _, tt := range []struct {
		typed, want string
	}{
		{"ecoh", "echo"},      // two runes swapped: one edit
		{"eho", "echo"},       // a letter missing
		{"echoo", "echo"},     // a letter too many
		{"ECHO", "echo"},      // case does not count
		{"grete", "greet"},    // distance 2 on a longer name
		{"gret", "greet"},     // prefix, distance 1
		{"sl", "ls"},          // swapped runes in a short name: one edit, closer than the prefix of sleep
		{"cta", "cat"},        // the same for 3 runes
		{"sle", "sleep"},      // 2 away from a 3-rune input: only for a name it starts
		{"slep", "sleep"},     // distance 1
		{":hlep", ":help"},    // meta commands too
		{":plug", ":plugins"}, // a prefix of 2 runes or more, however far
		{"extra.gret", "extra.greet"},
		{"c", "cd"},         // one rune: distance 1 wins
		{"x", ""},           // distance 2 to cd, ls, wc: not under 2, and no prefix
		{"l", "ls"},         // distance 1
		{"zzzzzz", ""},      // nothing close
		{"upperx", "upper"}, // distance 1
		{"uppercase", ""},   // 4 away from upper, and upper is not a prefix of it
		{"up", "upper"},     // a prefix of 2 runes
		{"", ""},            // an empty name ("" typed as a command) is close to nothing
	} {
		if got := Suggest(tt.typed, names); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.typed, got, tt.want)
		}
	}
	if got := Suggest("anything", nil); got != "" {
		t.Errorf("Suggest with no names = %q", got)
	}
}

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "", 3},
		{"", "abc", 3},
		{"echo", "echo", 0},
		{"ecoh", "echo", 1}, // a swap is one edit
		{"sl", "ls", 1},
		{"abcd", "badc", 2},
		{"ca", "abc", 3}, // a swapped pair is not edited again
		{"ab", "ba", 1},
		{"a", "ab", 1},
		{"kitten", "sitting", 3},
		{"héllo", "hello", 1}, // runes, not bytes
		{"日本", "日本語", 1},
	} {
		if got := distance(tt.a, tt.b); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestRegistry(t *testing.T) {
	plugin := func(name string, cmds ...string) *loader.Plugin {
		m := map[string]*command.Command{}
		for _, c := range cmds {
			m[c] = &command.Command{Summary: name + " " + c}
		}
		return &loader.Plugin{Name: name, Commands: m}
	}
	r := NewRegistry()
	if cl := r.Add(plugin("a", "x", "y")); len(cl) != 0 {
		t.Errorf("first plugin: clashes %v", cl)
	}
	cl := r.Add(plugin("b", "y", "z"))
	if len(cl) != 1 || cl[0] != (Clash{Name: "y", Winner: "a", Loser: "b"}) {
		t.Errorf("clashes %+v, want y between a (winner) and b", cl)
	}
	// A third plugin with the same command: the first still wins, and only
	// the new clash is returned, not the one reported already.
	cl = r.Add(plugin("c", "y"))
	if len(cl) != 1 || cl[0] != (Clash{Name: "y", Winner: "a", Loser: "c"}) {
		t.Errorf("clashes %+v, want only y between a and c", cl)
	}
	// A plugin that clashes with nothing returns no clash.
	if cl := r.Add(plugin("d", "u")); len(cl) != 0 {
		t.Errorf("plugin without a clash: clashes %+v", cl)
	}
	r.plugins = r.plugins[:3] // d was only for that check
	r.rebuild()
	for _, tt := range []struct{ typed, summary string }{
		{"x", "a x"}, {"y", "a y"}, {"z", "b z"},
		{"a.y", "a y"}, {"b.y", "b y"}, {"c.y", "c y"}, {"b.z", "b z"}, {"a.x", "a x"},
	} {
		e, ok := r.Lookup(tt.typed)
		if !ok || e.Cmd.Summary != tt.summary {
			t.Errorf("Lookup(%q) = %+v, %v; want the command %q", tt.typed, e, ok, tt.summary)
		}
	}
	for _, typed := range []string{"a.z", "d.x", "", ".x", "x."} {
		if e, ok := r.Lookup(typed); ok {
			t.Errorf("Lookup(%q) found %+v", typed, e)
		}
	}
	if got, want := strings.Join(r.Names(), " "), "b.y c.y x y z"; got != want {
		t.Errorf("Names() = %s, want %s", got, want)
	}
	if e, _ := r.Lookup("y"); e.Qualified() != "a.y" {
		t.Errorf("Qualified() = %s", e.Qualified())
	}
	if q := (Entry{Name: ":help"}).Qualified(); q != ":help" {
		t.Errorf("meta Qualified() = %s", q)
	}

	// A plugin with the name of a registered one replaces it in its place
	// in the load order, so that a reloaded plugin keeps the bare names it
	// won: reloading a must not hand y to b.
	r.Add(plugin("a", "w", "y"))
	var order []string
	for _, p := range r.Plugins() {
		order = append(order, p.Name)
	}
	if got := strings.Join(order, " "); got != "a b c" {
		t.Errorf("plugins after replacing a: %s", got)
	}
	if e, ok := r.Lookup("y"); !ok || e.Plugin != "a" || e.Cmd.Summary != "a y" {
		t.Errorf("after replacing a, y runs %+v, want the new a's", e)
	}
	if _, ok := r.Lookup("x"); ok {
		t.Error("after replacing a, its old command x is still there")
	}
	if e, ok := r.Lookup("w"); !ok || e.Plugin != "a" {
		t.Errorf("after replacing a, its new command w is %+v, %v", e, ok)
	}

	// Remove takes a plugin's commands away; the bare names it won go to
	// the next plugin that has them.
	if p := r.Remove("a"); p == nil || p.Name != "a" {
		t.Fatalf("Remove(a) = %v", p)
	}
	if e, ok := r.Lookup("y"); !ok || e.Plugin != "b" {
		t.Errorf("after removing a, y runs %+v, want b's", e)
	}
	for _, gone := range []string{"w", "a.y"} {
		if e, ok := r.Lookup(gone); ok {
			t.Errorf("after removing a, %s is still there: %+v", gone, e)
		}
	}
	if r.Remove("a") != nil || r.Get("a") != nil || r.Get("b") == nil {
		t.Error("Remove or Get of a removed plugin found it")
	}
}
