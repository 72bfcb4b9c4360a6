# syncaudit — the two commands a newcomer needs are `make demo` and `make test`.

GO       ?= go
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
REVISION ?= $(shell git rev-parse HEAD 2>/dev/null)
LDFLAGS  := -X main.version=$(VERSION) -X main.revision=$(REVISION)
BIN      := bin/syncaudit
SAMPLE   ?= samples/de-linde
# The recipes use bash, so that a pipe fails when its first command does.
SHELL    := bash

# staticcheck at a pinned version (honnef.co/go/tools; 2026.2.2), installed by
# make lint from the Go module proxy into bin/tools/ the first time.
STATICCHECK_VERSION ?= v0.8.2
STATICCHECK         := bin/tools/staticcheck-$(STATICCHECK_VERSION)

.PHONY: build demo test lint tools office-tools test-office bench fuzz image clean

## build: the syncaudit binary in bin/
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/syncaudit

## demo: check the bundled Dutch sample snapshot and write the reports to out/
demo: build
	$(BIN) check $(SAMPLE) --out out --fail-on never
	@echo
	@echo "The reports are in out/:"
	@echo "  out/report.xlsx   the coordinator's workbook  (open it in Excel or LibreOffice Calc)"
	@echo "  out/report.pdf    the auditor's report        (open it in any PDF viewer, e.g. xdg-open out/report.pdf)"
	@echo "  out/report.json   everything, for scripts     (syncaudit diff OLD NEW compares two)"
	@echo "  out/actions.csv   one row per action          (opens in a spreadsheet)"
	@echo "Run it yourself: $(BIN) check $(SAMPLE) --out out   (or put syncaudit on your PATH: see the README)"

## test: go vet and every test (Go tests, Rego unit tests through the Go tests, fuzz corpora);
## ends with "total: N passed, N failed, N skipped" (tests and subtests) and fails when one failed.
## In CI (CI set) a missing ../shared fails the tests that read its real exports instead of skipping them.
test: tools
	$(GO) vet ./...
	@if [ -n "$$CI" ] && [ ! -d ../shared/realdata ]; then \
	  echo "make test: ../shared/realdata is missing beside the repository; the real-export tests will fail (CI=$$CI)"; fi
	set -o pipefail; $(GO) test -json ./... | $(GO) run ./tools/testsum

## lint: go vet, gofmt and staticcheck (pinned: STATICCHECK_VERSION), each must be clean
lint: $(STATICCHECK)
	$(GO) vet ./...
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt: these files need gofmt -w:"; echo "$$out"; exit 1; fi
	$(STATICCHECK) ./...

$(STATICCHECK):
	@mkdir -p bin/tools
	GOBIN=$(CURDIR)/bin/tools $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	mv bin/tools/staticcheck $@

## tools: what the tests need beside Go, installed when missing: pdftotext
## (poppler-utils) reads the PDF report back
tools:
	@command -v pdftotext >/dev/null 2>&1 || { \
	  echo "installing poppler-utils (pdftotext) for the PDF tests"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
	  $$sudo apt-get update -qq && $$sudo apt-get install -y -qq poppler-utils >/dev/null; }

## test-office: open every workbook syncaudit writes (report.xlsx of the samples in nl, sv and en,
## a review workbook) in headless LibreOffice Calc, save it again as .xlsx and PDF, and read back
## what LibreOffice wrote: no sheet lost, the chart has data, every reference resolves
test-office: tools office-tools
	$(GO) test -tags office ./report -run '^TestOffice' -count=1 -v

## office-tools: headless LibreOffice Calc (Debian's libreoffice-calc-nogui), installed when missing
office-tools:
	@command -v soffice >/dev/null 2>&1 || { \
	  echo "installing libreoffice-calc-nogui for make test-office"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null; }

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
