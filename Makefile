# Two commands set everything up on a fresh machine: `make site` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha1sum | cut -c1-12)
export NO_MKDOCS_2_WARNING := 1
# The Nu HTML Checker for the HTML validity test: npm's vnu-jar, run on the machine's Java.
VNU_VERSION := 26.9.27
TOOLS := .tools
VNU_STAMP := $(TOOLS)/.vnu-jar-$(VNU_VERSION)

.PHONY: setup site test check serve lint format lock browser tools clean

$(STAMP): requirements.lock pyproject.toml
	rm -f $(VENV)/.installed-*
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

## setup: create .venv from the pinned requirements (CI runs `policysite check` right after)
setup: $(STAMP)

## site: build site/ reproducibly and atomically (a failed build leaves site/ as it was);
## the public URL is mkdocs.yml's site_url, or the SITE_URL environment variable
site: $(STAMP)
	$(BIN)/policysite build

## test: set up and run the whole test suite (lint, unit, build, browser, HTML validity)
test: $(STAMP) browser tools
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

## tools: install the pinned Nu HTML Checker into .tools/ (Java and npm from Debian if missing)
tools: $(VNU_STAMP)

$(VNU_STAMP):
	rm -f $(TOOLS)/.vnu-jar-*
	scripts/install-vnu.sh $(VNU_VERSION) $(TOOLS)
	touch $@

## lock: re-pin every dependency after editing pyproject.toml
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e '.[site,test]' setuptools
	{ echo "# Pinned versions of every Python dependency (direct and transitive)."; \
	  echo "# Regenerate after changing pyproject.toml: make lock"; \
	  .lock-venv/bin/pip freeze --all --exclude-editable | grep -v "^pip=="; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf site $(VENV) $(TOOLS) test-artifacts .pytest_cache .ruff_cache
