#!/usr/bin/env bash
# trove-cli media/download --all-chats against the test server's archive data set: every chat
# listed and downloaded once, gone chats reported, a run killed with SIGKILL resumed without
# listing its finished chats again, one tree whichever door, the dry run's credit estimate
# against the server's billing.
# Usage: test-cli-all-chats.sh TROVE_CLI (TROVE_TEST_SERVER from the environment).
set -uo pipefail

cli="$1"
. "$(dirname "${BASH_SOURCE[0]}")/cli-test-lib.sh"

use_private_profile

# Usage: start_server ARGS... (sets api)
start_server() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -f "$work/urls"
  "$TROVE_TEST_SERVER" "$@" --print-urls > "$work/urls" &
  server_pid=$!
  for _ in $(seq 100); do [ -s "$work/urls" ] && break; sleep 0.05; done
  api=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["api"])' "$work/urls")
  curl -sf "$api/__control/dataset" > "$work/dataset.json"
}
reset_log() { curl -sf -X POST "$api/__control/reset" > /dev/null; }
# The chats whose media route the log shows, one line each (with repeats), for account path
# part PART ("/chats/" for Fanvue, "/api/acct_demo_main/chats/" for OnlyFansAPI).
listed_chats() {
  curl -sf "$api/__control/requests" | python3 -c '
import json, re, sys
for r in json.load(sys.stdin)["requests"]:
    m = re.search(r"/chats/([^/]+)/media$", r["path"])
    if r["server"] == "api" and m:
        print(m.group(1))'
}

# Each server has its own port: the accounts are added again for it.
add_accounts() {
  "$cli" accounts remove creator > /dev/null 2>&1
  "$cli" accounts remove onlyfans > /dev/null 2>&1
  TROVE_TOKEN=unused "$cli" accounts add --name creator --kind fanvue --api-url "$api" > /dev/null
  TROVE_TOKEN=unused "$cli" accounts add --name onlyfans --kind onlyfansapi --api-url "$api" --onlyfans-account acct_demo_main > /dev/null
}

start_server --dataset archive=12,10,30
add_accounts
export TROVE_TOKEN=fv_test_creator

# media --all-chats: every item of every chat once, with its chat; the gone chat reported, exit 1
expect_status 1 "media --all-chats (a chat is gone)" "$cli" media --account creator --all-chats --json
if python3 - "$work/out" "$work/dataset.json" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
d = json.load(open(sys.argv[2]))["fanvue"]
names = {c["id"]: c["name"] for c in d["chats"]}
got = sorted((r["chat"], r["id"]) for r in rows)
assert len(got) == len(set(got)), "an item listed twice"
assert len(rows) == d["archive"]["placements"], (len(rows), d["archive"]["placements"])
per_chat = {}
for r in rows:
    assert r["chat_name"] == names[r["chat"]], r
    per_chat[r["chat"]] = per_chat.get(r["chat"], 0) + 1
for c in d["chats"]:
    assert per_chat.get(c["id"], 0) == (0 if c["gone"] else c["media_count"]), c
PY
then pass "media --all-chats: every item once, chat and chat_name right"; else fail "media --all-chats rows differ from the data set"; fi
gone=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fanvue"]["archive"]["gone_chats"][0])' "$work/dataset.json")
grep -q "chat $gone" "$work/err" && pass "the gone chat is named on stderr" || fail "gone chat not reported: $(cat "$work/err")"
expect_status 2 "--chat with --all-chats" "$cli" media --account creator --all-chats --chat "$gone"
expect_status 2 "download --json without --all-chats" "$cli" download --account creator --chat "$gone" --json

# One tree whichever door: a chat downloaded with --chat first is not fetched again by
# --all-chats (the archive knows its items), and lands where --all-chats puts that chat.
first=$(python3 -c 'import json,sys; print([c["id"] for c in json.load(open(sys.argv[1]))["fanvue"]["chats"] if c["media_count"] and not c["gone"]][0])' "$work/dataset.json")
expect_status 0 "download --chat" "$cli" download --account creator --chat "$first" --dest "$work/dl"
first_files=$(find "$work/dl" -type f | sort)

# download --all-chats: each chat listed once, each media fetched once from the media host
reset_log
expect_status 1 "download --all-chats (a chat is gone)" "$cli" download --account creator --all-chats --dest "$work/dl" --jobs 4
summary=$(tail -1 "$work/out")
curl -sf "$api/__control/stats" > "$work/stats.json"
listed_chats > "$work/listed"
if python3 - "$work/dataset.json" "$work/stats.json" "$work/listed" "$summary" "$first" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))["fanvue"]
stats = json.load(open(sys.argv[2]))
listed = open(sys.argv[3]).read().split()
chats = [c["id"] for c in d["chats"]]
assert sorted(listed) == sorted(chats), ("each chat's media listed once", len(listed), len(chats))
assert all(n == 1 for n in stats["media_requests"].values()), "a media fetched twice"
m = re.fullmatch(r"downloaded (\d+), skipped (\d+), failed 0, locked 0, deduplicated (\d+)", sys.argv[4])
assert m, sys.argv[4]
first = next(c for c in d["chats"] if c["id"] == sys.argv[5])
ids = len(stats["media_requests"])
assert int(m.group(1)) == ids, (m.group(1), ids)
# Shared media are fetched once and linked into every other chat that has them.
assert int(m.group(3)) > 0, sys.argv[4]
assert sum(map(int, m.groups())) == d["archive"]["placements"], sys.argv[4]
PY
then pass "every chat listed once, every media fetched once: $summary"; else fail "download --all-chats: $summary"; fi
# every unique item is on disk, byte for byte
if python3 - "$work/dl" "$work/dataset.json" "$api" <<'PY'
import hashlib, json, os, sys, urllib.request
folder, dataset, api = sys.argv[1:4]
d = json.load(open(dataset))["fanvue"]
files = [os.path.join(r, f) for r, _, names in os.walk(folder) for f in names]
assert not [f for f in files if f.endswith(".part")]
digests = {hashlib.sha256(open(f, "rb").read()).hexdigest() for f in files}
assert len(digests) == d["archive"]["unique_contents"], (len(digests), d["archive"]["unique_contents"])
for media_id in d["archive"]["shared"]:
    data = urllib.request.urlopen(f"{api}/__control/content/{media_id}/main").read()
    assert hashlib.sha256(data).hexdigest() in digests, media_id
PY
then pass "every unique content on disk, byte for byte"; else fail "files on disk differ from the server"; fi
[ -z "$(comm -23 <(echo "$first_files") <(find "$work/dl" -type f | sort))" ] && pass "the --chat tree is the --all-chats tree" \
  || fail "files of the --chat download moved"
first_name=$(python3 -c 'import json,sys; print([c["name"] for c in json.load(open(sys.argv[1]))["fanvue"]["chats"] if c["id"] == sys.argv[2]][0])' "$work/dataset.json" "$first")
[ "$(find "$work/dl" -mindepth 2 -maxdepth 2 -type d -name "$first_name" | wc -l)" -eq 1 ] && pass "one folder for that chat" || fail "folders: $(ls "$work/dl"/*)"

reset_log
expect_status 1 "a second download --all-chats" "$cli" download --account creator --all-chats --dest "$work/dl"
tail -1 "$work/out" | grep -Eq "^downloaded 0, skipped [0-9]+, failed 0, locked 0, deduplicated 0$" && pass "the second run fetches nothing" || fail "second run: $(tail -1 "$work/out")"
[ "$(curl -sf "$api/__control/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["media_bytes_total"])')" -eq 0 ] && pass "no media bytes the second time" || fail "the second run fetched media"

# --json: one row per item saying what happened, then the totals
expect_status 1 "download --all-chats --json" "$cli" download --account creator --all-chats --dest "$work/dl" --json
python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert rows[-1]["event"] == "summary" and rows[-1]["chats_failed"] == 1, rows[-1]
items = rows[:-1]
assert items and all(r["event"] == "skipped" and r["chat"] and r["chat_name"] for r in items), items[:2]
assert len(items) == rows[-1]["skipped"]' "$work/out" && pass "--json rows and summary" || fail "--json: $(head -2 "$work/out")"

# A run killed with SIGKILL is resumed: the chats it finished are not listed again.
start_server --dataset archive=30,10,30 --latency 60
add_accounts
rm -rf "$XDG_DATA_HOME/trove" "$work/kill"
reset_log
"$cli" download --account creator --all-chats --dest "$work/kill" --jobs 2 > /dev/null 2>&1 &
victim=$!
finished=0
for _ in $(seq 400); do
  finished=$(python3 -c '
import sqlite3, sys
try:
    db = sqlite3.connect(sys.argv[1], timeout=1)
    print(db.execute("SELECT count(*) FROM walk_chats").fetchone()[0])
except Exception:
    print(0)' "$XDG_DATA_HOME/trove/archive.sqlite3")
  [ "$finished" -ge 5 ] && break
  sleep 0.05
done
kill -KILL "$victim"
wait "$victim" 2>/dev/null
python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (chat,) in db.execute("SELECT chat FROM walk_chats"):
    print(chat)' "$XDG_DATA_HOME/trove/archive.sqlite3" | sort > "$work/finished"
n_finished=$(wc -l < "$work/finished")
n_chats=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["fanvue"]["chats"]))' "$work/dataset.json")
[ "$n_finished" -ge 5 ] && [ "$n_finished" -lt "$n_chats" ] && pass "killed after $n_finished of $n_chats chats" || fail "the kill came at $n_finished of $n_chats chats"
reset_log
expect_status 1 "the run after SIGKILL (a chat is gone)" "$cli" download --account creator --all-chats --dest "$work/kill" --jobs 4
grep -q "resumed an interrupted run; $n_finished chats" "$work/err" && pass "it says it resumed" || fail "resume not reported: $(cat "$work/err")"
listed_chats | sort > "$work/relisted"
[ -z "$(comm -12 "$work/finished" "$work/relisted")" ] && pass "no finished chat listed again" || fail "listed again: $(comm -12 "$work/finished" "$work/relisted" | head -3)"
[ "$(sort -u "$work/relisted" | wc -l)" -eq $((n_chats - n_finished)) ] && [ "$(wc -l < "$work/relisted")" -eq $((n_chats - n_finished)) ] \
  && pass "every other chat listed once" || fail "$(wc -l < "$work/relisted") chats listed, expected $((n_chats - n_finished))"
if python3 - "$work/kill" "$work/dataset.json" <<'PY'
import hashlib, json, os, sys
d = json.load(open(sys.argv[2]))["fanvue"]
files = [os.path.join(r, f) for r, _, names in os.walk(sys.argv[1]) for f in names]
assert not [f for f in files if f.endswith(".part")], "a .part remains"
digests = {hashlib.sha256(open(f, "rb").read()).hexdigest() for f in files}
assert len(digests) == d["archive"]["unique_contents"], (len(digests), d["archive"]["unique_contents"])
PY
then pass "after the resume every content is on disk"; else fail "after the resume files are missing"; fi
# The walk reached its end: the next run starts over (and fetches nothing).
reset_log
expect_status 1 "a run after the resumed one" "$cli" download --account creator --all-chats --dest "$work/kill"
[ "$(listed_chats | wc -l)" -eq "$n_chats" ] && pass "a finished walk starts over" || fail "after a finished walk only $(listed_chats | wc -l) chats were listed"

# OnlyFansAPI: the dry run's estimate is what the server bills the real run.
start_server --dataset archive=12,10,30
add_accounts
export TROVE_TOKEN=ofapi_test_key
reset_log
expect_status 1 "dry run --all-chats on OnlyFansAPI (a chat is gone)" "$cli" download --account onlyfans --all-chats --dest "$work/of" --dry-run
estimate=$(sed -n 's/^estimated credits: \([0-9]*\) .*/\1/p' "$work/out")
dry_billed=$(curl -sf "$api/__control/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["credits"]["billed"])')
[ ! -e "$work/of" ] && pass "the dry run wrote nothing" || fail "the dry run wrote files"
reset_log
expect_status 1 "download --all-chats on OnlyFansAPI" "$cli" download --account onlyfans --all-chats --dest "$work/of"
billed=$(curl -sf "$api/__control/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["credits"]["billed"])')
[ -n "$estimate" ] && [ "$estimate" -gt 0 ] && [ "$estimate" -eq "$billed" ] && [ "$estimate" -eq "$dry_billed" ] \
  && pass "estimated $estimate credits, billed $billed" || fail "estimate '$estimate', the run billed $billed, the dry run $dry_billed"
python3 - "$work/dataset.json" "$(grep '^would download' "$work/out" 2> /dev/null)" "$(tail -1 "$work/out")" <<'PY' && pass "OnlyFansAPI: locked counted, the rest fetched" || fail "OnlyFansAPI summary: $(tail -1 "$work/out")"
import json, re, sys
d = json.load(open(sys.argv[1]))["onlyfansapi"][0]["archive"]
m = re.fullmatch(r"downloaded (\d+), skipped (\d+), failed 0, locked (\d+), deduplicated (\d+)", sys.argv[3])
assert m and int(m.group(3)) == d["locked"], (sys.argv[3], d["locked"])
assert int(m.group(4)) > 0, sys.argv[3]
assert sum(map(int, m.groups())) == d["placements"], sys.argv[3]
PY

# Paid downloads allowed, and a file host that refuses every file directly: the dry run says the
# most they can cost beside the pages, and the real run (on an archive of its own) bills exactly
# that.
export XDG_DATA_HOME="$work/data-paid"
mkdir -p "$XDG_DATA_HOME"
curl -sf -X POST "$api/__control/refuse-direct?on=1" > /dev/null
reset_log
expect_status 1 "dry run with paid downloads allowed" "$cli" download --account onlyfans --all-chats --dest "$work/of-paid" --dry-run --allow-paid-downloads
pages=$(sed -n 's/^estimated credits: \([0-9]*\) .*/\1/p' "$work/out")
paid=$(sed -n 's/.*and up to \([0-9]*\) more for paid downloads.*/\1/p' "$work/out")
reset_log
expect_status 1 "download with paid downloads allowed" "$cli" download --account onlyfans --all-chats --dest "$work/of-paid" --allow-paid-downloads
billed=$(curl -sf "$api/__control/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["credits"]["billed"])')
[ -n "$paid" ] && [ "$paid" -gt 0 ] && [ "$((pages + paid))" -eq "$billed" ] \
  && pass "paid downloads: estimated $pages + up to $paid credits, billed $billed" || fail "paid downloads: estimate '$pages' + '$paid', billed $billed; $(cat "$work/out" | tail -2)"

echo "1..$((failures))"
[ "$failures" -eq 0 ]
