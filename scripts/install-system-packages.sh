#!/usr/bin/env bash
# Installs the Debian packages the tests need, when missing: Chromium (browser tests; Playwright's
# own browser download does not work offline), Java (the Nu HTML Checker), Node.js and npm (the
# pinned test tools in tools/), make. Needs root, or sudo.
set -euo pipefail
missing=()
command -v make >/dev/null || missing+=(make)
command -v chromium >/dev/null || missing+=(chromium fonts-dejavu-core)
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "installing Debian packages: ${missing[*]}"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
