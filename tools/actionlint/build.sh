#!/usr/bin/env bash
# Builds, once, actionlint (the GitHub Actions workflow linter) from Go modules at the version
# pinned in go.mod beside this script (no prebuilt binary), into a cache outside the repo, as
# tools/pulumi-cli/build.sh builds the Pulumi CLI. Prints the binary's path as its last line.
#
#   bash tools/actionlint/build.sh          # build if missing, print the path
#   bash tools/actionlint/build.sh --check  # print the path if built; build nothing
#   ACTIONLINT_CACHE=/somewhere bash …      # another cache directory
#
# Safe to run twice at once (tools/lib/cached-build.sh): each run builds into its own temporary
# directory beside the binary and moves the finished binary into place with one rename; with
# flock(1) a second run waits for the first instead of building again. A cold build (module
# downloads included) takes well under a minute on 2 cores.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/cached-build.sh"

version=$(sed -n 's#^\(require \)\{0,1\}[[:space:]]*github.com/rhysd/actionlint v\([0-9.]*\).*#\2#p' "$here/go.mod" | head -n 1)
if [ -z "$version" ]; then
  echo "tools/actionlint/go.mod does not require github.com/rhysd/actionlint" >&2
  exit 2
fi

versioned="$(cached_build_cache actionlint "${ACTIONLINT_CACHE:-}")/v$version"
bin="$versioned/bin/actionlint"
if [ "${1:-}" = "--check" ]; then
  if [ -x "$bin" ]; then echo "$bin"; fi
  exit 0
fi
mkdir -p "$versioned/bin"

cached_build_lock "$versioned" "actionlint v$version"

if [ ! -x "$bin" ]; then
  cached_build_scratch "$versioned"
  cached_build_go "actionlint v$version" "$here" \
    -ldflags "-X github.com/rhysd/actionlint.version=v$version" \
    -o "$work/actionlint" github.com/rhysd/actionlint/cmd/actionlint
  mv -f "$work/actionlint" "$bin"
fi
echo "$bin"
