#!/usr/bin/env bash
# Installs the Nu HTML Checker (npm's vnu-jar, pinned) into a project-local folder, for the
# HTML validity test. It runs on the machine's Java; Java and npm come from Debian if missing
# (needs root, or sudo). npm's install scripts are skipped: vnu-jar's would fetch a JRE.
# Usage: scripts/install-vnu.sh VERSION FOLDER
set -euo pipefail
version="$1" folder="$2"
missing=()
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
npm install --prefix "$folder" --no-audit --no-fund --ignore-scripts --loglevel=error "vnu-jar@$version"
java -jar "$folder/node_modules/vnu-jar/build/dist/vnu.jar" --version
