package inspect

import "fmt"

// Kind classifies why a file is not a loadable plugin.
type Kind int

// The kinds of refusal. Each has a Fix in the error message.
const (
	NotFound        Kind = iota + 1 // no file, or a broken symbolic link
	NotRegular                      // a directory, device or other non-file
	NotELF                          // empty, text, garbage: not an ELF file at all
	Truncated                       // an ELF file whose parts run past its end
	WrongPlatform                   // an ELF file for another OS, architecture or word size
	NotSharedObject                 // an executable or object file, not a shared library
	NotGoPlugin                     // a C library, a Go c-shared library, a Go executable
	Incompatible                    // a Go plugin that this gosh cannot load (toolchain, settings, modules)
	Damaged                         // an ELF file whose headers or tables make no sense, though all there
)

var kindNames = map[Kind]string{
	NotFound:        "not found",
	NotRegular:      "not a regular file",
	NotELF:          "not an ELF file",
	Truncated:       "truncated file",
	WrongPlatform:   "wrong platform",
	NotSharedObject: "not a shared library",
	NotGoPlugin:     "not a Go plugin",
	Incompatible:    "incompatible Go plugin",
	Damaged:         "damaged ELF file",
}

func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// FileError is the error Read returns for a file that cannot be a plugin
// for this gosh, and Check for a plugin that cannot be loaded.
type FileError struct {
	Path   string
	Kind   Kind
	Reason string // what was found, lower case
	Fix    string // what to do about it; may be empty
}

func (e *FileError) Error() string { return e.Path + ": " + e.Detail() }

// Detail is the error without the path: "KIND: REASON (fix: FIX)".
func (e *FileError) Detail() string {
	msg := e.Kind.String() + ": " + e.Reason
	if e.Fix != "" {
		msg += " (fix: " + e.Fix + ")"
	}
	return msg
}
