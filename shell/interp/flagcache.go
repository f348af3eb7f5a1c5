package interp

import (
	"reflect"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/spf13/pflag"
)

// Building a command's flag set (NewFlagSet: its Flags, then --help) is
// most of what a trivial command costs, so a command that runs alone
// reuses the flag set of its previous call, reset to what a fresh one
// would be: every flag's value its default, nothing Changed, nothing
// visited by Visit, no arguments.
//
// pflag has no reset. The flag set itself is reset by copying it back from
// a copy taken when it was built (pflag.FlagSet is a plain struct, with no
// lock): that empties what Parse and Set fill (the set flags, the
// arguments, the position of --). The flags are shared by both copies, so
// each flag that was set, or whose value is no longer its default, gets
// its default again through Value.Set: only for pflag's own scalar types
// (bool, string, numbers, durations, counts), whose Set(DefValue) restores
// them exactly. A slice flag, for one, remembers that it was set and would
// append to its default: a command with any other kind of flag gets a
// fresh flag set every time, as does a call while another call of the same
// command still runs (an abandoned one), a call after a panic, and a call
// after the previous one declared flags of its own in Run.

// maxCachedFlagSets bounds the cache; past it, it starts again empty.
const maxCachedFlagSets = 1024

// flagCache is a Shell's reusable flag sets, by command and name. Its
// zero value is empty and ready; it is used by the shell's goroutine only.
type flagCache struct {
	sets map[flagKey]*cachedFlags
}

// flagKey is what a flag set is built from: the command, and the name it
// is called by (the flag set's name).
type flagKey struct {
	cmd  *command.Command
	name string
}

// cachedFlags is one reusable flag set.
type cachedFlags struct {
	key  flagKey
	fs   *pflag.FlagSet
	orig pflag.FlagSet // *fs as built, before any parse
	// flags are the flags as built, in order.
	flags []*pflag.Flag
	// busy: a call has the flag set now.
	busy bool
	// never: the command's flags cannot be reset; build them each time.
	never bool
}

// take returns a flag set for a call of c as name, fresh or reset, and the
// cache entry to give back with put (nil when it is not to be).
func (fc *flagCache) take(name string, c *command.Command) (*pflag.FlagSet, *cachedFlags, error) {
	key := flagKey{c, name}
	if e := fc.sets[key]; e != nil {
		if e.never || e.busy {
			fs, err := NewFlagSet(name, c)
			return fs, nil, err
		}
		e.busy = true
		*e.fs = e.orig
		return e.fs, e, nil
	}
	fs, err := NewFlagSet(name, c)
	if err != nil {
		return nil, nil, err
	}
	if fc.sets == nil || len(fc.sets) >= maxCachedFlagSets {
		fc.sets = map[flagKey]*cachedFlags{}
	}
	e := newCachedFlags(key, fs)
	fc.sets[key] = e
	if e.never {
		return fs, nil, nil
	}
	e.busy = true
	return fs, e, nil
}

// put gives back the flag set of a call that ended. reusable is false when
// the call may have left it in any state (it panicked).
func (fc *flagCache) put(e *cachedFlags, reusable bool) {
	if e == nil {
		return
	}
	e.busy = false
	if !reusable || !e.reset() {
		fc.forget(e)
	}
}

// forget drops e from the cache: its flag set is no longer the cache's.
func (fc *flagCache) forget(e *cachedFlags) {
	if e != nil && fc.sets[e.key] == e {
		delete(fc.sets, e.key)
	}
}

// newCachedFlags returns the cache entry of a freshly built flag set.
func newCachedFlags(key flagKey, fs *pflag.FlagSet) *cachedFlags {
	e := &cachedFlags{key: key, fs: fs}
	// Sorting the flags now (VisitAll sorts them once) keeps the sorted
	// list in the copy, rather than sorting again after each reset.
	fs.VisitAll(func(f *pflag.Flag) {
		e.flags = append(e.flags, f)
		if !resettable(f.Value) {
			e.never = true
		}
	})
	e.orig = *fs
	return e
}

// reset makes the flag set's flags what they were when it was built, and
// reports whether it could; the flag set itself is reset by take.
func (e *cachedFlags) reset() bool {
	n := 0
	ok := true
	e.fs.VisitAll(func(*pflag.Flag) { n++ })
	if n != len(e.flags) {
		return false // Run declared flags: they would be declared again
	}
	for _, f := range e.flags {
		if !f.Changed && f.Value.String() == f.DefValue {
			continue
		}
		if err := f.Value.Set(f.DefValue); err != nil || f.Value.String() != f.DefValue {
			ok = false
		}
		f.Changed = false
	}
	return ok
}

// resettableType reports whether name is one of pflag's value types whose
// Set(DefValue) gives them back their default and nothing else of the past.
func resettableType(name string) bool {
	switch name {
	case "boolValue", "stringValue", "durationValue", "countValue",
		"intValue", "int8Value", "int16Value", "int32Value", "int64Value",
		"uintValue", "uint8Value", "uint16Value", "uint32Value", "uint64Value",
		"float32Value", "float64Value":
		return true
	}
	return false
}

// resettable reports whether v is one of pflag's resettable values.
func resettable(v pflag.Value) bool {
	t := reflect.TypeOf(v)
	if t == nil || t.Kind() != reflect.Pointer {
		return false
	}
	t = t.Elem()
	return t.PkgPath() == reflect.TypeFor[pflag.FlagSet]().PkgPath() && resettableType(t.Name())
}
