module github.com/gosh-shell/gosh

go 1.26.8

require (
	github.com/chzyer/readline v1.5.1
	github.com/creack/pty v1.1.24
	github.com/mattn/go-shellwords v1.0.16
	github.com/rogpeppe/go-internal v1.14.1
	github.com/spf13/pflag v1.0.10
	golang.org/x/sys v0.26.0
)

require golang.org/x/tools v0.26.0 // indirect
