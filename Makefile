# syncaudit — the two commands a newcomer needs are `make demo` and `make test`.

GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
BIN     := bin/syncaudit
SAMPLE  ?= samples/de-linde

.PHONY: build demo test bench fuzz clean

## build: the syncaudit binary in bin/
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/syncaudit

## demo: check the bundled Dutch sample snapshot and write the reports to out/
demo: build
	$(BIN) check --snapshot $(SAMPLE) --out out --fail-on never

## test: go vet and every test (Go tests, Rego unit tests through the Go tests, fuzz corpora)
test:
	$(GO) vet ./...
	$(GO) test ./...

## bench: the benchmarks, with figures printed
bench:
	@echo "no benchmarks yet"

clean:
	rm -rf bin out
