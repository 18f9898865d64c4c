#!/usr/bin/env bash
# Extracts every translatable sentence from the sources (Tr, TrC, TrN and N_ in daemon/) into
# daemon/i18n/po/sellerwatch.pot and merges it into each language's .po, so translators see
# what is new (untranslated) or changed (fuzzy). Run after changing human-facing text:
#   scripts/update-po.sh            update the template and every catalog
#   scripts/update-po.sh --check    change nothing; fail if a catalog lacks or has a stale entry
#                                   (CI runs this through ctest: i18n_catalogs_complete)
# To add a language: msginit -i daemon/i18n/po/sellerwatch.pot -l de_DE -o daemon/i18n/po/de_DE.po
# --no-translator, translate it, rebuild; `language: de-DE` then works (README, Languages).
set -euo pipefail
cd "$(dirname "$0")/.."
po_dir=daemon/i18n/po

extract() {
  find daemon -name '*.cpp' -o -name '*.hpp' | LC_ALL=C sort |
    xgettext --files-from=- --language=C++ --from-code=UTF-8 --sort-by-file \
      --keyword= --keyword=Tr:1 --keyword=TrC:1c,2 --keyword=TrN:1,2 --keyword=N_:1 \
      --add-comments=TRANSLATORS: --package-name=sellerwatch --msgid-bugs-address=sellerwatch-maintainers \
      --no-wrap -o "$1"
  sed -i '/^"POT-Creation-Date: /d' "$1"  # no churn in git when nothing changed
}

if [ "${1:-}" = "--check" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  extract "$tmp/sellerwatch.pot"
  failed=0
  for po in "$po_dir"/*.po; do
    lang=$(basename "$po" .po)
    msgmerge --quiet --no-fuzzy-matching --no-wrap -o "$tmp/$lang.po" "$po" "$tmp/sellerwatch.pot"
    missing=$(msgattrib --untranslated --no-obsolete --no-wrap "$tmp/$lang.po" | grep -c '^msgid ' || true)
    fuzzy=$(msgattrib --only-fuzzy --no-obsolete --no-wrap "$tmp/$lang.po" | grep -c '^msgid ' || true)
    # msgattrib prints the header entry (msgid "") with any non-empty result.
    [ "$missing" -gt 0 ] && missing=$((missing - 1))
    [ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))
    if [ "$missing" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
      failed=1
      echo "$po: $missing untranslated, $fuzzy fuzzy (run scripts/update-po.sh and translate):"
      msgattrib --untranslated --no-obsolete --no-wrap "$tmp/$lang.po" | grep '^msgid ' | tail -n +2 | head -20
    else
      echo "$po: complete ($(msgfmt --statistics -o /dev/null "$tmp/$lang.po" 2>&1))"
    fi
  done
  exit "$failed"
fi

extract "$po_dir/sellerwatch.pot"
for po in "$po_dir"/*.po; do
  msgmerge --quiet --update --backup=none --no-wrap "$po" "$po_dir/sellerwatch.pot"
done
echo "update-po: $(grep -c '^msgid ' "$po_dir/sellerwatch.pot") messages in $po_dir/sellerwatch.pot"
