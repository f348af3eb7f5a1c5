package repl

import (
	"errors"
	"io"

	"github.com/chzyer/readline"
	"github.com/gosh-shell/gosh/shell/syntax"
)

// ContinuationPrompt is shown while a line goes on: after an open quote, a
// trailing backslash, or a final |, && or ||.
const ContinuationPrompt = "> "

// readLine reads a line at the prompt, and more lines at the continuation
// prompt while the input so far is incomplete. Ctrl-C at the continuation
// prompt abandons the whole input (readline.ErrInterrupt); Ctrl-D there
// returns the input as it is, for the shell to report what is missing.
func readLine(rl *readline.Instance) (string, error) {
	line, err := rl.Readline()
	if err != nil {
		return line, err
	}
	prompt := rl.Config.Prompt
	defer rl.SetPrompt(prompt)
	if !Incomplete(line) {
		return line, nil
	}
	// Ctrl-D at the continuation prompt ends the input, not gosh: readline
	// echoes ^D there (as ^C for Ctrl-C), not the "exit" of the prompt.
	main := rl.Config
	cont := *main
	cont.EOFPrompt = "^D"
	rl.SetConfig(&cont)
	defer rl.SetConfig(main)
	for Incomplete(line) {
		rl.SetPrompt(ContinuationPrompt)
		more, err := rl.Readline()
		switch {
		case errors.Is(err, io.EOF):
			return line, nil
		case err != nil:
			return "", err
		}
		line += "\n" + more
	}
	return line, nil
}

// Incomplete reports whether more input could complete line.
func Incomplete(line string) bool {
	_, err := syntax.ParseLine(line)
	return syntax.IsIncomplete(err)
}
