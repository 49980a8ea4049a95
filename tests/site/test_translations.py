"""Interface text: Arabic and French catalogues complete and compiled."""
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "site" / "locale"


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_catalogue_is_complete(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert len(po) > 200
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("language", ["ar", "fr", "zgh"])
def test_compiled_catalogue_matches_its_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    po = {e.msgid: e.msgstr for e in polib.pofile(str(folder / "django.po")) if e.translated() and not e.msgid_plural}
    mo = {e.msgid: e.msgstr for e in polib.mofile(str(folder / "django.mo")) if not e.msgid_plural}
    assert {k: v for k, v in mo.items() if k} == po, "run `make messages` to recompile"
