#!/usr/bin/env bash
# Builds Trove and launches it from the build directory.
# On a fresh Debian 12 machine this installs the build dependencies first.
#
# When you have no account yet (or TROVE_DEMO=1), Trove runs on the demo: the test server
# with its demo data set, and a private profile (its own config, data and cache directories,
# a keyfile settings backend, a file keyring and a download folder) holding one account of each
# kind (build-aux/demo-profile.sh). Nothing of the demo touches your own settings, keyring or files.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build="$top/_build"

"$top/build-aux/install-deps.sh"

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$top" -Dprofile=development
fi
ninja -C "$build"

export GSETTINGS_SCHEMA_DIR="$build/data"

accounts=$(gsettings get io.github.trove.Trove accounts 2>/dev/null || echo "@as []")
if [ "$accounts" != "@as []" ] && [ -z "${TROVE_DEMO:-}" ]; then
  exec "$build/src/trove" "$@"
fi

# shellcheck source=build-aux/demo-profile.sh
. "$top/build-aux/demo-profile.sh"
trap trove_demo_stop EXIT
trove_demo_start "$build"

echo "Trove demo: test server at $api, private profile in $demo" >&2
"$build/src/trove" "$@"
