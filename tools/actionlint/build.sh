#!/usr/bin/env bash
# Builds, once, actionlint (the GitHub Actions workflow linter) from Go modules at the version
# pinned in go.mod beside this script (no prebuilt binary), into a cache outside the repo, as
# tools/pulumi-cli/build.sh builds the Pulumi CLI. Prints the binary's path as its last line.
#
#   bash tools/actionlint/build.sh          # build if missing, print the path
#   bash tools/actionlint/build.sh --check  # print the path if built; build nothing
#   ACTIONLINT_CACHE=/somewhere bash …      # another cache directory
#
# Safe to run twice at once: each run builds into its own temporary directory beside the binary
# and moves the finished binary into place with one rename; with flock(1) a second run waits for
# the first instead of building again. A cold build (module downloads included) takes well under a
# minute on 2 cores.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

version=$(sed -n 's#^\(require \)\{0,1\}[[:space:]]*github.com/rhysd/actionlint v\([0-9.]*\).*#\2#p' "$here/go.mod" | head -n 1)
if [ -z "$version" ]; then
  echo "tools/actionlint/go.mod does not require github.com/rhysd/actionlint" >&2
  exit 2
fi

cache=${ACTIONLINT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-macie-member-status/actionlint}
versioned="$cache/v$version"
bin="$versioned/bin/actionlint"
if [ "${1:-}" = "--check" ]; then
  if [ -x "$bin" ]; then echo "$bin"; fi
  exit 0
fi
mkdir -p "$versioned/bin"

# One build at a time per cache directory. The lock is released when this script exits.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$versioned/build.lock"
  if ! flock -n 9; then
    echo "another build.sh is building $bin: waiting for it…" >&2
    flock 9
  fi
else
  echo "no flock(1) here: a build running at the same time may build actionlint again (harmless)" >&2
fi

if [ ! -x "$bin" ]; then
  # This run's own scratch directory, on the same file system as $bin so that `mv` is a rename.
  work=$(mktemp -d "$versioned/build.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  echo "building actionlint v$version from Go modules…" >&2
  start=$(date +%s)
  (cd "$here" && go build -trimpath \
    -ldflags "-X github.com/rhysd/actionlint.version=v$version" \
    -o "$work/actionlint" github.com/rhysd/actionlint/cmd/actionlint)
  mv -f "$work/actionlint" "$bin"
  echo "built actionlint in $(($(date +%s) - start)) s" >&2
fi
echo "$bin"
