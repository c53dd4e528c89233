# What the AT-SPI tests (test-a11y.py, test-i18n.py) share: TAP lines, waiting on a tree that
# changes under us, walking it, keys and clicks. Debian's pyatspi is the system Python's.
#
# TROVE_ATSPI_DEBUG=1 adds the whole tree to a bail-out.

import json
import os
import select
import subprocess
import sys
import time
import urllib.request

import pyatspi

TIMEOUT = 20  # seconds for any one condition

# Keysyms for pyatspi's KEY_SYM (press and release).
TAB, RETURN, ESCAPE, RIGHT, F10 = 0xFF09, 0xFF0D, 0xFF1B, 0xFF53, 0xFFC7
COMMA = 0x2C
# Modifiers are held by keycode (Xvfb's default evdev keymap).
KEYCODE_CONTROL_L = 37

results = []


def ok(passed, what, detail=""):
    results.append(passed)
    print(f"{'ok' if passed else 'not ok'} {len(results)} - {what}")
    for line in detail.splitlines():
        print(f"#   {line}")
    sys.stdout.flush()
    return passed


def bail(what, detail=""):
    if os.environ.get("TROVE_ATSPI_DEBUG"):
        for top in children(pyatspi.Registry.getDesktop(0)):
            for node in walk(top):
                depth = len(list(ancestors(node)))
                detail += f"\n{'  ' * depth}{node.getRoleName()} '{node.name}' {node.childCount}"
    ok(False, what, detail)
    print(f"Bail out! {what}")
    sys.exit(1)


def wait_for(what, condition, timeout=TIMEOUT):
    """Returns condition()'s first true value, polling; bails out after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = condition()
        except Exception:  # the tree changes under us while the app builds a view
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            bail(f"timed out waiting for {what}")
        time.sleep(0.05)


def has_state(node, state):
    return node.getState().contains(state)


def children(node):
    for i in range(node.childCount):
        child = node.getChildAtIndex(i)
        if child is not None:
            yield child


def walk(node):
    yield node
    for child in children(node):
        yield from walk(child)


def ancestors(node):
    node = node.parent
    while node is not None and node.getRole() != pyatspi.ROLE_APPLICATION:
        yield node
        node = node.parent


def find(root, role, name=None):
    for node in walk(root):
        if node.getRole() == role and (name is None or node.name == name):
            return node
    return None


def key(keysym):
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)


def ctrl_key(keysym):
    pyatspi.Registry.generateKeyboardEvent(KEYCODE_CONTROL_L, None, pyatspi.KEY_PRESS)
    try:
        key(keysym)
    finally:
        pyatspi.Registry.generateKeyboardEvent(KEYCODE_CONTROL_L, None, pyatspi.KEY_RELEASE)


def focused_in(root):
    for node in walk(root):
        if has_state(node, pyatspi.STATE_FOCUSED):
            return node
    return None


def is_cell_of(node, container):
    return node is not None and node.getRole() in (pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_TABLE_CELL) \
        and node.parent == container


def press_until_focus(window, keysym, predicate, what, presses=25,
                      describe=lambda node: f"{node.getRoleName()} '{node.name}'"):
    """Presses keysym until the focused element of window satisfies predicate; returns it."""
    seen = []
    for _ in range(presses):
        key(keysym)
        # The focus moves asynchronously: give each press a moment to land.
        deadline = time.monotonic() + 1.0
        node = None
        while time.monotonic() < deadline:
            node = focused_in(window)
            if node is not None and predicate(node):
                return node
            time.sleep(0.05)
        seen.append(describe(node) if node is not None else "nothing")
    bail(f"{what}: not reached after {presses} key presses", "focus went: " + "\n".join(seen))


def click(node):
    """Activates node through AT-SPI, or the first of its descendants that has an action
    (a GtkMenuButton's action is on the toggle button inside it)."""
    for candidate in walk(node):
        try:
            action = candidate.queryAction()
        except NotImplementedError:
            continue
        if action.nActions > 0:
            action.doAction(0)
            return
    bail(f"{node.getRoleName()} '{node.name}' has no action")


# --- Trove on the demo ---------------------------------------------------------------------------

DEMO_ACCOUNTS = ("Mira Solberg", "Nova Studio (agency)", "Demo Main")


def private_profile(work, **extra):
    """The environment of a private profile in work, as build-aux/run.sh's demo: its own XDG
    folders, keyfile settings and a file keyring, so that trove-cli's accounts are Trove's."""
    env = dict(os.environ)
    env.update(
        HOME=work,
        XDG_CONFIG_HOME=os.path.join(work, "config"),
        XDG_DATA_HOME=os.path.join(work, "data"),
        XDG_CACHE_HOME=os.path.join(work, "cache"),
        GSETTINGS_BACKEND="keyfile",
        SECRET_BACKEND="file",
        SECRET_FILE_TEST_PATH=os.path.join(work, "keyring"),
        SECRET_FILE_TEST_PASSWORD="trove-atspi",
        LC_ALL="C.UTF-8",
    )
    env.update(extra)
    for directory in ("config", "data", "cache"):
        os.makedirs(os.path.join(work, directory), exist_ok=True)
    return env


def start_demo(test_server, trove_cli, env, processes):
    """Starts the test server on its demo data set and adds the three demo accounts with
    trove-cli; returns the data set's description."""
    server = subprocess.Popen([test_server, "--dataset", "demo", "--print-urls"], env=env, stdout=subprocess.PIPE)
    processes.append(server)
    if not select.select([server.stdout], [], [], TIMEOUT)[0]:
        bail("the test server printed no URLs")
    api = json.loads(server.stdout.readline())["api"]
    with urllib.request.urlopen(api + "/__control/dataset", timeout=TIMEOUT) as response:
        dataset = json.load(response)

    for name, kind, token, extra in (
        (DEMO_ACCOUNTS[0], "fanvue", "fv_test_creator", []),
        (DEMO_ACCOUNTS[1], "fanvue-agency", "fv_test_agency", ["--creator", dataset["agency"][0]["id"]]),
        (DEMO_ACCOUNTS[2], "onlyfansapi", "ofapi_test_key", ["--onlyfans-account", "acct_demo_main"]),
    ):
        subprocess.run([trove_cli, "accounts", "add", "--name", name, "--kind", kind, "--api-url", api,
                        "--token-stdin", *extra],
                       input=token.encode(), env=env, check=True, stdout=subprocess.DEVNULL, timeout=TIMEOUT)
    return dataset


def start_trove(trove, env, processes):
    """Starts Trove with accessibility on (the test environment turns it off: GTK_A11Y=test,
    NO_AT_BRIDGE=1); returns the process and its window once that is on the accessibility bus."""
    app_env = dict(env)
    app_env.pop("NO_AT_BRIDGE", None)
    app_env["GTK_A11Y"] = "atspi"
    app = subprocess.Popen([trove], env=app_env)
    processes.append(app)

    def trove_window():
        for application in children(pyatspi.Registry.getDesktop(0)):
            if application.get_process_id() == app.pid:
                return find(application, pyatspi.ROLE_FRAME)
        return None

    return app, wait_for("Trove's window on the accessibility bus", trove_window)
