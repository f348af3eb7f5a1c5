package syntax

import (
	"errors"
	"fmt"
	"strings"
)

// What the scanner is reading the input for.
const (
	modeSimple = iota // Parse: one simple command; operators are errors
	modeLine          // ParseLine: the structure of a whole line, unexpanded
	modeExpand        // Cmd.Expand: one command of a line, expanded
)

// errRawValue asks Expand to scan again, keeping the scanner's own words:
// a value is not UTF-8, which go-shellwords cannot return (see split).
var errRawValue = errors.New("value not UTF-8")

// cmdState is the command being read.
type cmdState struct {
	tokens  bool // a word or redirection was read
	named   bool // a word that is no assignment was read
	expands bool // a $ expansion, or a ~ for the home directory, was read
	at      pos  // position of the first token
	start   int  // byte offset of the first token
	assigns []int
	redirs  []pendingRedir
	target  *pendingRedir // a redirection waiting for its file name
	// nameStart and nameEnd are the byte offsets of the command name's
	// word as typed (nameEnd 0: none yet).
	nameStart, nameEnd int
}

// pendingRedir is a redirection whose file name is the canonical word
// number word (-1 for a RedirDup).
type pendingRedir struct {
	r    Redirect
	op   string
	word int
}

// scan reads the whole input: blanks, comments, words and, outside
// modeSimple, operators.
func (p *parser) scan() error {
	var newline *pos // modeSimple: the first unquoted newline after a word
	for !p.eof() {
		switch c := p.src[p.i]; {
		case c == ' ' || c == '\t':
			p.skip(1)
		case c == '\n':
			switch {
			case p.mode == modeSimple:
				if p.cmd.tokens && newline == nil {
					at := p.pos()
					newline = &at
				}
			case p.cmd.target != nil:
				return p.missingFile()
			case p.cmd.tokens:
				if err := p.endCmd(); err != nil {
					return err
				}
				p.endPipeline(Seq)
			}
			p.move('\n', 1)
		case c == '\\' && p.i+1 < len(p.src) && p.src[p.i+1] == '\n':
			// A line continuation between words is nothing at all, so a
			// '#' after it still starts a comment.
			p.skip(1)
			p.move('\n', 1)
		case c == '#':
			if p.cmd.target != nil {
				return p.missingFile()
			}
			if err := p.comment(); err != nil {
				return err
			}
		default:
			if newline != nil {
				return p.errAt(*newline, "command list (newline) in a simple command")
			}
			var err error
			if n := fdPrefix(p.src[p.i:]); n > 0 && p.mode != modeSimple {
				err = p.redirect(n)
			} else if isOperator(c) {
				err = p.operator()
			} else {
				err = p.token()
			}
			if err != nil {
				return err
			}
		}
	}
	return p.finish()
}

// finish ends the input.
func (p *parser) finish() error {
	if p.mode == modeSimple {
		return nil
	}
	if p.cmd.target != nil {
		return p.missingFile()
	}
	if p.pendingOp != "" {
		return p.incomplete(p.pendingAt, fmt.Sprintf("missing command after '%s'", p.pendingOp))
	}
	if p.cmd.tokens {
		return p.endCmd()
	}
	return nil
}

func (p *parser) missingFile() error {
	t := p.cmd.target
	return p.errAt(pos{t.r.Line, t.r.Col}, fmt.Sprintf("missing file name after '%s'", t.op))
}

// startToken notes that a token of the current command starts here.
func (p *parser) startToken() {
	if !p.cmd.tokens {
		p.cmd.tokens = true
		p.cmd.at = p.pos()
		p.cmd.start = p.i
		p.pendingOp = ""
	}
}

// token reads a word: an argument, an assignment or a redirection's file.
func (p *parser) token() error {
	at := p.pos()
	start := p.i
	p.startToken()
	assign := p.mode != modeSimple && p.cmd.target == nil && !p.cmd.named && isAssignment(p.src[p.i:])
	idx := p.nwords
	if err := p.word(); err != nil {
		return err
	}
	p.end = p.i
	switch t := p.cmd.target; {
	case t != nil:
		if p.nwords == idx && p.mode == modeExpand {
			return p.errAt(at, fmt.Sprintf("file name after '%s' expands to nothing", t.op))
		}
		t.word = idx
		p.cmd.redirs = append(p.cmd.redirs, *t)
		p.cmd.target = nil
	case assign:
		p.cmd.assigns = append(p.cmd.assigns, idx)
	default:
		if !p.cmd.named {
			p.cmd.nameStart, p.cmd.nameEnd = start, p.i
		}
		p.cmd.named = true
	}
	return nil
}

// isAssignment reports whether s starts with NAME=, unquoted.
func isAssignment(s string) bool {
	if s == "" || !isNameStart(s[0]) {
		return false
	}
	n := 1
	for n < len(s) && isNameChar(s[n]) {
		n++
	}
	return n < len(s) && s[n] == '='
}

// fdPrefix returns the length of the file descriptor number at the start of
// s, digits directly followed by < or >, or 0.
func fdPrefix(s string) int {
	n := 0
	for n < len(s) && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	if n > 0 && n < len(s) && (s[n] == '<' || s[n] == '>') {
		return n
	}
	return 0
}

// operator reads the operator at p.i.
func (p *parser) operator() error {
	at := p.pos()
	o := findOperator(p.src[p.i:])
	if !o.supported {
		return p.errAt(at, fmt.Sprintf("%s ('%s') are not supported yet", o.what, o.op))
	}
	if o.op[0] == '<' || o.op[0] == '>' {
		return p.redirect(0)
	}
	if p.mode == modeSimple {
		return p.errAt(at, fmt.Sprintf("operator '%s' in a simple command", o.op))
	}
	if p.cmd.target != nil {
		return p.missingFile()
	}
	if !p.cmd.tokens {
		if p.pendingOp != "" {
			return p.errAt(p.pendingAt, fmt.Sprintf("missing command after '%s'", p.pendingOp))
		}
		return p.errAt(at, fmt.Sprintf("missing command before '%s'", o.op))
	}
	p.skip(len(o.op))
	if err := p.endCmd(); err != nil {
		return err
	}
	switch o.op {
	case "|":
		p.pendingOp, p.pendingAt = "|", at
	case "&&":
		p.endPipeline(And)
		p.pendingOp, p.pendingAt = "&&", at
	case "||":
		p.endPipeline(Or)
		p.pendingOp, p.pendingAt = "||", at
	case ";":
		p.endPipeline(Seq)
	}
	return nil
}

// redirect reads a redirection operator, after a file descriptor number
// of n digits if n > 0.
func (p *parser) redirect(n int) error {
	fdAt := p.pos()
	fd := -1
	if n > 0 {
		if n > 1 || p.src[p.i] > '2' {
			return p.errAt(fdAt, fmt.Sprintf("file descriptor %s is not supported (only 0, 1 and 2)", p.src[p.i:p.i+n]))
		}
		fd = int(p.src[p.i] - '0')
	}
	at := pos{fdAt.line, fdAt.col + n}
	o := findOperator(p.src[p.i+n:])
	if !o.supported {
		return p.errAt(at, fmt.Sprintf("%s ('%s') are not supported yet", o.what, o.op))
	}
	if p.mode == modeSimple {
		return p.errAt(at, fmt.Sprintf("operator '%s' in a simple command", o.op))
	}
	if p.cmd.target != nil {
		return p.missingFile()
	}
	p.startToken()
	p.skip(n + len(o.op))
	r := pendingRedir{op: o.op, word: -1, r: Redirect{Fd: fd, Line: at.line, Col: at.col}}
	switch o.op {
	case "<":
		r.r.Op = RedirIn
		if fd < 0 {
			r.r.Fd = 0
		}
	case ">", ">>":
		r.r.Op = RedirOut
		if o.op == ">>" {
			r.r.Op = RedirAppend
		}
		if fd < 0 {
			r.r.Fd = 1
		}
	case ">&":
		if fd < 0 {
			fd = 1
		}
		rest := p.src[p.i:]
		if rest == "" || rest[0] < '0' || rest[0] > '2' || len(rest) > 1 && !endsToken(rest[1]) {
			return p.errAt(p.pos(), "'>&' must be followed by 0, 1 or 2")
		}
		r.r.Op, r.r.Fd, r.r.ToFd = RedirDup, fd, int(rest[0]-'0')
		p.skip(1)
		p.end = p.i
		p.cmd.redirs = append(p.cmd.redirs, r)
		return nil
	}
	p.end = p.i
	p.cmd.target = &r
	return nil
}

// endsToken reports whether b cannot continue a token.
func endsToken(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || isOperator(b)
}

// endCmd ends the current command, which has tokens: in modeLine it joins
// the current pipeline, in modeExpand its words are split.
func (p *parser) endCmd() error {
	defer p.resetCmd()
	switch p.mode {
	case modeLine:
		var c *Cmd
		if p.list == nil {
			// The line's first command: the list, its first pipeline
			// and that command in one allocation, as a line is most
			// often one command.
			first := &firstCmd{}
			first.list.Pipelines = first.pipes[:0:1]
			first.pipe.Cmds = first.cmds[:0:1]
			p.list, p.pipe, c = &first.list, &first.pipe, &first.cmd
			p.pipe.Op = p.nextOp
			p.list.Pipelines = append(p.list.Pipelines, p.pipe)
		} else {
			c = &Cmd{}
			if p.pipe == nil {
				p.pipe = &Pipeline{Op: p.nextOp}
				p.list.Pipelines = append(p.list.Pipelines, p.pipe)
			}
		}
		*c = Cmd{Line: p.cmd.at.line, Col: p.cmd.at.col, src: p.src[:p.end], start: p.cmd.start,
			nameStart: p.cmd.nameStart, nameEnd: p.cmd.nameEnd}
		if !p.cmd.expands {
			c.kept = fixedWords{canon: p.canon.String(), nwords: p.nwords, nbytes: p.nbytes,
				assigns: p.cmd.assigns, redirs: p.cmd.redirs}
			c.fixed = true
		}
		p.pipe.Cmds = append(p.pipe.Cmds, c)
	case modeExpand:
		var words []string
		switch {
		case p.nwords == 0:
		case p.rawValue && !p.keep:
			return errRawValue
		case p.rawValue:
			words = p.words()
		default:
			var err error
			if words, err = p.split(); err != nil {
				return err
			}
		}
		p.simple = newSimple(words, p.cmd.assigns, p.cmd.redirs)
	}
	return nil
}

// firstCmd is a line's list with its first pipeline and command.
type firstCmd struct {
	list  List
	pipe  Pipeline
	cmd   Cmd
	pipes [1]*Pipeline
	cmds  [1]*Cmd
}

// newSimple divides a command's words into assignments (the words numbered
// in assigns), redirections (with their file's word) and the rest.
func newSimple(words []string, assigns []int, redirs []pendingRedir) *Simple {
	s := &Simple{}
	var taken []bool
	if len(assigns)+len(redirs) > 0 {
		taken = make([]bool, len(words))
	}
	for _, k := range assigns {
		name, value, _ := strings.Cut(words[k], "=")
		s.Assigns = append(s.Assigns, Assign{Name: name, Value: value})
		taken[k] = true
	}
	for _, r := range redirs {
		if r.word >= 0 {
			r.r.File = words[r.word]
			taken[r.word] = true
		}
		s.Redirs = append(s.Redirs, r.r)
	}
	if taken == nil {
		s.Words = words
		return s
	}
	for k, w := range words {
		if !taken[k] {
			s.Words = append(s.Words, w)
		}
	}
	return s
}

// resetCmd starts a new command.
func (p *parser) resetCmd() {
	p.cmd = cmdState{}
	p.canon.Reset()
	p.nwords, p.nbytes, p.open, p.rawValue = 0, 0, false, false
	p.buf, p.ends = p.buf[:0], nil
}

// endPipeline ends the current pipeline; the next one follows with op.
func (p *parser) endPipeline(op Op) {
	p.pipe = nil
	p.nextOp = op
}

type operatorInfo struct {
	op, what  string
	supported bool
}

// operators are the unquoted characters and character pairs that sh gives a
// meaning, longest first within each leading character, with what the
// message calls them when gosh does not implement them yet.
var operators = []operatorInfo{
	{"||", "command lists", true},
	{"|&", "pipelines", false},
	{"|", "pipelines", true},
	{"&&", "command lists", true},
	{"&>", "redirections", false},
	{"&", "background jobs", false},
	{";;", "command lists", false},
	{";", "command lists", true},
	{"<<<", "redirections", false},
	{"<<", "redirections", false},
	{"<&", "redirections", false},
	{"<>", "redirections", false},
	{"<", "redirections", true},
	{">>", "redirections", true},
	{">&", "redirections", true},
	{">|", "redirections", false},
	{">", "redirections", true},
	{"(", "subshells", false},
	{")", "subshells", false},
}

// isOperator reports whether b starts an operator.
func isOperator(b byte) bool {
	switch b {
	case '|', '&', ';', '<', '>', '(', ')':
		return true
	}
	return false
}

// findOperator returns the operator at the start of s, which starts with a
// byte for which isOperator is true.
func findOperator(s string) operatorInfo {
	for _, o := range operators {
		if strings.HasPrefix(s, o.op) {
			return o
		}
	}
	return operatorInfo{op: s[:1], what: "operators"} // not reached
}
