// Package syntax turns a line typed at the gosh prompt into what runs: a
// list of pipelines of simple commands, each with its words, its
// NAME=value assignments and its redirections ([ParseLine], [Cmd.Expand]),
// or the words of one simple command ([Parse]).
//
// It owns the line language: quoting, variable expansion, comments, and the
// errors, with their columns, for what it does not accept. It runs nothing
// and reads nothing but the variables it is given.
//
// # Who does what
//
// go-shellwords splits the words; gosh scans, validates and expands around
// it. Parse first scans the line itself: it checks every character, finds
// the errors below and their columns, skips comments, joins continued lines
// and expands variables, by the rules of this package. It writes the words
// it means as a canonical line: each word one single-quoted string (a ' in
// it closes the quote, is escaped, and the quote opens again), one space
// between words. With USER=ada and NOPE unset, the line
//
//	greet --shout "it's $USER" $NOPE ""
//
// is written
//
//	'greet' '--shout' 'it'\''s ada' ''
//
// and go-shellwords, with ParseEnv, ParseBacktick and ParseComment off,
// splits that into the words Parse returns.
//
// go-shellwords sees the line as typed only when it is a plain line (see
// plainline.go): one command of printable ASCII words and quoted strings
// without $, backslashes, operators, comments, ~ or an assignment, on which
// its rules and gosh's give the same words byte for byte; [ParsePlain] then
// makes its command without the scan, and FuzzParse checks that the two
// ways agree. Other lines
// are not given to it as typed because its own rules are not these: with ParseEnv it splits values into words and knows neither $? nor a
// bad ${, without it the quoting of a $ is lost before gosh could expand it,
// its escapes are not sh's (\t is a tab, "\a" is "a"), it takes CR for a
// blank, accepts control characters, and has one error message for every
// problem, without a column. TestShellwordsTraps, in the tests, pins that
// list against the version in go.mod. Inside single quotes it keeps every
// character as it is, which is what the canonical line relies on.
//
// Two cases are not left to go-shellwords. It decodes its input as UTF-8 and
// turns each byte that is not UTF-8 into U+FFFD, so a line in which a
// variable's value is not valid UTF-8 gets the scanner's own words, bytes
// unchanged. And if it ever splits the canonical line into other words than
// the scanner meant (a different number of words or of bytes, or an error),
// that is a bug of gosh: Parse returns an [*Error] at 1:1 whose message
// starts with "internal error" rather than wrong words.
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
// # Lines: lists, pipelines, redirections, assignments
//
// [ParseLine] reads the operators around the words; [Cmd.Expand] then reads
// one command's words, expanding them with the variables of the moment the
// command runs (so that in "false; echo $?" the echo sees 1), and has
// go-shellwords split them, exactly as Parse does. The whole line is checked
// before anything runs.
//
//   - A list is pipelines separated by ; or an unquoted newline (run the
//     next one anyway), && (run it if the status is 0) or || (if it is
//     not), left to right with equal precedence, as in sh. A final ; is
//     allowed; a ; with no command before it is an error.
//   - A pipeline is commands separated by |.
//   - After |, && or || newlines and comments may come before the command;
//     at the end of the input the line is Incomplete ("missing command
//     after '|'"), so that the REPL can read on.
//   - Redirections: < FILE, > FILE, >> FILE, each with an optional file
//     descriptor 0, 1 or 2 written right before it (2> FILE), and N>&M
//     (2>&1) with M one of 0, 1, 2 right after the &. The file name is the
//     next word, expanded like any other; one that expands to nothing (an
//     unset $f) is an error of Expand. A word of digits only counts as a
//     descriptor when the operator follows it directly: echo 2 >f passes 2.
//   - NAME=value words before the command name, unquoted up to the =, are
//     assignments; after the name, or quoted ('A'=1), they are arguments.
//   - A command may be only assignments or only redirections.
//
// An operator character ends a word: a|b is three tokens. Quote or escape
// one to pass it as an argument: '|' or \|.
//
// # What is refused
//
// Parse and ParseLine return an [*Error] at the column of the first
// problem:
//
//   - Unquoted operators of the sh language that gosh does not implement
//     yet: |& & ;; << <<< <& <> >| &> and the subshell parentheses ( ).
//     The message names the operator: "1:9: background jobs ('&') are not
//     supported yet". The column is the operator's, even after a file
//     descriptor: in echo 2>|f it is the column of >.
//   - A missing command ("1:6: missing command after '|'", "missing
//     command before ';'") or file name ("missing file name after '>'"),
//     a file descriptor other than 0, 1 or 2.
//   - In Parse, which reads one simple command, every operator, supported
//     or not, and a newline between two commands: "1:9: operator '|' in a
//     simple command".
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
//     before and after the commands; between two commands a newline is a ;
//     (an error in Parse).
//
// Error columns count runes within their line, from 1, and [*Error.Line]
// says which line, from 1. An error's column is at most one past the last
// rune of its line.
package syntax
