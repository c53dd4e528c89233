#!/usr/bin/python3
"""Checks the Flatpak manifest: identity, sandbox permissions and pinned sources.

Usage: check-flatpak-manifest.py MANIFEST [--self-test]

flatpak-builder cannot fetch a runtime on the build machines, so the manifest is checked by
reading it. With --self-test the script also feeds itself broken copies of MANIFEST (a home
folder grant, a missing permission, an unpinned source...) and fails unless each is rejected.
"""

import copy
import json
import os
import re
import sys

APP_ID = "io.github.trove.Trove.Devel"
COMMAND = "trove"
RUNTIME = "org.gnome.Platform"
SDK = "org.gnome.Sdk"

# Every permission Trove needs, and nothing else. Notifications need none: in a sandbox GLib sends
# them through the notification portal, which every app may call. Files are reached only in the
# download folder; a folder chosen in Preferences comes through the file chooser portal.
REQUIRED_FINISH_ARGS = {
    "--share=network",  # the three APIs
    "--share=ipc",  # X11 shared memory under the X11 fallback
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",  # GTK's GL renderer
    "--socket=pulseaudio",  # sound of the viewer's audio and video
    "--talk-name=org.freedesktop.secrets",  # tokens and keys in the Secret Service
    "--talk-name=org.freedesktop.FileManager1",  # Show in Files
    "--filesystem=xdg-download",  # the default download folder
}
ALLOWED_FINISH_ARGS = REQUIRED_FINISH_ARGS

# Grants that defeat the sandbox, named so the message says why rather than "not allowed".
FORBIDDEN_PATTERNS = [
    (re.compile(r"^--filesystem=(home|host|host-os|host-etc|~|/)([:/].*)?$"), "file access beyond the download folder"),
    (re.compile(r"^--talk-name=org\.freedesktop\.Flatpak$"), "escapes the sandbox"),
    (re.compile(r"^--socket=session-bus$|^--socket=system-bus$"), "the whole bus"),
    (re.compile(r"^--device=all$"), "every device"),
]

SHA256 = re.compile(r"^[0-9a-f]{64}$")
GIT_COMMIT = re.compile(r"^[0-9a-f]{40}$")


def check_source(where, source, manifest_dir, errors):
    kind = source.get("type")
    if kind == "dir":
        path = source.get("path")
        if not path:
            errors.append(f"{where}: a dir source without a path")
        elif not os.path.isdir(os.path.join(manifest_dir, path)):
            errors.append(f"{where}: dir {path!r} does not exist beside the manifest")
    elif kind in ("archive", "file"):
        if "url" in source or "mirror-urls" in source:
            if not SHA256.match(source.get("sha256", "")):
                errors.append(f"{where}: {kind} {source.get('url')!r} has no sha256")
        elif not source.get("path") or not os.path.exists(os.path.join(manifest_dir, source["path"])):
            errors.append(f"{where}: {kind} has neither a url with a sha256 nor a path in the repository")
    elif kind == "git":
        if not GIT_COMMIT.match(source.get("commit", "")):
            errors.append(f"{where}: git {source.get('url')!r} is not pinned to a commit (a tag or branch can move)")
    elif kind == "patch":
        if not source.get("path") or not os.path.exists(os.path.join(manifest_dir, source["path"])):
            errors.append(f"{where}: a patch must be a file in the repository")
    elif kind in ("script", "shell", "inline"):
        pass  # their whole content is in the manifest
    else:
        errors.append(f"{where}: source type {kind!r} is neither a path nor pinned")


def check_module(module, manifest_dir, errors, where="modules"):
    if isinstance(module, str):
        errors.append(f"{where}: module {module!r} is an external file; keep modules in the manifest")
        return
    where = f"{where}/{module.get('name', '?')}"
    sources = module.get("sources", [])
    if not sources:
        errors.append(f"{where}: no sources")
    for i, source in enumerate(sources):
        if isinstance(source, str):
            errors.append(f"{where}: source {source!r} is an external file; keep sources in the manifest")
            continue
        check_source(f"{where}/sources[{i}]", source, manifest_dir, errors)
    for sub in module.get("modules", []):
        check_module(sub, manifest_dir, errors, where)


def check(manifest, manifest_dir):
    errors = []

    app_id = manifest.get("app-id", manifest.get("id"))
    if app_id != APP_ID:
        errors.append(f"app-id is {app_id!r}, not {APP_ID!r}")
    if manifest.get("command") != COMMAND:
        errors.append(f"command is {manifest.get('command')!r}, not {COMMAND!r}")
    if manifest.get("runtime") != RUNTIME or manifest.get("sdk") != SDK:
        errors.append(f"runtime/sdk are {manifest.get('runtime')!r}/{manifest.get('sdk')!r}, not {RUNTIME}/{SDK}")
    version = str(manifest.get("runtime-version", ""))
    if not re.match(r"^[0-9]+$", version):
        errors.append(f"runtime-version {version!r} is not a stable GNOME release")

    finish_args = manifest.get("finish-args", [])
    for arg in finish_args:
        for pattern, why in FORBIDDEN_PATTERNS:
            if pattern.match(arg):
                errors.append(f"finish-args: {arg} is forbidden ({why})")
                break
        else:
            if arg not in ALLOWED_FINISH_ARGS:
                errors.append(f"finish-args: {arg} is not in the allow-list")
    for arg in sorted(REQUIRED_FINISH_ARGS - set(finish_args)):
        errors.append(f"finish-args: {arg} is missing")
    if len(finish_args) != len(set(finish_args)):
        errors.append("finish-args: an entry is repeated")

    modules = manifest.get("modules", [])
    if not modules:
        errors.append("no modules")
    for module in modules:
        check_module(module, manifest_dir, errors)

    # The last module is Trove itself, built from this checkout with the development profile.
    if modules and isinstance(modules[-1], dict):
        trove = modules[-1]
        if trove.get("buildsystem") != "meson":
            errors.append("the last module (Trove) is not built with meson")
        if "-Dprofile=development" not in trove.get("config-opts", []):
            errors.append("the last module (Trove) lacks -Dprofile=development")
        sources = trove.get("sources", [])
        root = None
        if len(sources) == 1 and isinstance(sources[0], dict) and sources[0].get("type") == "dir":
            root = os.path.normpath(os.path.join(manifest_dir, sources[0].get("path", "")))
        if root is None or not os.path.isfile(os.path.join(root, "meson.build")):
            errors.append("the last module (Trove) is not a dir source naming this checkout")
        else:
            with open(os.path.join(root, "meson.build"), encoding="utf-8") as f:
                text = f.read()
            if not re.match(r"\s*project\('trove'", text):
                errors.append(f"the last module's dir {root} is not Trove's source tree")
            # The id the development profile installs its desktop file, icon and metainfo under.
            devel_id = re.search(r"application_id = '([^']*\.Devel)'", text)
            if not devel_id or devel_id.group(1) != app_id:
                errors.append(f"meson.build's development application id is not the manifest's {app_id!r}")

    return errors


def broken_copies(manifest):
    """Copies of a good manifest, each with one fault the check must catch."""

    def with_finish_args(change):
        m = copy.deepcopy(manifest)
        m["finish-args"] = change(list(m.get("finish-args", [])))
        return m

    def with_source(source):
        m = copy.deepcopy(manifest)
        m["modules"].insert(0, {"name": "extra", "sources": [source]})
        return m

    def with_key(key, value):
        m = copy.deepcopy(manifest)
        m[key] = value
        return m

    yield "--filesystem=home", with_finish_args(lambda a: a + ["--filesystem=home"])
    yield "--filesystem=host:ro", with_finish_args(lambda a: a + ["--filesystem=host:ro"])
    yield "--filesystem=~/Trove", with_finish_args(lambda a: a + ["--filesystem=~/Trove"])
    yield "an argument off the allow-list", with_finish_args(lambda a: a + ["--talk-name=org.gnome.Shell"])
    yield "no Secret Service", with_finish_args(lambda a: [x for x in a if x != "--talk-name=org.freedesktop.secrets"])
    yield "no FileManager1", with_finish_args(lambda a: [x for x in a if "FileManager1" not in x])
    yield "archive without sha256", with_source({"type": "archive", "url": "https://example.org/x.tar.xz"})
    yield "local archive that does not exist", with_source({"type": "archive", "path": "no-such.tar.xz"})
    yield "git on a branch", with_source({"type": "git", "url": "https://example.org/x.git", "branch": "main"})
    yield "git on a tag", with_source({"type": "git", "url": "https://example.org/x.git", "tag": "1.0"})
    yield "git short commit", with_source({"type": "git", "url": "https://example.org/x.git", "commit": "abc123"})
    yield "dir that does not exist", with_source({"type": "dir", "path": "no/such/dir"})
    yield "wrong app id", with_key("app-id", "io.github.trove.Trove")
    yield "wrong command", with_key("command", "trove-cli")
    yield "nightly runtime", with_key("runtime-version", "master")


def main():
    args = [a for a in sys.argv[1:] if a != "--self-test"]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    path = os.path.normpath(args[0])
    manifest_dir = os.path.dirname(os.path.abspath(path))
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)

    errors = check(manifest, manifest_dir)
    for error in errors:
        print(f"FAIL {path}: {error}")
    if errors:
        return 1
    print(f"ok {path}: app-id, command, runtime, finish-args and sources as required")

    if "--self-test" in sys.argv:
        missed = 0
        for name, broken in broken_copies(manifest):
            found = check(broken, manifest_dir)
            if found:
                print(f"ok rejects {name}: {found[0]}")
            else:
                print(f"FAIL accepts {name}")
                missed += 1
        if missed:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
