#!/usr/bin/env bash
# Runs a test program on its own session bus with a real, unlocked gnome-keyring-daemon, in a
# temporary home (the recipe in DESIGN.md section 7). With --no-keyring, the bus has none.
set -euo pipefail

keyring=1
if [ "${1:-}" = "--no-keyring" ]; then
  keyring=0
  shift
fi

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT

export HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

exec dbus-run-session -- bash -c '
  if [ "$0" = 1 ]; then
    echo -n trove-test | gnome-keyring-daemon --unlock --components=secrets > /dev/null
  fi
  shift
  exec "$@"
' "$keyring" -- "$@"
