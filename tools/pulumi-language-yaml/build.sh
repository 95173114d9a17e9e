#!/usr/bin/env bash
# Builds, once, Pulumi's YAML language host (pulumi-language-yaml, from github.com/pulumi/pulumi-yaml
# at the version go.mod beside this script pins; from Go modules, no prebuilt binary) into a cache
# outside the repo, so that the real CLI (tools/pulumi-cli) can run `runtime: yaml` programs with
# this directory on PATH. Prints that directory as its last line.
#
#   bash tools/pulumi-language-yaml/build.sh          # build if missing, print the bin directory
#   bash tools/pulumi-language-yaml/build.sh --check  # print it if built; build nothing
#   PULUMI_YAML_CACHE=/somewhere bash …               # another cache directory
#
# pulumi-yaml v1.25.0 resolves github.com/pulumi/pulumi/{pkg,sdk}/v3 at v3.206.0 (it does not compile
# against 3.248); a 3.206 language host speaks the gRPC protocol of the 3.248 CLI. The cache is keyed
# by pulumi-yaml's version and a hash of go.mod, go.sum and tools.go, so an edit builds anew. Safe to
# run twice at once: see tools/lib/cached-build.sh. About 2–3 minutes cold on 2 cores.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/cached-build.sh"

version=$(sed -n 's#^require github.com/pulumi/pulumi-yaml \(v[0-9.]*\)$#\1#p' "$here/go.mod")
if [ -z "$version" ]; then
  echo "tools/pulumi-language-yaml/go.mod does not require github.com/pulumi/pulumi-yaml" >&2
  exit 2
fi
hash=$(cat "$here/go.mod" "$here/go.sum" "$here/tools.go" | sha256sum | cut -c1-12)
versioned="$(cached_build_cache pulumi-language-yaml "${PULUMI_YAML_CACHE:-}")/$version-$hash"
bin="$versioned/bin"
if [ "${1:-}" = "--check" ]; then
  if [ -x "$bin/pulumi-language-yaml" ]; then echo "$bin"; fi
  exit 0
fi
mkdir -p "$bin"
cached_build_lock "$versioned" "pulumi-language-yaml $version"

if [ ! -x "$bin/pulumi-language-yaml" ]; then
  cached_build_scratch "$versioned"
  cached_build_go "pulumi-language-yaml $version" "$here" \
    -ldflags "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=$version" \
    -o "$work/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
  mv -f "$work/pulumi-language-yaml" "$bin/pulumi-language-yaml"
fi
echo "$bin"
