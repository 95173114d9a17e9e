#!/usr/bin/env bash
# Builds, once, the Pulumi CLI and the Node.js language host from Go modules (no prebuilt
# binaries), at the version of @pulumi/pulumi in package-lock.json, into a cache outside the repo.
# Prints the directory to put on PATH as its last line.
#
#   bash tools/pulumi-cli/build.sh          # build if missing, print versions
#   bash tools/pulumi-cli/build.sh --check  # print the directory if built; build nothing
#   PULUMI_CLI_CACHE=/somewhere bash …      # another cache directory
#
# Safe to run twice at once (two worktrees, CI and a developer): each run builds into its own
# temporary directory beside the binaries and moves each finished binary into place with one
# rename, so nobody ever sees half a binary; and with flock(1) a second run waits for the first
# instead of building again, then finds the binaries there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
lang="$repo/tools/pulumi-language-nodejs"

version=$(cd "$repo" && node -p 'require("./package-lock.json").packages["node_modules/@pulumi/pulumi"].version')
pinned=$(sed -n 's#^\(require \)\{0,1\}[[:space:]]*github.com/pulumi/pulumi/pkg/v3 v\([0-9.]*\).*#\2#p' "$here/go.mod" | head -n 1)
if [ "$version" != "$pinned" ]; then
  echo "tools/pulumi-cli/go.mod pins pkg/v3 v$pinned but package-lock.json has @pulumi/pulumi $version:" >&2
  echo "update go.mod (and go.sum with 'go mod tidy') to v$version" >&2
  exit 2
fi
# The language host's own module (sdk/nodejs/cmd/pulumi-language-nodejs/v3) is not served by the
# module proxy reachable here; v3.68.0 is the last sdk/v3 that carries it as a package.
lang_version=$(sed -n 's#^require github.com/pulumi/pulumi/sdk/v3 v\([0-9.]*\)#\1#p' "$lang/go.mod")

cache=${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-macie-member-status/pulumi-cli}
versioned="$cache/v$version-lang$lang_version"
bin="$versioned/bin"
built() { [ -x "$bin/pulumi" ] && [ -x "$bin/pulumi-language-nodejs" ] && [ -x "$bin/pulumi-resource-pulumi-nodejs" ]; }
if [ "${1:-}" = "--check" ]; then
  if built; then echo "$bin"; fi
  exit 0
fi
mkdir -p "$bin"

# One build at a time per cache directory. The lock is released when this script exits.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$versioned/build.lock"
  if ! flock -n 9; then
    echo "another build.sh is building into $bin: waiting for it…" >&2
    flock 9
  fi
else
  echo "no flock(1) here: a build running at the same time may build the same binaries again (harmless)" >&2
fi

# This run's own scratch directory, on the same file system as $bin so that `mv` is a rename.
work=$(mktemp -d "$versioned/build.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ ! -x "$bin/pulumi" ]; then
  echo "building pulumi v$version from Go modules (first time: several minutes)…" >&2
  start=$(date +%s)
  (cd "$here" && go build -trimpath \
    -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
    -o "$work/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
  mv -f "$work/pulumi" "$bin/pulumi"
  echo "built pulumi in $(($(date +%s) - start)) s" >&2
fi
if [ ! -x "$bin/pulumi-language-nodejs" ]; then
  echo "building pulumi-language-nodejs (sdk v$lang_version) from Go modules…" >&2
  start=$(date +%s)
  (cd "$lang" && go build -trimpath \
    -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$lang_version" \
    -o "$work/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs)
  mv -f "$work/pulumi-language-nodejs" "$bin/pulumi-language-nodejs"
  echo "built pulumi-language-nodejs in $(($(date +%s) - start)) s" >&2
fi
install -m 0755 "$here/pulumi-resource-pulumi-nodejs" "$work/pulumi-resource-pulumi-nodejs"
mv -f "$work/pulumi-resource-pulumi-nodejs" "$bin/pulumi-resource-pulumi-nodejs"

echo "pulumi $("$bin/pulumi" version) (language host: sdk v$lang_version), in $bin" >&2
echo "$bin"
