# Sourced by the trove-cli test scripts (bash): a scratch folder removed at exit, with the test
# server ($server_pid) and any other process listed in $background_pids stopped; results as
# "ok - …" / "not ok - …" lines, counted in $failures.

work=$(mktemp -d)
server_pid=""
background_pids=""
failures=0
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  for pid in $background_pids; do kill "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

# trove-cli in a profile of its own under $work: settings in a keyfile, nothing of the user's.
use_private_profile() {
  export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache"
  export GSETTINGS_BACKEND=keyfile
  mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
}

fail() {
  echo "not ok - $*"
  failures=$((failures + 1))
}
pass() {
  echo "ok - $*"
}
# Usage: expect_status EXPECTED DESCRIPTION COMMAND... (its output in $work/out and $work/err)
expect_status() {
  local expected=$1 what=$2
  shift 2
  "$@" > "$work/out" 2> "$work/err"
  local status=$?
  if [ "$status" -eq "$expected" ]; then pass "$what (exit $status)"; else fail "$what: exit $status, expected $expected; $(head -3 "$work/err")"; fi
}
