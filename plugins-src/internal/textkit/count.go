package textkit

import (
	"bytes"
	"context"
	"io"
	"unicode"
	"unicode/utf8"
)

// Counts are the numbers that wc prints.
type Counts struct {
	Lines int64 // newline characters
	Words int64 // runs of characters that are not white space
	Chars int64 // UTF-8 characters; each invalid byte counts as one
	Bytes int64
}

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	c.Lines += o.Lines
	c.Words += o.Words
	c.Chars += o.Chars
	c.Bytes += o.Bytes
}

// Count counts what it reads from r until EOF. It stops with ctx.Err() when
// ctx is cancelled, which it checks between reads, and returns the counts so
// far with any error.
func Count(ctx context.Context, r io.Reader) (Counts, error) {
	var c Counts
	buf := make([]byte, 32*1024)
	inWord := false
	kept := 0 // bytes of a character cut by the previous read, at buf[0:kept]
	for {
		if err := ctx.Err(); err != nil {
			return c, err
		}
		n, err := r.Read(buf[kept:])
		c.Bytes += int64(n)
		c.Lines += int64(bytes.Count(buf[kept:kept+n], []byte{'\n'}))
		data := buf[:kept+n]
		i := 0
		for i < len(data) {
			r, size := rune(data[i]), 1
			if r >= utf8.RuneSelf {
				if !utf8.FullRune(data[i:]) && err == nil {
					break // the rest of it comes with the next read
				}
				r, size = utf8.DecodeRune(data[i:])
			}
			space := unicode.IsSpace(r)
			if !space && !inWord {
				c.Words++
			}
			inWord = !space
			c.Chars++
			i += size
		}
		kept = copy(buf, data[i:])
		if err == io.EOF {
			return c, nil
		}
		if err != nil {
			return c, err
		}
	}
}
