#!/usr/bin/python3
# Trove on the demo under a pseudo-translation, seen through AT-SPI: every text a user sees in
# the main window, the viewer, the downloads popover and Preferences went through gettext and
# has room for a translation a third longer than the English.
#
#   test-i18n.py TROVE TROVE_CLI TROVE_TEST_SERVER TEMPLATE.pot PSEUDO_TRANSLATE.py
#
# Run inside run-with-atspi.sh. The template is pseudo-translated ("Downloads" ->
# "[Downloads~~~]", pseudo-translate.py), compiled into a private locale directory and given to
# Trove through TROVE_LOCALEDIR and LANGUAGE. Then, for each view, each showing label (and each
# named button, title and heading) is checked:
#  - untranslated: its text is, or contains, a msgid of the template but is not bracketed — a
#    string marked for translation that is shown without gettext; or it is English made of the
#    template's own words that matches no msgid and no user data of the demo (chat, account and
#    media names, captions), numbers, dates and sizes — a string never marked at all;
#  - cut off: its text, measured with Pango in the font GTK uses, is wider than the label's
#    extents on a single line (an ellipsized label keeps its whole text on AT-SPI, so only its
#    size tells).
# Output is TAP; exit status 77 (skip) when pyatspi or the bus launcher is missing.

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

try:
    import pyatspi
    import gi

    gi.require_version("Pango", "1.0")
    gi.require_version("PangoCairo", "1.0")
    from gi.repository import Pango, PangoCairo
    from trove_atspi import (COMMA, ESCAPE, RETURN, RIGHT, TAB, TIMEOUT, ancestors, bail, children, click,
                             ctrl_key, find, has_state, is_cell_of, key, ok, focused_in, press_until_focus,
                             private_profile, results, start_demo, start_trove, wait_for, walk, DEMO_ACCOUNTS)
except (ImportError, ValueError) as error:
    print(f"1..0 # SKIP {error}")
    sys.exit(77)


# --- What counts as translated -----------------------------------------------------------------

MARKUP = re.compile(r"<[^>]+>")
SPECIFIER = re.compile(r"%(\d+\$)?[-#0 +']*\d*(\.\d+)?(l|ll|h|z|G_GU?INT64_FORMAT)?[sdiufgxXc%]")
WORD = re.compile(r"[A-Za-z]{3,}")
BRACKETED = re.compile(r"\[[^\[\]]*\]")
# Month and day names: the C locale's, from g_date_time_format in a translated format.
DATE_WORDS = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\b")


def plain(text):
    """A msgid or a label's text as it is shown: no markup, no mnemonic underscore, no entities."""
    text = MARKUP.sub("", text).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return re.sub(r"_(\w)", r"\1", text).strip()


def msgids_of(template):
    entries = pseudo.parse(template)
    ids = set()
    for entry in entries:
        for field in ("msgid", "msgid_plural"):
            if entry.get(field):
                ids.add(plain(entry[field]))
    return ids


def as_pattern(msgid):
    """A msgid with printf specifiers as wildcards: "%u items" matches "5 items"."""
    pieces, last = [], 0
    for match in SPECIFIER.finditer(msgid):
        pieces.append(re.escape(msgid[last:match.start()]))
        pieces.append(".+?")
        last = match.end()
    pieces.append(re.escape(msgid[last:]))
    return re.compile("".join(pieces), re.S)


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


# --- Cut off -------------------------------------------------------------------------------------

_layout = None


def natural_size(text):
    """Width and height in pixels of text on one line in GTK's default font (Sans 10, 96 dpi)."""
    global _layout
    if _layout is None:
        fontmap = PangoCairo.FontMap.get_default()
        context = fontmap.create_context()
        PangoCairo.context_set_resolution(context, 96)
        _layout = Pango.Layout.new(context)
        _layout.set_font_description(Pango.FontDescription.from_string(font))
    _layout.set_text(text, -1)
    _, logical = _layout.get_pixel_extents()
    return logical.width, logical.height


def check_view(root, view):
    """One TAP line each for untranslated and cut-off texts among the showing labels of root."""
    untranslated, cut, seen = [], [], 0
    for node in walk(root):
        role = node.getRole()
        if role not in (pyatspi.ROLE_LABEL, pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON,
                        pyatspi.ROLE_HEADING, pyatspi.ROLE_CHECK_BOX, pyatspi.ROLE_MENU_ITEM,
                        pyatspi.ROLE_FRAME, pyatspi.ROLE_DIALOG, pyatspi.ROLE_PAGE_TAB):
            continue
        # GTK 4.8 gives no SHOWING state: a widget that is not mapped has no size.
        try:
            extents = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        except NotImplementedError:
            continue
        if extents.width <= 0 or extents.height <= 0:
            continue
        text = (node.name or "").strip()
        if not text or text in BRANDS or re.fullmatch(r"(Gtk|Adw|Gdk|Trove)[A-Z]\w*", text):
            continue
        seen += 1
        where = f"{node.getRoleName()} '{text}'"
        # What is left around the translated parts ("Photo, [from fan~~~]" leaves "Photo, ").
        rest = BRACKETED.sub(" ", text).strip()
        if rest == text and (text in msgids or any(p.fullmatch(text) for p in patterns)):
            untranslated.append(f"{where}: a msgid shown untranslated")
        elif rest and not FILE_NAME.fullmatch(rest) \
                and not any(rest == d or rest in d or (len(d) > 2 and d in rest) for d in user_data) \
                and not any(g in rest for g in GTK_OWN) \
                and any(w.lower() in vocabulary for w in WORD.findall(DATE_WORDS.sub(" ", rest))):
            untranslated.append(f"{where}: English outside gettext" + (f" ('{rest}')" if rest != text else ""))
        # Only translated text: a long file name may be ellipsized by design.
        if role == pyatspi.ROLE_LABEL and text.startswith("["):
            width, height = natural_size(text)
            if os.environ.get("TROVE_ATSPI_DEBUG"):
                print(f"# {where}: text {width}x{height}px, label {extents.width}x{extents.height}px")
            # A single line narrower than its text. Two lines of a caption (libadwaita's subtitles,
            # 83 % of Sans 10) are a wrapped label, not a cut one. A label lower than a line of
            # Sans 10 has a smaller font; the margin is for bold text.
            if extents.height < height * 0.83 * 1.75 and width * min(extents.height / height, 1.0) > extents.width * 1.15 + 2:
                cut.append(f"{where}: text {width}px wide, label {extents.width}x{extents.height}px")
    ok(seen > 0 and not untranslated, f"{view}: {seen} texts, each through gettext", "\n".join(untranslated))
    ok(not cut, f"{view}: no text cut off", "\n".join(cut))


# Strings of GTK and libadwaita themselves (their own domains, not Trove's).
GTK_OWN = ("Show Text", "Search", "No Results Found", "Try a different search", "Close", "Minimize",
           "Maximize")
# Names that are the same in every language (a window titled after the app).
BRANDS = {"Trove"}
# A media file's name (the viewer's title, a download's row) or a folder's path is user data.
FILE_NAME = re.compile(r".*\.[A-Za-z0-9]{2,4}|[/~].*")

trove, trove_cli, test_server, template, pseudo_script = sys.argv[1:6]
if shutil.which("at-spi-bus-launcher", path="/usr/libexec") is None:
    print("1..0 # SKIP at-spi2-core is not installed")
    sys.exit(77)

import importlib.util

spec = importlib.util.spec_from_file_location("pseudo", pseudo_script)
pseudo = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pseudo)

font = os.environ.get("TROVE_I18N_FONT", "Sans 10")
msgids = msgids_of(template)
patterns = [as_pattern(m) for m in msgids if SPECIFIER.search(m)]
vocabulary = {w.lower() for m in msgids for w in WORD.findall(SPECIFIER.sub(" ", m))}

work = tempfile.mkdtemp(prefix="trove-i18n-")
processes = []
env = private_profile(
    work,
    XDG_DOWNLOAD_DIR=os.path.join(work, "Downloads"),
    # gettext honours LANGUAGE in any locale but C: C.UTF-8 is always there.
    LANGUAGE="xx",
    TROVE_LOCALEDIR=os.path.join(work, "locale"),
)
for directory in ("Downloads", "locale/xx/LC_MESSAGES"):
    os.makedirs(os.path.join(work, directory))

try:
    po = os.path.join(work, "xx.po")
    pseudo.write(template, po)
    subprocess.run(["msgfmt", "--check", "-o", os.path.join(work, "locale/xx/LC_MESSAGES/trove.mo"), po],
                   check=True, timeout=TIMEOUT)
    usage = subprocess.run([trove_cli, "--help"], env=env, capture_output=True, text=True, timeout=TIMEOUT)
    ok(usage.stderr.startswith("[Usage:"), "trove-cli --help is translated", usage.stderr)

    dataset = start_demo(test_server, trove_cli, env, processes)
    user_data = {s for s in strings_in(dataset) if s.strip()} | set(DEMO_ACCOUNTS)
    app, window = start_trove(trove, env, processes)
    chats = wait_for("the chat list", lambda: next(
        n for n in walk(window) if n.getRole() == pyatspi.ROLE_LIST and n.childCount > 0))
    # The list fills and its rows settle a moment after they appear.
    time.sleep(1)
    check_view(window, "main window")

    chat = press_until_focus(window, TAB, lambda n: is_cell_of(n, chats), "a chat by Tab")
    key(RETURN)
    grid = wait_for("the media grid", lambda: find(window, pyatspi.ROLE_TABLE))
    wait_for("media cells in the grid", lambda: grid.childCount > 0)
    time.sleep(1)
    check_view(window, "media grid")

    press_until_focus(window, TAB, lambda n: is_cell_of(n, grid), "a media cell by Tab")
    key(RETURN)
    viewer = wait_for("the viewer", lambda: next(
        a for a in ancestors(focused_in(window)) if a.getRole() == pyatspi.ROLE_PANEL and a.name
        and a.name.startswith("[")))
    time.sleep(1)
    check_view(viewer, "viewer")

    download = wait_for("the viewer's Download button", lambda: next(
        n for n in walk(viewer) if n.getRole() == pyatspi.ROLE_PUSH_BUTTON and plain(n.name or "").startswith("[Download")))
    click(download)
    toast = wait_for("the download toast", lambda: next(
        n for n in walk(window) if n.getRole() == pyatspi.ROLE_LABEL and (n.name or "").startswith("[Downloading")))
    key(ESCAPE)
    wait_for("the focus back in the grid", lambda: is_cell_of(focused_in(window), grid))

    downloads_button = wait_for("the Downloads button", lambda: next(
        n for n in walk(window) if n.getRole() in (pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON)
        and (n.name or "").startswith("[Downloads")))
    click(downloads_button)
    downloads = wait_for("the downloads popover", lambda: find(downloads_button, pyatspi.ROLE_LIST))
    wait_for("a row in the downloads popover", lambda: downloads.childCount > 0)
    # The finished download, with its size and folder, rather than a row half-way.
    time.sleep(2)
    check_view(downloads_button, "downloads popover")
    key(ESCAPE)
    # The popover closes with an animation; Preferences' shortcut goes to the window after it.
    time.sleep(1)

    ctrl_key(COMMA)

    def preferences_window():
        for top in children(window.parent):
            if top != window and top.getRole() in (pyatspi.ROLE_FRAME, pyatspi.ROLE_DIALOG, pyatspi.ROLE_WINDOW) \
                    and find(top, pyatspi.ROLE_LABEL, "Demo Main"):
                return top
        return None

    preferences = wait_for("the Preferences window with the accounts", preferences_window)
    time.sleep(1)
    check_view(preferences, "preferences")
    # The other pages of Preferences, by their switcher's buttons.
    for page in ("Downloads",):
        switch = wait_for(f"the {page} page's switcher", lambda: next(
            n for n in walk(preferences) if n.getRole() in (pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_PAGE_TAB,
                                                            pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_PUSH_BUTTON)
            and plain(n.name or "").startswith("[" + page)))
        click(switch)
        time.sleep(1)
        check_view(preferences, f"preferences, {page} page")
    key(ESCAPE)
    ok(app.poll() is None, "Trove is still running")
except Exception:
    bail("the test stopped: " + traceback.format_exc().replace("\n", " | "))
finally:
    for process in reversed(processes):
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
    shutil.rmtree(work, ignore_errors=True)

print(f"1..{len(results)}")
sys.exit(0 if all(results) else 1)
