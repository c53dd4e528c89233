#!/usr/bin/env bash
# trove-cli download --all-chats (the walk over an account) against a service that pages in
# circles (the server's repeat-cursor fault): on the chat list, then on one chat's media. The
# run ends, names what it could not finish, exits 5 (the service broke its paging), and every
# other chat is downloaded with the exact bytes the server serves.
# Usage: test-account-walk-loops.sh TROVE_CLI (TROVE_TEST_SERVER from the environment).
set -uo pipefail

cli="$1"
. "$(dirname "${BASH_SOURCE[0]}")/cli-test-lib.sh"

use_private_profile

# Usage: start_server FAULT (sets api; a fresh server with that fault from its start)
start_server() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -f "$work/urls"
  "$TROVE_TEST_SERVER" --dataset archive=60,2,50 --fault "$1" --print-urls > "$work/urls" &
  server_pid=$!
  for _ in $(seq 100); do [ -s "$work/urls" ] && break; sleep 0.05; done
  api=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["api"])' "$work/urls")
  curl -sf "$api/__control/dataset" > "$work/dataset.json"
}
# Usage: check_chats DESCRIPTION DIR EXPECTED_JSON: EXPECTED_JSON maps each chat name to the
# number of files its folder must hold; every file must have the server's exact bytes.
check_chats() {
  local what=$1 dir=$2 expected=$3
  if python3 - "$dir" "$expected" "$api" <<'PY' > "$work/check" 2>&1; then pass "$what"; else fail "$what: $(head -5 "$work/check")"; fi
import json, os, sys, urllib.request
dir, expected, api = sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3]
bad = []
for name, count in expected.items():
    folder = os.path.join(dir, name)
    files = os.listdir(folder) if os.path.isdir(folder) else []
    if len(files) != count:
        bad.append("%s: %d files, expected %d" % (name, len(files), count))
    for f in files:
        media_id = f.split(".")[0]
        want = urllib.request.urlopen("%s/__control/content/%s/main" % (api, media_id)).read()
        if open(os.path.join(folder, f), "rb").read() != want:
            bad.append("%s/%s: bytes differ" % (name, f))
if bad:
    print("; ".join(bad[:5]))
    sys.exit(1)
PY
}
# Usage: download NAME DEST: trove-cli download --all-chats of account NAME (sets status)
download() {
  timeout 120 env TROVE_TOKEN=fv_test_creator "$cli" download --account "$1" --all-chats --dest "$2" \
    --template '{chat}/{id}.{ext}' > "$work/out" 2> "$work/err"
  status=$?
}

# The chat list loops: its page 2 is page 1 again (Fanvue page numbers), which ends the walk.
# The chats of page 1 are downloaded; the run names the chat list and exits 5.
start_server 'repeat-cursor:path=/chats'
TROVE_TOKEN=unused "$cli" accounts add --name loop-chats --kind fanvue --api-url "$api" > /dev/null
curl -sf -H 'Authorization: Bearer fv_test_creator' -H 'X-Fanvue-API-Version: 2025-06-26' \
  "$api/chats?page=1&size=50&sortBy=most_recent_messages" > "$work/page1.json"
python3 - "$work/page1.json" "$work/dataset.json" > "$work/expected.json" <<'PY'
import json, sys
page = [c["user"]["uuid"] for c in json.load(open(sys.argv[1]))["data"]]
chats = {c["id"]: c for c in json.load(open(sys.argv[2]))["fanvue"]["chats"]}
expected = {}
for chat_id in page:
    c = chats[chat_id]
    if not c["gone"]:
        expected[c["name"]] = expected.get(c["name"], 0) + c["media_count"]
print(json.dumps(expected))
PY
download loop-chats "$work/dl1"
[ "$status" -eq 5 ] && pass "looping chat list: exit 5" || fail "looping chat list: exit $status, expected 5; $(head -3 "$work/err")"
grep -q "loop-chats.*chat list: The service kept saying there was more but sent nothing new" "$work/err" \
  && pass "looping chat list: the chat list is named" || fail "looping chat list: no message naming the chat list: $(cat "$work/err")"
check_chats "looping chat list: every chat of its first page downloaded, bytes exact" "$work/dl1" "$work/expected.json"

# One chat's media loop (62 items, its second page is its first again): the other chats are
# downloaded, the looping one has its first page; the run names that chat and exits 5.
loop_chat=$(python3 -c '
import json, sys
print(next(c["id"] for c in json.load(open(sys.argv[1]))["fanvue"]["chats"] if not c["gone"]))' "$work/dataset.json")
start_server "repeat-cursor:path=/chats/$loop_chat/media"
curl -sf -X POST "$api/__control/chats/$loop_chat/add-media?count=60" > /dev/null
TROVE_TOKEN=unused "$cli" accounts add --name loop-media --kind fanvue --api-url "$api" > /dev/null
python3 - "$work/dataset.json" "$loop_chat" > "$work/expected.json" <<'PY'
import json, sys
expected = {}
for c in json.load(open(sys.argv[1]))["fanvue"]["chats"]:
    if not c["gone"]:
        count = 50 if c["id"] == sys.argv[2] else c["media_count"]
        expected[c["name"]] = expected.get(c["name"], 0) + count
print(json.dumps(expected))
PY
download loop-media "$work/dl2"
[ "$status" -eq 5 ] && pass "looping chat: exit 5" || fail "looping chat: exit $status, expected 5; $(head -3 "$work/err")"
grep -q "loop-media.*chat $loop_chat.*The service repeated a page" "$work/err" \
  && pass "looping chat: the chat is named" || fail "looping chat: no message naming chat $loop_chat: $(cat "$work/err")"
check_chats "looping chat: every chat downloaded, the looping one to its first page, bytes exact" "$work/dl2" "$work/expected.json"

# media --all-chats walks the same way: the looping chat's first page is printed, the chat named.
timeout 120 env TROVE_TOKEN=fv_test_creator "$cli" media --account loop-media --all-chats --json > "$work/out" 2> "$work/err"
status=$?
[ "$status" -eq 5 ] && pass "media --all-chats, looping chat: exit 5" || fail "media --all-chats, looping chat: exit $status, expected 5; $(head -3 "$work/err")"
grep -q "loop-media.*chat $loop_chat.*The service repeated a page" "$work/err" \
  && pass "media --all-chats: the looping chat is named" || fail "media --all-chats: no message naming chat $loop_chat: $(cat "$work/err")"
rows=$(grep -c "\"chat\":\"$loop_chat\"" "$work/out")
[ "$rows" -eq 50 ] && pass "media --all-chats: the looping chat's first page listed" || fail "media --all-chats: $rows rows of the looping chat, expected 50"

if [ "$failures" -gt 0 ]; then
  echo "# $failures failed"
  exit 1
fi
echo "# all passed"
