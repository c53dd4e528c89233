#!/usr/bin/env bash
# Builds Trove and launches it from the build directory.
# On a fresh Debian 12 machine this installs the build dependencies first.
#
# When you have no account yet (or TROVE_DEMO=1), Trove runs on the demo: the test server
# with its demo data set, and a private profile (its own config, data and cache directories,
# a keyfile settings backend and a file keyring) holding one account of each kind. Nothing
# of the demo touches your own settings or keyring.
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

demo=$(mktemp -d "${TMPDIR:-/tmp}/trove-demo.XXXXXX")
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$demo"
}
trap cleanup EXIT

export XDG_CONFIG_HOME="$demo/config" XDG_DATA_HOME="$demo/data" XDG_CACHE_HOME="$demo/cache"
export GSETTINGS_BACKEND=keyfile
export SECRET_BACKEND=file SECRET_FILE_TEST_PATH="$demo/keyring" SECRET_FILE_TEST_PASSWORD=trove-demo
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"

"$build/tests/server/trove-test-server" --dataset demo --latency 30:20 --print-urls > "$demo/urls" &
server_pid=$!
for _ in $(seq 50); do
  [ -s "$demo/urls" ] && break
  sleep 0.1
done
api=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["api"])' "$demo/urls")
creator=$(curl -sf "$api/__control/dataset" | python3 -c 'import json, sys; print(json.load(sys.stdin)["agency"][0]["id"])')

cli="$build/src/cli/trove-cli"
echo -n fv_test_creator | "$cli" accounts add --name "Mira Solberg" --kind fanvue --api-url "$api" --token-stdin > /dev/null
echo -n fv_test_agency | "$cli" accounts add --name "Nova Studio (agency)" --kind fanvue-agency --api-url "$api" \
  --creator "$creator" --token-stdin > /dev/null
echo -n ofapi_test_key | "$cli" accounts add --name "Demo Main" --kind onlyfansapi --api-url "$api" \
  --onlyfans-account acct_demo_main --token-stdin > /dev/null

echo "Trove demo: test server at $api, private profile in $demo" >&2
"$build/src/trove" "$@"
