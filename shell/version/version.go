// Package version holds gosh's own version and compares the dotted version
// numbers that plugins declare (MinGoshVersion, Version).
package version

import (
	"fmt"
	"strconv"
	"strings"
)

// Gosh is the version of this gosh. A plugin that declares a higher
// MinGoshVersion is refused.
const Gosh = "0.2.0"

// Valid reports whether v is a version gosh can compare: one to three
// dot-separated decimal numbers, optionally after a "v" (0.2, v1.2.3).
func Valid(v string) bool {
	_, ok := parse(v)
	return ok
}

// Compare returns -1, 0 or 1 as a is lower than, equal to or higher than b.
// Missing parts count as zero (1.2 == 1.2.0); an invalid version is lower
// than every valid one.
func Compare(a, b string) int {
	pa, okA := parse(a)
	pb, okB := parse(b)
	switch {
	case !okA && !okB:
		return strings.Compare(a, b)
	case !okA:
		return -1
	case !okB:
		return 1
	}
	for i := range pa {
		if pa[i] != pb[i] {
			if pa[i] < pb[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// Unmet says why a plugin that needs gosh min cannot run in gosh have, and
// what to do about it; both are "" when it can (an empty min needs nothing).
func Unmet(min, have string) (what, fix string) {
	switch {
	case min == "":
		return "", ""
	case !Valid(min):
		return fmt.Sprintf("its MinGoshVersion %q is not a version like 0.2.0", min), "correct the plugin's MinGoshVersion"
	case Compare(min, have) > 0:
		return fmt.Sprintf("it needs gosh %s or newer, and this is gosh %s", min, have),
			fmt.Sprintf("update gosh, or use a version of the plugin made for gosh %s", have)
	}
	return "", ""
}

func parse(v string) ([3]uint64, bool) {
	var out [3]uint64
	v = strings.TrimPrefix(v, "v")
	parts := strings.Split(v, ".")
	if v == "" || len(parts) > len(out) {
		return out, false
	}
	for i, p := range parts {
		if p == "" || strings.TrimLeft(p, "0123456789") != "" {
			return out, false
		}
		n, err := strconv.ParseUint(p, 10, 32)
		if err != nil {
			return out, false
		}
		out[i] = n
	}
	return out, true
}
