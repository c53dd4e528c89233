#!/usr/bin/python3
# Trove on the demo, seen through a real AT-SPI bus the way a screen reader sees it.
#
#   test-a11y.py TROVE TROVE_CLI TROVE_TEST_SERVER
#
# Run inside a session bus and an X server with the accessibility bus started
# (run-with-atspi.sh does that). Walks the accessible tree of each view in turn (chats, grid,
# viewer, downloads popover, main menu, Preferences) and fails on an interactive or focusable
# element without a name, a focusable one without a role, and a name that holds a mnemonic's
# underscore or says itself twice ("Download _Missing Download Missing"). Reaches them with the keyboard alone where
# it matters: Tab reaches a chat and Enter opens it, Tab reaches a media cell, Right moves to
# the next, Enter opens the viewer, Escape gives the focus back to the grid.
# Output is TAP; exit status 77 (skip) when pyatspi or the bus launcher is missing.
# TROVE_A11Y_DEBUG=1 adds the whole chain of ancestors to each element reported.
#
# Debian's pyatspi is a system package: run this with /usr/bin/python3.

import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback

try:
    import pyatspi
    from trove_atspi import (COMMA, ESCAPE, F10, RETURN, RIGHT, TAB, TIMEOUT, ancestors, bail, children, click,
                             ctrl_key, find, has_state, is_cell_of, key, ok, focused_in, press_until_focus,
                             private_profile, results, start_demo, start_trove, wait_for, walk)
except ImportError:
    print("1..0 # SKIP pyatspi is not installed (python3-pyatspi)")
    sys.exit(77)

# Roles a user acts on: each needs a name a screen reader can say.
INTERACTIVE_ROLES = {
    pyatspi.ROLE_PUSH_BUTTON,
    pyatspi.ROLE_TOGGLE_BUTTON,
    pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON,
    pyatspi.ROLE_MENU_ITEM,
    pyatspi.ROLE_CHECK_MENU_ITEM,
    pyatspi.ROLE_RADIO_MENU_ITEM,
    pyatspi.ROLE_ENTRY,
    pyatspi.ROLE_PASSWORD_TEXT,
    pyatspi.ROLE_SPIN_BUTTON,
    pyatspi.ROLE_SLIDER,
    pyatspi.ROLE_COMBO_BOX,
    pyatspi.ROLE_LIST_ITEM,
    pyatspi.ROLE_TABLE_CELL,
    pyatspi.ROLE_TREE_ITEM,
    pyatspi.ROLE_PAGE_TAB,
    pyatspi.ROLE_LINK,
}
for extra in ("ROLE_SWITCH",):  # newer AT-SPI only
    if hasattr(pyatspi, extra):
        INTERACTIVE_ROLES.add(getattr(pyatspi, extra))

# Roles that say nothing about what an element does: a focusable element needs a real one.
GENERIC_ROLES = {
    pyatspi.ROLE_INVALID,
    pyatspi.ROLE_UNKNOWN,
    pyatspi.ROLE_FILLER,
    pyatspi.ROLE_PANEL,
    pyatspi.ROLE_REDUNDANT_OBJECT,
}

# GTK 4.8 names an element that has no label after its GObject type ("GtkImage",
# "GtkListItemWidget"): to a screen reader user that is no name at all.
TYPE_NAME = re.compile(r"^(Gtk|Adw|Gdk|Trove)[A-Z][A-Za-z0-9]*$")

# Widgets inside GTK 4.8 and libadwaita 1.2 that no public API lets the application label.
# Keep this short: anything Trove builds itself must be named, not listed here.
ALLOWED_UNNAMED = (
    # GtkVideo's play button, seek bar and volume button: GtkMediaControls is private.
    lambda node, view: any(a.name == "GtkMediaControls" for a in ancestors(node)),
    # GtkPasswordEntry's "Show Text" eye, in the Preferences' secret rows.
    lambda node, view: node.getRole() == pyatspi.ROLE_PUSH_BUTTON and node.description == "Show Text"
    and any(a.getRole() in (pyatspi.ROLE_TEXT, pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_ENTRY) for a in ancestors(node)),
    # AdwPreferencesWindow's own search button and search entry.
    lambda node, view: view == "preferences" and node.getRole() in (pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON)
    and node.description == "Search",
    lambda node, view: view == "preferences" and node.getRole() == pyatspi.ROLE_ENTRY and node.name == "GtkSearchEntry",
    # The items of AdwComboRow's popup, made by the row's own factory (their label is inside).
    lambda node, view: node.getRole() == pyatspi.ROLE_LIST_ITEM
    and any(a.getRole() == pyatspi.ROLE_COMBO_BOX for a in ancestors(node)),
)


def path_of(node):
    """Role, name and tooltip of node, and the nearest named element around it."""
    parts = [f"{node.getRoleName()} '{node.name}'" + (f" (tooltip '{node.description}')" if node.description else "")]
    inner = next((n for n in walk(node) if n is not node and has_real_name(n)), None)
    if inner is not None:
        parts[0] += f" holding {inner.getRoleName()} '{inner.name}'"
    for above in ancestors(node):
        if above.name and not TYPE_NAME.match(above.name):
            parts.append(f"{above.getRoleName()} '{above.name}'")
            break
    if os.environ.get("TROVE_A11Y_DEBUG"):
        parts.append(" < ".join(f"{a.getRoleName()}:{a.name}" for a in ancestors(node)))
    return " in ".join(parts)


def has_real_name(node):
    name = (node.name or "").strip()
    return bool(name) and not TYPE_NAME.match(name)


# GTK 4.8 marks these focusable, but the keyboard lands on what they hold, which is checked.
CONTAINER_ROLES = {pyatspi.ROLE_SCROLL_PANE, pyatspi.ROLE_LIST, pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE}

# A mnemonic's underscore ("Download _Missing") is read out by a screen reader as is.
MNEMONIC = re.compile(r"(^|\s)_\w")


def repeats_itself(name):
    """True for a name that says the same words twice ("Download Missing Download Missing")."""
    words = name.replace("_", "").split()
    half = len(words) // 2
    return half > 0 and len(words) % 2 == 0 and words[:half] == words[half:]


def audit(root, view):
    """One TAP line per view and rule: every interactive or focusable element is named, every
    focusable one has a role, and no name holds a mnemonic underscore or says itself twice."""
    unnamed, roleless, garbled, allowed, checked = [], [], [], 0, 0
    for node in walk(root):
        role = node.getRole()
        name = node.name or ""
        if MNEMONIC.search(name) or repeats_itself(name):
            garbled.append(path_of(node))
        # A focusable element the keyboard can reach now: not one in a view that is hidden.
        focusable = has_state(node, pyatspi.STATE_FOCUSABLE) and has_state(node, pyatspi.STATE_SHOWING) \
            and role not in CONTAINER_ROLES
        if role not in INTERACTIVE_ROLES and not focusable:
            continue
        checked += 1
        if role in GENERIC_ROLES:
            roleless.append(path_of(node))
        elif not has_real_name(node):
            if any(rule(node, view) for rule in ALLOWED_UNNAMED):
                allowed += 1
            else:
                unnamed.append(path_of(node))
    ok(checked > 0 and not unnamed,
       f"{view}: {checked} interactive or focusable elements, each with a name ({allowed} inside GTK, allowed)",
       "\n".join(f"no name: {p}" for p in unnamed))
    ok(not roleless, f"{view}: every focusable element has a role",
       "\n".join(f"no role: {p}" for p in roleless))
    ok(not garbled, f"{view}: no name holds a mnemonic underscore or repeats itself",
       "\n".join(f"garbled name: {p}" for p in garbled))


def focus_if(predicate):
    """The focused element of the window if it satisfies predicate, else None."""
    node = focused_in(window)
    return node if node is not None and predicate(node) else None


trove, trove_cli, test_server = sys.argv[1:4]
if shutil.which("at-spi-bus-launcher", path="/usr/libexec") is None:
    print("1..0 # SKIP at-spi2-core is not installed")
    sys.exit(77)

work = tempfile.mkdtemp(prefix="trove-a11y-")
processes = []

env = private_profile(work)

try:
    start_demo(test_server, trove_cli, env, processes)
    app, window = start_trove(trove, env, processes)
    chats = wait_for("the chat list", lambda: find(window, pyatspi.ROLE_LIST, "Chats"))
    wait_for("chats in the list", lambda: any(has_real_name(c) or c.childCount for c in children(chats)))
    ok(True, "Trove is on the accessibility bus with its chats")
    audit(window, "chat list")

    # Keyboard only from here: Tab to a chat, Enter opens it.
    chat = press_until_focus(window, TAB, lambda n: is_cell_of(n, chats), "a chat by Tab", describe=path_of)
    ok(has_real_name(chat), f"Tab reaches a chat, named '{chat.name}'")
    key(RETURN)
    grid = wait_for("the media grid", lambda: find(window, pyatspi.ROLE_TABLE, "Media"))
    wait_for("media cells in the grid", lambda: grid.childCount > 0)
    audit(window, "media grid")

    cell = press_until_focus(window, TAB, lambda n: is_cell_of(n, grid), "a media cell by Tab", describe=path_of)
    ok(has_real_name(cell), f"Tab reaches a media cell, named '{cell.name}'")
    first_index = cell.getIndexInParent()
    key(RIGHT)
    moved = wait_for("the focus to move right",
                     lambda: focus_if(lambda n: is_cell_of(n, grid) and n.getIndexInParent() != first_index))
    ok(True, f"Right moves the focus to the next cell, named '{moved.name}'")

    key(RETURN)
    # The viewer is built when first opened, possibly after Return returns.
    viewer = wait_for("an element named 'Viewer' in the tree", lambda: find(window, pyatspi.ROLE_PANEL, "Viewer"))
    # Only a mapped widget can hold the focus: focus inside the viewer means the viewer is showing.
    inside = wait_for("the focus in the viewer", lambda: focus_if(lambda n: viewer in ancestors(n)))
    ok(True, f"Enter on a cell opens the viewer (focus on {inside.getRoleName()} '{inside.name}')")
    audit(viewer, "viewer")

    # A download, so that the downloads popover has a row with its buttons to check.
    download = find(viewer, pyatspi.ROLE_PUSH_BUTTON, "Download")
    if download is None:
        bail("no Download button in the viewer")
    click(download)
    # A button clicks a moment after it is activated: wait for the toast before leaving the viewer.
    wait_for("the download toast", lambda: any(n.getRole() == pyatspi.ROLE_LABEL and n.name.startswith("Downloading")
                                               for n in walk(window)))

    key(ESCAPE)
    back = wait_for("the focus back in the grid", lambda: focus_if(lambda n: is_cell_of(n, grid)))
    ok(True, f"Escape closes the viewer and gives the focus back to a cell, '{back.name}'")

    downloads_button = find(window, pyatspi.ROLE_PUSH_BUTTON, "Downloads")
    if downloads_button is None:
        bail("no Downloads button")
    click(downloads_button)
    downloads = wait_for("the downloads popover", lambda: find(downloads_button, pyatspi.ROLE_LIST, "Downloads"))
    wait_for("a row in the downloads popover", lambda: downloads.childCount > 0)
    audit(downloads_button, "downloads")
    # Clear Finished can be used once the download is done (it is greyed out before).
    clear = wait_for("the Clear Finished button", lambda: next(
        (n for n in walk(downloads_button) if n.getRole() == pyatspi.ROLE_PUSH_BUTTON and "Clear Finished" in n.name), None))
    wait_for("Clear Finished enabled by the finished download", lambda: has_state(clear, pyatspi.STATE_SENSITIVE))
    ok(True, "Clear Finished is enabled once a download has finished")
    popover = next(a for a in ancestors(downloads) if a.parent == downloads_button)
    key(ESCAPE)
    wait_for("the downloads popover closed", lambda: focus_if(lambda n: n != popover and popover not in ancestors(n)))

    # The main menu (F10): its items live under the menu button while it is open.
    key(F10)
    item = wait_for("the main menu open", lambda: focus_if(lambda n: n.getRole() == pyatspi.ROLE_MENU_ITEM))
    menu = next(a for a in ancestors(item) if a.getRole() == pyatspi.ROLE_MENU)
    audit(menu, "main menu")
    key(ESCAPE)
    wait_for("the main menu closed", lambda: focus_if(lambda n: menu not in ancestors(n)))

    # Preferences (Ctrl+,): the accounts added above, each row with its buttons.
    ctrl_key(COMMA)

    def preferences_window():
        application = window.parent
        for top in children(application):
            if top != window and top.getRole() in (pyatspi.ROLE_FRAME, pyatspi.ROLE_DIALOG, pyatspi.ROLE_WINDOW) \
                    and find(top, pyatspi.ROLE_LABEL, "Demo Main"):
                return top
        return None

    preferences = wait_for("the Preferences window with the accounts", preferences_window)
    audit(preferences, "preferences")
    key(ESCAPE)
    wait_for("Preferences closed", lambda: preferences not in children(window.parent))
    ok(app.poll() is None, "Trove is still running")
except Exception:  # a bug in the test or the tree vanishing: still one clear TAP line
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
