#!/usr/bin/env bash
# Installs the programs the test suite starts for real: the shells whose files the tool writes, and a real
# Secret Service for --store keychain (__tests__/helpers/keyring.ts): gnome-keyring (the daemon),
# libsecret-tools (secret-tool), dbus-daemon (a private session bus; brings dbus-send). dbus-x11 is there only
# to satisfy gnome-keyring's dependency on a session bus: without it apt picks dbus-user-session, which pulls
# in systemd. python3-dotenv and direnv are dotenv readers the --dotenv tests check the file against.
# Idempotent: installs only what is missing. Needs root (CI runs as root) or sudo.
set -euo pipefail

want=(zsh fish tcsh ksh strace gnome-keyring libsecret-tools dbus-daemon dbus-x11 python3-dotenv direnv)
missing=()
for pkg in "${want[@]}"; do
  # Installed, not merely known: `dpkg -s` also succeeds for a removed package whose config files remain.
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" = installed ] || missing+=("$pkg")
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
