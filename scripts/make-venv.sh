#!/usr/bin/env bash
# Makes .venv hold exactly the pinned packages of one lock file, plus this project (editable).
#   scripts/make-venv.sh requirements-site.lock   # what `make site` needs: runtime, MkDocs, theme, i18n
#   scripts/make-venv.sh requirements-test.lock   # everything: tests, lint, browser, the second engine, editor
#   scripts/make-venv.sh --uv-only                # only print the path of uv (for `make lock`)
# uv does it several times faster than pip (parallel downloads, no byte-compiling, a shared cache). It is
# used when on PATH, else installed once from PyPI into .bootstrap/ (pinned, like every other package);
# when that is impossible, pip in a standard venv does the same work, only slower.
# Environment: PYTHON (default python3), VENV (default .venv), UV_VERSION (the pinned uv), NO_UV=1 (use pip).
set -euo pipefail
lock=$1
python=${PYTHON:-python3}
venv=${VENV:-.venv}
uv_version=${UV_VERSION:?set by the Makefile}
bootstrap=.bootstrap/uv-$uv_version

find_uv() {
  if command -v uv >/dev/null 2>&1; then command -v uv; return; fi
  if [ ! -x "$bootstrap/bin/uv" ]; then
    rm -rf "$bootstrap"
    "$python" -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
      --target "$bootstrap" "uv==$uv_version" >/dev/null 2>&1 || { rm -rf "$bootstrap"; return 1; }
  fi
  echo "$bootstrap/bin/uv"
}

if [ "$lock" = --uv-only ]; then
  find_uv || { echo "uv cannot be installed from PyPI: 'make lock' needs it" >&2; exit 1; }
  exit 0
fi

if [ -z "${NO_UV:-}" ] && uv=$(find_uv); then
  [ -x "$venv/bin/python" ] || "$uv" venv --quiet --python "$python" "$venv"
  # sync: the venv ends up exactly as the lock says (a package dropped from the lock is removed too).
  # uv writes no bytecode (pip does; it doubles a fresh set-up here): Python writes it on first import,
  # unless PYTHONDONTWRITEBYTECODE is set; then UV_COMPILE_BYTECODE=1 makes uv write it (README, Set-up).
  "$uv" pip sync --quiet --python "$venv/bin/python" "$lock"
  "$uv" pip install --quiet --python "$venv/bin/python" --no-deps -e .
else
  echo "uv is not available; installing with pip (slower)" >&2
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
  # --no-deps: the lock is complete and exact, as uv's sync takes it (country-converter without pandas)
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$lock"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e .
fi
