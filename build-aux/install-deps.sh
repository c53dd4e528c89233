#!/usr/bin/env bash
# Installs the Debian 12 packages Trove needs to build, run and test, when any is missing.
# Uses sudo when not root. Safe to run again: it does nothing when all are present.
set -euo pipefail

packages=(
  # build
  meson ninja-build pkg-config gcc gettext
  libglib2.0-bin libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev
  libjson-glib-dev libsecret-1-dev libsqlite3-dev libgdk-pixbuf-2.0-dev libgnutls28-dev
  # run: icons, image loaders, GStreamer for GtkVideo
  hicolor-icon-theme adwaita-icon-theme librsvg2-common libgtk-4-media-gstreamer
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  # test; Mesa's software OpenGL (llvmpipe) for the ui suite's run on GTK's default renderer
  desktop-file-utils appstream xvfb xauth libgl1-mesa-dri libglx-mesa0 libegl1 libegl-mesa0 libgles2 dbus dbus-x11 gnome-keyring libsecret-tools
  at-spi2-core python3-pyatspi python3-gi gir1.2-pango-1.0 python3-yaml x11-utils xdotool openbox imagemagick clang clang-format curl ca-certificates valgrind
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi

echo "Installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
