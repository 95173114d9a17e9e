#!/usr/bin/env bash
# Builds, once, Pulumi's Python language host from Go modules (no prebuilt binary) and a Python
# virtualenv with the `pulumi` pip package at the version requirements.txt pins, into a cache
# outside the repo, so that the real CLI (tools/pulumi-cli) can run `runtime: python` programs.
#
#   bash tools/pulumi-language-python/build.sh          # build if missing; print the bin directory
#   bash tools/pulumi-language-python/build.sh --venv   # the same, but print the virtualenv's path
#   bash tools/pulumi-language-python/build.sh --check  # print the bin directory if all is built
#   bash tools/pulumi-language-python/build.sh --check --venv  # print the virtualenv's, if built
#   PULUMI_PYTHON_CACHE=/somewhere bash …               # another cache directory
#
# The bin directory (put it on PATH) holds pulumi-language-python and pulumi-language-python-exec.
# A program names the virtualenv in its Pulumi.yaml:
#   runtime: {name: python, options: {virtualenv: <the path --venv prints>}}
#
# The host is github.com/pulumi/pulumi/sdk/v3 v3.79.0's python/cmd/pulumi-language-python (go.mod
# beside this script): the module proxy reachable here refuses sdk/python/cmd/pulumi-language-python/v3
# at every version, and v3.79.0 is the last sdk/v3 that carries the host as a package. Its
# pulumi-language-python-exec script comes from the same module. The 3.248 CLI no longer passes
# runtime options as flags, so bin/pulumi-language-python is the script beside this one, which reads
# the virtualenv option from Pulumi.yaml and starts the Go binary (libexec/) with it.
#
# The host's directory is keyed by the sdk version and a hash of this tool's files; the virtualenv
# by the pin and python3's version (venv-pulumi<pin>-py<X.Y>). Safe to run twice at once: see
# tools/lib/cached-build.sh (the virtualenv too is made in a scratch directory, its scripts pointed
# at the final path, then renamed into place). About 15 s for the host and 10 s for the virtualenv
# on 2 cores once the Go modules are downloaded.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/cached-build.sh"

check=false venv_out=false
for arg in "$@"; do
  case "$arg" in
    --check) check=true ;;
    --venv) venv_out=true ;;
    *)
      echo "usage: build.sh [--check] [--venv]" >&2
      exit 2
      ;;
  esac
done

sdk_version=$(sed -n 's#^require github.com/pulumi/pulumi/sdk/v3 \(v[0-9.]*\)$#\1#p' "$here/go.mod")
pin=$(sed -n 's#^pulumi==\([0-9][0-9.]*\)$#\1#p' "$here/requirements.txt")
if [ -z "$sdk_version" ] || [ -z "$pin" ]; then
  echo "tools/pulumi-language-python: go.mod must require github.com/pulumi/pulumi/sdk/v3 and requirements.txt pin pulumi==X.Y.Z" >&2
  exit 2
fi
py=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
hash=$(cat "$here/go.mod" "$here/go.sum" "$here/tools.go" "$here/pulumi-language-python" "$here/requirements.txt" |
  sha256sum | cut -c1-12)
cache=$(cached_build_cache pulumi-language-python "${PULUMI_PYTHON_CACHE:-}")
host="$cache/sdk-$sdk_version-$hash"
bin="$host/bin"
venv="$cache/venv-pulumi$pin-py$py"
built() { [ -x "$bin/pulumi-language-python" ] && [ -x "$venv/bin/python" ]; }
output() { if $venv_out; then echo "$venv"; else echo "$bin"; fi; }
if $check; then
  if built; then output; fi
  exit 0
fi
mkdir -p "$cache"
cached_build_lock "$cache" "the Python language host and virtualenv"

if ! built; then
  cached_build_scratch "$cache"
fi

if [ ! -x "$venv/bin/python" ]; then
  echo "making a virtualenv with pulumi==$pin (python $py)…" >&2
  start=$(date +%s)
  python3 -m venv "$work/venv"
  # --no-compile: the .pyc files are written on first import, naming the final paths.
  "$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-compile \
    -r "$here/requirements.txt"
  # The scripts of bin/ (pip's shebangs, activate) name the scratch path: point them at the final one.
  { grep -rlI -- "$work/venv" "$work/venv/bin" || true; } | while read -r file; do
    sed -i "s#$work/venv#$venv#g" "$file"
  done
  # Without flock another run may have finished first: its virtualenv is as good as this one.
  mv -T "$work/venv" "$venv" 2>/dev/null || [ -x "$venv/bin/python" ]
  echo "made the virtualenv in $(($(date +%s) - start)) s" >&2
fi

if [ ! -x "$bin/pulumi-language-python" ]; then
  mkdir -p "$work/host/bin" "$work/host/libexec"
  cached_build_go "pulumi-language-python (sdk $sdk_version)" "$here" \
    -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$sdk_version" \
    -o "$work/host/libexec/pulumi-language-python" github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python
  module=$(cd "$here" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)
  install -m 0755 "$module/python/cmd/pulumi-language-python-exec" "$work/host/bin/"
  sed "s#@YAML_PYTHON@#$venv/bin/python#" "$here/pulumi-language-python" >"$work/host/bin/pulumi-language-python"
  chmod 0755 "$work/host/bin/pulumi-language-python"
  # bin/ and libexec/ appear together, with one rename of the directory that holds them.
  mv -T "$work/host" "$host" 2>/dev/null || [ -x "$bin/pulumi-language-python" ]
fi
output
