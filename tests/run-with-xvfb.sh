#!/bin/sh
# Runs a program on a private X server of its own and exits with the program's status.
#
#   run-with-xvfb.sh PROGRAM [ARGS...]
#
# Xvfb picks the display itself (-displayfd): it takes the first one free and says which, so
# tests started at the same moment never share one. `xvfb-run -a` looks for a free display
# before it starts the server, and two tests started together can both pick the same one; the
# loser then fails, or runs against the other's server.
set -eu

if [ $# -eq 0 ]; then
  echo "usage: $0 PROGRAM [ARGS...]" >&2
  exit 2
fi

dir=$(mktemp -d)
xvfb_pid=""
cleanup() {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2> /dev/null || true
    wait "$xvfb_pid" 2> /dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

# A home of its own as well: the GL and the cairo run of a test start together and would
# otherwise share an archive, a cache and a download folder (gtk_test_init ignores
# G_TEST_OPTION_ISOLATE_DIRS). Mesa keeps its shader cache where it was: compiled once, and
# safe to share.
export MESA_SHADER_CACHE_DIR="${MESA_SHADER_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/mesa_shader_cache}"
export HOME="$dir/home"
export XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config" \
  XDG_CACHE_HOME="$HOME/.cache" XDG_STATE_HOME="$HOME/.local/state"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"

Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp -noreset \
  3> "$dir/display" 2> "$dir/xvfb.log" &
xvfb_pid=$!

# The number is written once the server accepts clients.
tries=0
until grep -q . "$dir/display" 2> /dev/null; do
  if ! kill -0 "$xvfb_pid" 2> /dev/null; then
    echo "Xvfb did not start:" >&2
    cat "$dir/xvfb.log" >&2
    exit 1
  fi
  tries=$((tries + 1))
  if [ "$tries" -gt 300 ]; then
    echo "Xvfb did not start within 30 s" >&2
    exit 1
  fi
  sleep 0.1
done

DISPLAY=":$(head -n 1 "$dir/display")"
export DISPLAY
unset WAYLAND_DISPLAY

status=0
"$@" || status=$?
exit "$status"
