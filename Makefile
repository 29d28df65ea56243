# Two commands set everything up on a fresh machine: `make site` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha1sum | cut -c1-12)
TOOLS := tools/node_modules/.package-lock.json
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup site test check serve bench lint format lock system tools weight pdf clean fuzz

$(STAMP): requirements.lock pyproject.toml
	rm -f $(VENV)/.installed-*
	$(PYTHON) -m venv $(VENV)
	# --no-deps: the lock is complete and exact. country-converter is used for its data table only
	# (which countries are in the EEA), so its pandas dependency is deliberately left out.
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

## setup: create .venv from the pinned requirements
setup: $(STAMP)

## site: set up, then build site/ reproducibly and atomically (a failed build leaves site/ as it was);
## the public URL is mkdocs.yml's site_url, or the SITE_URL environment variable
site: $(STAMP)
	$(BIN)/policysite build

## test: set up everything (Python, Debian packages, npm tools) and run lint + the whole test suite
test: $(STAMP) system $(TOOLS)
	$(BIN)/ruff check scripts tests benchmarks
	$(BIN)/pytest

## fuzz: the long runs `make test` keeps short: the round trip (any text in any field is refused or shown
## exactly) with many examples and a fresh random seed (printed, to replay), the loader fuzzers, and the worst
## case `check` accepts built at full size (minutes); ROUND_TRIP_SEED=n replays a run
FUZZ_EXAMPLES ?= 3000
fuzz: $(STAMP)
	@seed=$${ROUND_TRIP_SEED:-$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}; echo "ROUND_TRIP_SEED=$$seed"; \
	ROUND_TRIP_SEED=$$seed ROUND_TRIP_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) WORST_CASE_SCALE=1 \
	  $(BIN)/pytest -s tests/test_round_trip.py tests/test_fuzz.py tests/test_limits.py tests/test_hostile_texts.py

## check: validate policy.yaml and report every problem with file:line:column. The last line says, in plain
## words, what to do. On errors make is stopped quietly (exit status 141), so its own "Error 1" line does
## not bury that answer; scripts and CI should run `.venv/bin/policysite check` (exit 1) instead.
check: $(STAMP)
	@$(BIN)/policysite check policy.yaml || kill -s PIPE $$PPID

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

## lock: re-pin every dependency after editing pyproject.toml
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e '.[site,test,lsp]' setuptools
	{ echo "# Pinned versions of every Python dependency (direct and transitive)."; \
	  echo "# Regenerate after changing pyproject.toml: make lock"; \
	  .lock-venv/bin/pip freeze --all --exclude-editable | grep -vE "^(pip|pandas|numpy)=="; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf site $(VENV) test-artifacts dist bench-results .pytest_cache .ruff_cache tools/node_modules
