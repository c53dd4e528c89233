#!/bin/sh
# Runs a test program with a real, unlocked GNOME Keyring on a private session bus.
#
#   run-with-keyring.sh PROGRAM [ARGS...]
#   run-with-keyring.sh --no-keyring PROGRAM [ARGS...]   a bus on which no Secret Service
#                                                         exists or can be activated
set -eu

here=$(cd "$(dirname "$0")" && pwd)

if [ "${1:-}" = "--no-keyring" ]; then
  shift
  exec dbus-run-session --config-file="$here/session-no-activation.conf" -- "$@"
fi

if ! command -v gnome-keyring-daemon > /dev/null 2>&1; then
  echo "1..0 # SKIP gnome-keyring-daemon is missing (gnome-keyring)"
  exit 77
fi

exec dbus-run-session -- sh -c '
  set -eu
  tmp=$(mktemp -d)
  trap "rm -rf \"\$tmp\"" EXIT
  export HOME="$tmp" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
         XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/runtime"
  mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
  chmod 700 "$XDG_RUNTIME_DIR"
  # Unlocking with a password creates the login collection: no prompt is ever needed.
  eval "$(printf test | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  # The daemon forks before it owns its bus name: a test that starts at once can find no
  # Secret Service (seen under the sanitizer build). Wait for the name, 10 s at most.
  for _ in $(seq 100); do
    gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
      --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2> /dev/null |
      grep -q true && break
    sleep 0.1
  done
  # Tests that need the keyring and its tools fail here rather than skip.
  export TROVE_TEST_KEYRING=1
  "$@"
' sh "$@"
