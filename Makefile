# Two commands set everything up on a fresh machine: `make site` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha1sum | cut -c1-12)
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test check serve lint format lock browser tools weight pdf clean
TOOLS := tools/node_modules/.package-lock.json

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
test: $(STAMP) browser $(TOOLS)
	$(BIN)/ruff check scripts tests
	$(BIN)/pytest

## check: validate policy.yaml and report every problem with file:line:column
check: $(STAMP)
	$(BIN)/policysite check policy.yaml

## serve: live preview on http://127.0.0.1:8000/, reloads when policy.yaml changes
serve: $(STAMP)
	$(BIN)/mkdocs serve

lint: $(STAMP)
	$(BIN)/ruff check scripts tests

format: $(STAMP)
	$(BIN)/ruff check --fix scripts tests
	$(BIN)/ruff format scripts tests

## browser: install Debian's Chromium for the browser tests, if it is missing
browser:
	@command -v chromium >/dev/null || scripts/install-chromium.sh

## tools: browser-side test tools from the npm registry (axe-core), pinned in tools/package-lock.json
tools: $(TOOLS)
$(TOOLS): tools/package.json tools/package-lock.json
	npm ci --prefix tools --no-audit --no-fund --loglevel=error

## weight: build the site and print the bytes a visitor downloads per page (raw and gzip)
weight: site
	PYTHONPATH=scripts $(BIN)/python -m devtools.page_weight site --budget-kb 45

## pdf: build, then print each language's policy to dist/policy-<language>.pdf with Chromium
pdf: site browser
	PYTHONPATH=scripts $(BIN)/python -m devtools.pdf site --out dist

## lock: re-pin every dependency after editing pyproject.toml
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e '.[site,test]' setuptools
	{ echo "# Pinned versions of every Python dependency (direct and transitive)."; \
	  echo "# Regenerate after changing pyproject.toml: make lock"; \
	  .lock-venv/bin/pip freeze --all --exclude-editable | grep -v "^pip=="; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf site $(VENV) test-artifacts .pytest_cache .ruff_cache tools/node_modules
