// Package inspect reads a file that claims to be a Go plugin and says, without
// loading it, what it is and whether this gosh can load it safely.
//
// Several kinds of file kill a process that hands them to plugin.Open (a C
// library, a Go c-shared library, a plugin of another Go toolchain, a
// truncated file), so everything here works on the file's bytes alone: the ELF
// headers, the Go build information, the symbol table and the dynamic
// relocations. Nothing is executed and no input makes it panic: it is fuzzed.
// The ELF file is read by internal/elffile, not debug/elf: every package in
// gosh's binary slows each plugin.Open, and debug/elf brings debug/dwarf and
// three decompressors.
//
// [Read] parses a file into a [Report]; [Report.Check] compares the report with
// a [Host], the build of the running gosh, and returns every [Problem] that
// would make the load fail or crash.
package inspect
