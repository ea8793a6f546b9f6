#!/usr/bin/env bash
# Makes the release commit that `uses: <owner>/ionq-env-setup@v1` runs: the current commit plus a freshly
# built dist/ (which the main branch does not track), tagged vX.Y.Z, with the major tag (vX) moved to it.
# It pushes nothing; it prints the push command. Run from a clean work tree after `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(node -p "require('./package.json').version")
major="v${version%%.*}"
if [ -n "$(git status --porcelain)" ]; then
  echo "release-action: the work tree has changes; commit or stash them first." >&2
  exit 1
fi
if git rev-parse -q --verify "refs/tags/v$version" >/dev/null; then
  echo "release-action: tag v$version exists already; bump the version in package.json." >&2
  exit 1
fi
back=$(git symbolic-ref -q --short HEAD || git rev-parse HEAD)
source_commit=$(git rev-parse --short HEAD)

npm run build
git checkout -q --detach
git add -f dist
git commit -q -m "Release v$version: the GitHub Action with its built dist/ (from $source_commit)"
git tag -a "v$version" -m "ionq-env-setup v$version"
git tag -f "$major" >/dev/null
release=$(git rev-parse --short HEAD)
git checkout -q "$back"

echo "release-action: v$version and $major point at $release (built from $source_commit)."
echo "Push with: git push origin v$version && git push --force origin $major"
