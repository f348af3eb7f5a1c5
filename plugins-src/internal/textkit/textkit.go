// Package textkit holds the small text functions that the text and count
// plugins share.
//
// It is also the tutorial's example of a package shared by two plugins: its
// init prints "textkit: init" when the first of them is loaded, and not again
// for the second, because the Go runtime initializes a package only once per
// process. Both plugins must then be built from the same version of it.
package textkit

import "fmt"

func init() { fmt.Println("textkit: init") }
