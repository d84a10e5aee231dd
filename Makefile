# Quire — the two set-up commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
SWIFT ?= swift
QUIRE := .build/debug/quire
RELEASE_QUIRE := .build/release/quire
APT_PACKAGES := libarchive-dev zlib1g-dev libxml2-dev libssl-dev pkg-config zstd jq python3-venv chromium chromium-driver
VENV := .venv

.PHONY: all deps build release demo test test-swift test-python test-e2e lint format bench fuzz clean venv

all: build

# Installs the Debian packages a fresh machine lacks (needs root or sudo; does nothing when all are present).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build --product quire

release: deps
	$(SWIFT) build -c release --product quire

demo: build
	@bash bundles/demo.sh $(QUIRE)

# A venv with the Python tools the tests compare against (bagit, datasets, langfuse, selenium).
venv: $(VENV)/.installed
$(VENV)/.installed: Tests/python/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q -r Tests/python/requirements.txt
	touch $@

SHARED ?= ../shared

# Everything: Swift tests (with the venv's bagit, datasets and langfuse), the agreement oracles' own checker
# against the built binary, and the annotator end to end in headless Chromium.
test: deps venv
	$(SWIFT) build --build-tests
	QUIRE_PYTHON=$(CURDIR)/$(VENV)/bin/python $(SWIFT) test --skip-build
	python3 $(SHARED)/oracles/check.py Tests/QuireAgreementTests/Fixtures/vectors --quire $(QUIRE)
	python3 $(SHARED)/oracles/check.py Tests/QuireAgreementTests/Fixtures/edge --quire $(QUIRE)
	QUIRE_E2E_ARTIFACTS=$(CURDIR)/.build/e2e-artifacts $(VENV)/bin/python Tests/e2e/annotator_e2e.py --quire $(QUIRE)

# The annotator in real headless Chromium (Debian's chromium + chromedriver, selenium from the venv):
# keyboard-only annotation, reload, server restart, hostile traces, seal and verify. Screenshots go to
# Tests/e2e/artifacts/.
test-e2e: deps venv
	$(SWIFT) build --product quire
	$(VENV)/bin/python Tests/e2e/annotator_e2e.py --quire $(QUIRE)

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Benchmarks templates/QuireTemplates.swift

format:
	$(SWIFT) format format --in-place --recursive Package.swift Sources Tests Benchmarks templates/QuireTemplates.swift

bench: deps
	$(SWIFT) build -c release --product quire
	$(SWIFT) build -c release --product QuireBench
	.build/release/QuireBench $(BENCH)

# Coverage-guided fuzzing of the trace readers with libFuzzer (Fuzz/QuireFuzz): FUZZ_READER is native, langfuse,
# otlp, openinference, braintrust or auto; the corpus starts from the real samples; crashes land in fuzz-out/.
FUZZ_READER ?= auto
FUZZ_SECONDS ?= 300
fuzz: deps
	$(SWIFT) build -c debug --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DQUIRE_LIBFUZZER \
	  --product QuireFuzz
	@mkdir -p fuzz-out/corpus-$(FUZZ_READER)
	@if [ "$(FUZZ_READER)" = native ]; then cp Tests/QuireImportTests/Fixtures/native/sample.jsonl fuzz-out/corpus-native/; \
	 else find Tests/QuireImportTests/Fixtures/traces -name '*.json' ! -name '*.schema.json' \
	   -exec cp {} fuzz-out/corpus-$(FUZZ_READER)/ \; ; fi
	cd fuzz-out && QUIRE_FUZZ_READER=$(FUZZ_READER) ../.build-fuzz/debug/QuireFuzz -max_total_time=$(FUZZ_SECONDS) \
	  -timeout=20 -rss_limit_mb=3072 -max_len=65536 corpus-$(FUZZ_READER)

clean:
	rm -rf .build demo-out bench-out fuzz-out
