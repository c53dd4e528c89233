#!/usr/bin/env bash
# Builds Trove and launches it from the build directory.
# On a fresh Debian 12 machine this installs the build dependencies first.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build="$top/_build"

"$top/build-aux/install-deps.sh"

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$top" -Dprofile=development
fi
ninja -C "$build"

export GSETTINGS_SCHEMA_DIR="$build/data"
exec "$build/src/trove" "$@"
