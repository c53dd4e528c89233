#!/usr/bin/env bash
# trove-cli sync of every account at once, as the systemd timer runs it: tokens from the
# keyring (run under run-with-keyring.sh), the three accounts side by side, then a second sync
# that only reads each account's first chat-list page.
# Usage: run-with-keyring.sh test-sync-all.sh TROVE_CLI (TROVE_TEST_SERVER from the environment).
set -uo pipefail

cli="$1"
. "$(dirname "${BASH_SOURCE[0]}")/cli-test-lib.sh"

export GSETTINGS_BACKEND=keyfile
unset TROVE_TOKEN

check_requests() { # description python-expression on routes and in_flight
  local what=$1 expression=$2
  curl -sf "$api/__control/stats" > "$work/stats.json"
  curl -sf "$api/__control/requests" > "$work/requests.json"
  if python3 - "$work/stats.json" "$work/requests.json" "$expression" <<'PY' > "$work/check" 2>&1; then pass "$what"; else fail "$what: $(cat "$work/check")"; fi
import json, sys
routes = json.load(open(sys.argv[1]))["routes"]
in_flight = json.load(open(sys.argv[2]))["max_in_flight"]
if not eval(sys.argv[3]):
    print("routes", routes, "in flight", in_flight)
    sys.exit(1)
PY
}

"$TROVE_TEST_SERVER" --dataset archive=12,2,50 --print-urls > "$work/urls" &
server_pid=$!
for _ in $(seq 100); do [ -s "$work/urls" ] && break; sleep 0.05; done
api=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["api"])' "$work/urls")
curl -sf "$api/__control/dataset" > "$work/dataset.json"
creator=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["agency"][0]["id"])' "$work/dataset.json")

echo -n fv_test_creator | expect_status 0 "add a Fanvue account" "$cli" accounts add --name creator --kind fanvue --api-url "$api" --token-stdin
echo -n fv_test_agency | expect_status 0 "add an agency account" "$cli" accounts add --name agency --kind fanvue-agency --api-url "$api" --creator "$creator" --token-stdin
echo -n ofapi_test_key | expect_status 0 "add an OnlyFansAPI account" "$cli" accounts add --name onlyfans --kind onlyfansapi --api-url "$api" --onlyfans-account acct_demo_main --token-stdin

# Slow answers, so that accounts synced side by side overlap on the server.
curl -sf -X POST -d 'latency:ms=200,server=api' "$api/__control/faults" > /dev/null
expect_status 1 "first sync of every account (gone chats)" "$cli" sync --dest "$work/dl"
for name in creator agency onlyfans; do
  grep -q "^$name: chats 12 changed of 12 listed, 1 failed" "$work/out" && pass "$name synced" || fail "$name: $(cat "$work/out")"
done
check_requests "the three accounts side by side" 'in_flight["api"] >= 3'

curl -sf -X POST "$api/__control/reset" > /dev/null
expect_status 0 "second sync of every account" "$cli" sync --dest "$work/dl"
check_requests "second sync: each account's first chat-list page, nothing else" \
  'routes == {"GET /chats": 1, "GET /creators/{creator}/chats": 1, "GET /api/{account}/chats": 1}'

if [ "$failures" -gt 0 ]; then
  echo "# $failures failed"
  exit 1
fi
echo "# all passed"
