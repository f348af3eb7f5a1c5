# gosh: an interactive shell whose commands live in Go plugins.
# Plugins must be built by the same toolchain, with the same flags and module
# versions as gosh itself, so gosh and its plugins are always built together
# here, with cgo (plugins need it).

GO       ?= go
export CGO_ENABLED := 1
# Every directory of plugins-src is a plugin, except internal (shared helpers).
PLUGINS  := $(sort $(filter-out internal,$(notdir $(patsubst %/.,%,$(wildcard plugins-src/*/.)))))
FUZZTIME ?= 30s

.PHONY: all build plugins run test bench fuzz clean

all: build plugins

build:
	$(GO) build -o gosh .

plugins:
	@for p in $(PLUGINS); do echo "$(GO) build -buildmode=plugin -o plugins/$$p.so ./plugins-src/$$p"; \
	  $(GO) build -buildmode=plugin -o plugins/$$p.so ./plugins-src/$$p || exit 1; done

run: all
	./gosh

test:
	$(GO) vet ./...
	$(GO) test ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME) ./shell/syntax
	$(GO) test -run '^$$' -fuzz FuzzParseFile -fuzztime $(FUZZTIME) ./shell/inspect

clean:
	rm -f gosh plugins/*.so plugins/*.so.*
