#!/usr/bin/env bash
# trove-cli against the test server: every command for every account kind, JSON output field
# by field, downloads twice, exit statuses, garbage input and Ctrl+C.
# Usage: test-cli.sh TROVE_CLI (TROVE_TEST_SERVER from the environment).
set -uo pipefail

cli="$1"
. "$(dirname "${BASH_SOURCE[0]}")/cli-test-lib.sh"

# A private profile: no keyring (TROVE_TOKEN carries the secret), a keyfile settings backend.
use_private_profile

# Every unlocked item of a chat was downloaded exactly once into DIR (any file names, any
# depth): as many files as items, each one byte for byte an item's content on the server.
# The items are the chat's whole listing, narrowed (when given) by a Python expression on m.
# Usage: check_files DIR ACCOUNT TOKEN CHAT [FILTER]
check_files() {
  local dir=$1 account=$2 token=$3 chat=$4 filter=${5:-True}
  TROVE_TOKEN=$token "$cli" media --account "$account" --chat "$chat" --json > "$work/expected.json" 2> "$work/err" || { echo "# media of $chat: $(cat "$work/err")" >&2; return 1; }
  python3 - "$dir" "$work/expected.json" "$api" "$filter" <<'PY'
import hashlib, json, os, sys, urllib.request
folder, listing, api, narrow = sys.argv[1:5]
items = [m for m in (json.loads(line) for line in open(listing)) if eval(narrow, {"m": m})]
wanted = {}
for m in items:
    if m["locked"]:
        continue
    data = urllib.request.urlopen(f"{api}/__control/content/{m['id']}/main").read()
    wanted.setdefault(hashlib.sha256(data).hexdigest(), []).append(m["id"])
files = [os.path.join(root, f) for root, _, names in os.walk(folder) for f in names]
assert not [f for f in files if f.endswith(".part")], "a .part remains"
got = {}
for f in files:
    got.setdefault(hashlib.sha256(open(f, "rb").read()).hexdigest(), []).append(f)
n_wanted = sum(len(v) for v in wanted.values())
assert len(files) == n_wanted, f"{len(files)} files for {n_wanted} unlocked items"
missing = [ids for digest, ids in wanted.items() if len(got.get(digest, [])) != len(ids)]
assert not missing, f"items without their exact bytes on disk: {missing[:3]}"
PY
}

"$TROVE_TEST_SERVER" --dataset demo --blob-size 100000 --print-urls > "$work/urls" &
server_pid=$!
for _ in $(seq 100); do [ -s "$work/urls" ] && break; sleep 0.05; done
api=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["api"])' "$work/urls")
curl -sf "$api/__control/dataset" > "$work/dataset.json"
creator=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["agency"][0]["id"])' "$work/dataset.json")

# accounts add / list
TROVE_TOKEN=unused expect_status 0 "add a Fanvue account" "$cli" accounts add --name creator --kind fanvue --api-url "$api"
expect_status 0 "add an agency account" "$cli" accounts add --name agency --kind fanvue-agency --api-url "$api" --creator "$creator"
expect_status 0 "add an OnlyFansAPI account" "$cli" accounts add --name onlyfans --kind onlyfansapi --api-url "$api" --onlyfans-account acct_demo_main
# its help says where the keys and the Fanvue app's settings come from
expect_status 0 "accounts add --help" "$cli" accounts add --help
grep -q "Your own accounts" "$work/out" && grep -q "read:chat" "$work/out" && grep -q "acct_" "$work/out" \
  && pass "accounts add --help points to the guide" || fail "accounts add --help: $(tail -5 "$work/out")"
expect_status 2 "a bad flag" "$cli" accounts add --name x --kind fanvue --bogus
expect_status 2 "an unknown kind" "$cli" accounts add --name x --kind myspace
expect_status 2 "http to a non-loopback host" "$cli" accounts add --name x --kind fanvue --api-url http://example.com
expect_status 2 "a secret on the command line" "$cli" accounts add --name x --kind fanvue fv_test_creator
# The creator UUID and the OnlyFansAPI account id are checked as in Preferences, with its words.
expect_status 2 "a creator that is no UUID" "$cli" accounts add --name x --kind fanvue-agency --creator 7c9e6679
grep -q "The creator UUID looks like" "$work/err" && pass "the creator UUID is explained" || fail "bad --creator: $(cat "$work/err")"
expect_status 2 "an OnlyFansAPI id without acct_" "$cli" accounts add --name x --kind onlyfansapi --onlyfans-account demo
grep -q "starts with acct_" "$work/err" && pass "the account id is explained" || fail "bad --onlyfans-account: $(cat "$work/err")"
expect_status 0 "list accounts" "$cli" accounts list --json
if [ "$(wc -l < "$work/out")" -eq 3 ] && grep -q '"kind":"fanvue-agency"' "$work/out"; then pass "three accounts listed"; else fail "accounts list: $(cat "$work/out")"; fi

# chats and media, field by field against the server's data set
check_chats() { # account token dataset-path
  TROVE_TOKEN=$2 "$cli" chats --account "$1" --json > "$work/chats.json" 2> "$work/err" || { fail "chats --account $1: $(cat "$work/err")"; return; }
  if python3 - "$work/chats.json" "$work/dataset.json" "$3" <<'PY'
import json, sys
chats = [json.loads(line) for line in open(sys.argv[1])]
data = json.load(open(sys.argv[2]))
account = eval(sys.argv[3], {"d": data})
expected = [(c["id"], c["name"], c["handle"]) for c in account["chats"]]
got = [(c["id"], c["name"], c["handle"]) for c in chats]
assert got == expected, (got[:2], expected[:2])
assert all(set(c) == {"id", "name", "handle", "last_message_at", "unread"} for c in chats)
PY
  then pass "chats of $1 match the server"; else fail "chats of $1 differ from the server"; fi
}
check_chats creator fv_test_creator 'd["fanvue"]'
check_chats agency fv_test_agency 'd["agency"][0]'
check_chats onlyfans ofapi_test_key 'd["onlyfansapi"][0]'

# accounts list --json tells the last budget the service reported to the runs above.
expect_status 0 "list accounts with their budget" "$cli" accounts list --json
if python3 - "$work/out" "$api" <<'PY'
import json, sys, urllib.request
rows = {r["name"]: r for r in (json.loads(line) for line in open(sys.argv[1]))}
stats = json.load(urllib.request.urlopen(sys.argv[2] + "/__control/stats"))
assert rows["onlyfans"]["credits"] == stats["credits"]["balance"], (rows["onlyfans"], stats["credits"])
rate = rows["creator"]["rate_limit"]
assert rate and rate["limit"] == 100000 and 0 <= rate["remaining"] < 100000 and rate["reset_at"] > 0, rate
assert rows["creator"]["credits"] is None and rows["creator"]["budget_seen_at"] > 0, rows["creator"]
PY
then pass "accounts list shows the server's budget figures"; else fail "accounts list budget: $(cat "$work/out")"; fi

fv_chat=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fanvue"]["chats"][0]["id"])' "$work/dataset.json")
of_chat=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["onlyfansapi"][0]["chats"][0]["id"])' "$work/dataset.json")
check_media() { # account token chat dataset-path
  TROVE_TOKEN=$2 "$cli" media --account "$1" --chat "$3" --json > "$work/media.json" 2> "$work/err" || { fail "media of $1: $(cat "$work/err")"; return; }
  if python3 - "$work/media.json" "$work/dataset.json" "$4" "$3" <<'PY'
import json, sys
media = [json.loads(line) for line in open(sys.argv[1])]
data = json.load(open(sys.argv[2]))
chat = [c for c in eval(sys.argv[3], {"d": data})["chats"] if c["id"] == sys.argv[4]][0]
assert len(media) == chat["media_count"], (len(media), chat["media_count"])
assert len({m["id"] for m in media}) == len(media)
fields = {"id", "message_id", "kind", "name", "sent_at", "from", "width", "height", "duration_ms", "locked"}
assert all(set(m) == fields for m in media)
assert all(m["from"] in ("me", "fan") and m["sent_at"].endswith("Z") for m in media)
kinds = {k: sum(1 for m in media if m["kind"] == k) for k in ("image", "video", "audio", "document")}
assert kinds == chat["counts"], (kinds, chat["counts"])
dates = [m["sent_at"] for m in media]
assert dates == sorted(dates, reverse=True)
PY
  then pass "media of $1 match the server"; else fail "media of $1 differ from the server"; fi
}
check_media creator fv_test_creator "$fv_chat" 'd["fanvue"]'
ag_chat=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["agency"][0]["chats"][0]["id"])' "$work/dataset.json")
check_media agency fv_test_agency "$ag_chat" 'd["agency"][0]'
check_media onlyfans ofapi_test_key "$of_chat" 'd["onlyfansapi"][0]'

TROVE_TOKEN=fv_test_creator "$cli" media --account creator --chat "$fv_chat" --kind video --from me --json > "$work/videos.json"
if [ -s "$work/videos.json" ] && ! grep -v '"kind":"video"' "$work/videos.json" | grep -q . && ! grep -q '"from":"fan"' "$work/videos.json"; then
  pass "--kind and --from filter"
else
  fail "--kind video --from me gave other items"
fi

# --since/--until that match: exactly the items sent in between, both ends included
TROVE_TOKEN=fv_test_creator "$cli" media --account creator --chat "$fv_chat" --json > "$work/all.json"
read -r since until < <(python3 -c 'import json,sys; d=sorted({json.loads(l)["sent_at"] for l in open(sys.argv[1])}); print(d[len(d)//4], d[len(d)//2])' "$work/all.json")
TROVE_TOKEN=fv_test_creator expect_status 0 "media --since --until" "$cli" media --account creator --chat "$fv_chat" --since "$since" --until "$until" --json
if python3 - "$work/all.json" "$work/out" "$since" "$until" <<'PY'
import json, sys
every = [json.loads(l) for l in open(sys.argv[1])]
got = [json.loads(l)["id"] for l in open(sys.argv[2])]
expected = [m["id"] for m in every if sys.argv[3] <= m["sent_at"] <= sys.argv[4]]
assert got == expected and 0 < len(got) < len(every), (len(got), len(expected), len(every))
PY
then pass "--since/--until list exactly the items in between"; else fail "--since $since --until $until: $(wc -l < "$work/out") items"; fi
day=${since%%T*}
TROVE_TOKEN=fv_test_creator expect_status 0 "media --since DAY --until DAY" "$cli" media --account creator --chat "$fv_chat" --since "$day" --until "$day" --json
python3 -c 'import json,sys; got=[json.loads(l) for l in open(sys.argv[1])]; assert got and all(m["sent_at"].startswith(sys.argv[2]) for m in got), len(got)' "$work/out" "$day" \
  && pass "a day matches that day's items" || fail "--since/--until $day: $(head -2 "$work/out")"

# tables for a person: a header and one row per item, ids in the first column
TROVE_TOKEN=fv_test_creator expect_status 0 "chats table" "$cli" chats --account creator
if python3 - "$work/out" "$work/dataset.json" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
chats = json.load(open(sys.argv[2]))["fanvue"]["chats"]
assert lines[0].split() == ["ID", "NAME", "HANDLE", "LAST", "MESSAGE", "UNREAD"], lines[0]
assert [l.split()[0] for l in lines[1:]] == [c["id"] for c in chats]
assert all(c["name"] in l for c, l in zip(chats, lines[1:]))
PY
then pass "chats table: header and one row per chat"; else fail "chats table: $(head -3 "$work/out")"; fi
TROVE_TOKEN=fv_test_creator expect_status 0 "media table" "$cli" media --account creator --chat "$fv_chat"
python3 -c 'import json,sys; lines=open(sys.argv[1]).read().splitlines(); ids=[json.loads(l)["id"] for l in open(sys.argv[2])]; assert lines[0].split()==["ID","KIND","SENT","FROM","SIZE","NAME"], lines[0]; assert [l.split()[0] for l in lines[1:]]==ids' "$work/out" "$work/all.json" \
  && pass "media table: header and one row per item" || fail "media table: $(head -3 "$work/out")"
expect_status 0 "accounts table" "$cli" accounts list
python3 -c 'import sys; rows=[l.split() for l in open(sys.argv[1])]; assert [r[1] for r in rows]==["fanvue","fanvue-agency","onlyfansapi"] and [r[2] for r in rows]==["creator","agency","onlyfans"], rows' "$work/out" \
  && pass "accounts table: id, kind, name" || fail "accounts table: $(cat "$work/out")"

# download --kind/--from and --dry-run, on a chat no other check downloads
fifth=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fanvue"]["chats"][5]["id"])' "$work/dataset.json")
# What --kind image --from fan must select, worked out here from the whole listing.
TROVE_TOKEN=fv_test_creator "$cli" media --account creator --chat "$fifth" --json | grep '"kind":"image"' | grep '"from":"fan"' > "$work/fan-images.json"
n_fan_images=$(wc -l < "$work/fan-images.json")
TROVE_TOKEN=fv_test_creator expect_status 0 "download --dry-run" "$cli" download --account creator --chat "$fifth" --kind image --from fan --dest "$work/dry" --template "{id}.{ext}" --dry-run
[ ! -e "$work/dry" ] && pass "a dry run writes nothing" || fail "a dry run created $(find "$work/dry" | head -3)"
tail -1 "$work/out" | grep -q "^would download $n_fan_images, skipped 0, locked 0$" && pass "dry run summary" || fail "dry run summary: $(tail -1 "$work/out"), expected $n_fan_images"
python3 -c 'import json,sys; names=open(sys.argv[1]).read().splitlines()[:-1]; ids=[json.loads(l)["id"] for l in open(sys.argv[2])]; assert sorted(n.split(".")[0] for n in names)==sorted(ids), (names[:2], ids[:2])' "$work/out" "$work/fan-images.json" \
  && pass "dry run prints each name it would write" || fail "dry run names: $(head -2 "$work/out")"
TROVE_TOKEN=fv_test_creator expect_status 0 "download --kind image --from fan" "$cli" download --account creator --chat "$fifth" --kind image --from fan --dest "$work/kind" --template "{id}.{ext}"
[ "$n_fan_images" -gt 0 ] && tail -1 "$work/out" | grep -q "^downloaded $n_fan_images, skipped 0, failed 0, locked 0, deduplicated 0$" && pass "$n_fan_images images from the fan" || fail "--kind/--from download: $(tail -1 "$work/out"), expected $n_fan_images"
check_files "$work/kind" creator fv_test_creator "$fifth" 'm["kind"] == "image" and m["from"] == "fan"' && pass "only the fan's images, byte for byte" || fail "--kind/--from download: files differ"
TROVE_TOKEN=fv_test_creator expect_status 0 "dry run after the download" "$cli" download --account creator --chat "$fifth" --kind image --from fan --dest "$work/kind" --dry-run
tail -1 "$work/out" | grep -q "^would download 0, skipped $n_fan_images, locked 0$" && pass "a dry run skips what the archive holds" || fail "dry run after download: $(tail -1 "$work/out")"

# accounts remove: gone from the list, and a second remove is a usage error
TROVE_TOKEN=unused expect_status 0 "add an account to remove" "$cli" accounts add --name doomed --kind fanvue --api-url "$api"
expect_status 0 "accounts remove" "$cli" accounts remove doomed
"$cli" accounts list --json > "$work/accounts.json"
! grep -q '"name":"doomed"' "$work/accounts.json" && [ "$(wc -l < "$work/accounts.json")" -eq 3 ] && pass "the removed account is gone" || fail "accounts after remove: $(cat "$work/accounts.json")"
expect_status 2 "removing it again" "$cli" accounts remove doomed

# garbage input: one line on stderr, exit 2, nothing downloaded
export TROVE_TOKEN=fv_test_creator
for args in "--account nobody --chat $fv_chat" "--account creator --chat ../etc" "--account creator --chat $fv_chat --since yesterday" \
  "--account creator --chat $fv_chat --jobs 0" "--account creator --chat $fv_chat --jobs 1000" "--account creator --chat $fv_chat --kind hologram"; do
  # shellcheck disable=SC2086
  expect_status 2 "download $args" "$cli" download $args --dest "$work/garbage"
  [ "$(wc -l < "$work/err")" -eq 1 ] || fail "more than one line of error for $args"
done
[ ! -e "$work/garbage" ] && pass "garbage downloaded nothing" || fail "garbage created files"

# download twice, then only what is new
expect_status 0 "first download" "$cli" download --account creator --chat "$fv_chat" --dest "$work/dl" --jobs 4
expected=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fanvue"]["chats"][0]["media_count"])' "$work/dataset.json")
tail -1 "$work/out" | grep -q "^downloaded $expected, skipped 0, failed 0, locked 0, deduplicated 0$" && pass "summary line" || fail "summary: $(tail -1 "$work/out")"
count=$(find "$work/dl" -type f | wc -l)
[ "$count" -eq "$expected" ] && pass "$count files" || fail "$count files, expected $expected"
check_files "$work/dl" creator fv_test_creator "$fv_chat" && pass "every file is its item's bytes" || fail "first download: files differ from the server"
find "$work/dl" -name '*.part' | grep -q . && fail ".part files remain" || pass "no .part files"
# One tree per account, whichever door: with the default template the CLI names the chat's
# folder after the fan, as the GUI does ({account}/{chat}/...), not after the chat id.
# (A file name loses its leading and trailing dots and spaces.)
fv_chat_name=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fanvue"]["chats"][0]["name"].strip(". "))' "$work/dataset.json")
[ -d "$work/dl/creator/$fv_chat_name" ] && [ ! -e "$work/dl/creator/$fv_chat" ] && pass "the chat's folder is the fan's name, as in the GUI" \
  || fail "chat folder: $(ls "$work/dl"/* | head -3), expected creator/$fv_chat_name"
expect_status 0 "second download" "$cli" download --account creator --chat "$fv_chat" --dest "$work/dl"
tail -1 "$work/out" | grep -q "^downloaded 0, skipped $expected, failed 0, locked 0, deduplicated 0$" && pass "second run downloads nothing" || fail "second run: $(tail -1 "$work/out")"
curl -sf -X POST "$api/__control/chats/$fv_chat/add-media?count=3" > /dev/null
expect_status 0 "third download" "$cli" download --account creator --chat "$fv_chat" --dest "$work/dl"
tail -1 "$work/out" | grep -q "^downloaded 3, skipped $expected, failed 0, locked 0, deduplicated 0$" && pass "only the new items" || fail "third run: $(tail -1 "$work/out")"

# a token whose Fanvue app lacks read:creator: the error names the box to tick
TROVE_TOKEN=fv_test_creator expect_status 3 "agency chats with a creator's token" "$cli" chats --account agency
grep -qF "Tick read:creator in your Fanvue app, then sign in again." "$work/err" && pass "missing scope named" \
  || fail "missing scope: $(head -3 "$work/err")"

# an agency account downloads its creator's chat
TROVE_TOKEN=fv_test_agency expect_status 0 "agency download" "$cli" download --account agency --chat "$ag_chat" --dest "$work/ag"
ag_expected=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["agency"][0]["chats"][0]["media_count"])' "$work/dataset.json")
tail -1 "$work/out" | grep -q "^downloaded $ag_expected, skipped 0, failed 0, locked 0, deduplicated 0$" && pass "agency chat downloaded" || fail "agency download: $(tail -1 "$work/out")"
check_files "$work/ag" agency fv_test_agency "$ag_chat" && pass "agency files are the items' bytes" || fail "agency download: files differ from the server"

# locked OnlyFans media are counted, not failed
TROVE_TOKEN=ofapi_test_key expect_status 0 "OnlyFansAPI download" "$cli" download --account onlyfans --chat "$of_chat" --dest "$work/of"
of_counts=$(TROVE_TOKEN=ofapi_test_key "$cli" media --account onlyfans --chat "$of_chat" --json | python3 -c 'import json,sys; m=[json.loads(l) for l in sys.stdin]; print(sum(not x["locked"] for x in m), sum(x["locked"] for x in m))')
of_unlocked=${of_counts% *} of_locked=${of_counts#* }
[ "$of_unlocked" -gt 0 ] && [ "$of_locked" -gt 0 ] || fail "the OnlyFansAPI chat should hold locked and unlocked items: $of_counts"
tail -1 "$work/out" | grep -q "^downloaded $of_unlocked, skipped 0, failed 0, locked $of_locked, deduplicated 0$" && pass "OnlyFansAPI: $of_unlocked downloaded, $of_locked locked counted" || fail "OnlyFansAPI summary: $(tail -1 "$work/out"), expected $of_unlocked downloaded and $of_locked locked"
check_files "$work/of" onlyfans ofapi_test_key "$of_chat" && pass "OnlyFansAPI files are the items' bytes" || fail "OnlyFansAPI download: files differ from the server"

# A service that breaks its own paging: the listing stops, keeps what it had, says so on
# stderr and exits 5. The timeout makes a listing that never ends fail instead of hanging.
long_chat=$(python3 -c 'import json,sys; print([c["id"] for c in json.load(open(sys.argv[1]))["fanvue"]["chats"] if c["media_count"] > 150][0])' "$work/dataset.json")
curl -sf -X DELETE "$api/__control/faults" > /dev/null
curl -sf -X POST -d "repeat-cursor:path=/media" "$api/__control/faults" > /dev/null
TROVE_TOKEN=fv_test_creator expect_status 5 "media: a repeated cursor" timeout 30 "$cli" media --account creator --chat "$long_chat" --json
[ "$(wc -l < "$work/out")" -eq 50 ] && pass "the 50 items listed before the repeat are printed" || fail "repeated cursor printed $(wc -l < "$work/out") items"
grep -q "repeated a page; stopped after 50 items" "$work/err" && pass "stderr says the service repeated a page" || fail "repeated cursor stderr: $(cat "$work/err")"
curl -sf -X DELETE "$api/__control/faults" > /dev/null
curl -sf -X POST -d "repeat-cursor:path=/media" "$api/__control/faults" > /dev/null
TROVE_TOKEN=fv_test_creator expect_status 5 "download: a repeated cursor" timeout 60 "$cli" download --account creator --chat "$long_chat" --dest "$work/loop" --template "{id}.{ext}"
tail -1 "$work/out" | grep -q "^downloaded 50, skipped 0, failed 0, locked 0, deduplicated 0$" && pass "what was listed is downloaded" || fail "repeated cursor download: $(tail -1 "$work/out")"
[ "$(find "$work/loop" -type f | wc -l)" -eq 50 ] && pass "50 files" || fail "$(find "$work/loop" -type f | wc -l) files after a repeated cursor"
grep -q "stopped after 50 items" "$work/err" && pass "the download says the listing is incomplete" || fail "repeated cursor download stderr: $(cat "$work/err")"
curl -sf -X DELETE "$api/__control/faults" > /dev/null
curl -sf -X POST "$api/__control/reset" > /dev/null
curl -sf -X POST -d "repeat-cursor:path=/media" "$api/__control/faults" > /dev/null
of_long=$(python3 -c 'import json,sys; print(max(json.load(open(sys.argv[1]))["onlyfansapi"][0]["chats"], key=lambda c: c["media_count"])["id"])' "$work/dataset.json")
TROVE_TOKEN=ofapi_test_key expect_status 5 "OnlyFansAPI media: offsets that bring nothing new" timeout 30 "$cli" media --account onlyfans --chat "$of_long" --json
grep -q "sent nothing new; stopped after" "$work/err" && pass "stderr says nothing new came" || fail "OnlyFansAPI repeat stderr: $(cat "$work/err")"
billed=$(curl -sf "$api/__control/requests" | python3 -c 'import json,sys; print(sum(1 for r in json.load(sys.stdin)["requests"] if r["path"].endswith("/media")))')
[ "$billed" -le 4 ] && pass "$billed billed requests" || fail "$billed billed requests for a looping listing"
curl -sf -X DELETE "$api/__control/faults" > /dev/null

# Names and server messages holding terminal escapes: tables and stderr show them inert, JSON
# keeps them exact.
no_controls() { # file: no C0 but newline, no DEL, no C1
  python3 - "$1" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
bad = [hex(ord(c)) for c in text if (ord(c) < 0x20 and c != "\n") or 0x7f <= ord(c) < 0xa0]
assert not bad, bad[:8]
PY
}
names_marked() { # file dataset-path: every chat name shows between the marks of its escapes
  python3 - "$1" "$work/dataset.json" "$2" <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
account = eval(sys.argv[3], {"d": json.load(open(sys.argv[2]))})
missing = [c["name"] for c in account["chats"] if "??" + c["name"] + "??" not in text]
assert not missing, missing
PY
}
curl -sf -X POST -d "hostile-names" "$api/__control/faults" > /dev/null
TROVE_TOKEN=fv_test_creator expect_status 0 "chats table with hostile names" "$cli" chats --account creator
no_controls "$work/out" && names_marked "$work/out" 'd["fanvue"]' && pass "chat names printed without control characters" || fail "chat table: $(head -3 "$work/out" | od -c | head -5)"
TROVE_TOKEN=fv_test_creator expect_status 0 "media table with hostile names" "$cli" media --account creator --chat "$fv_chat"
grep -q "??" "$work/out" && no_controls "$work/out" && pass "media names printed without control characters" || fail "media table: $(head -3 "$work/out" | od -c | head -5)"
TROVE_TOKEN=ofapi_test_key expect_status 0 "OnlyFansAPI chats table with hostile names" "$cli" chats --account onlyfans
no_controls "$work/out" && names_marked "$work/out" 'd["onlyfansapi"][0]' && pass "OnlyFansAPI chat names printed without control characters" || fail "OnlyFansAPI chat table: $(head -3 "$work/out" | od -c | head -5)"
TROVE_TOKEN=fv_test_creator expect_status 0 "chats JSON with hostile names" "$cli" chats --account creator --json
python3 -c 'import json,sys; assert all(json.loads(l)["name"].startswith("\x1b]0;pwned\x07\x1b[2J") and json.loads(l)["name"].endswith("\x9b1m\x7f") for l in open(sys.argv[1]))' "$work/out" \
  && pass "JSON keeps names exact" || fail "JSON names: $(head -1 "$work/out")"
curl -sf -X DELETE "$api/__control/faults" > /dev/null
curl -sf -X POST -d "5xx:status=400,path=/chats,message=%1B]0;pwned%07%1B[2J%C2%9B%7F" "$api/__control/faults" > /dev/null
TROVE_TOKEN=fv_test_creator expect_status 2 "a server message with escapes" "$cli" chats --account creator
grep -q "(error 400)" "$work/err" && no_controls "$work/err" && pass "the server's message on stderr without control characters" || fail "stderr: $(od -c "$work/err" | head -5)"
curl -sf -X DELETE "$api/__control/faults" > /dev/null

# exit statuses: rejected credentials, a server that is down, one file failing
TROVE_TOKEN=wrong expect_status 3 "a rejected token" "$cli" chats --account creator
grep -q 'creator' "$work/err" && pass "the error names the account" || fail "error: $(cat "$work/err")"
expect_status 0 "add an account on a closed port" "$cli" accounts add --name down --kind fanvue --api-url http://127.0.0.1:9
expect_status 4 "a server that is down" "$cli" chats --account down
one=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fanvue"]["chats"][2]["id"])' "$work/dataset.json")
victim=$("$cli" media --account creator --chat "$one" --json | head -1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
curl -sf -X POST -d "5xx:status=404,server=media,path=$victim" "$api/__control/faults" > /dev/null
expect_status 1 "one file failing" "$cli" download --account creator --chat "$one" --dest "$work/one"
tail -1 "$work/out" | grep -Eq "^downloaded [1-9][0-9]*, skipped 0, failed 1" && pass "the rest were kept" || fail "one failing: $(tail -1 "$work/out")"
curl -sf -X DELETE "$api/__control/faults" > /dev/null

# Ctrl+C mid-download: .part files stay, the next run completes them
big=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fanvue"]["chats"][1]["id"])' "$work/dataset.json")
curl -sf -X POST -d "latency:ms=400,server=media" "$api/__control/faults" > /dev/null
"$cli" download --account creator --chat "$big" --dest "$work/int" --jobs 4 > "$work/out" 2> "$work/err" &
pid=$!
sleep 2
kill -INT "$pid"
wait "$pid"
status=$?
[ "$status" -eq 130 ] && pass "Ctrl+C exits 130" || fail "Ctrl+C exit $status"
tail -1 "$work/out" | grep -q "^downloaded" && pass "summary after Ctrl+C" || fail "no summary after Ctrl+C"
curl -sf -X DELETE "$api/__control/faults" > /dev/null
expect_status 0 "the run after Ctrl+C" "$cli" download --account creator --chat "$big" --dest "$work/int"
find "$work/int" -name '*.part' | grep -q . && fail ".part left after completing" || pass "interrupted downloads completed"

# Every file named like "<id>.<ext>" in $1 is byte-identical to what the server holds.
check_complete() {
  local bad=0 f id
  shopt -s nullglob
  for f in "$1"/*; do
    case "$f" in *.part) continue ;; esac
    id=$(basename "$f"); id=${id%.*}
    curl -sf "$api/__control/content/$id/main" -o "$work/expected" || { echo "# $f: the server has no $id" >&2; bad=1; continue; }
    cmp -s "$f" "$work/expected" || { echo "# $f: $(stat -c %s "$f") bytes differ from the server's $(stat -c %s "$work/expected")" >&2; bad=1; }
  done
  return $bad
}

# SIGKILL mid-download: nothing partial ever sits under a final name, and the next run completes
third=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fanvue"]["chats"][3]["id"])' "$work/dataset.json")
curl -sf -X POST -d "latency:ms=300,server=media" "$api/__control/faults" > /dev/null
"$cli" download --account creator --chat "$third" --dest "$work/kill" --template "{id}.{ext}" --jobs 4 > /dev/null 2>&1 &
pid=$!
# Killed once some files are final and others still partial (slow builds take longer to get there).
for _ in $(seq 300); do
  find "$work/kill" -type f ! -name '*.part' 2>/dev/null | grep -q . && break
  sleep 0.1
done
kill -KILL "$pid"
wait "$pid" 2>/dev/null
curl -sf -X DELETE "$api/__control/faults" > /dev/null
find "$work/kill" -type f ! -name '*.part' | grep -q . && pass "killed with files already final" || fail "killed before any file was final"
check_complete "$work/kill" && pass "no partial file under a final name after SIGKILL" || fail "a final file is partial after SIGKILL"
expect_status 0 "the run after SIGKILL" "$cli" download --account creator --chat "$third" --dest "$work/kill" --template "{id}.{ext}"
find "$work/kill" -name '*.part' | grep -q . && fail ".part left after the run after SIGKILL" || pass "the run after SIGKILL completed"
check_complete "$work/kill" && pass "every file whole after SIGKILL and rerun" || fail "a file differs from the server after rerun"

# A full disk (a file-size limit here): the job fails with a clear message, nothing partial under a final name
fourth=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fanvue"]["chats"][4]["id"])' "$work/dataset.json")
( ulimit -f 50; exec "$cli" download --account creator --chat "$fourth" --dest "$work/full" --template "{id}.{ext}" ) > "$work/out" 2> "$work/err"
status=$?
[ "$status" -eq 1 ] && pass "a full disk fails the items that do not fit (exit 1)" || fail "full disk: exit $status"
grep -qi "too large" "$work/err" && pass "the message says the file is too large" || fail "full disk message: $(head -2 "$work/err")"
# ulimit -f counts KiB: no file can grow past 51200 bytes, so an item larger than that must have
# no file under a final name at all (whatever its size), and one at least must be that large.
TROVE_TOKEN=fv_test_creator "$cli" media --account creator --chat "$fourth" --json > "$work/fourth.json"
if python3 - "$work/full" "$work/fourth.json" "$api" <<'PY'
import json, os, sys, urllib.request
folder, listing, api = sys.argv[1:4]
names = os.listdir(folder) if os.path.isdir(folder) else []
too_big = []
for line in open(listing):
    m = json.loads(line)
    size = len(urllib.request.urlopen(f"{api}/__control/content/{m['id']}/main").read())
    if size > 50 * 1024:
        too_big.append(m["id"])
assert too_big, "no item is larger than the limit: the check proves nothing"
final = [n for n in names if not n.endswith(".part") and n.split(".")[0] in too_big]
assert not final, f"items over the limit under a final name: {final[:3]}"
PY
then pass "nothing partial under a final name on a full disk"; else fail "a file over the limit under a final name"; fi
check_complete "$work/full" && pass "the files that fit are whole" || fail "a file that fit differs from the server"

# OnlyFansAPI media the CDN refuses to serve directly: "needs paid download" unless allowed for
# the run, then fetched through the paid endpoint; the API key never reaches the media host.
curl -sf -X POST "$api/__control/refuse-direct?on=1" > /dev/null
curl -sf -X POST "$api/__control/reset" > /dev/null
# An archive of their own: the chat was downloaded above.
mkdir -p "$work/paid-data"
TROVE_TOKEN=ofapi_test_key XDG_DATA_HOME="$work/paid-data" expect_status 1 "refused media without paid downloads" "$cli" download --account onlyfans --chat "$of_chat" --dest "$work/paid-no"
grep -q "needs paid download" "$work/err" && pass "refused items reported as needing a paid download" || fail "refused items: $(head -2 "$work/err")"
tail -1 "$work/out" | grep -Eq "^downloaded 0, skipped 0, failed 0, locked [0-9]+, deduplicated 0, needs paid download [1-9][0-9]*$" && pass "needs paid download counted apart" || fail "summary: $(tail -1 "$work/out")"
curl -sf "$api/__control/stats" | python3 -c 'import json,sys; s=json.load(sys.stdin); assert "GET /api/{account}/media/download/{cdnUrl}" not in s["routes"], s["routes"]' && pass "nothing paid without --allow-paid-downloads" || fail "the endpoint was called without --allow-paid-downloads"
curl -sf -X POST "$api/__control/reset" > /dev/null
TROVE_TOKEN=ofapi_test_key XDG_DATA_HOME="$work/paid-data" expect_status 0 "refused media with --allow-paid-downloads" "$cli" download --account onlyfans --chat "$of_chat" --dest "$work/paid-yes" --allow-paid-downloads
check_files "$work/paid-yes" onlyfans ofapi_test_key "$of_chat" && pass "paid downloads byte for byte" || fail "paid downloads differ from the server"
curl -sf "$api/__control/requests" | python3 -c '
import json, sys
log = json.load(sys.stdin)["requests"]
paid = [r for r in log if r["route"] == "GET /api/{account}/media/download/{cdnUrl}"]
media = [r for r in log if r["server"] == "media"]
assert paid and all(r["api_key"] and r["credits"] > 0 for r in paid), "endpoint requests"
assert media and not any(r["api_key"] or r["authorization"] for r in media), "the key reached the media host"
' && pass "paid through the endpoint, the key never on the media host" || fail "paid downloads: the log says otherwise"
curl -sf -X POST "$api/__control/refuse-direct?on=0" > /dev/null
# Each media stored once: a server whose chats share mass-message media (the archive data set).
# The second chat's shared items are links to the first chat's files, counted as deduplicated.
"$TROVE_TEST_SERVER" --dataset archive=6,4,50 --print-urls > "$work/urls-archive" &
archive_pid=$!
background_pids="$background_pids $archive_pid"
for _ in $(seq 100); do [ -s "$work/urls-archive" ] && break; sleep 0.05; done
archive_api=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["api"])' "$work/urls-archive")
curl -sf "$archive_api/__control/dataset" > "$work/archive.json"
read -r chat_a chat_b n_shared < <(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["fanvue"]
skip = set(d["archive"]["gone_chats"]) | set(d["archive"]["empty_chats"])
chats = [c["id"] for c in d["chats"] if c["id"] not in skip]
print(chats[0], chats[1], len(d["archive"]["shared"]))' "$work/archive.json")
TROVE_TOKEN=unused "$cli" accounts add --name archive --kind fanvue --api-url "$archive_api" > /dev/null 2>&1
expect_status 0 "a chat with mass-message media" "$cli" download --account archive --chat "$chat_a" --dest "$work/dedupe" --template "{chat}/{id}.{ext}"
tail -1 "$work/out" | grep -q "^downloaded 4, skipped 0, failed 0, locked 0, deduplicated 0$" && pass "first chat downloaded" || fail "first chat: $(tail -1 "$work/out")"
curl -sf -X POST "$archive_api/__control/reset" > /dev/null
expect_status 0 "another chat with the same media" "$cli" download --account archive --chat "$chat_b" --dest "$work/dedupe" --template "{chat}/{id}.{ext}"
tail -1 "$work/out" | grep -q "^downloaded $((4 - n_shared)), skipped 0, failed 0, locked 0, deduplicated $n_shared$" \
  && pass "its shared media are linked, not fetched" || fail "second chat: $(tail -1 "$work/out")"
fetched=$(curl -sf "$archive_api/__control/stats" | python3 -c 'import json,sys; print(sum(json.load(sys.stdin)["media_requests"].values()))')
[ "$fetched" -eq $((4 - n_shared)) ] && pass "only the chat's own media fetched" || fail "$fetched media fetched for the second chat"
linked=$(find "$work/dedupe" -type f -links 2 | wc -l)
[ "$linked" -eq $((2 * n_shared)) ] && pass "shared media are one file with two names" || fail "$linked files with two links"
kill "$archive_pid" 2>/dev/null

echo "1..$failures failures"
[ "$failures" -eq 0 ]
