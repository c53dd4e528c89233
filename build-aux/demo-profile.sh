# Sourced by build-aux/run.sh and by the test that checks the demo keeps to itself.
#
# trove_demo_start BUILD_DIR: makes the demo's private profile in a new temporary directory
# ($demo): its own config, data and cache directories, a keyfile settings backend and a file
# keyring, exported for everything started afterwards, and its download folder ($demo/downloads). Starts the test server with its demo data
# set ($server_pid, $api) and adds one account of each kind.
# trove_demo_stop: stops the server and removes the profile.

trove_demo_start() {
  local build=$1 creator cli

  export GSETTINGS_SCHEMA_DIR="$build/data"
  demo=$(mktemp -d "${TMPDIR:-/tmp}/trove-demo.XXXXXX")
  server_pid=""

  export XDG_CONFIG_HOME="$demo/config" XDG_DATA_HOME="$demo/data" XDG_CACHE_HOME="$demo/cache" XDG_STATE_HOME="$demo/state"
  export GSETTINGS_BACKEND=keyfile
  export SECRET_BACKEND=file SECRET_FILE_TEST_PATH="$demo/keyring" SECRET_FILE_TEST_PASSWORD=trove-demo
  mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME" "$demo/downloads"
  # Downloads stay in the profile too, and go with it (the default is the user's Downloads).
  gsettings set io.github.trove.Trove download-folder "$demo/downloads"

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
}

trove_demo_stop() {
  if [ -n "${server_pid:-}" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  [ -n "${demo:-}" ] && rm -rf "$demo"
  return 0
}
