#!/usr/bin/env bash
# trove-cli sync against the test server's archive data set: a first sync downloads everything,
# a second one right after asks for the chat lists only, new media in a few chats cost about one
# page per changed chat and are downloaded exactly, --full walks every chat again, and the exit
# statuses say what happened. Requests are counted from the server's /__control/stats.
# Usage: test-sync.sh TROVE_CLI (TROVE_TEST_SERVER from the environment).
set -uo pipefail

cli="$1"
. "$(dirname "${BASH_SOURCE[0]}")/cli-test-lib.sh"

use_private_profile

reset_stats() {
  curl -sf -X POST "$api/__control/reset" > /dev/null
}
# Checks the server's request counts since the last reset: a Python expression on `routes`
# (route -> count), `media` (media id -> requests to the media host) and `new` (ids added).
# Usage: check_stats DESCRIPTION EXPRESSION
check_stats() {
  local what=$1 expression=$2
  curl -sf "$api/__control/stats" > "$work/stats.json"
  if python3 - "$work/stats.json" "$work/new.json" "$expression" <<'PY' > "$work/check" 2>&1; then pass "$what"; else fail "$what: $(cat "$work/check")"; fi
import json, sys
stats = json.load(open(sys.argv[1]))
try:
    new = json.load(open(sys.argv[2]))
except (OSError, ValueError):
    new = {}
routes = {k: v for k, v in stats["routes"].items()}
media = stats.get("media_requests", {})
ok = eval(sys.argv[3])
if not ok:
    print("routes", routes, "media requests", len(media), "max", max(media.values(), default=0))
    sys.exit(1)
PY
}

# 60 chats (two chat-list pages of 50), two media each, one of them a mass message.
"$TROVE_TEST_SERVER" --dataset archive=60,2,50 --print-urls > "$work/urls" &
server_pid=$!
for _ in $(seq 100); do [ -s "$work/urls" ] && break; sleep 0.05; done
api=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["api"])' "$work/urls")
curl -sf "$api/__control/dataset" > "$work/dataset.json"
creator=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["agency"][0]["id"])' "$work/dataset.json")
# Distinct media ids a complete archive of the Fanvue account fetches (nothing is locked there).
unique_fanvue=$(python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))["fanvue"]["archive"]
print(a["unique_contents"] + len(a["duplicates"]))' "$work/dataset.json")
gone=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fanvue"]["archive"]["gone_chats"][0])' "$work/dataset.json")
# Every place a media has in a chat folder: shared media are linked into each chat that has them.
places_fanvue=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fanvue"]["archive"]["placements"])' "$work/dataset.json")
contents_fanvue=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fanvue"]["archive"]["unique_contents"])' "$work/dataset.json")

TROVE_TOKEN=unused expect_status 0 "add a Fanvue account" "$cli" accounts add --name creator --kind fanvue --api-url "$api"
expect_status 0 "add an agency account" "$cli" accounts add --name agency --kind fanvue-agency --api-url "$api" --creator "$creator"
expect_status 0 "add an OnlyFansAPI account" "$cli" accounts add --name onlyfans --kind onlyfansapi --api-url "$api" --onlyfans-account acct_demo_main

expect_status 2 "sync of an unknown account" "$cli" sync --account nobody
expect_status 2 "sync with an argument" "$cli" sync --account creator extra

# The first sync: every chat, every media once; the gone chat is reported and fails the run.
reset_stats
TROVE_TOKEN=fv_test_creator expect_status 1 "first sync (a gone chat)" "$cli" sync --account creator --dest "$work/dl"
grep -q "$gone" "$work/err" && pass "the gone chat is reported" || fail "the gone chat is not reported: $(head -3 "$work/err")"
check_stats "first sync: both chat-list pages, every chat's media" \
  'routes.get("GET /chats") == 2 and routes.get("GET /chats/{chat}/media") == 60'
check_stats "first sync: each media fetched once, all $unique_fanvue" \
  "len(media) == $unique_fanvue and max(media.values()) == 1"
files=$(find "$work/dl" -type f | wc -l)
[ "$files" -eq "$places_fanvue" ] && pass "first sync: $files files" || fail "first sync: $files files, expected $places_fanvue"
inodes=$(find "$work/dl" -type f -printf '%i\n' | sort -u | wc -l)
[ "$inodes" -eq "$contents_fanvue" ] && pass "first sync: each content stored once" || fail "first sync: $inodes files on disk, expected $contents_fanvue"
grep -q "downloaded $unique_fanvue, .*deduplicated $((places_fanvue - unique_fanvue))$" "$work/out" && pass "first sync: summary" || fail "first sync summary: $(cat "$work/out")"

# Right after: the first chat-list page says nothing changed; nothing else is asked.
reset_stats
TROVE_TOKEN=fv_test_creator expect_status 0 "second sync" "$cli" sync --account creator --dest "$work/dl"
check_stats "second sync: one chat-list page and nothing else" \
  'routes == {"GET /chats": 1}'

# New media in 3 chats: the chat list, one media page per changed chat, the new media once.
curl -sf -X POST "$api/__control/add-media?chats=3&count=2&account=fanvue" > "$work/new.json"
reset_stats
TROVE_TOKEN=fv_test_creator expect_status 0 "sync after new media" "$cli" sync --account creator --dest "$work/dl"
check_stats "after new media: one chat-list page, one media page per changed chat" \
  'routes == {"GET /chats": 1, "GET /chats/{chat}/media": 3, "GET /m/{media}/{variant}": 6}'
check_stats "after new media: only the new media, once each" \
  'len(media) == 6 and max(media.values()) == 1'
files=$(find "$work/dl" -type f | wc -l)
[ "$files" -eq $((places_fanvue + 6)) ] && pass "after new media: $files files" || fail "after new media: $files files, expected $((places_fanvue + 6))"

# --full walks every chat again, downloads nothing it has, and still reports the gone chat.
reset_stats
TROVE_TOKEN=fv_test_creator expect_status 1 "sync --full" "$cli" sync --account creator --dest "$work/dl" --full
check_stats "--full: every chat-list page and every chat" \
  'routes == {"GET /chats": 2, "GET /chats/{chat}/media": 60}'

# A file deleted from the archive's folder: --full fetches it again, a plain sync does not look.
victim=$(find "$work/dl" -type f | head -1)
rm -f "$victim"
reset_stats
TROVE_TOKEN=fv_test_creator expect_status 0 "sync after a file was deleted" "$cli" sync --account creator --dest "$work/dl"
check_stats "a plain sync does not walk unchanged chats" 'routes == {"GET /chats": 1}'
TROVE_TOKEN=fv_test_creator expect_status 1 "sync --full repairs" "$cli" sync --account creator --dest "$work/dl" --full
[ -f "$victim" ] && pass "--full downloaded the deleted file again" || fail "--full did not restore $victim"

# OnlyFansAPI: the same, with its ordered chat list (order=recent) and locked media.
reset_stats
TROVE_TOKEN=ofapi_test_key expect_status 1 "OnlyFansAPI first sync (a gone chat)" "$cli" sync --account onlyfans --dest "$work/of"
check_stats "OnlyFansAPI first sync: both chat-list pages, every chat" \
  'routes.get("GET /api/{account}/chats") == 2 and routes.get("GET /api/{account}/chats/{chat}/media") == 60 and max(media.values()) == 1'
reset_stats
TROVE_TOKEN=ofapi_test_key expect_status 0 "OnlyFansAPI second sync" "$cli" sync --account onlyfans --dest "$work/of"
check_stats "OnlyFansAPI second sync: one chat-list page" 'routes == {"GET /api/{account}/chats": 1}'
curl -sf -X POST "$api/__control/add-media?chats=2&account=onlyfansapi" > "$work/new.json"
reset_stats
TROVE_TOKEN=ofapi_test_key expect_status 0 "OnlyFansAPI sync after new media" "$cli" sync --account onlyfans --dest "$work/of"
check_stats "OnlyFansAPI after new media: the chat list and the two changed chats" \
  'routes.get("GET /api/{account}/chats") == 1 and routes.get("GET /api/{account}/chats/{chat}/media") == 2 and len(routes) <= 3'

# The agency's creator: its own /creators/{creator}/chats.
reset_stats
TROVE_TOKEN=fv_test_agency expect_status 1 "agency first sync" "$cli" sync --account agency --dest "$work/ag"
reset_stats
TROVE_TOKEN=fv_test_agency expect_status 0 "agency second sync" "$cli" sync --account agency --dest "$work/ag"
check_stats "agency second sync: one chat-list page" 'routes == {"GET /creators/{creator}/chats": 1}'

# A chat whose listing fails (not gone: refused) fails the run, and nothing is lost:
# the next sync takes up the chats the failed one did not finish.
curl -sf -X POST "$api/__control/add-media?chats=2&account=fanvue" > "$work/new.json"
reset_stats
curl -sf -X POST -d '5xx:status=400,path=/media' "$api/__control/faults" > /dev/null
TROVE_TOKEN=fv_test_creator expect_status 1 "sync with the media listings failing" "$cli" sync --account creator --dest "$work/dl"
curl -sf -X DELETE "$api/__control/faults" > /dev/null
reset_stats
TROVE_TOKEN=fv_test_creator expect_status 0 "the next sync takes the failed chats up" "$cli" sync --account creator --dest "$work/dl"
check_stats "the failed chats are visited again and their media fetched" \
  'routes.get("GET /chats/{chat}/media") == 2 and len(media) == 2'

# A download that fails among a chat's new media: the newer ones are archived, the failed one
# is older. The next sync must not stop at the newer archived ones: it fetches the failed one.
curl -sf -X POST "$api/__control/add-media?chats=1&count=4&account=fanvue" > "$work/new.json"
before=$(find "$work/dl" -type f | wc -l)
reset_stats
curl -sf -X POST -d '5xx:status=400,server=media,nth=4' "$api/__control/faults" > /dev/null
TROVE_TOKEN=fv_test_creator expect_status 1 "sync with the oldest new media failing" "$cli" sync --account creator --dest "$work/dl" --jobs 1
curl -sf -X DELETE "$api/__control/faults" > /dev/null
[ "$(find "$work/dl" -type f | wc -l)" -eq $((before + 3)) ] && pass "the three newer media were downloaded" \
  || fail "after a failed download: $(find "$work/dl" -type f | wc -l) files, expected $((before + 3))"
TROVE_TOKEN=fv_test_creator expect_status 0 "the next sync" "$cli" sync --account creator --dest "$work/dl"
[ "$(find "$work/dl" -type f | wc -l)" -eq $((before + 4)) ] && pass "the next sync fetched the failed one" \
  || fail "the next sync: $(find "$work/dl" -type f | wc -l) files, expected $((before + 4)); $(cat "$work/out")"

# Credentials the service refuses: nothing can be done, the status says why.
TROVE_TOKEN=not-a-token expect_status 3 "sync with a refused token" "$cli" sync --account creator --dest "$work/dl"
# A token given for a run belongs to one account, never to all of them.
TROVE_TOKEN=fv_test_creator expect_status 2 "TROVE_TOKEN without --account" "$cli" sync --dest "$work/dl"

# Ctrl+C in the middle of the downloads: 130, and the next sync completes the interrupted chats.
curl -sf -X POST "$api/__control/add-media?chats=3&count=4&account=agency" > "$work/new.json"
before=$(find "$work/ag" -type f ! -name '*.part' | wc -l)
curl -sf -X POST -d 'latency:ms=1500,server=media' "$api/__control/faults" > /dev/null
TROVE_TOKEN=fv_test_agency "$cli" sync --account agency --dest "$work/ag" --jobs 2 > "$work/out" 2> "$work/err" &
sync_pid=$!
for _ in $(seq 100); do [ -n "$(find "$work/ag" -name '*.part' 2>/dev/null)" ] && break; sleep 0.05; done
kill -INT "$sync_pid"
wait "$sync_pid"
status=$?
[ "$status" -eq 130 ] && pass "Ctrl+C: exit 130" || fail "Ctrl+C: exit $status, expected 130; $(head -3 "$work/err")"
curl -sf -X DELETE "$api/__control/faults" > /dev/null
TROVE_TOKEN=fv_test_agency expect_status 0 "the sync after Ctrl+C" "$cli" sync --account agency --dest "$work/ag"
after=$(find "$work/ag" -type f ! -name '*.part' | wc -l)
parts=$(find "$work/ag" -name '*.part' | wc -l)
[ "$after" -eq $((before + 12)) ] && [ "$parts" -eq 0 ] && pass "after Ctrl+C: the 12 new media, no .part left" \
  || fail "after Ctrl+C: $before then $after files ($parts .part), expected $((before + 12))"

# A service that pages in circles (the server's repeat-cursor fault): the sync ends, names what
# it could not finish, exits 5 (the service broke its paging), and every other chat is synced,
# each file with the exact bytes the server serves. Each case gets a server of its own started
# with the fault, and an account of its own.
loop_pid=""
start_loop_server() { # fault spec
  [ -n "$loop_pid" ] && kill "$loop_pid" 2>/dev/null && wait "$loop_pid" 2>/dev/null
  "$TROVE_TEST_SERVER" --dataset archive=60,2,50 --fault "$1" --print-urls > "$work/loop-urls" &
  loop_pid=$!
  background_pids="$background_pids $loop_pid"
  : > "$work/loop-urls.seen"
  for _ in $(seq 100); do [ -s "$work/loop-urls" ] && break; sleep 0.05; done
  loop_api=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["api"])' "$work/loop-urls")
}
# Usage: check_synced_chats DESCRIPTION DIR EXPECTED_JSON: EXPECTED_JSON maps each chat name to
# the number of files its folder must hold; every file must have the server's exact bytes.
check_synced_chats() {
  local what=$1 dir=$2 expected=$3
  if python3 - "$dir" "$expected" "$loop_api" <<'PY' > "$work/check" 2>&1; then pass "$what"; else fail "$what: $(head -5 "$work/check")"; fi
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

# The chat list loops: its page 2 is page 1 again. The chats of page 1 are synced; the run
# names the chat list and exits 5.
start_loop_server 'repeat-cursor:path=/chats'
TROVE_TOKEN=unused expect_status 0 "add an account on a looping chat list" "$cli" accounts add --name loop-chats --kind fanvue --api-url "$loop_api"
curl -sf -H 'Authorization: Bearer fv_test_creator' -H 'X-Fanvue-API-Version: 2025-06-26' \
  "$loop_api/chats?page=1&size=50&sortBy=most_recent_messages" > "$work/page1.json"
curl -sf "$loop_api/__control/dataset" > "$work/loop-dataset.json"
python3 - "$work/page1.json" "$work/loop-dataset.json" > "$work/expected.json" <<'PY'
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
timeout 120 env TROVE_TOKEN=fv_test_creator "$cli" sync --account loop-chats --dest "$work/loop1" --template '{chat}/{id}.{ext}' > "$work/out" 2> "$work/err"
status=$?
[ "$status" -eq 5 ] && pass "looping chat list: exit 5" || fail "looping chat list: exit $status, expected 5; $(head -3 "$work/err")"
# Fanvue's page numbers get page 1 again: pages with nothing new end the walk.
grep -q "loop-chats.*chat list: The service kept saying there was more but sent nothing new" "$work/err" \
  && pass "looping chat list: the chat list is named" || fail "looping chat list: no message naming the chat list: $(head -3 "$work/err")"
check_synced_chats "looping chat list: every chat of its first page synced, bytes exact" "$work/loop1" "$work/expected.json"
# OnlyFansAPI's looping chat list names the page just served as the next one.
TROVE_TOKEN=unused expect_status 0 "add an OnlyFansAPI account on a looping chat list" "$cli" accounts add --name loop-of --kind onlyfansapi --api-url "$loop_api" --onlyfans-account acct_demo_main
timeout 120 env TROVE_TOKEN=ofapi_test_key "$cli" sync --account loop-of --dest "$work/loop1-of" > "$work/out" 2> "$work/err"
status=$?
[ "$status" -eq 5 ] && pass "OnlyFansAPI looping chat list: exit 5" || fail "OnlyFansAPI looping chat list: exit $status, expected 5; $(head -3 "$work/err")"
grep -q "loop-of.*chat list: The service repeated a page" "$work/err" \
  && pass "OnlyFansAPI looping chat list: the chat list is named" || fail "OnlyFansAPI looping chat list: $(cat "$work/err")"

# One chat's media loop (62 items, its second page is its first again): the other chats are
# synced, the looping one keeps its first page; the run names that chat and exits 5.
loop_chat=$(python3 -c '
import json, sys
print(next(c["id"] for c in json.load(open(sys.argv[1]))["fanvue"]["chats"] if not c["gone"]))' "$work/loop-dataset.json")
start_loop_server "repeat-cursor:path=/chats/$loop_chat/media"
curl -sf -X POST "$loop_api/__control/chats/$loop_chat/add-media?count=60" > /dev/null
TROVE_TOKEN=unused expect_status 0 "add an account with a looping chat" "$cli" accounts add --name loop-media --kind fanvue --api-url "$loop_api"
python3 - "$work/loop-dataset.json" "$loop_chat" > "$work/expected.json" <<'PY'
import json, sys
expected = {}
for c in json.load(open(sys.argv[1]))["fanvue"]["chats"]:
    if not c["gone"]:
        count = 50 if c["id"] == sys.argv[2] else c["media_count"]
        expected[c["name"]] = expected.get(c["name"], 0) + count
print(json.dumps(expected))
PY
timeout 120 env TROVE_TOKEN=fv_test_creator "$cli" sync --account loop-media --dest "$work/loop2" --template '{chat}/{id}.{ext}' > "$work/out" 2> "$work/err"
status=$?
[ "$status" -eq 5 ] && pass "looping chat: exit 5" || fail "looping chat: exit $status, expected 5; $(head -3 "$work/err")"
grep -q "loop-media.*chat $loop_chat.*repeated a page" "$work/err" \
  && pass "looping chat: the chat is named" || fail "looping chat: no message naming chat $loop_chat: $(head -3 "$work/err")"
check_synced_chats "looping chat: every chat synced, the looping one to its first page, bytes exact" "$work/loop2" "$work/expected.json"
# The looping chat was not synced to its end: the next sync visits it again.
curl -sf -X POST "$loop_api/__control/reset" > /dev/null
curl -sf -X POST -d "repeat-cursor:path=/chats/$loop_chat/media" "$loop_api/__control/faults" > /dev/null
timeout 120 env TROVE_TOKEN=fv_test_creator "$cli" sync --account loop-media --dest "$work/loop2" --template '{chat}/{id}.{ext}' > "$work/out" 2> "$work/err"
curl -sf "$loop_api/__control/requests" > "$work/requests.json"
python3 -c '
import json, sys
paths = [r["path"] for r in json.load(open(sys.argv[1]))["requests"]]
sys.exit(0 if "/chats/%s/media" % sys.argv[2] in paths else 1)' "$work/requests.json" "$loop_chat" \
  && pass "looping chat: the next sync visits it again" || fail "looping chat: the next sync did not visit it again: $(cat "$work/out")"
kill "$loop_pid" 2>/dev/null

if [ "$failures" -gt 0 ]; then
  echo "# $failures failed"
  exit 1
fi
echo "# all passed"
