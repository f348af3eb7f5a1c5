// Package minijson writes and reads JSON exactly as encoding/json does, for
// the two places gosh needs JSON: the report of gosh inspect --json, and the
// output of go list -json and go mod edit -json.
//
// It exists so that the gosh binary does not link encoding/json: every
// package linked into a plugin host makes each plugin.Open slower, and
// encoding/json brings encoding/base64, unicode/utf16 and much reflection.
// It has no reflection: a Writer is told the document piece by piece, and a
// parsed Value is decoded into Go values by functions that name each field
// (see Into).
//
// What it does is what encoding/json does, byte for byte and value for
// value, within that small scope; the tests compare the two.
package minijson
