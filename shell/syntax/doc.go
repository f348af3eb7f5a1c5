// Package syntax turns a line typed at the gosh prompt into the words of a
// simple command: a command name and its arguments.
//
// It owns the line language: quoting, variable expansion, comments, and the
// errors, with their columns, for what it does not accept. It runs nothing
// and reads nothing but the variables it is given.
//
// # Words and quoting
//
//   - Words are separated by unquoted blanks: spaces and tabs.
//   - A backslash outside quotes makes the next character literal, whatever
//     it is: \" \' \$ \# \| and "\ " are one character each, and \t is "t".
//   - Single quotes make everything up to the next single quote literal:
//     backslashes and $ included. A single quote cannot occur inside them:
//     write it\'s or "it's".
//   - Double quotes make everything literal except $ expansions and a
//     backslash before one of " \ $ ` (which makes that character literal);
//     before any other character the backslash stays: "a\tb" is 4 characters.
//   - Quoted and unquoted parts next to each other make one word:
//     a'b c'"$x" is one word.
//
// # Expansion
//
//   - $NAME and ${NAME} expand to the value of the variable NAME, and to
//     nothing if it is unset. A NAME is ASCII letters, digits and _, not
//     starting with a digit; $NAME takes the longest such run ($ab_1x is the
//     variable ab_1x), ${NAME} ends it explicitly.
//   - $? and ${?} expand to the exit status of the last command, which the
//     shell keeps as the variable "?".
//   - A value is never split into words nor otherwise re-read: if x is "a b",
//     $x is one word "a b" (as in zsh, unlike sh), and a value holding quotes,
//     $ or * stays as it is.
//   - A word made only of unquoted expansions that are all empty is dropped,
//     as in sh; a quoted empty expansion, or empty quotes, is an empty word.
//     With x unset, the line echo $x has one word, echo a$x two (echo, a),
//     and echo "$x" and echo "" two (echo and an empty word).
//   - $ followed by anything else is a literal $: a final $, $1, $$, $-, $é,
//     $'...' (the $ stays, then the quoted string).
//   - ${ without a closing } is an error, and so is ${} or a ${...} whose
//     content is not a NAME or ?, such as ${a b} or ${a-b}.
//
// There is no tilde expansion, globbing or brace expansion yet: ~ * ? [ ] { }
// are literal characters.
//
// # Comments
//
// An unquoted # that begins a word, at the start of the line or after a blank,
// starts a comment up to the end of the line. Inside a word (a#b, $#) or in
// quotes it is a literal #. A line that is blank or only a comment has no
// words.
//
// # What is refused
//
// Parse returns an [*Error] at the column of the first problem:
//
//   - Unquoted operators of the sh language, which gosh does not implement yet
//     (a later version adds pipelines, lists and redirections): | ||  |& & &&
//     ; ;; < > >> << <<< <& >& &> >| <> and the subshell parentheses ( ).
//     The message names the operator: "1:7: pipelines ('|') are not supported
//     yet". Quote or escape them to pass them as arguments: '|' or \|. A
//     digit before > is a word of its own: in "echo 2>f" the error is at >.
//   - Command substitution, ` or $(, quoted or not: gosh never runs a command
//     found inside a line. It is an error rather than a literal so that a line
//     written for sh does not silently mean something else.
//   - Invalid UTF-8 ("invalid UTF-8 in input", at the first bad byte) and
//     control characters other than tab and newline ("control character
//     U+001B is not allowed"), anywhere in the line, comments and quotes
//     included. Values of variables are not checked.
//
// # Incomplete lines and newlines
//
// An unterminated single or double quote (the error is at the opening quote)
// or a backslash at the end of the input is an error with Incomplete set:
// more input could complete it. The REPL then shows a continuation prompt,
// appends a newline and the next line to the input, and parses it again. For
// that, the input may hold newlines:
//
//   - A newline inside quotes is a literal newline.
//   - A backslash-newline outside single quotes is removed, joining the lines.
//   - An unquoted newline ends a comment. Blank and comment lines may come
//     before and after the command, but a newline between two commands is an
//     error, like ;.
//
// Error columns count runes within their line, from 1, and [*Error.Line]
// says which line, from 1. An error's column is at most one past the last
// rune of its line.
package syntax
