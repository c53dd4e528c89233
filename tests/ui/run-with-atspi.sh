#!/bin/sh
# Runs a program on a private session bus and a private X server with the accessibility bus
# up, as GNOME runs it: what the program starts can be seen and driven through AT-SPI.
#
#   run-with-atspi.sh PROGRAM [ARGS...]
set -eu

launcher=/usr/libexec/at-spi-bus-launcher
if [ ! -x "$launcher" ]; then
  echo "1..0 # SKIP $launcher is missing (at-spi2-core)"
  exit 77
fi

# Two xvfb-run -a started at once can pick the same display; the loser then runs its program
# against the other's server, which refuses it. Start away from 99, where the other UI tests
# look, and try another display when ours does not answer (status 75).
attempt=0
while :; do
  attempt=$((attempt + 1))
  status=0
  dbus-run-session -- xvfb-run -a -n $((100 + ($$ + 97 * attempt) % 400)) -s "-screen 0 1280x1024x24" sh -c '
    set -eu
    xdpyinfo > /dev/null 2>&1 || exit 75
    "$0" --launch-immediately > /dev/null 2>&1 &
    launcher_pid=$!
    trap "kill $launcher_pid 2> /dev/null || true" EXIT
    # The bus is up once the launcher owns its name (asking the name itself would start another).
    tries=0
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.a11y.Bus 2> /dev/null | grep -q "boolean true"; do
      tries=$((tries + 1))
      [ "$tries" -lt 100 ] || { echo "Bail out! the accessibility bus did not start"; exit 1; }
      sleep 0.1
    done
    status=0
    "$@" || status=$?
    exit "$status"
  ' "$launcher" "$@" || status=$?
  if [ "$status" -eq 75 ] && [ "$attempt" -lt 3 ]; then
    echo "# display taken, trying another" >&2
    continue
  fi
  exit "$status"
done
