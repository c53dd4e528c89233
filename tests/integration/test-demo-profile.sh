#!/usr/bin/env bash
# The demo keeps to itself: its profile is set up exactly as build-aux/run.sh does it (the same
# script), with HOME an empty folder; a download with the demo's settings must land inside the
# profile, and nothing may be written under HOME.
# Then the same in Trove itself, as a person tries it: a chat, "Download Missing", Download.
# Usage: test-demo-profile.sh SOURCE_DIR BUILD_DIR RUN_WITH_XVFB
set -uo pipefail

top=$1
build=$2
run_with_xvfb=$3
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

# Under the account's folder: {chat} is the fan's name, as the app gives it.
in_profile=$(find "$demo" -type f -path '*/Demo Main/*' | wc -l)
if [ "$in_profile" -gt 0 ]; then pass "$in_profile downloaded files inside the profile"; else fail "no downloaded file inside the profile $demo"; fi

left=$(cd "$HOME" && find . -mindepth 1 | head -20)
if [ -z "$left" ]; then
  pass "nothing written under HOME"
else
  fail "written under HOME: $(echo "$left" | tr '\n' ' ')"
fi

# Trove on a display of its own and a session bus of its own (a desktop session has one;
# without it D-Bus would start one and note it under ~/.dbus).
cat > "$work/gui.sh" <<'GUI'
trove=$1 downloads=$2
"$trove" > "$TMPDIR/trove.log" 2>&1 &
pid=$!
wid=""
for _ in $(seq 100); do
  wid=$(xdotool search --onlyvisible --class trove 2> /dev/null | head -1)
  [ -n "$wid" ] && break
  sleep 0.2
done
[ -n "$wid" ] || { echo "# no Trove window" >&2; kill $pid; exit 1; }
sleep 2
xdotool mousemove --window "$wid" 100 80 click 1 # the first chat
sleep 3
xdotool key alt+m # Download _Missing
sleep 2
xdotool key Return # the dialog's default: Download
for _ in $(seq 300); do
  [ -n "$(find "$downloads" -type f ! -name '*.part' 2> /dev/null | head -1)" ] && break
  sleep 0.2
done
sleep 1
kill $pid
wait $pid
exit 0
GUI
dbus-run-session -- "$run_with_xvfb" bash "$work/gui.sh" "$build/src/trove" "$demo/downloads" 2> "$work/gui.err"
gui_files=$(find "$demo/downloads" -type f ! -name '*.part' 2> /dev/null | wc -l)
if [ "$gui_files" -gt 0 ]; then
  pass "Trove's Download Missing saved $gui_files files inside the profile"
else
  fail "Trove saved nothing in $demo/downloads; $(tail -3 "$work/gui.err") $(tail -3 "$TMPDIR/trove.log" 2> /dev/null)"
fi
left=$(cd "$HOME" && find . -mindepth 1 | head -20)
if [ -z "$left" ]; then
  pass "nothing written under HOME by Trove"
else
  fail "Trove wrote under HOME: $(echo "$left" | tr '\n' ' ')"
fi

echo "1..5"
[ "$failures" -eq 0 ]
