"""Every text a user sees has a Dutch translation."""

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

PO_PATH = Path(settings.BASE_DIR) / "locale/nl/LC_MESSAGES/django.po"


def missing(po):
    return sorted(entry.msgid for entry in po if not entry.translated() and not entry.obsolete)


def test_dutch_catalogue_has_no_untranslated_or_fuzzy_entries():
    po = polib.pofile(str(PO_PATH))
    assert missing(po) == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext (xgettext) not installed")
def test_every_translatable_text_in_the_code_is_in_the_catalogue(tmp_path, settings, monkeypatch):
    locale = tmp_path / "locale"
    (locale / "nl/LC_MESSAGES").mkdir(parents=True)
    shutil.copy(PO_PATH, locale / "nl/LC_MESSAGES/django.po")
    settings.LOCALE_PATHS = [locale]
    monkeypatch.chdir(settings.BASE_DIR)
    call_command(
        "makemessages",
        locale=["nl"],
        ignore_patterns=[".venv/*", "var/*", "tests/*", "bench/*", "node_modules/*"],
        no_obsolete=True,
        verbosity=0,
    )
    po = polib.pofile(str(locale / "nl/LC_MESSAGES/django.po"))
    assert missing(po) == [], "run `make messages` and translate with scripts/translate.py"
