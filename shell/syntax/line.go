package syntax

import "strings"

// A List is a whole line: pipelines joined by ;, newlines, && and ||.
type List struct {
	Pipelines []*Pipeline
}

// Op says how a pipeline follows the one before it.
type Op int

const (
	// Seq runs the pipeline whatever happened before: it is the first
	// one, or follows ; or a newline.
	Seq Op = iota
	// And runs it if the status so far is 0 (after &&).
	And
	// Or runs it if the status so far is not 0 (after ||).
	Or
)

func (o Op) String() string {
	switch o {
	case And:
		return "&&"
	case Or:
		return "||"
	}
	return ";"
}

// A Pipeline is one or more commands joined by |: each one's standard
// output is the next one's standard input.
type Pipeline struct {
	Op   Op
	Cmds []*Cmd
}

// A Cmd is one simple command as typed, not yet expanded: its words are
// known only when [Cmd.Expand] reads them with the variables of the moment
// it runs, so that in "false; echo $?" the echo sees the status of false.
type Cmd struct {
	// Line and Col are the position of the command's first token.
	Line, Col int
	src       string // the input up to the end of the command's last token
	start     int    // byte offset of its first token
	// nameStart and nameEnd are the byte offsets of its command name's
	// word (nameEnd 0: the command has none).
	nameStart, nameEnd int
	// fixed reports that the command has no expansion: its words are the
	// same whenever it runs, and kept holds them, so that Expand splits
	// them without a second scan. (A flag, not a pointer to kept: a Cmd
	// that pointed into itself could never live on its caller's stack.)
	fixed bool
	kept  fixedWords
	// prepared is what Prepare expanded ahead of time, for the next
	// Expand to return.
	prepared *Simple
}

// fixedWords is what the scan of a command without expansions found: its
// canonical line (see split) and how its words divide into assignments,
// redirections' files and the rest.
type fixedWords struct {
	canon          string
	nwords, nbytes int
	assigns        []int
	redirs         []pendingRedir
}

// Name returns the command name's word as typed, unexpanded and with its
// quotes, and its byte offsets in the line given to [ParseLine]; ok is
// false for a command of only assignments and redirections. The word is
// the first that is neither an assignment before it nor a redirection's
// file name: in "X=1 >out ls -l" it is ls. Aliases expand it (package
// interp) when it is a plain name: a quoted or escaped name ('ls', \ls) is
// not, as in sh.
func (c *Cmd) Name() (word string, start, end int, ok bool) {
	if c.nameEnd == 0 {
		return "", 0, 0, false
	}
	return c.src[c.nameStart:c.nameEnd], c.nameStart, c.nameEnd, true
}

// Expands reports whether the command has $ expansions: without them its
// words are known, and Expand needs no lookup.
func (c *Cmd) Expands() bool { return !c.fixed }

// Text returns the command as typed.
func (c *Cmd) Text() string { return c.src[c.start:] }

// A Simple is an expanded simple command: what runs.
type Simple struct {
	// Assigns are the NAME=value words before the command name.
	Assigns []Assign
	// Words are the command name and its arguments; empty for a command
	// that is only assignments or redirections (or whose words expanded
	// to nothing).
	Words []string
	// Redirs are the redirections, in the order typed.
	Redirs []Redirect
}

// An Assign is a NAME=value word before the command name.
type Assign struct {
	Name, Value string
}

// RedirOp is the kind of a redirection.
type RedirOp int

const (
	RedirIn     RedirOp = iota // < FILE
	RedirOut                   // > FILE
	RedirAppend                // >> FILE
	RedirDup                   // N>&M
)

// A Redirect is one redirection of a command.
type Redirect struct {
	// Fd is the file descriptor redirected: 0, 1 or 2 (0 for <, 1 for >
	// and >> unless a number comes before the operator).
	Fd int
	Op RedirOp
	// File is the expanded file name, for RedirIn, RedirOut, RedirAppend.
	File string
	// ToFd is the descriptor Fd becomes a copy of, for RedirDup.
	ToFd int
	// Line and Col are the position of the operator (of the fd number in
	// front of it, if any).
	Line, Col int
}

// String returns the redirection as sh would write it: 2>&1, >>FILE.
func (r Redirect) String() string {
	var b strings.Builder
	switch r.Op {
	case RedirIn:
		if r.Fd != 0 {
			b.WriteByte(byte('0' + r.Fd))
		}
		b.WriteString("<" + r.File)
	case RedirOut, RedirAppend:
		if r.Fd != 1 {
			b.WriteByte(byte('0' + r.Fd))
		}
		if r.Op == RedirAppend {
			b.WriteString(">>" + r.File)
		} else {
			b.WriteString(">" + r.File)
		}
	case RedirDup:
		b.WriteByte(byte('0' + r.Fd))
		b.WriteString(">&")
		b.WriteByte(byte('0' + r.ToFd))
	}
	return b.String()
}

// ParseLine reads a whole line into a list of pipelines of simple
// commands, checking all of it: every error [Parse] finds, and the
// operators' own (a missing command or file name). Nothing is expanded yet:
// call [Cmd.Expand] on each command just before it runs. An empty, blank
// or comment line is an empty list. Every error is an [*Error]; a line
// ending in |, && or || is Incomplete.
//
// A caller that runs lines should try [ParsePlain] first: the most common
// line needs no scan and no list.
func ParseLine(line string) (*List, error) {
	var p parser
	p.reset(line, nil, false)
	p.mode = modeLine
	if err := p.scan(); err != nil {
		return nil, err
	}
	if p.list == nil {
		return &List{}, nil
	}
	return p.list, nil
}

// Expand expands the command's words with lookup (nil: every variable is
// unset) and splits them, as Parse does, into assignments, words and
// redirections. Its only errors are those that depend on the values: a
// redirection whose file name expands to nothing.
func (c *Cmd) Expand(lookup Lookup) (*Simple, error) {
	if s := c.prepared; s != nil {
		c.prepared = nil // the Simple is the caller's now
		return s, nil
	}
	if c.fixed {
		f := &c.kept
		words, err := splitCanon(f.canon, f.nwords, f.nbytes)
		if err != nil {
			return nil, err
		}
		return newSimple(words, f.assigns, f.redirs), nil
	}
	s, err := c.expand(lookup, false)
	if err == errRawValue {
		s, err = c.expand(lookup, true)
	}
	return s, err
}

// Prepare does ahead of time the work of the next Expand of a command
// without expansions (see [Cmd.Expands]), whose words are the same
// whenever it runs: that Expand then returns at once. A reader of a script
// prepares its next lines while the lines before them run. A command with
// expansions is left as it is: its words depend on the variables of the
// moment it runs. So is one whose expansion fails: its Expand reports it.
// A copy of a Cmd made after Prepare shares what was prepared: only one of
// them may Expand it.
func (c *Cmd) Prepare() {
	if !c.fixed || c.prepared != nil {
		return
	}
	if s, err := c.Expand(nil); err == nil {
		c.prepared = s
	}
}

func (c *Cmd) expand(lookup Lookup, keep bool) (*Simple, error) {
	var p parser
	p.reset(c.src, lookup, keep)
	p.mode = modeExpand
	p.i, p.line, p.col = c.start, c.Line, c.Col
	if err := p.scan(); err != nil {
		return nil, err
	}
	if p.simple == nil {
		return &Simple{}, nil // not reached: a Cmd has a token
	}
	return p.simple, nil
}
