# Two commands set everything up on a fresh machine: `make site` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The site engine: mkdocs, or properdocs (a maintained fork of MkDocs 1.x; README, "Site engine")
ENGINE ?= mkdocs
# Two pinned locks (`make lock`): the site lock has what `make site` needs (runtime, MkDocs, theme, i18n),
# the test lock adds everything else (tests, lint, browser, the second engine, editor support).
SITE_LOCK := requirements-site.lock
TEST_LOCK := requirements-test.lock
UV_VERSION := 0.13.9
# `make lock` resolves as PyPI stood on this day, so re-running it gives the same files; move it forward to upgrade
LOCK_DATE := 2026-11-24
LOCK_HASH := $(shell cat $(wildcard $(SITE_LOCK) $(TEST_LOCK)) pyproject.toml | sha1sum | cut -c1-12)
SITE_ENV := $(VENV)/.site-$(LOCK_HASH)
TEST_ENV := $(VENV)/.test-$(LOCK_HASH)
# properdocs is in the test lock only: switching engines installs it
SITE_NEEDS := $(if $(filter mkdocs,$(ENGINE)),$(SITE_ENV),$(TEST_ENV))
TOOLS := tools/node_modules/.package-lock.json
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
export UV_VERSION

.PHONY: setup site test check serve bench lint format lock system tools weight pdf clean fuzz

# The test lock holds every package of the site lock at the same version: a test environment is a site one too.
$(SITE_ENV): $(SITE_LOCK) $(TEST_LOCK) pyproject.toml
	@if [ -e $(TEST_ENV) ]; then touch $@; else \
	  rm -f $(VENV)/.site-* $(VENV)/.test-*; scripts/make-venv.sh $(SITE_LOCK) && touch $@; fi

$(TEST_ENV): $(SITE_LOCK) $(TEST_LOCK) pyproject.toml
	@rm -f $(VENV)/.site-* $(VENV)/.test-*
	scripts/make-venv.sh $(TEST_LOCK)
	touch $@

## setup: create .venv with everything a developer or an editor needs (the test lock)
setup: $(TEST_ENV)

## site: set up what building needs (the site lock), then build site/ reproducibly and atomically (a failed
## build leaves site/ as it was); the public URL is policy.yaml's site.url, or the SITE_URL environment variable
site: $(SITE_NEEDS)
	$(BIN)/policysite build --engine $(ENGINE)

## test: set up everything (Python, Debian packages, npm tools) and run lint + the whole test suite
test: $(TEST_ENV) system $(TOOLS)
	$(BIN)/ruff check scripts tests benchmarks
	$(BIN)/pytest

## fuzz: the long runs `make test` keeps short: the round trip (any text in any field is refused or shown
## exactly) with many examples and a fresh random seed (printed, to replay), the loader fuzzers, and the worst
## case `check` accepts built at full size (minutes); ROUND_TRIP_SEED=n replays a run
FUZZ_EXAMPLES ?= 3000
fuzz: $(TEST_ENV)
	@seed=$${ROUND_TRIP_SEED:-$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}; echo "ROUND_TRIP_SEED=$$seed"; \
	ROUND_TRIP_SEED=$$seed ROUND_TRIP_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) WORST_CASE_SCALE=1 \
	  $(BIN)/pytest -s tests/test_round_trip.py tests/test_fuzz.py tests/test_limits.py tests/test_hostile_texts.py

## check: validate policy.yaml and report every problem with file:line:column. The last line says, in plain
## words, what to do. On errors make is stopped quietly (exit status 141), so its own "Error 1" line does
## not bury that answer; scripts and CI should run `.venv/bin/policysite check` (exit 1) instead.
check: $(SITE_ENV)
	@$(BIN)/policysite check policy.yaml || kill -s PIPE $$PPID

## serve: live preview on http://127.0.0.1:8000/, reloads when policy.yaml changes
# Extra `mkdocs serve` flags (`make bench` times the preview with them). --dirty alone aborts: strict mode
# turns MkDocs' dirty-build warning into an error; with --no-strict it gave no consistent gain here.
SERVE_FLAGS :=
serve: $(SITE_NEEDS)
	$(BIN)/$(ENGINE) serve --config-file mkdocs.yml $(SERVE_FLAGS)

## bench: time make site, policysite check and make serve against plain MkDocs; bench-results/ (README, Benchmark)
bench: $(TEST_ENV)
	$(BIN)/python -m benchmarks --serve-flags="$(SERVE_FLAGS)" $(BENCH_ARGS)

lint: $(TEST_ENV)
	$(BIN)/ruff check scripts tests benchmarks

format: $(TEST_ENV)
	$(BIN)/ruff check --fix scripts tests benchmarks

## system: Debian packages for the tests, when missing (Chromium, Java, Node.js/npm)
system:
	@scripts/install-system-packages.sh

## tools: test tools from the npm registry (axe-core, vnu-jar), pinned in tools/package-lock.json
tools: $(TOOLS)
$(TOOLS): tools/package.json tools/package-lock.json
	@scripts/install-system-packages.sh
	npm ci --prefix tools --ignore-scripts --no-audit --no-fund --loglevel=error

## weight: build the site and print the bytes a visitor downloads per page (raw and gzip); fails above 15 KB gzip
weight: site system
	PYTHONPATH=scripts $(BIN)/python -m devtools.page_weight site --budget-kb 15

## pdf: build, then print each language's policy to dist/policy-<language>.pdf with Chromium
pdf: site system
	PYTHONPATH=scripts $(BIN)/python -m devtools.pdf site --out dist

## lock: re-pin both locks after editing the dependencies in pyproject.toml (reproducible: same inputs, same files).
## country-converter is used for its data table only (which countries are in the EEA): its pandas and numpy
## are left out of the locks, which are installed exactly as they are (no dependency resolution)
lock:
	@uv=$$(command -v uv || { PYTHON=$(PYTHON) scripts/make-venv.sh --uv-only; }); \
	set -e; \
	common="--quiet --universal --generate-hashes --python-version 3.11 --exclude-newer $(LOCK_DATE)"; \
	omit="--no-emit-package pandas --no-emit-package numpy"; \
	$$uv pip compile $$common $$omit pyproject.toml --extra site -o $(SITE_LOCK); \
	$$uv pip compile $$common $$omit pyproject.toml --all-extras --constraint $(SITE_LOCK) -o $(TEST_LOCK)

clean:
	rm -rf site $(VENV) .bootstrap test-artifacts dist bench-results .pytest_cache .ruff_cache tools/node_modules
