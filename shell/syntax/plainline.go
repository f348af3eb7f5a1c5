package syntax

import "strings"

// Most lines, and a script's lines as a rule, are one command whose words
// are plain: letters, digits, flags, paths, and quoted strings without $ or
// backslashes in them. On such a line go-shellwords's rules and gosh's
// agree byte for byte, so go-shellwords can split the line as typed (at
// Expand, as for every command without expansions) instead of the scanner
// reading it and writing a canonical line first. ParsePlain decides, in one
// pass over the bytes, whether a line is one of them, and makes its
// command; any other line takes ParseLine, whose scanner also finds every
// error.
//
// A plain line has, outside quotes, only blanks (space and tab) and
// printable ASCII other than ' " \ $ ` | & ; < > ( ) # ~, and no = in its
// first word (which could make it an assignment); inside single quotes,
// printable ASCII and tabs; inside double quotes, the same without \ $ `.
// Every quote is closed. That leaves out operators, comments, tildes,
// escapes, expansions, continued lines, assignments, control characters
// and bytes beyond ASCII: everything the scanner gives a meaning to, or
// reports, and everything go-shellwords reads by other rules. FuzzParse
// checks that the two ways agree on every line ParsePlain takes.

// plainOutside is the bytes of a plain line outside quotes (plainSingle and
// plainDouble are those inside).
var plainOutside = plainBytes(" \t\n'\"\\$`|&;<>()#~")

// ParsePlain makes c the one command of line, and reports true, when line
// is a plain line (see above): what [ParseLine] would return is then one
// pipeline of this one command, which has no expansions, so that the
// caller needs neither the list nor any allocation for it. For any other
// line it leaves c alone and reports false: ParseLine reads it.
func ParsePlain(line string, c *Cmd) bool {
	start, end, nameEnd := -1, 0, 0
	nwords, nbytes := 0, 0
	inWord := false
	for i := 0; i < len(line); {
		c := line[i]
		if c == ' ' || c == '\t' {
			if inWord && nwords == 1 {
				nameEnd = i
			}
			inWord = false
			i++
			continue
		}
		if !inWord {
			inWord = true
			nwords++
			if start < 0 {
				start = i
			}
		}
		switch {
		case plainOutside[c]:
			nbytes++
			i++
		case c == '\'' || c == '"':
			table := plainSingle
			if c == '"' {
				table = plainDouble
			}
			j := i + 1
			for j < len(line) && table[line[j]] {
				j++
			}
			if j == len(line) || line[j] != c {
				return false // not closed, or a byte inside that is not plain
			}
			nbytes += j - i - 1
			i = j + 1
		default:
			return false
		}
		end = i
	}
	if nwords == 0 {
		return false
	}
	if inWord && nwords == 1 {
		nameEnd = end
	}
	if strings.IndexByte(line[start:nameEnd], '=') >= 0 {
		return false // NAME=value would be an assignment
	}
	*c = Cmd{Line: 1, Col: start + 1, src: line[:end], start: start,
		nameStart: start, nameEnd: nameEnd}
	c.kept = fixedWords{canon: line[start:end], nwords: nwords, nbytes: nbytes}
	c.fixed = true
	return true
}
