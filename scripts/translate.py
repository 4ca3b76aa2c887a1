"""Add or update Dutch translations in locale/nl/LC_MESSAGES/django.po.

Reads tab-separated lines from standard input:

    English msgid<TAB>Dutch text
    singular|plural<TAB>Dutch singular|Dutch plural      (for ngettext / blocktranslate count)
    context::msgid<TAB>Dutch text                        (for pgettext)

Entries missing from the file are added (run `make messages` afterwards to attach
source references); fuzzy flags are cleared. The file is read, changed and written
in one go so several people can add translations one after another.

With ``--overrides`` the lines go to locale_overrides/nl/LC_MESSAGES/django.po instead:
Dutch for Wagtail's own message ids (see CONTRIBUTING.md).
"""

import sys
from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parent.parent
PO_PATH = BASE_DIR / "locale/nl/LC_MESSAGES/django.po"
OVERRIDES_PO_PATH = BASE_DIR / "locale_overrides/nl/LC_MESSAGES/django.po"


def main():
    po_path = OVERRIDES_PO_PATH if "--overrides" in sys.argv[1:] else PO_PATH
    po = polib.pofile(str(po_path))
    changed = 0
    for raw in sys.stdin.read().splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        source, _, target = raw.partition("\t")
        context = None
        if "::" in source:
            context, _, source = source.partition("::")
        plural = None
        if "|" in source:
            source, plural = source.split("|", 1)
        entry = po.find(source, msgctxt=context) if context else po.find(source)
        if entry is None:
            entry = polib.POEntry(msgid=source, msgctxt=context, msgid_plural=plural or "")
            po.append(entry)
        if plural:
            singular_nl, _, plural_nl = target.partition("|")
            entry.msgid_plural = plural
            entry.msgstr_plural = {0: singular_nl, 1: plural_nl or singular_nl}
        else:
            entry.msgstr = target
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        changed += 1
    po.save()
    po.save_as_mofile(str(po_path.with_suffix(".mo")))
    print(f"{changed} translation(s) set in {po_path.relative_to(Path.cwd())}")


if __name__ == "__main__":
    main()
