# syncaudit — the two commands a newcomer needs are `make demo` and `make test`.

GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
BIN     := bin/syncaudit
SAMPLE  ?= samples/de-linde

.PHONY: build demo test tools bench fuzz image clean

## build: the syncaudit binary in bin/
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/syncaudit

## demo: check the bundled Dutch sample snapshot and write the reports to out/
demo: build
	$(BIN) check --snapshot $(SAMPLE) --out out --fail-on never

## test: go vet and every test (Go tests, Rego unit tests through the Go tests, fuzz corpora)
test: tools
	$(GO) vet ./...
	$(GO) test ./...

## tools: what the tests need beside Go, installed when missing: pdftotext
## (poppler-utils) reads the PDF report back
tools:
	@command -v pdftotext >/dev/null 2>&1 || { \
	  echo "installing poppler-utils (pdftotext) for the PDF tests"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
	  $$sudo apt-get update -qq && $$sudo apt-get install -y -qq poppler-utils >/dev/null; }

## bench: generate 100k and 1M-account snapshots (cached in .bench/) and print check against opa eval, side by side (BENCH_SIZES to change)
bench: build
	bench/run.sh

## fuzz: run every fuzzer for FUZZTIME each (make test replays their corpora)
FUZZTIME ?= 30s
fuzz:
	@for pkg in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
	  for fz in $$(grep -h '^func Fuzz' $$pkg/*_test.go | sed 's/func \(Fuzz[A-Za-z0-9_]*\).*/\1/'); do \
	    echo "== $$pkg $$fz"; $(GO) test $$pkg -run '^$$' -fuzz "^$$fz\$$" -fuzztime $(FUZZTIME) || exit 1; \
	  done; \
	done

## image: the container image of the static binary, built offline without a container daemon:
## bin/image/oci (OCI layout) and bin/image/syncaudit.tar; push it with crane or skopeo (docs/k8s/README.md)
IMAGE           ?= registry.example/syncaudit
IMAGE_TAG       ?= $(VERSION)
IMAGE_PLATFORMS ?= linux/amd64
IMAGE_CREATED   ?= $(shell git log -1 --format=%cI 2>/dev/null || echo 1970-01-01T00:00:00Z)
image:
	@rm -rf bin/image && bins= && \
	for p in $(IMAGE_PLATFORMS); do \
	  os=$${p%%/*}; arch=$${p#*/}; echo "building syncaudit for $$p"; \
	  CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -tags timetzdata -ldflags "-s -w $(LDFLAGS)" \
	    -o bin/image/$$os-$$arch/syncaudit ./cmd/syncaudit || exit 1; \
	  bins="$$bins --binary $$p=bin/image/$$os-$$arch/syncaudit"; \
	done && \
	tarball= && if [ $(words $(IMAGE_PLATFORMS)) = 1 ]; then tarball="--tarball bin/image/syncaudit.tar"; fi && \
	$(GO) run ./tools/image --ref $(IMAGE):$(IMAGE_TAG) --created $(IMAGE_CREATED) $$bins --layout bin/image/oci $$tarball \
	  --label org.opencontainers.image.title=syncaudit --label org.opencontainers.image.version=$(VERSION) \
	  --label org.opencontainers.image.revision=$$(git rev-parse HEAD 2>/dev/null || echo unknown) && \
	du -sh bin/image/oci $$( [ -n "$$tarball" ] && echo bin/image/syncaudit.tar)

clean:
	rm -rf bin out
