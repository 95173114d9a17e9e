# The skeleton the build.sh scripts of tools/ share (source it; it defines functions only): a cache
# outside the repo, one build at a time per cache directory with flock(1), and each run's output
# built in its own temporary directory beside the final path, then moved into place with one rename
# — so two runs at once (two worktrees, CI and a developer) never see half a binary, and a second
# run waits for the first and then finds the result there instead of building it again.
#
#   . "$here/../lib/cached-build.sh"
#   cache=$(cached_build_cache s3-server "${S3_SERVER_CACHE:-}")  # $S3_SERVER_CACHE, or ~/.cache/…/s3-server
#   mkdir -p "$dir"; cached_build_lock "$dir" "$what"              # waits for a build running there
#   cached_build_scratch "$dir"                                    # sets $work (removed on exit)
#   cached_build_go "$what" "$module_dir" -o "$work/x" <package>   # go build -trimpath, timed on stderr
#   mv -f "$work/x" "$dir/x"

# Prints the cache directory: the override when it is non-empty, else
# ${XDG_CACHE_HOME:-~/.cache}/pulumi-macie-member-status/<name>.
cached_build_cache() {
  local name=$1 override=${2:-}
  if [ -n "$override" ]; then
    echo "$override"
  else
    echo "${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-macie-member-status/$name"
  fi
}

# Takes <dir>/build.lock on file descriptor 9 for as long as the calling script runs, waiting (and
# saying so on stderr) while another run holds it. Without flock(1), says so and goes on: two runs
# at once may then build the same thing twice, which is harmless since each builds into its own
# scratch directory and the last rename wins.
cached_build_lock() {
  local dir=$1 what=$2
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$dir/build.lock"
    if ! flock -n 9; then
      echo "another build.sh is building $what into $dir: waiting for it…" >&2
      flock 9
    fi
  else
    echo "no flock(1) here: a build running at the same time may build $what again (harmless)" >&2
  fi
}

# Makes this run's scratch directory inside <dir> (the same file system as the final paths, so that
# `mv` is a rename), sets $work to it and removes it when the calling script exits.
cached_build_scratch() {
  work=$(mktemp -d "$1/build.XXXXXX")
  # shellcheck disable=SC2064 # expand now: $work is this run's own directory
  trap "rm -rf '$work'" EXIT
}

# cached_build_go <what> <module dir> <go build arguments…>: runs `go build -trimpath` in the module
# directory and reports on stderr what it builds and how long it took.
cached_build_go() {
  local what=$1 dir=$2 start
  shift 2
  echo "building $what from Go modules…" >&2
  start=$(date +%s)
  (cd "$dir" && go build -trimpath "$@")
  echo "built $what in $(($(date +%s) - start)) s" >&2
}
