# Two commands set everything up on a fresh machine: `make site` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha1sum | cut -c1-12)
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test check serve bench lint format lock browser clean

$(STAMP): requirements.lock pyproject.toml
	rm -f $(VENV)/.installed-*
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

## site: set up and build the static site into site/ (Norwegian at /, English at /en/)
site: $(STAMP)
	$(BIN)/mkdocs build --strict

## test: set up and run the whole test suite (lint, unit, build, browser)
test: $(STAMP) browser
	$(BIN)/ruff check scripts tests benchmarks
	$(BIN)/pytest

## check: validate policy.yaml and report every problem with file:line:column
check: $(STAMP)
	$(BIN)/policysite check policy.yaml

## serve: live preview on http://127.0.0.1:8000/, reloads when policy.yaml changes
# Extra `mkdocs serve` flags; `make bench` times the preview with these and with --dirty --no-strict
# (--dirty alone aborts: strict mode turns MkDocs' dirty-build warning into an error). On this
# 2-core machine --dirty gave no consistent gain, so the preview stays strict.
SERVE_FLAGS :=
serve: $(STAMP)
	$(BIN)/mkdocs serve $(SERVE_FLAGS)

## bench: time the generator and the build against plain MkDocs; table + bench-results/bench.json
bench: $(STAMP)
	$(BIN)/python -m benchmarks --serve-flags="$(SERVE_FLAGS)" --serve-flags="--dirty --no-strict" $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check scripts tests benchmarks

format: $(STAMP)
	$(BIN)/ruff check --fix scripts tests benchmarks
	$(BIN)/ruff format scripts tests benchmarks

## browser: install Debian's Chromium for the browser tests, if it is missing
browser:
	@command -v chromium >/dev/null || scripts/install-chromium.sh

## lock: re-pin every dependency after editing pyproject.toml
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e '.[site,test]' setuptools
	{ echo "# Pinned versions of every Python dependency (direct and transitive)."; \
	  echo "# Regenerate after changing pyproject.toml: make lock"; \
	  .lock-venv/bin/pip freeze --all --exclude-editable | grep -v "^pip=="; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf site $(VENV) test-artifacts bench-results .pytest_cache .ruff_cache
