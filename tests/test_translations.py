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


# Not scanned: what users never see, and what is not ours.
NOT_SCANNED = (
    ".git",
    ".venv",
    ".ruff_cache",
    "__pycache__",
    "var",
    "node_modules",
    "tests",
    "bench",
)


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext (xgettext) not installed")
def test_every_translatable_text_in_the_code_is_in_the_catalogue(tmp_path, settings, monkeypatch):
    """makemessages on a copy of the sources: it writes into the first ``locale`` directory
    it finds while walking (and puts temporary files beside each template), so run on
    the working tree it would add a new text to the tracked catalogue and pass."""
    tracked = PO_PATH.read_bytes()
    source = tmp_path / "source"
    shutil.copytree(
        settings.BASE_DIR, source, ignore=shutil.ignore_patterns(*NOT_SCANNED), symlinks=True
    )
    settings.LOCALE_PATHS = [source / "locale"]
    monkeypatch.chdir(source)
    call_command("makemessages", locale=["nl"], no_obsolete=True, verbosity=0)
    po = polib.pofile(str(source / "locale/nl/LC_MESSAGES/django.po"))
    assert missing(po) == [], "run `make messages` and translate with scripts/translate.py"
    assert PO_PATH.read_bytes() == tracked
