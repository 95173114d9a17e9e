#!/usr/bin/env bash
# Builds, once, the local S3-compatible server the e2e tests keep Pulumi state in (main.go beside
# this script: github.com/johannesboyne/gofakes3 at the version go.mod pins, from Go modules, no
# prebuilt binary) into a cache outside the repo. Prints the binary's path as its last line.
#
#   bash tools/s3-server/build.sh          # build if missing
#   bash tools/s3-server/build.sh --check  # print the path if built; build nothing
#   S3_SERVER_CACHE=/somewhere bash …      # another cache directory
#
# The cache is keyed by gofakes3's version and a hash of main.go, go.mod and go.sum, so an edit
# builds anew. Safe to run twice at once (tools/lib/cached-build.sh): flock(1) makes a second run
# wait for the first, and the binary is moved into place with one rename.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/cached-build.sh"

version=$(sed -n 's#^require github.com/johannesboyne/gofakes3 \(v[0-9.]*\)#\1#p' "$here/go.mod")
hash=$(cat "$here/main.go" "$here/go.mod" "$here/go.sum" | sha256sum | cut -c1-12)
versioned="$(cached_build_cache s3-server "${S3_SERVER_CACHE:-}")/gofakes3-$version-$hash"
binary="$versioned/s3-server"
if [ "${1:-}" = "--check" ]; then
  if [ -x "$binary" ]; then echo "$binary"; fi
  exit 0
fi
mkdir -p "$versioned"

cached_build_lock "$versioned" "the S3 server"

if [ ! -x "$binary" ]; then
  cached_build_scratch "$versioned"
  cached_build_go "the S3 server (gofakes3 $version)" "$here" -o "$work/s3-server" .
  mv -f "$work/s3-server" "$binary"
fi
echo "$binary"
