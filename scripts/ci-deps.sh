#!/usr/bin/env bash
# Installs the programs the test suite starts for real: the shells whose files the tool writes.
# Idempotent: installs only what is missing. Needs root (CI runs as root) or sudo.
set -euo pipefail

want=(zsh fish tcsh ksh strace)
missing=()
for pkg in "${want[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "ci-deps: all test programs present (${want[*]})"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "ci-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
