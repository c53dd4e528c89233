#!/usr/bin/python3
# Fails on a message of the template that shows a count with a noun or participle ("%u items",
# "%u downloaded") but has no plural form: such a count goes through ngettext, since many
# languages inflect the word after a number (French "1 téléchargé", "5 téléchargés").
#
#   check-plurals.py TEMPLATE.pot

import ast
import re
import sys

COUNTED = re.compile(
    r"%(\d+\$)?[ud]( \w+)? (items?|files?|seconds?|minutes?|hours?|days?|chats?|messages?|downloads?|"
    r"downloaded|missing|failed|locked|listed|on server|already)\b")


def messages(path):
    entry, field = {}, None
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line:
            if entry:
                yield entry
            entry, field = {}, None
        elif line.startswith('"') and field:
            entry[field] += ast.literal_eval(line)
        elif line.startswith(("msgid", "msgid_plural")) and " " in line:
            field, value = line.split(" ", 1)
            entry[field] = ast.literal_eval(value)
        else:
            field = None
    if entry:
        yield entry


bad = [m["msgid"] for m in messages(sys.argv[1]) if m.get("msgid") and "msgid_plural" not in m and COUNTED.search(m["msgid"])]
for msgid in bad:
    print(f"a count without ngettext: {msgid!r}")
sys.exit(1 if bad else 0)
