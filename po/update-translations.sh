#!/bin/sh
# Regenerates po/trove.pot from the sources listed in po/POTFILES and merges it into every
# translation in po/LINGUAS (msgmerge), as a release or a merge of new strings needs.
#
#   po/update-translations.sh [BUILD_DIR]   (default: _build, set up with meson)
set -eu

build="${1:-_build}"
meson compile -C "$build" trove-pot
meson compile -C "$build" trove-update-po
for lang in $(grep -v '^#' "$(dirname "$0")/LINGUAS"); do
  msgfmt --check --statistics -o /dev/null "$(dirname "$0")/$lang.po"
done
