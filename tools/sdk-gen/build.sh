#!/usr/bin/env bash
# Builds, once, pulumi-sdkgen (main.go beside this script: Pulumi's Python, Go and Node.js SDK
# generators from github.com/pulumi/pulumi/pkg/v3 at the version go.mod pins, the CLI's own) from
# Go modules into a cache outside the repo. Prints the binary's path as its last line.
#
#   bash tools/sdk-gen/build.sh          # build if missing, print the path
#   bash tools/sdk-gen/build.sh --check  # print the path if built; build nothing
#   PULUMI_SDKGEN_CACHE=/somewhere bash …  # another cache directory
#
#   pulumi-sdkgen <python|go|nodejs> <schema.json> <outdir>
#
# What the schema must carry: language.go.importBasePath for go ("<module>/<name>": the package is
# written to <outdir>/<name>/, and a go.mod for <module> requiring github.com/pulumi/pulumi/sdk/v3
# v3.248.0 to <outdir>; build it with GOFLAGS=-mod=mod, or run `go mod tidy` first). language.python
# and language.nodejs are optional. No reference to another package (nothing is loaded from plugins).
# The Python SDK imports only once installed (it reads its version from its dist-info): with the
# virtualenv of tools/pulumi-language-python, `$venv/bin/python -m pip install --no-deps
# --no-build-isolation --target <site> <outdir>` and PYTHONPATH=<site> (offline, about 1 s).
#
# The cache is keyed by pkg/v3's version and a hash of main.go, go.mod and go.sum. Safe to run twice
# at once: see tools/lib/cached-build.sh. go.mod started as a copy of tools/pulumi-cli's, so after
# the CLI is built this takes seconds; alone, minutes on 2 cores.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/cached-build.sh"

version=$(sed -n 's#^\(require \)\{0,1\}[[:space:]]*github.com/pulumi/pulumi/pkg/v3 \(v[0-9.]*\)$#\2#p' "$here/go.mod" | head -n 1)
if [ -z "$version" ]; then
  echo "tools/sdk-gen/go.mod does not require github.com/pulumi/pulumi/pkg/v3" >&2
  exit 2
fi
hash=$(cat "$here/main.go" "$here/go.mod" "$here/go.sum" | sha256sum | cut -c1-12)
versioned="$(cached_build_cache sdk-gen "${PULUMI_SDKGEN_CACHE:-}")/pkg-$version-$hash"
binary="$versioned/bin/pulumi-sdkgen"
if [ "${1:-}" = "--check" ]; then
  if [ -x "$binary" ]; then echo "$binary"; fi
  exit 0
fi
mkdir -p "$versioned/bin"
cached_build_lock "$versioned" "pulumi-sdkgen (pkg $version)"

if [ ! -x "$binary" ]; then
  cached_build_scratch "$versioned"
  cached_build_go "pulumi-sdkgen (pkg $version)" "$here" -o "$work/pulumi-sdkgen" .
  mv -f "$work/pulumi-sdkgen" "$binary"
fi
echo "$binary"
