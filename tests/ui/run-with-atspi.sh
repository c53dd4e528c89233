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

xvfb="$(dirname "$0")/../run-with-xvfb.sh"

exec dbus-run-session -- "$xvfb" sh -c '
  set -eu
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
' "$launcher" "$@"
