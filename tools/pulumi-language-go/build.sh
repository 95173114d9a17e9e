#!/usr/bin/env bash
# Builds, once, Pulumi's Go language host (pulumi-language-go) from Go modules (no prebuilt binary)
# into a cache outside the repo, so that the real CLI (tools/pulumi-cli) can run `runtime: go`
# programs with this directory on PATH. Prints that directory as its last line.
#
#   bash tools/pulumi-language-go/build.sh          # build if missing, print the bin directory
#   bash tools/pulumi-language-go/build.sh --check  # print it if built; build nothing
#   PULUMI_GO_CACHE=/somewhere bash …               # another cache directory
#
# The host is github.com/pulumi/pulumi/sdk/v3 v3.66.0's go/pulumi-language-go (go.mod beside this
# script): the module proxy reachable here refuses sdk/go/pulumi-language-go/v3 at every version, and
# v3.66.0 is the last sdk/v3 that carries the host as a package (v3.67.0 no longer does). It speaks
# the 3.248 CLI's protocol: it builds the program with the `go` on PATH (`go build` in the program's
# directory, at every preview and up) and runs it, and the program's own go.mod chooses its
# sdk/v3 (3.248.0 for sdk/go). It reads the runtime options `binary` and `buildTarget` only from
# flags, which the 3.248 CLI no longer passes: Pulumi.yaml's options are ignored, the program is
# always built.
#
# The cache is keyed by the sdk version and a hash of go.mod, go.sum and tools.go, so an edit builds
# anew. Safe to run twice at once: see tools/lib/cached-build.sh. About 20 s on 2 cores once the Go
# modules are downloaded and the Go build cache holds the CLI's build.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/cached-build.sh"

check=false
for arg in "$@"; do
  case "$arg" in
    --check) check=true ;;
    *)
      echo "usage: build.sh [--check]" >&2
      exit 2
      ;;
  esac
done

version=$(sed -n 's#^require github.com/pulumi/pulumi/sdk/v3 \(v[0-9.]*\)$#\1#p' "$here/go.mod")
if [ -z "$version" ]; then
  echo "tools/pulumi-language-go/go.mod does not require github.com/pulumi/pulumi/sdk/v3" >&2
  exit 2
fi
hash=$(cat "$here/go.mod" "$here/go.sum" "$here/tools.go" | sha256sum | cut -c1-12)
versioned="$(cached_build_cache pulumi-language-go "${PULUMI_GO_CACHE:-}")/sdk-$version-$hash"
bin="$versioned/bin"
if $check; then
  if [ -x "$bin/pulumi-language-go" ]; then echo "$bin"; fi
  exit 0
fi
mkdir -p "$bin"
cached_build_lock "$versioned" "pulumi-language-go (sdk $version)"

if [ ! -x "$bin/pulumi-language-go" ]; then
  cached_build_scratch "$versioned"
  cached_build_go "pulumi-language-go (sdk $version)" "$here" \
    -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
    -o "$work/pulumi-language-go" github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go
  mv -f "$work/pulumi-language-go" "$bin/pulumi-language-go"
fi
echo "$bin"
