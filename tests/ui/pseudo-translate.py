#!/usr/bin/python3
# Writes a pseudo-translation of a gettext template: each string bracketed and lengthened by a
# third ("Downloads" -> "[Downloads~~~]"), plural forms too. Text that skipped gettext shows up
# unbracketed, and a label with no room for a longer translation shows up cut off.
#
#   pseudo-translate.py TEMPLATE.pot OUTPUT.po
#
# Format specifiers, markup, mnemonics and {template} tokens stay as they are: only brackets and
# padding are added around the text, and msgfmt --check verifies the result.

import ast
import math
import os
import sys

# How much longer than the English a translation is made: a third, as German or French often are.
PADDING = float(os.environ.get("TROVE_PSEUDO_PADDING", "0.3334"))


def pseudo(text):
    if not text:
        return text
    # A trailing newline stays last, so that line-based output keeps its shape.
    tail = "\n" if text.endswith("\n") else ""
    body = text[: len(text) - len(tail)]
    return "[" + body + "~" * math.ceil(len(body) * PADDING) + "]" + tail


def parse(path):
    """The template's entries as dicts of msgctxt, msgid, msgid_plural and their flags lines."""
    entries, entry, field = [], {}, None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            if entry:
                entries.append(entry)
            entry, field = {}, None
            continue
        if line.startswith("#,"):
            entry.setdefault("flags", []).append(line)
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            entry[field] += ast.literal_eval(line)
            continue
        keyword, _, value = line.partition(" ")
        field = keyword
        entry[field] = ast.literal_eval(value) if field in ("msgctxt", "msgid", "msgid_plural") else ""
    if entry:
        entries.append(entry)
    return entries


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def write(template, output):
    with open(output, "w", encoding="utf-8") as out:
        out.write('msgid ""\nmsgstr ""\n'
                  '"Project-Id-Version: trove\\n"\n"PO-Revision-Date: 2026-01-01 00:00+0000\\n"\n'
                  '"Last-Translator: pseudo-translate.py\\n"\n"Language-Team: none\\n"\n'
                  '"Language: en\\n"\n"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                  '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')
        for entry in parse(template):
            msgid = entry.get("msgid")
            # TROVE_PSEUDO_SKIP leaves messages untranslated, to see the test catch them.
            if not msgid or msgid in os.environ.get("TROVE_PSEUDO_SKIP", "").split("|"):
                continue
            for flags in entry.get("flags", []):
                out.write(flags.replace("fuzzy, ", "").replace(", fuzzy", "") + "\n")
            if "msgctxt" in entry:
                out.write(f"msgctxt {quote(entry['msgctxt'])}\n")
            out.write(f"msgid {quote(msgid)}\n")
            if "msgid_plural" in entry:
                out.write(f"msgid_plural {quote(entry['msgid_plural'])}\n")
                out.write(f"msgstr[0] {quote(pseudo(msgid))}\n")
                out.write(f"msgstr[1] {quote(pseudo(entry['msgid_plural']))}\n\n")
            else:
                out.write(f"msgstr {quote(pseudo(msgid))}\n\n")


if __name__ == "__main__":
    write(*sys.argv[1:3])
