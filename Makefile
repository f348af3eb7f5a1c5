# gosh: an interactive shell whose commands live in Go plugins.
# Plugins must be built by the same toolchain, with the same flags and module
# versions as gosh itself: gosh is built first, with cgo (plugins need it),
# and then builds its plugins with gosh build.

GO       ?= go
export CGO_ENABLED := 1
# Every directory of plugins-src is a plugin, except internal (shared helpers).
PLUGINS  := $(sort $(filter-out internal,$(notdir $(patsubst %/.,%,$(wildcard plugins-src/*/.)))))
FUZZTIME ?= 30s
SOAKLINES ?= 10000

.PHONY: all build plugins run test bench fuzz soak clean

all: build plugins

build:
	$(GO) build -o gosh .

# gosh build builds each plugin with gosh's own toolchain, settings and
# module versions, from its files, so that a changed rebuild can be reloaded.
plugins: build
	@for p in $(PLUGINS); do ./gosh build -o plugins/$$p.so plugins-src/$$p || exit 1; done
	@# gosh refuses plugins that group or others can write: whatever the
	@# umask (002 is common), make the built ones safe.
	chmod go-w plugins $(PLUGINS:%=plugins/%.so)

run: all
	./gosh

test:
	$(GO) vet ./...
	$(GO) test ./...
	# every benchmark once, at a tiny size, so that none can rot
	$(GO) test -short -run '^$$' -bench . -benchtime 1x ./...

# Whole-process benchmarks (root package: each against a baseline run side by
# side) and the packages' micro-benchmarks. BENCHMARKS.md has the results.
bench:
	$(GO) test -run '^$$' -bench . -benchtime 15x -timeout 60m .
	$(GO) test -run '^$$' -bench . -benchmem ./shell/...

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME) ./shell/syntax
	$(GO) test -run '^$$' -fuzz FuzzParseFile -fuzztime $(FUZZTIME) ./shell/inspect
	$(GO) test -run '^$$' -fuzz FuzzELFReader -fuzztime $(FUZZTIME) ./shell/inspect
	$(GO) test -run '^$$' -fuzz FuzzDecodeIndex -fuzztime $(FUZZTIME) ./shell/loader
	$(GO) test -run '^$$' -fuzz FuzzRun -fuzztime $(FUZZTIME) ./shell/interp
	$(GO) test -run '^$$' -fuzz FuzzExpandAliases -fuzztime $(FUZZTIME) ./shell/interp
	$(GO) test -run '^$$' -fuzz FuzzTrustFile -fuzztime $(FUZZTIME) ./shell/trust
	$(GO) test -run '^$$' -fuzz FuzzParseStream -fuzztime $(FUZZTIME) ./shell/internal/minijson
	$(GO) test -run '^$$' -fuzz FuzzDecodeAll -fuzztime $(FUZZTIME) ./shell/pluginbuild
	$(GO) test -run '^$$' -fuzz FuzzInspectJSON -fuzztime $(FUZZTIME) ./shell/interp

# 10,000 mixed lines through one gosh; memory must stay bounded
# (make test runs a 300-line version).
soak:
	$(GO) test -run '^TestSoak' -count=1 -v -timeout 30m -soak.lines=$(SOAKLINES) .

clean:
	rm -f gosh plugins/*.so plugins/*.so.*
