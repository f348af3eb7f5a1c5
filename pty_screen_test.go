package main

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// screen is a small model of what a terminal of a fixed width shows: enough
// of xterm (text, CR, LF, BS, tabs, cursor moves, erases, deferred wrap) to
// replay what readline writes, so that a test can check the lines a user
// sees instead of the escape sequences that drew them. Rows are never
// dropped: rows above the visible part are the scroll-back, and a row's
// index never changes, so a test can say "a line below this one".
type screen struct {
	width, height int
	rows          [][]rune
	row, col      int
	wrapNext      bool   // the last column was written: the next rune wraps
	pending       []byte // an incomplete escape sequence or rune
}

func newScreen(width, height int) *screen {
	return &screen{width: width, height: height, rows: [][]rune{nil}}
}

// top is the index of the first visible row.
func (s *screen) top() int { return max(0, len(s.rows)-s.height) }

// Write replays terminal output.
func (s *screen) Write(p []byte) (int, error) {
	b := append(s.pending, p...)
	s.pending = nil
	for len(b) > 0 {
		c := b[0]
		switch {
		case c == 0x1b:
			n := escapeLen(b)
			if n == 0 { // incomplete: wait for the rest
				s.pending = append([]byte(nil), b...)
				return len(p), nil
			}
			s.escape(b[:n])
			b = b[n:]
			continue
		case c == '\r':
			s.col, s.wrapNext = 0, false
		case c == '\n':
			s.lineFeed()
		case c == '\b':
			if s.wrapNext {
				s.wrapNext = false
			} else if s.col > 0 {
				s.col--
			}
		case c == '\t':
			s.col = min(s.width-1, (s.col/8+1)*8)
		case c < 0x20 || c == 0x7f: // bell and other controls draw nothing
		default:
			if !utf8.FullRune(b) {
				s.pending = append([]byte(nil), b...)
				return len(p), nil
			}
			r, n := utf8.DecodeRune(b)
			s.put(r)
			b = b[n:]
			continue
		}
		b = b[1:]
	}
	return len(p), nil
}

func (s *screen) lineFeed() {
	s.wrapNext = false
	s.row++
	for s.row >= len(s.rows) {
		s.rows = append(s.rows, nil)
	}
}

func (s *screen) put(r rune) {
	if s.wrapNext {
		s.col, s.wrapNext = 0, false
		s.lineFeed()
	}
	line := s.rows[s.row]
	for len(line) <= s.col {
		line = append(line, ' ')
	}
	line[s.col] = r
	s.rows[s.row] = line
	if s.col == s.width-1 {
		s.wrapNext = true
	} else {
		s.col++
	}
}

// escapeLen returns the length of the escape sequence at the start of b, or
// 0 if it is not complete yet.
func escapeLen(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '[': // CSI: parameters, then a final byte in 0x40..0x7e
		for i := 2; i < len(b); i++ {
			if b[i] >= 0x40 && b[i] <= 0x7e {
				return i + 1
			}
		}
		return 0
	case ']': // OSC: up to BEL or ST
		for i := 2; i < len(b); i++ {
			if b[i] == 0x07 {
				return i + 1
			}
			if b[i] == 0x1b && i+1 < len(b) && b[i+1] == '\\' {
				return i + 2
			}
		}
		return 0
	case '(', ')', '*', '+', '#': // charset selection: one more byte
		if len(b) < 3 {
			return 0
		}
		return 3
	default:
		return 2
	}
}

func (s *screen) escape(seq []byte) {
	if seq[1] != '[' {
		return
	}
	final := seq[len(seq)-1]
	params := string(seq[2 : len(seq)-1])
	if strings.HasPrefix(params, "?") { // private modes: nothing to draw
		return
	}
	var nums []int
	for _, f := range strings.Split(params, ";") {
		n, _ := strconv.Atoi(f)
		nums = append(nums, n)
	}
	arg := func(i, def int) int {
		if i < len(nums) && nums[i] > 0 {
			return nums[i]
		}
		return def
	}
	s.wrapNext = false
	switch final {
	case 'A':
		s.row = max(s.top(), s.row-arg(0, 1))
	case 'B':
		s.row = min(len(s.rows)-1, s.row+arg(0, 1))
	case 'C':
		s.col = min(s.width-1, s.col+arg(0, 1))
	case 'D':
		s.col = max(0, s.col-arg(0, 1))
	case 'G':
		s.col = min(s.width-1, arg(0, 1)-1)
	case 'H', 'f':
		s.row = s.top() + arg(0, 1) - 1
		for s.row >= len(s.rows) {
			s.rows = append(s.rows, nil)
		}
		s.col = min(s.width-1, arg(1, 1)-1)
	case 'K':
		line := s.rows[s.row]
		switch arg(0, 0) {
		case 0:
			if s.col < len(line) {
				s.rows[s.row] = line[:s.col]
			}
		case 1:
			for i := 0; i <= s.col && i < len(line); i++ {
				line[i] = ' '
			}
		case 2:
			s.rows[s.row] = nil
		}
	case 'J':
		switch arg(0, 0) {
		case 0:
			if line := s.rows[s.row]; s.col < len(line) {
				s.rows[s.row] = line[:s.col]
			}
			for i := s.row + 1; i < len(s.rows); i++ {
				s.rows[i] = nil
			}
		case 2, 3:
			for i := s.top(); i < len(s.rows); i++ {
				s.rows[i] = nil
			}
		}
	}
}

// line returns row i as the user sees it, without trailing blanks.
func (s *screen) line(i int) string {
	if i < 0 || i >= len(s.rows) {
		return ""
	}
	return strings.TrimRight(string(s.rows[i]), " ")
}

// String returns every row, scroll-back included, one per line, with the
// cursor's row marked, for failure messages.
func (s *screen) String() string {
	var sb strings.Builder
	for i := range s.rows {
		mark := "  "
		if i == s.row {
			mark = "> "
		}
		sb.WriteString(mark + s.line(i) + "\n")
	}
	return sb.String()
}
