#!/usr/bin/env bash
# The demo keeps to itself: its profile is set up exactly as build-aux/run.sh does it (the same
# script), with HOME an empty folder; a download with the demo's settings must land inside the
# profile, and nothing may be written under HOME.
# Usage: test-demo-profile.sh SOURCE_DIR BUILD_DIR
set -uo pipefail

top=$1
build=$2
work=$(mktemp -d)
failures=0

fail() {
  echo "not ok - $*"
  failures=$((failures + 1))
}
pass() {
  echo "ok - $*"
}

# shellcheck source=../../build-aux/demo-profile.sh
. "$top/build-aux/demo-profile.sh"
cleanup() {
  trove_demo_stop
  rm -rf "$work"
}
trap cleanup EXIT

# A new user: an empty home, none of the test runner's XDG folders, the demo's temporary
# directory elsewhere.
export HOME="$work/home" TMPDIR="$work/tmp"
unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME
mkdir -p "$HOME" "$TMPDIR"

trove_demo_start "$build"
echo "# demo profile in $demo, server at $api"

# What "Download Missing" does on one chat, through the same download-folder setting the app
# reads (trove-cli download without --dest).
"$build/src/cli/trove-cli" download --account "Demo Main" --chat 100109 --kind audio > "$work/out" 2> "$work/err"
status=$?
if [ "$status" -eq 0 ]; then pass "download from the demo (exit 0)"; else fail "download: exit $status; $(tail -3 "$work/err")"; fi

in_profile=$(find "$demo" -type f -path '*/100109/*' | wc -l)
if [ "$in_profile" -gt 0 ]; then pass "$in_profile downloaded files inside the profile"; else fail "no downloaded file inside the profile $demo"; fi

left=$(cd "$HOME" && find . -mindepth 1 | head -20)
if [ -z "$left" ]; then
  pass "nothing written under HOME"
else
  fail "written under HOME: $(echo "$left" | tr '\n' ' ')"
fi

echo "1..3"
[ "$failures" -eq 0 ]
