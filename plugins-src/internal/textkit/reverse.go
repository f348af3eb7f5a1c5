package textkit

import (
	"unicode"
	"unicode/utf8"
)

// Reverse returns s with its characters in reverse order. A combining mark
// stays after the letter it belongs to, so "cafe\u0301" becomes "e\u0301fac",
// and bytes that are not UTF-8 are moved one by one, unchanged.
func Reverse(s string) string {
	b := make([]byte, len(s))
	end := len(b)
	for i := 0; i < len(s); {
		n := clusterLen(s[i:])
		end -= n
		copy(b[end:], s[i:i+n])
		i += n
	}
	return string(b)
}

// clusterLen is the length in bytes of the character at the start of s with
// the combining marks that follow it.
func clusterLen(s string) int {
	_, n := utf8.DecodeRuneInString(s)
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if !unicode.Is(unicode.M, r) {
			break
		}
		n += size
	}
	return n
}
