#!/bin/sh
# Fails when po/trove.pot is not what `meson compile trove-pot` would write now: a string marked
# for translation that the committed template lacks (translators never see it), or one the
# sources no longer have.
#
#   check-pot.sh SOURCE_ROOT
set -eu

root="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# The arguments of meson's i18n.gettext(preset: 'glib'), as trove-pot runs xgettext.
xgettext --package-name=trove -p "$tmp" -f "$root/po/POTFILES" -D "$root" -k_ -o trove.pot \
  --from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format --flag=g_print:1:c-format \
  --flag=g_printerr:1:c-format --flag=g_printf:1:c-format --flag=g_fprintf:2:c-format \
  --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format

status=0
# msgcmp DEF REF reports each message of REF that DEF lacks; a template's are all untranslated.
if ! msgcmp --use-untranslated "$root/po/trove.pot" "$tmp/trove.pot"; then
  echo "po/trove.pot lacks strings marked in the sources: run po/update-translations.sh" >&2
  status=1
fi
if ! msgcmp --use-untranslated "$tmp/trove.pot" "$root/po/trove.pot"; then
  echo "po/trove.pot holds strings the sources no longer have: run po/update-translations.sh" >&2
  status=1
fi
exit "$status"
