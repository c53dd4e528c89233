#!/bin/sh
# Every program run on its own X server also gets a home of its own: the GL and the cairo run of
# one ui test start together and would otherwise share an archive, a cache and a download
# folder (gtk_test_init takes no G_TEST_OPTION_ISOLATE_DIRS; a download in one run once took
# the other's .part away).
#
#   test-private-home.sh RUN_WITH_XVFB
set -eu

xvfb=$1
caller_home=${HOME:-/nonexistent}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

show_dirs='printf "%s\n" "$HOME" "${XDG_DATA_HOME:-}" "${XDG_CONFIG_HOME:-}" "${XDG_CACHE_HOME:-}" "${XDG_STATE_HOME:-}"
for d in "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"; do
  [ -d "$d" ] && [ -w "$d" ] || { echo "not a writable folder: $d" >&2; exit 1; }
done'

"$xvfb" sh -c "$show_dirs" > "$out/first" &
first=$!
"$xvfb" sh -c "$show_dirs" > "$out/second"
wait "$first"

status=0
for run in first second; do
  while IFS= read -r dir; do
    case "$dir" in
      "") echo "$run run: a folder is not set" >&2; status=1 ;;
      "$caller_home" | "$caller_home"/*) echo "$run run: $dir is in the caller's home" >&2; status=1 ;;
    esac
  done < "$out/$run"
done
if [ "$(head -n 1 "$out/first")" = "$(head -n 1 "$out/second")" ]; then
  echo "two runs started together share the home $(head -n 1 "$out/first")" >&2
  status=1
fi
[ "$status" -eq 0 ] && echo "two runs, two private homes: $(head -n 1 "$out/first"), $(head -n 1 "$out/second")"
exit "$status"
